"""The integration concept: concept (with its versions) → fields of action → goals → measures.

A goal is measurable through its indicators (baseline, target, direction), each taking its
latest value from one source: a published monitoring indicator, an uploaded external indicator,
or a count of published offers from the directory (``wegweiser.concept.values``). Measures have a
responsible actor and progress updates; actors commit to goals (self-commitments).
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from wegweiser.concept.status import Direction, direction_matches
from wegweiser.directory.concurrency import LockedModel
from wegweiser.directory.history import TrackedHistory
from wegweiser.directory.models import Offer, Provider, Region


class Concept(LockedModel):
    """One version of a region's integration concept; a Fortschreibung is a new version whose
    ``previous`` is the version it continues (which stays as it was)."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Entwurf")
        CONSULTATION = "consultation", _("in Beteiligung")
        ADOPTED = "adopted", _("beschlossen")
        SUPERSEDED = "superseded", _("fortgeschrieben")

    region = models.ForeignKey(
        Region, verbose_name=_("Region"), on_delete=models.CASCADE, related_name="concepts"
    )
    title = models.CharField(_("Titel"), max_length=200)
    version = models.PositiveIntegerField(_("Fassung"), default=1)
    previous = models.OneToOneField(
        "self",
        verbose_name=_("fortgeschrieben aus"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_version",
    )
    state = models.CharField(
        _("Zustand"), max_length=16, choices=State.choices, default=State.DRAFT
    )
    adopted_on = models.DateField(_("beschlossen am"), null=True, blank=True)
    adopted_by = models.CharField(_("beschlossen von"), max_length=200, blank=True)
    period_start = models.DateField(_("Laufzeit von"), null=True, blank=True)
    period_end = models.DateField(_("Laufzeit bis"), null=True, blank=True)
    introduction = models.TextField(_("Einleitung"), blank=True)
    consultation_start = models.DateField(_("Beteiligung von"), null=True, blank=True)
    consultation_end = models.DateField(_("Beteiligung bis"), null=True, blank=True)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)

    history = TrackedHistory(verbose_name=_("Fassung des Konzepts"))

    class Meta:
        verbose_name = _("Integrationskonzept")
        verbose_name_plural = _("Integrationskonzepte")
        ordering: ClassVar = ["region", "-version"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["region", "version"], name="concept_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.version})"

    def clean(self) -> None:
        errors = {}
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = _("Das Ende der Laufzeit liegt vor ihrem Beginn.")
        if (
            self.consultation_start
            and self.consultation_end
            and self.consultation_end < self.consultation_start
        ):
            errors["consultation_end"] = _("Das Ende der Beteiligung liegt vor ihrem Beginn.")
        if errors:
            raise ValidationError(errors)


class FieldOfAction(LockedModel):
    concept = models.ForeignKey(
        Concept,
        verbose_name=_("Konzept"),
        on_delete=models.CASCADE,
        related_name="action_fields",
    )
    title = models.CharField(_("Titel"), max_length=200)
    description = models.TextField(_("Beschreibung"), blank=True)
    position = models.PositiveIntegerField(_("Reihenfolge"), default=0)

    history = TrackedHistory(verbose_name=_("Version des Handlungsfelds"))

    class Meta:
        verbose_name = _("Handlungsfeld")
        verbose_name_plural = _("Handlungsfelder")
        ordering: ClassVar = ["concept", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class Goal(LockedModel):
    action_field = models.ForeignKey(
        FieldOfAction,
        verbose_name=_("Handlungsfeld"),
        on_delete=models.CASCADE,
        related_name="goals",
    )
    title = models.CharField(_("Titel"), max_length=300)
    description = models.TextField(_("Beschreibung"), blank=True)
    position = models.PositiveIntegerField(_("Reihenfolge"), default=0)

    history = TrackedHistory(verbose_name=_("Version des Ziels"))

    class Meta:
        verbose_name = _("Ziel")
        verbose_name_plural = _("Ziele")
        ordering: ClassVar = ["action_field", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class GoalIndicator(LockedModel):
    """How a goal is measured: baseline, target, direction and where the latest value comes
    from."""

    class Source(models.TextChoices):
        MONITORING = "monitoring", _("Integrationsmonitoring")
        EXTERNAL = "external", _("externer Indikator")
        DIRECTORY = "directory", _("Angebote im Wegweiser")

    goal = models.ForeignKey(
        Goal, verbose_name=_("Ziel"), on_delete=models.CASCADE, related_name="indicators"
    )
    label = models.CharField(_("Bezeichnung"), max_length=200)
    source = models.CharField(_("Quelle"), max_length=16, choices=Source.choices)
    code = models.CharField(
        _("Indikator"),
        max_length=80,
        blank=True,
        help_text=_("Code des Monitoring- oder externen Indikators, z. B. mh_anteil_u6"),
    )
    gebiet = models.CharField(
        _("Gebiet"), max_length=8, blank=True, default="00", help_text=_("Stadtteil oder 00")
    )
    offer_filters = models.JSONField(
        _("Filter der Angebote"),
        default=dict,
        blank=True,
        help_text=_(
            "Für Angebote im Wegweiser: Merkmal → Werte, z. B. "
            '{"area": ["sprachfoerderung"], "age_group": ["senioren"]}'
        ),
    )
    unit = models.CharField(_("Einheit"), max_length=20, blank=True)
    baseline_value = models.DecimalField(_("Ausgangswert"), max_digits=14, decimal_places=4)
    baseline_date = models.DateField(_("Ausgangswert vom"))
    target_value = models.DecimalField(_("Zielwert"), max_digits=14, decimal_places=4)
    target_date = models.DateField(_("Ziel bis"))
    direction = models.CharField(_("Richtung"), max_length=10, choices=Direction.choices)
    demo_values = models.BooleanField(
        _("Demo-Werte"),
        default=False,
        help_text=_("Ausgangs- oder Zielwert stehen nicht in der Quelle, sie sind angenommen."),
    )
    position = models.PositiveIntegerField(_("Reihenfolge"), default=0)

    history = TrackedHistory(verbose_name=_("Version des Indikators"))

    class Meta:
        verbose_name = _("Indikator eines Ziels")
        verbose_name_plural = _("Indikatoren der Ziele")
        ordering: ClassVar = ["goal", "position", "pk"]

    def __str__(self) -> str:
        return self.label

    def clean(self) -> None:
        if self.offer_filters is None:
            self.offer_filters = {}
        errors: dict[str, Any] = {}
        if self.target_date and self.baseline_date and self.target_date <= self.baseline_date:
            errors["target_date"] = _("Das Zieldatum muss nach dem Datum des Ausgangswerts liegen.")
        if (
            self.baseline_value is not None
            and self.target_value is not None
            and self.direction
            and not direction_matches(self.baseline_value, self.target_value, self.direction)
        ):
            errors["direction"] = _(
                "Die Richtung passt nicht zu Ausgangs- und Zielwert: "
                "ein höherer Zielwert heißt „steigen“, ein niedrigerer „sinken“."
            )
        if self.source in (self.Source.MONITORING, self.Source.EXTERNAL) and not self.code:
            errors["code"] = _("Bitte den Code des Indikators angeben.")
        if self.source == self.Source.EXTERNAL and self.code and not self.code.startswith("ext_"):
            errors["code"] = _("Externe Indikatoren beginnen mit „ext_“.")
        if self.source == self.Source.DIRECTORY:
            problem = _filter_problem(self.offer_filters)
            if problem:
                errors["offer_filters"] = problem
        if errors:
            raise ValidationError(errors)


def _filter_problem(filters: object) -> str:
    """What is wrong with a directory indicator's filters, or ""."""
    from wegweiser.reports.dimensions import ReportError, dimension

    if not isinstance(filters, dict):
        return str(_("Die Filter müssen Merkmal → Liste von Werten sein."))
    for name, values in filters.items():
        try:
            dimension(name)
        except ReportError as error:
            return str(error)
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            return str(_("Die Werte eines Filters müssen eine Liste von Codes sein."))
    return ""


class Measure(LockedModel):
    class State(models.TextChoices):
        PLANNED = "planned", _("geplant")
        RUNNING = "running", _("läuft")
        COMPLETED = "completed", _("abgeschlossen")
        STOPPED = "stopped", _("eingestellt")

    goal = models.ForeignKey(
        Goal, verbose_name=_("Ziel"), on_delete=models.CASCADE, related_name="measures"
    )
    title = models.CharField(_("Titel"), max_length=300)
    description = models.TextField(_("Beschreibung"), blank=True)
    responsible_provider = models.ForeignKey(
        Provider,
        verbose_name=_("verantwortlicher Träger"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="concept_measures",
    )
    responsible_office = models.CharField(_("verantwortliches Amt"), max_length=200, blank=True)
    partners = models.ManyToManyField(
        Provider, verbose_name=_("Partner"), blank=True, related_name="concept_partnerships"
    )
    state = models.CharField(
        _("Stand"), max_length=12, choices=State.choices, default=State.PLANNED
    )
    start = models.DateField(_("Beginn"), null=True, blank=True)
    end = models.DateField(_("Ende"), null=True, blank=True)
    budget = models.DecimalField(
        _("Budget (Euro)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    offers = models.ManyToManyField(
        Offer, verbose_name=_("Angebote und Projekte"), blank=True, related_name="concept_measures"
    )
    position = models.PositiveIntegerField(_("Reihenfolge"), default=0)
    link_nonce = models.CharField(max_length=32, blank=True, editable=False)

    history = TrackedHistory(verbose_name=_("Version der Maßnahme"), excluded_fields=["link_nonce"])

    class Meta:
        verbose_name = _("Maßnahme")
        verbose_name_plural = _("Maßnahmen")
        ordering: ClassVar = ["goal", "position", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def responsible(self) -> str:
        if self.responsible_provider is not None:
            return self.responsible_provider.name
        return self.responsible_office

    def clean(self) -> None:
        errors = {}
        if self.responsible_provider_id is None and not self.responsible_office.strip():
            errors["responsible_office"] = _(
                "Bitte einen verantwortlichen Träger oder ein verantwortliches Amt angeben."
            )
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("Das Ende liegt vor dem Beginn.")
        if errors:
            raise ValidationError(errors)


class MeasureUpdate(models.Model):
    """A progress report on a measure by its responsible actor."""

    measure = models.ForeignKey(
        Measure, verbose_name=_("Maßnahme"), on_delete=models.CASCADE, related_name="updates"
    )
    date = models.DateField(_("Datum"))
    text = models.TextField(_("Bericht"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verfasst von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    author_label = models.CharField(_("verfasst von (Name)"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("eingetragen am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Fortschrittsbericht")
        verbose_name_plural = _("Fortschrittsberichte")
        ordering: ClassVar = ["measure", "-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.measure} ({self.date})"


class SelfCommitment(LockedModel):
    """An actor's written commitment to a goal (Selbstverpflichtung)."""

    class State(models.TextChoices):
        ACTIVE = "active", _("gilt")
        FULFILLED = "fulfilled", _("erfüllt")
        WITHDRAWN = "withdrawn", _("zurückgezogen")

    goal = models.ForeignKey(
        Goal, verbose_name=_("Ziel"), on_delete=models.CASCADE, related_name="commitments"
    )
    provider = models.ForeignKey(
        Provider,
        verbose_name=_("Träger"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commitments",
    )
    actor_name = models.CharField(
        _("Akteur"), max_length=200, blank=True, help_text=_("Wenn kein Träger des Wegweisers")
    )
    statement = models.TextField(_("Erklärung"))
    date = models.DateField(_("erklärt am"))
    state = models.CharField(_("Stand"), max_length=12, choices=State.choices, default=State.ACTIVE)
    report = models.TextField(_("Bericht"), blank=True)

    history = TrackedHistory(verbose_name=_("Version der Selbstverpflichtung"))

    class Meta:
        verbose_name = _("Selbstverpflichtung")
        verbose_name_plural = _("Selbstverpflichtungen")
        ordering: ClassVar = ["goal", "date", "pk"]

    def __str__(self) -> str:
        return f"{self.actor}: {self.goal}"

    @property
    def actor(self) -> str:
        return self.provider.name if self.provider is not None else self.actor_name

    def clean(self) -> None:
        if self.provider_id is None and not self.actor_name.strip():
            raise ValidationError({"actor_name": _("Bitte einen Träger oder Akteur angeben.")})


class Comment(models.Model):
    """A comment from the public on a concept in consultation (on the whole or on one goal);
    shown only after a city editor approved it. The e-mail address is optional and only for
    questions back; it is deleted once the comment is moderated."""

    class State(models.TextChoices):
        PENDING = "pending", _("wartet auf Freigabe")
        APPROVED = "approved", _("freigegeben")
        REJECTED = "rejected", _("nicht freigegeben")

    concept = models.ForeignKey(
        Concept, verbose_name=_("Konzept"), on_delete=models.CASCADE, related_name="comments"
    )
    goal = models.ForeignKey(
        Goal,
        verbose_name=_("Ziel"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="comments",
    )
    text = models.TextField(_("Kommentar"), max_length=4000)
    name = models.CharField(_("Name (freiwillig)"), max_length=120, blank=True)
    email = models.EmailField(_("E-Mail-Adresse (freiwillig)"), blank=True)
    state = models.CharField(
        _("Stand"), max_length=10, choices=State.choices, default=State.PENDING
    )
    created_at = models.DateTimeField(_("eingegangen am"), auto_now_add=True)
    moderated_at = models.DateTimeField(_("geprüft am"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("geprüft von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("Kommentar")
        verbose_name_plural = _("Kommentare")
        ordering: ClassVar = ["concept", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.concept}: {self.text[:40]}"
