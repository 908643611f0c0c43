from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _

from wegweiser.directory.concurrency import LockedModel
from wegweiser.directory.history import TrackedHistory
from wegweiser.directory.models.providers import Provider
from wegweiser.directory.models.regions import District, Region
from wegweiser.directory.models.status import EditorialEntry, EditorialStatus
from wegweiser.directory.models.translations import Translatable, Translation
from wegweiser.directory.models.vocabularies import (
    AgeGroup,
    Area,
    Gender,
    Language,
    OfferKind,
    TargetGroup,
)


class LocationQuerySet(models.QuerySet["Location"]):
    def for_region(self, region: Region) -> LocationQuerySet:
        return self.filter(region=region)


class Location(models.Model):
    """A place where offers take place; HSDS: location with its physical address."""

    uuid = models.UUIDField(_("UUID"), default=uuid.uuid4, unique=True, editable=False)
    region = models.ForeignKey(
        Region, verbose_name=_("Region"), on_delete=models.PROTECT, related_name="locations"
    )
    provider = models.ForeignKey(
        Provider,
        verbose_name=_("Träger"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="locations",
    )
    name = models.CharField(_("Bezeichnung"), max_length=300, blank=True)
    street = models.CharField(_("Straße und Hausnummer"), max_length=200, blank=True)
    postcode = models.CharField(_("PLZ"), max_length=10, blank=True)
    city = models.CharField(_("Ort"), max_length=100, blank=True)
    district = models.ForeignKey(
        District,
        verbose_name=_("Stadtteil / Gemeinde"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="locations",
    )
    latitude = models.DecimalField(
        _("Breitengrad"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("Längengrad"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )

    history = TrackedHistory(verbose_name=_("Version des Orts"))
    objects = LocationQuerySet.as_manager()

    class Meta:
        verbose_name = _("Ort")
        verbose_name_plural = _("Orte")
        ordering: ClassVar = ["name", "street"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="location_coordinates_both_or_none",
            ),
        ]

    def __str__(self) -> str:
        address = ", ".join(
            part for part in (self.street, f"{self.postcode} {self.city}".strip()) if part
        )
        if self.name and address:
            return f"{self.name} ({address})"
        return self.name or address or str(_("Ort ohne Adresse"))

    def clean(self) -> None:
        if self.district is not None and self.district.region_id != self.region_id:
            raise ValidationError({"district": _("Der Stadtteil gehört zu einer anderen Region.")})


class OfferLocation(models.Model):
    """An offer at one of its locations; HSDS: service_at_location, which needs its own id."""

    uuid = models.UUIDField(_("UUID"), default=uuid.uuid4, unique=True, editable=False)
    offer = models.ForeignKey(
        "directory.Offer", verbose_name=_("Angebot"), on_delete=models.CASCADE
    )
    location = models.ForeignKey(Location, verbose_name=_("Ort"), on_delete=models.CASCADE)

    class Meta:
        verbose_name = _("Angebot an einem Ort")
        verbose_name_plural = _("Angebote an Orten")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["offer", "location"], name="offer_location_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.offer} @ {self.location}"


class OfferQuerySet(models.QuerySet["Offer"]):
    def for_region(self, region: Region) -> OfferQuerySet:
        return self.filter(region=region)

    def published(self) -> OfferQuerySet:
        return self.filter(status=EditorialStatus.PUBLISHED)

    def citywide(self) -> OfferQuerySet:
        return self.filter(citywide=True)

    def serving(self, district: District) -> OfferQuerySet:
        """Offers for people in ``district``: those for the district and the region-wide ones."""
        return (
            self.filter(region=district.region_id)
            .filter(Q(citywide=True) | Q(districts=district))
            .distinct()
        )

    def for_result_list(self, language: str = "de") -> OfferQuerySet:
        """What a list of results shows, and nothing more (search results load it per page)."""
        offers = (
            self.select_related("provider", "area", "region")
            .only(
                "id",
                "uuid",
                "title",
                "citywide",
                "verified_at",
                "region__slug",
                "provider__name",
                "area__code",
                "area__label",
                "area__labels",
            )
            .prefetch_related(Prefetch("districts", District.objects.only("id", "name", "code")))
        )
        if language != "de":
            offers = offers.prefetch_related(
                Prefetch(
                    "translations",
                    OfferTranslation.objects.filter(language=language),
                )
            )
        return offers

    def with_relations(self) -> OfferQuerySet:
        return self.select_related(
            "provider__provider_type", "area", "kind", "gender", "region"
        ).prefetch_related(
            "age_groups",
            "target_groups",
            "languages",
            "districts",
            "locations",
            "partners",
            "translations",
        )


class Offer(Translatable, LockedModel, EditorialEntry):
    """An offer (Angebot); HSDS: service. Belongs to one region; run by a lead provider."""

    class Cost(models.TextChoices):
        FREE = "kostenlos", _("kostenlos")
        REDUCED = "ermaessigt", _("ermäßigt")
        PAID = "kostenpflichtig", _("kostenpflichtig")

    translatable_fields: ClassVar[tuple[str, ...]] = (
        "title",
        "description",
        "schedule",
        "cost_note",
        "hours_note",
    )

    uuid = models.UUIDField(_("UUID"), default=uuid.uuid4, unique=True, editable=False)
    region = models.ForeignKey(
        Region, verbose_name=_("Region"), on_delete=models.PROTECT, related_name="offers"
    )
    external_id = models.CharField(
        _("Externer Schlüssel (angebot_id)"),
        max_length=100,
        blank=True,
        help_text=_(
            "Stabiler Schlüssel für Importe: derselbe Schlüssel aktualisiert, statt zu verdoppeln."
        ),
    )
    provider = models.ForeignKey(
        Provider,
        verbose_name=_("Träger (federführend)"),
        on_delete=models.PROTECT,
        related_name="offers",
    )
    partners = models.ManyToManyField(
        Provider, verbose_name=_("Partner"), blank=True, related_name="partner_offers"
    )
    title = models.CharField(_("Titel"), max_length=300)
    description = models.TextField(_("Beschreibung"), blank=True)
    area = models.ForeignKey(
        Area,
        verbose_name=_("Bereich"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="offers",
        help_text=_("Ein veröffentlichtes Angebot hat genau einen Bereich."),
    )
    kind = models.ForeignKey(
        OfferKind, verbose_name=_("Angebotsart"), on_delete=models.PROTECT, related_name="offers"
    )
    start_date = models.DateField(_("Beginn"), null=True, blank=True)
    end_date = models.DateField(_("Ende"), null=True, blank=True)
    funding_programme = models.CharField(_("Förderprogramm"), max_length=300, blank=True)
    hours = models.DecimalField(
        _("Unterrichtsstunden"),
        max_digits=7,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    hours_note = models.CharField(
        _("Aufteilung der Stunden"),
        max_length=300,
        blank=True,
        help_text=_("z. B. 600 Std. Sprachkurs und 45 Std. Orientierungskurs"),
    )
    age_groups = models.ManyToManyField(
        AgeGroup, verbose_name=_("Altersgruppen"), blank=True, related_name="offers"
    )
    gender = models.ForeignKey(
        Gender, verbose_name=_("Geschlecht"), on_delete=models.PROTECT, related_name="offers"
    )
    target_groups = models.ManyToManyField(
        TargetGroup, verbose_name=_("Weitere Zielgruppen"), blank=True, related_name="offers"
    )
    languages = models.ManyToManyField(
        Language, verbose_name=_("Sprachen des Angebots"), blank=True, related_name="offers"
    )
    citywide = models.BooleanField(
        _("für die ganze Region"),
        default=False,
        help_text=_("Stadtweit bzw. kreisweit (Code 00); dann keine einzelnen Stadtteile."),
    )
    districts = models.ManyToManyField(
        District, verbose_name=_("Stadtteile / Gemeinden"), blank=True, related_name="offers"
    )
    locations = models.ManyToManyField(
        Location,
        verbose_name=_("Orte"),
        blank=True,
        related_name="offers",
        through=OfferLocation,
    )
    schedule = models.TextField(_("Zeiten"), blank=True)
    cost = models.CharField(_("Kosten"), max_length=20, choices=Cost.choices, blank=True)
    cost_note = models.CharField(_("Hinweis zu den Kosten"), max_length=300, blank=True)
    registration_required = models.BooleanField(_("Anmeldung nötig"), null=True, blank=True)
    barrier_free = models.BooleanField(_("barrierefrei"), null=True, blank=True)
    childcare = models.BooleanField(_("Kinderbetreuung"), null=True, blank=True)
    contact_name = models.CharField(_("Ansprechperson"), max_length=200, blank=True)
    contact_email = models.EmailField(_("E-Mail der Ansprechperson"), blank=True)
    contact_phone = models.CharField(_("Telefon der Ansprechperson"), max_length=50, blank=True)
    website = models.URLField(_("Website"), blank=True)

    history = TrackedHistory(
        verbose_name=_("Version des Angebots"),
        m2m_fields=[partners, age_groups, target_groups, languages, districts, locations],
        excluded_fields=["updated_at", "lock_version"],
    )
    objects = OfferQuerySet.as_manager()

    class Meta:
        verbose_name = _("Angebot")
        verbose_name_plural = _("Angebote")
        ordering: ClassVar = ["title"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["region", "external_id"],
                condition=~Q(external_id=""),
                name="offer_external_id_unique_in_region",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="offer_end_not_before_start",
            ),
            models.CheckConstraint(
                condition=~Q(status=EditorialStatus.PUBLISHED) | Q(area__isnull=False),
                name="offer_published_has_area",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = str(_("Das Ende liegt vor dem Beginn."))
        if self.status == EditorialStatus.PUBLISHED and self.area_id is None:
            errors["area"] = str(_("Ein veröffentlichtes Angebot braucht einen Bereich."))
        if errors:
            raise ValidationError(errors)

    def clean_relations(
        self, *, districts: Iterable[District], locations: Iterable[Location] = ()
    ) -> None:
        """Check the many-valued relations before they are saved (forms, imports, the loader).

        An offer is either region-wide or serves districts of its own region, never both; its
        locations lie in its region.
        """
        errors: dict[str, list[str]] = {}
        districts = list(districts)
        if self.citywide and districts:
            errors.setdefault("districts", []).append(
                str(_("Ein Angebot für die ganze Region (00) hat keine einzelnen Stadtteile."))
            )
        foreign = [d for d in districts if d.region_id != self.region_id]
        if foreign:
            errors.setdefault("districts", []).append(
                str(_("Stadtteile einer anderen Region: %(names)s"))
                % {"names": ", ".join(str(d) for d in foreign)}
            )
        foreign_locations = [loc for loc in locations if loc.region_id != self.region_id]
        if foreign_locations:
            errors.setdefault("locations", []).append(
                str(_("Orte einer anderen Region: %(names)s"))
                % {"names": ", ".join(str(loc) for loc in foreign_locations)}
            )
        if errors:
            raise ValidationError(errors)

    @property
    def district_codes(self) -> list[str]:
        from wegweiser.directory.models.regions import CITYWIDE_CODE

        if self.citywide:
            return [CITYWIDE_CODE]
        return sorted(d.code for d in self.districts.all())


class OfferTranslation(Translation):
    parent_field = "offer"

    offer = models.ForeignKey(
        Offer, verbose_name=_("Angebot"), on_delete=models.CASCADE, related_name="translations"
    )
    title = models.CharField(_("Titel"), max_length=300, blank=True)
    description = models.TextField(_("Beschreibung"), blank=True)
    schedule = models.TextField(_("Zeiten"), blank=True)
    cost_note = models.CharField(_("Hinweis zu den Kosten"), max_length=300, blank=True)
    hours_note = models.CharField(_("Aufteilung der Stunden"), max_length=300, blank=True)

    history = TrackedHistory(verbose_name=_("Version der Übersetzung"))

    class Meta(Translation.Meta):
        verbose_name = _("Übersetzung des Angebots")
        verbose_name_plural = _("Übersetzungen des Angebots")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["offer", "language"], name="offer_translation_unique"),
        ]
