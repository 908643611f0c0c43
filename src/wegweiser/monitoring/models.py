"""What the monitoring stores: only published, confidentiality-checked aggregates.

Neither the register extract nor person-level results ever enter this database
(register-extract.md § 4); ``monitoring_run --publish`` writes exactly the rows of
``--indicators-out``.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from wegweiser.directory.models import Region


class IndicatorStatus(models.TextChoices):
    OK = "ok", _("veröffentlicht")
    SUPPRESSED = "gesperrt", _("gesperrt")


class IndicatorValue(models.Model):
    """One row of the published indicator table of a region and stichtag."""

    region = models.ForeignKey(
        Region, verbose_name=_("Region"), on_delete=models.CASCADE, related_name="indicators"
    )
    stichtag = models.DateField(_("Stichtag"))
    gebiet = models.CharField(_("Gebiet"), max_length=8, help_text=_("Stadtteil oder 00"))
    indikator = models.CharField(_("Indikator"), max_length=80)
    zaehler = models.BigIntegerField(_("Zähler"), null=True, blank=True)
    nenner = models.BigIntegerField(_("Nenner"), null=True, blank=True)
    wert = models.CharField(_("Wert"), max_length=20, blank=True)
    status = models.CharField(
        _("Status"), max_length=10, choices=IndicatorStatus.choices, default=IndicatorStatus.OK
    )
    published_at = models.DateTimeField(_("Veröffentlicht am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Indikatorwert")
        verbose_name_plural = _("Indikatorwerte")
        ordering: ClassVar = ["region", "stichtag", "gebiet", "pk"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["region", "stichtag", "gebiet", "indikator"],
                name="monitoring_indicator_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.stichtag} {self.gebiet} {self.indikator}"
