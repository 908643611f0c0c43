"""Survey rounds (Befragung): invitations with personal links, answers, reminders, snapshots.

A round belongs to one region. Opening it invites every provider that leads a published offer
there; each invitation carries a personal link (``surveys.tokens``). The provider's answers are
stored here while it works through the questionnaire and applied through the editorial actions
when it submits (confirmations, pending revisions, drafts, reports). Closing the round freezes a
snapshot of all published offers of the region (``SnapshotOffer``), which never changes after.
"""

from __future__ import annotations

import secrets
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def new_nonce() -> str:
    return secrets.token_hex(16)


class SurveyRoundQuerySet(models.QuerySet["SurveyRound"]):
    def for_regions(self, region_ids: set[int]) -> SurveyRoundQuerySet:
        return self.filter(region_id__in=region_ids)

    def closed(self) -> SurveyRoundQuerySet:
        return self.filter(state=SurveyRound.State.CLOSED)


class SurveyRound(models.Model):
    """One survey of the providers of a region, e.g. "Befragung 2026"."""

    class State(models.TextChoices):
        OPEN = "open", _("läuft")
        CLOSED = "closed", _("abgeschlossen")

    region = models.ForeignKey(
        "directory.Region",
        verbose_name=_("Region"),
        on_delete=models.PROTECT,
        related_name="survey_rounds",
    )
    title = models.CharField(_("Titel"), max_length=200, help_text=_("z. B. „Befragung 2026“"))
    message = models.TextField(
        _("Nachricht an die Träger"),
        blank=True,
        help_text=_("Erscheint in der Einladung und über dem Fragebogen (nur Text)."),
    )
    state = models.CharField(
        _("Zustand"), max_length=20, choices=State.choices, default=State.OPEN, db_index=True
    )
    deadline = models.DateField(_("Antwort bis"))
    opened_at = models.DateTimeField(_("eröffnet am"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("eröffnet von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("abgeschlossen am"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("abgeschlossen von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    snapshot_format = models.PositiveSmallIntegerField(
        _("Format des Stands"),
        null=True,
        blank=True,
        help_text=_("Version des Formats der eingefrorenen Angebote (docs/surveys.md)."),
    )

    objects = SurveyRoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("Befragungsrunde")
        verbose_name_plural = _("Befragungsrunden")
        ordering: ClassVar = ["-opened_at", "-id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["region"],
                condition=Q(state="open"),
                name="surveys_one_open_round_per_region",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.region})"

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN


class Invitation(models.Model):
    """A provider's part in a round: its personal link, progress and general note.

    The link is signed (``surveys.tokens``) and names this invitation and its ``nonce``; a new
    nonce (a re-issued link) makes every earlier link of the invitation invalid, ``revoked_at``
    blocks the link until it is re-issued.
    """

    class Progress(models.TextChoices):
        NOT_OPENED = "not_opened", _("nicht geöffnet")
        IN_PROGRESS = "in_progress", _("in Bearbeitung")
        SUBMITTED = "submitted", _("abgeschickt")

    survey_round = models.ForeignKey(
        SurveyRound,
        verbose_name=_("Befragungsrunde"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    provider = models.ForeignKey(
        "directory.Provider",
        verbose_name=_("Träger"),
        on_delete=models.PROTECT,
        related_name="survey_invitations",
    )
    nonce = models.CharField(_("Schlüssel des Links"), max_length=64, default=new_nonce)
    recipients = models.TextField(_("Empfänger"), blank=True)
    sent_at = models.DateTimeField(_("eingeladen am"), null=True, blank=True)
    first_opened_at = models.DateTimeField(_("zuerst geöffnet am"), null=True, blank=True)
    last_opened_at = models.DateTimeField(_("zuletzt geöffnet am"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("abgeschickt am"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("Link gesperrt am"), null=True, blank=True)
    note = models.TextField(_("Anmerkung an die Redaktion"), blank=True)

    class Meta:
        verbose_name = _("Einladung")
        verbose_name_plural = _("Einladungen")
        ordering: ClassVar = ["provider__name"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["survey_round", "provider"], name="surveys_one_invitation_per_provider"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.survey_round.title}: {self.provider}"

    @property
    def progress(self) -> str:
        if self.submitted_at is not None:
            return self.Progress.SUBMITTED
        if self.first_opened_at is not None:
            return self.Progress.IN_PROGRESS
        return self.Progress.NOT_OPENED

    def get_progress_display(self) -> str:
        return str(self.Progress(self.progress).label)

    @property
    def actor_label(self) -> str:
        """How the audit log names the provider answering through this link."""
        return f"{self.survey_round.title}: {self.provider.name}"


class Answer(models.Model):
    """What a provider said about one of its offers, or a new offer it proposes.

    ``data`` holds offer values as JSON (the form of ``editorial.offerdata.serialize``): for a
    change only the fields that differ, for a new offer all of them. Nothing touches the offer
    until the provider submits; then ``applied_at`` and the result (``outcome`` and the created
    revision, offer or report) are filled in.
    """

    class Kind(models.TextChoices):
        CONFIRMED = "confirmed", _("Angaben stimmen")
        CHANGED = "changed", _("Änderung vorgeschlagen")
        ENDED = "ended", _("Angebot beendet")
        NEW = "new", _("neues Angebot")

    invitation = models.ForeignKey(
        Invitation, verbose_name=_("Einladung"), on_delete=models.CASCADE, related_name="answers"
    )
    offer = models.ForeignKey(
        "directory.Offer",
        verbose_name=_("Angebot"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="survey_answers",
    )
    kind = models.CharField(_("Antwort"), max_length=20, choices=Kind.choices)
    data = models.JSONField(_("Angaben"), default=dict, blank=True)
    ended_on = models.DateField(_("beendet am"), null=True, blank=True)
    note = models.TextField(_("Anmerkung"), blank=True)
    answered_at = models.DateTimeField(_("beantwortet am"))
    applied_at = models.DateTimeField(_("übernommen am"), null=True, blank=True)
    outcome = models.TextField(_("Ergebnis"), blank=True)
    revision = models.ForeignKey(
        "editorial.Revision",
        verbose_name=_("Änderungsvorschlag"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_offer = models.ForeignKey(
        "directory.Offer",
        verbose_name=_("angelegtes Angebot"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    change_report = models.ForeignKey(
        "editorial.ChangeReport",
        verbose_name=_("Meldung"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("Antwort")
        verbose_name_plural = _("Antworten")
        ordering: ClassVar = ["answered_at", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["invitation", "offer"],
                condition=Q(offer__isnull=False),
                name="surveys_one_answer_per_offer",
            ),
            models.CheckConstraint(
                condition=Q(kind="new", offer__isnull=True)
                | (~Q(kind="new") & Q(offer__isnull=False)),
                name="surveys_answer_offer_unless_new",
            ),
        ]

    def __str__(self) -> str:
        subject = self.offer.title if self.offer is not None else self.data.get("title", "")
        return f"{subject}: {self.get_kind_display()}"


class Reminder(models.Model):
    """An e-mail sent for an invitation after the first one (a reminder or a re-issued link)."""

    class Kind(models.TextChoices):
        REMINDER = "reminder", _("Erinnerung")
        NEW_LINK = "new_link", _("neuer Link")

    invitation = models.ForeignKey(
        Invitation,
        verbose_name=_("Einladung"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices, default=Kind.REMINDER)
    sent_at = models.DateTimeField(_("verschickt am"), db_index=True)
    recipients = models.TextField(_("Empfänger"), blank=True)
    source = models.CharField(_("Herkunft"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("Erinnerung")
        verbose_name_plural = _("Erinnerungen")
        ordering: ClassVar = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return f"{self.invitation} ({self.sent_at:%Y-%m-%d})"


class SnapshotRefused(Exception):
    """A snapshot row is written once, when its round closes, and never changed or deleted."""


class SnapshotQuerySet(models.QuerySet["SnapshotOffer"]):
    def update(self, **kwargs: Any) -> int:
        raise SnapshotRefused("Der Stand einer abgeschlossenen Befragung ist unveränderlich.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise SnapshotRefused("Der Stand einer abgeschlossenen Befragung ist unveränderlich.")


class SnapshotOffer(models.Model):
    """One published offer of the region as it was when the round closed (docs/surveys.md).

    ``values`` holds the codes the reports count by; the format is ``SNAPSHOT_FORMAT`` of
    ``surveys.snapshot``. Rows are only ever inserted (by ``close_round``).
    """

    survey_round = models.ForeignKey(
        SurveyRound,
        verbose_name=_("Befragungsrunde"),
        on_delete=models.PROTECT,
        related_name="snapshot",
    )
    offer_uuid = models.UUIDField(_("UUID des Angebots"), db_index=True)
    title = models.CharField(_("Titel"), max_length=300)
    provider_uuid = models.UUIDField(_("UUID des Trägers"))
    provider_name = models.CharField(_("Träger"), max_length=300)
    values = models.JSONField(_("Werte"))

    objects = SnapshotQuerySet.as_manager()

    class Meta:
        verbose_name = _("eingefrorenes Angebot")
        verbose_name_plural = _("eingefrorene Angebote")
        ordering: ClassVar = ["title", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["survey_round", "offer_uuid"], name="surveys_snapshot_offer_once"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise SnapshotRefused("Der Stand einer abgeschlossenen Befragung ist unveränderlich.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise SnapshotRefused("Der Stand einer abgeschlossenen Befragung ist unveränderlich.")
