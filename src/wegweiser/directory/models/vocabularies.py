"""Vocabularies (HSDS: taxonomies): data with stable codes, never deleted, only deactivated.

Age groups, genders and offer kinds are *fixed*: their codes carry rules in the reports and
the import, so staff cannot add to them. The others can be extended by staff.
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class VocabularyQuerySet(models.QuerySet):
    def active(self) -> VocabularyQuerySet:
        return self.filter(active=True)


class Vocabulary(models.Model):
    """One value of a vocabulary: a stable code, a German label and its translations."""

    is_fixed: ClassVar[bool] = False

    uuid = models.UUIDField(_("UUID"), default=uuid.uuid4, unique=True, editable=False)
    code = models.SlugField(
        _("Code"),
        max_length=50,
        unique=True,
        help_text=_("Stabiler Schlüssel; wird nie geändert."),
    )
    label = models.CharField(_("Bezeichnung"), max_length=200)
    labels = models.JSONField(
        _("Übersetzungen der Bezeichnung"),
        default=dict,
        blank=True,
        help_text=_('Sprachcode → Bezeichnung, z. B. {"en": "Education"}.'),
    )
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    active = models.BooleanField(
        _("aktiv"),
        default=True,
        help_text=_("Nicht mehr verwendete Werte werden deaktiviert, nie gelöscht."),
    )

    objects = VocabularyQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering: ClassVar = ["order", "code"]

    def __str__(self) -> str:
        return self.label

    def label_in(self, language: str | None = None) -> str:
        """The label in ``language`` (default: the active language), German as fallback."""
        language = (language or get_language() or "de").split("-")[0]
        if language == "de":
            return self.label
        return str(self.labels.get(language) or self.label)


class Area(Vocabulary):
    class Meta(Vocabulary.Meta):
        verbose_name = _("Bereich")
        verbose_name_plural = _("Bereiche")


class AgeGroup(Vocabulary):
    is_fixed = True

    class SeedColumn(models.TextChoices):
        KINDER = "kinder", _("Kinder")
        ERWACHSENE = "erwachsene", _("Erwachsene")
        SENIOREN = "senioren", _("Senioren")

    min_age = models.PositiveSmallIntegerField(_("Mindestalter"))
    max_age = models.PositiveSmallIntegerField(_("Höchstalter"), null=True, blank=True)
    seed_column = models.CharField(
        _("Spalte der Befragung 2008"), max_length=20, choices=SeedColumn.choices
    )

    class Meta(Vocabulary.Meta):
        verbose_name = _("Altersgruppe")
        verbose_name_plural = _("Altersgruppen")


class Gender(Vocabulary):
    is_fixed = True
    ALL = "alle"

    class Meta(Vocabulary.Meta):
        verbose_name = _("Geschlecht")
        verbose_name_plural = _("Geschlechter")


class OfferKind(Vocabulary):
    is_fixed = True
    REGULAR = "regelangebot"
    PROJECT = "projekt"
    COURSE = "kurs"

    class Meta(Vocabulary.Meta):
        verbose_name = _("Angebotsart")
        verbose_name_plural = _("Angebotsarten")


class ProviderType(Vocabulary):
    class ReportColumn(models.TextChoices):
        STADT_LAND = "stadt-land", _("Stadt / Land")
        WOHLFAHRTSVERBAENDE = "wohlfahrtsverbaende", _("Wohlfahrtsverbände")
        SONSTIGE = "sonstige", _("Sonstige")

    report_column = models.CharField(
        _("Berichtsspalte"),
        max_length=30,
        choices=ReportColumn.choices,
        help_text=_("Spalte in den Tabellen nach Trägern (wie in der Befragung 2008)."),
    )

    class Meta(Vocabulary.Meta):
        verbose_name = _("Trägerart")
        verbose_name_plural = _("Trägerarten")


class TargetGroup(Vocabulary):
    class Meta(Vocabulary.Meta):
        verbose_name = _("Weitere Zielgruppe")
        verbose_name_plural = _("Weitere Zielgruppen")


class Language(Vocabulary):
    code = models.CharField(
        _("Sprachcode (BCP 47)"),
        max_length=3,
        unique=True,
        validators=[
            RegexValidator(r"^[a-z]{2,3}$", _("Zwei oder drei Kleinbuchstaben (ISO 639)."))
        ],
        help_text=_("ISO 639-1, wo vorhanden, sonst ISO 639-3, z. B. de, tr, prs, gsg."),
    )

    class Meta(Vocabulary.Meta):
        verbose_name = _("Sprache")
        verbose_name_plural = _("Sprachen")


class Network(Vocabulary):
    """A network of providers, such as the Arbeitskreis Integration."""

    description = models.TextField(_("Beschreibung"), blank=True)
    website = models.URLField(_("Website"), blank=True)

    class Meta(Vocabulary.Meta):
        verbose_name = _("Netzwerk")
        verbose_name_plural = _("Netzwerke")
