"""The frozen state of a region's published offers when a survey round closes.

One ``SnapshotOffer`` row per published offer; its ``values`` (format ``SNAPSHOT_FORMAT``,
documented in docs/surveys.md) hold the codes the reports count by, so a report of the round
can be computed long after the offers have changed.
"""

from __future__ import annotations

from typing import Any

from wegweiser.directory.models import CITYWIDE_CODE, Offer, Region
from wegweiser.surveys.models import SnapshotOffer, SurveyRound

SNAPSHOT_FORMAT = 1


def _codes(objects: Any) -> list[str]:
    return sorted(str(obj.code) for obj in objects)


def values_of(offer: Offer) -> dict[str, Any]:
    """The counted dimensions of one offer (its relations prefetched by ``with_relations``)."""
    provider = offer.provider
    districts = [CITYWIDE_CODE] if offer.citywide else _codes(offer.districts.all())
    return {
        "area": offer.area.code if offer.area is not None else None,
        "kind": offer.kind.code,
        "gender": offer.gender.code,
        "age_groups": _codes(offer.age_groups.all()),
        "target_groups": _codes(offer.target_groups.all()),
        "languages": _codes(offer.languages.all()),
        "citywide": offer.citywide,
        "districts": districts,
        "provider_type": provider.provider_type.code,
        "provider_type_column": provider.provider_type.report_column,
        "networks": _codes(provider.networks.all()),
        "partners": sorted(str(partner.uuid) for partner in offer.partners.all()),
        "start_date": offer.start_date.isoformat() if offer.start_date else None,
        "end_date": offer.end_date.isoformat() if offer.end_date else None,
        "hours": str(offer.hours) if offer.hours is not None else None,
    }


def published_offers(region: Region) -> Any:
    return (
        Offer.objects.published()
        .for_region(region)
        .with_relations()
        .prefetch_related("provider__networks")
        .order_by("title", "pk")
    )


def take(survey_round: SurveyRound) -> int:
    """Write the snapshot rows of the round (inside the closing transaction); returns how many."""
    rows = [
        SnapshotOffer(
            survey_round=survey_round,
            offer_uuid=offer.uuid,
            title=offer.title,
            provider_uuid=offer.provider.uuid,
            provider_name=offer.provider.name,
            values=values_of(offer),
        )
        for offer in published_offers(survey_round.region)
    ]
    SnapshotOffer.objects.bulk_create(rows)
    return len(rows)
