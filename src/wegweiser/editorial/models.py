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
