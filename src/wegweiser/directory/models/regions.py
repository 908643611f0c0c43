from __future__ import annotations

import uuid
from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

CITYWIDE_CODE = "00"


class Region(models.Model):
    """A municipality that runs its part of the directory: the tenant.

    Offers, locations and districts belong to exactly one region; vocabularies and providers are
    shared by all regions of the installation.
    """

    uuid = models.UUIDField(_("UUID"), default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(_("Kürzel"), max_length=50, unique=True)
    name = models.CharField(_("Name"), max_length=200)
    ags = models.CharField(
        _("Amtlicher Gemeindeschlüssel"),
        max_length=8,
        blank=True,
        help_text=_("8-stellig, z. B. 06611000 für die Stadt Kassel."),
    )
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        verbose_name = _("Region")
        verbose_name_plural = _("Regionen")
        ordering: ClassVar = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class DistrictQuerySet(models.QuerySet["District"]):
    def for_region(self, region: Region) -> DistrictQuerySet:
        return self.filter(region=region)


class District(models.Model):
    """A Stadtteil of the city, or a municipality of the county (code = its 8-digit AGS).

    The whole region has no row: it is written ``00`` (``CITYWIDE_CODE``) wherever a district
    code is expected, and an offer marks it with ``Offer.citywide``.
    """

    uuid = models.UUIDField(_("UUID"), default=uuid.uuid4, unique=True, editable=False)
    region = models.ForeignKey(
        Region, verbose_name=_("Region"), on_delete=models.PROTECT, related_name="districts"
    )
    code = models.CharField(
        _("Amtliche Nummer"),
        max_length=8,
        help_text=_("Stadtteilnummer (01–23) oder 8-stelliger Gemeindeschlüssel."),
    )
    name = models.CharField(_("Name"), max_length=200)
    alternative_names = models.CharField(
        _("Andere Schreibweisen"),
        max_length=500,
        blank=True,
        help_text=_("Durch Komma getrennt, z. B. die Schreibweise des Geoportals."),
    )
    geometry = models.JSONField(
        _("Geometrie (GeoJSON)"),
        null=True,
        blank=True,
        help_text=_("Polygon oder MultiPolygon in WGS84."),
    )
    population = models.PositiveIntegerField(_("Einwohnerzahl"), null=True, blank=True)

    objects = DistrictQuerySet.as_manager()

    class Meta:
        verbose_name = _("Stadtteil / Gemeinde")
        verbose_name_plural = _("Stadtteile / Gemeinden")
        ordering: ClassVar = ["region__order", "code"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["region", "code"], name="district_code_unique_in_region"
            ),
            models.CheckConstraint(
                condition=~models.Q(code=CITYWIDE_CODE), name="district_code_not_citywide"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"
