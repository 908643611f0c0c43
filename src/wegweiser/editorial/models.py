"""The editorial workflow's own records: the audit log and pending revisions."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """Who did what to which entry, when and from where; written by every editorial action."""

    at = models.DateTimeField(_("Zeitpunkt"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Benutzer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_label = models.CharField(
        _("Handelnde Stelle"),
        max_length=200,
        help_text=_("Die E-Mail-Adresse, oder z. B. „Kommandozeile“ für Befehle ohne Benutzer."),
    )
    action = models.CharField(_("Aktion"), max_length=50, db_index=True)
    region = models.ForeignKey(
        "directory.Region",
        verbose_name=_("Region"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    object_type = models.CharField(_("Art des Eintrags"), max_length=50, blank=True)
    object_id = models.CharField(_("Kennung des Eintrags"), max_length=64, blank=True)
    object_label = models.CharField(_("Eintrag"), max_length=300, blank=True)
    summary = models.TextField(_("Beschreibung"), blank=True)
    ip_address = models.GenericIPAddressField(_("IP-Adresse"), null=True, blank=True)
    source = models.CharField(
        _("Herkunft"), max_length=20, blank=True, help_text=_("web, Befehl, Import, API …")
    )

    class Meta:
        verbose_name = _("Protokolleintrag")
        verbose_name_plural = _("Protokoll")
        ordering: ClassVar = ["-at", "-id"]
        indexes: ClassVar = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label}: {self.action} {self.object_label}"


class Revision(models.Model):
    """A change proposed to a published offer; the public sees the published state until approved.

    ``data`` holds the proposed field values in the form of the offer's edit form (codes for
    vocabularies, lists for many-valued fields); ``base_version`` is the offer's ``lock_version``
    the change was made against, so that approving a revision built on an outdated state is
    detected.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("wartet auf Prüfung")
        APPROVED = "approved", _("übernommen")
        REJECTED = "rejected", _("abgelehnt")
        SUPERSEDED = "superseded", _("durch neueren Vorschlag ersetzt")

    offer = models.ForeignKey(
        "directory.Offer",
        verbose_name=_("Angebot"),
        on_delete=models.CASCADE,
        related_name="revisions",
    )
    data = models.JSONField(_("vorgeschlagene Angaben"))
    base_version = models.PositiveIntegerField(_("Stand der Vorlage"))
    state = models.CharField(
        _("Zustand"), max_length=20, choices=State.choices, default=State.PENDING, db_index=True
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Verfasst von"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    source = models.CharField(_("Herkunft"), max_length=20, blank=True)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    decided_at = models.DateTimeField(_("entschieden am"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entschieden von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.TextField(_("Begründung"), blank=True)

    class Meta:
        verbose_name = _("Änderungsvorschlag")
        verbose_name_plural = _("Änderungsvorschläge")
        ordering: ClassVar = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.offer} ({self.get_state_display()})"

    @property
    def is_outdated(self) -> bool:
        """The offer was saved after this proposal was made: approving it would lose that."""
        return self.offer.lock_version != self.base_version


class ChangeReportQuerySet(models.QuerySet["ChangeReport"]):
    def open(self) -> ChangeReportQuerySet:
        return self.filter(state=ChangeReport.State.OPEN)

    def for_regions(self, region_ids: set[int]) -> ChangeReportQuerySet:
        return self.filter(region_id__in=region_ids)


class ChangeReport(models.Model):
    """A message from the public, without an account: a change to an offer, or a new offer.

    The reporter's e-mail address is optional and deleted when the report is handled; only the
    city's editors see it (``accounts.permissions.can_view_reporter_data``). The sender's IP
    address is not stored (the rate limit keeps a keyed hash of it in the cache for an hour).
    """

    class Kind(models.TextChoices):
        CHANGE = "change", _("Änderung an einem Angebot")
        SUGGESTION = "suggestion", _("Vorschlag für ein neues Angebot")

    class State(models.TextChoices):
        OPEN = "open", _("offen")
        DONE = "done", _("erledigt")
        DISMISSED = "dismissed", _("verworfen")

    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    region = models.ForeignKey(
        "directory.Region",
        verbose_name=_("Region"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    offer = models.ForeignKey(
        "directory.Offer",
        verbose_name=_("Angebot"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="change_reports",
    )
    title = models.CharField(_("Name des Angebots"), max_length=300, blank=True)
    provider_name = models.CharField(_("Träger"), max_length=300, blank=True)
    website = models.CharField(_("Website"), max_length=500, blank=True)
    message = models.TextField(_("Nachricht"))
    language = models.CharField(_("Sprache des Formulars"), max_length=8, blank=True)
    reporter_email = models.EmailField(_("E-Mail-Adresse für Rückfragen"), blank=True)
    state = models.CharField(
        _("Zustand"), max_length=20, choices=State.choices, default=State.OPEN, db_index=True
    )
    created_at = models.DateTimeField(_("eingegangen am"), auto_now_add=True)
    handled_at = models.DateTimeField(_("bearbeitet am"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bearbeitet von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(_("Vermerk der Redaktion"), blank=True)

    objects = ChangeReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("Meldung aus der Öffentlichkeit")
        verbose_name_plural = _("Meldungen aus der Öffentlichkeit")
        ordering: ClassVar = ["-created_at", "-id"]

    def __str__(self) -> str:
        subject = self.offer.title if self.offer_id and self.offer else self.title
        return f"{self.get_kind_display()}: {subject}"


class FreshnessReminder(models.Model):
    """That an offer's provider was reminded to confirm it (``wegweiser editorial_daily``).

    One row per offer and reminder: an offer is reminded again only once it has been confirmed
    after its last reminder and has grown old again, so running the command twice sends nothing
    twice. ``escalated_at`` marks when the offer went onto the editors' escalation list.
    """

    offer = models.ForeignKey(
        "directory.Offer",
        verbose_name=_("Angebot"),
        on_delete=models.CASCADE,
        related_name="freshness_reminders",
    )
    sent_at = models.DateTimeField(_("erinnert am"), db_index=True)
    recipients = models.TextField(_("Empfänger"), blank=True)
    escalated_at = models.DateTimeField(_("an die Redaktion gemeldet am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Erinnerung an die Aktualität")
        verbose_name_plural = _("Erinnerungen an die Aktualität")
        ordering: ClassVar = ["-sent_at"]

    def __str__(self) -> str:
        return f"{self.offer} ({self.sent_at:%Y-%m-%d})"
