"""Builders for the API tests: offers in every editorial state, and published indicators."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.conftest import make_offer, make_provider
from wegweiser.directory.models import (
    AgeGroup,
    District,
    EditorialStatus,
    Language,
    Offer,
    Region,
)
from wegweiser.monitoring.models import IndicatorValue


def offers_in_every_state(kassel: Region, landkreis: Region) -> dict[str, Offer]:
    nord = District.objects.get(region=kassel, code="11")
    verein = make_provider("Kulturverein Nord e. V.", phone="+49 561 12345")
    return {
        "kurs": make_offer(
            kassel,
            "Deutschkurs für Frauen",
            provider=verein,
            area="sprachfoerderung",
            gender="frauen",
            cost="kostenlos",
            contact_phone="0561 987",
            schedule="montags 9 bis 12 Uhr",
            funding_programme="Landesprogramm WIR",
            relations={
                "age_groups": list(AgeGroup.objects.filter(code="erwachsene")),
                "districts": [nord],
            },
        ),
        "cafe": make_offer(
            kassel,
            "Sprachcafé",
            provider=verein,
            area="sprachfoerderung",
            citywide=True,
            relations={"languages": list(Language.objects.filter(code="ar"))},
        ),
        "sport": make_offer(kassel, "Fußball am Abend", area="freizeit-sport", barrier_free=True),
        "vellmar": make_offer(landkreis, "Frauentreff Vellmar", area="sonstiges"),
        "draft": make_offer(kassel, "Deutschkurs Entwurf", status=EditorialStatus.DRAFT),
        "review": make_offer(kassel, "Deutschkurs in Prüfung", status=EditorialStatus.IN_REVIEW),
        "archived": make_offer(kassel, "Deutschkurs archiviert", status=EditorialStatus.ARCHIVED),
    }


def indicator(region: Region, gebiet: str, indikator: str, **fields: Any) -> IndicatorValue:
    return IndicatorValue.objects.create(
        region=region,
        stichtag=fields.pop("stichtag", dt.date(2025, 12, 31)),
        gebiet=gebiet,
        indikator=indikator,
        **fields,
    )


HIDDEN_TITLES = ("Deutschkurs Entwurf", "Deutschkurs in Prüfung", "Deutschkurs archiviert")
