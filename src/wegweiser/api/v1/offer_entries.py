"""Published offers as the API shows them, for a page of results or a single offer.

A page of 20 offers in full is read in flat queries (the offers with provider and region, their
locations, partners and translations) instead of one model instance per related row: building
Django model instances and prefetch managers cost most of an API search. The codes of the
many-to-many facets (age groups, target groups, languages, districts) and every vocabulary label
come from the search catalog, which holds them for every published offer already and is current
in every request (``directory.search.catalog``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.http import HttpRequest

from wegweiser.api.v1.common import public_url
from wegweiser.directory.models import (
    CITYWIDE_CODE,
    EditorialStatus,
    Offer,
    OfferLocation,
    OfferTranslation,
)
from wegweiser.directory.search.catalog import Catalog

OFFER_COLUMNS = (
    "id",
    "uuid",
    "title",
    "description",
    "region__slug",
    "provider__uuid",
    "provider__name",
    "area__code",
    "kind__code",
    "gender__code",
    "citywide",
    "start_date",
    "end_date",
    "schedule",
    "cost",
    "cost_note",
    "hours",
    "hours_note",
    "registration_required",
    "barrier_free",
    "childcare",
    "contact_name",
    "contact_email",
    "contact_phone",
    "website",
    "verified_at",
    "updated_at",
)
LOCATION_COLUMNS = (
    "offer_id",
    "location__uuid",
    "location__name",
    "location__street",
    "location__postcode",
    "location__city",
    "location__district__code",
    "location__latitude",
    "location__longitude",
)
TRANSLATED = Offer.translatable_fields


def offer_entries(
    request: HttpRequest, shelf: Catalog, ids: Sequence[int], language: str
) -> list[dict[str, Any]]:
    """The published offers among ``ids``, in that order, each as the schema's ``Offer``."""
    rows = {
        row["id"]: row
        for row in Offer.objects.published().filter(id__in=ids).order_by().values(*OFFER_COLUMNS)
    }
    found = [offer_id for offer_id in ids if offer_id in rows]
    if not found:
        return []
    locations = _grouped(
        OfferLocation.objects.filter(offer_id__in=found)
        .order_by("offer_id", "location__name", "location__street", "location_id")
        .values_list(*LOCATION_COLUMNS)
    )
    partners = _grouped(
        Offer.partners.through.objects.filter(
            offer_id__in=found, provider__status=EditorialStatus.PUBLISHED
        )
        .order_by("offer_id", "provider__name", "provider_id")
        .values_list("offer_id", "provider__uuid", "provider__name")
    )
    translations: dict[int, dict[str, str]] = {}
    if language != "de":
        translations = {
            row["offer_id"]: row
            for row in OfferTranslation.objects.filter(offer_id__in=found, language=language)
            .order_by()
            .values("offer_id", *TRANSLATED)
        }
    districts = {district.pk: district.code for district in shelf.districts}
    entries = []
    for offer_id in found:
        row = rows[offer_id]
        texts = _texts(row, translations.get(offer_id))
        linked = shelf.linked(offer_id) or {}
        entries.append(
            {
                "id": row["uuid"],
                "url": public_url(request, "public:offer", language, uuid=row["uuid"]),
                "language": language,
                "title": texts["title"],
                "description": texts["description"],
                "region": row["region__slug"],
                "provider": {"id": row["provider__uuid"], "name": row["provider__name"]},
                "partners": [
                    {"id": uuid, "name": name} for uuid, name in partners.get(offer_id, ())
                ],
                "area": _term(shelf, "area", row["area__code"], language),
                "kind": _term(shelf, "kind", row["kind__code"], language),
                "gender": _term(shelf, "gender", row["gender__code"], language),
                "age_groups": _terms(shelf, "age", linked.get("age", ()), language),
                "target_groups": _terms(shelf, "target", linked.get("target", ()), language),
                "languages": _terms(shelf, "language", linked.get("language", ()), language),
                "citywide": row["citywide"],
                "districts": [CITYWIDE_CODE]
                if row["citywide"]
                else sorted(districts[pk] for pk in linked.get("district", ()) if pk in districts),
                "locations": [
                    {
                        "id": uuid,
                        "name": name,
                        "street": street,
                        "postcode": postcode,
                        "city": city,
                        "district": district,
                        "latitude": latitude,
                        "longitude": longitude,
                    }
                    for (
                        uuid,
                        name,
                        street,
                        postcode,
                        city,
                        district,
                        latitude,
                        longitude,
                    ) in locations.get(offer_id, ())
                ],
                "start_date": row["start_date"],
                "end_date": row["end_date"],
                "schedule": texts["schedule"],
                "cost": row["cost"],
                "cost_note": texts["cost_note"],
                "hours": row["hours"],
                "hours_note": texts["hours_note"],
                "registration_required": row["registration_required"],
                "barrier_free": row["barrier_free"],
                "childcare": row["childcare"],
                "contact": {
                    "name": row["contact_name"],
                    "email": row["contact_email"],
                    "phone": row["contact_phone"],
                },
                "website": row["website"],
                "verified_at": row["verified_at"],
                "updated_at": row["updated_at"],
            }
        )
    return entries


def _grouped(rows: Any) -> dict[int, list[tuple[Any, ...]]]:
    """Rows whose first column is an offer id, grouped by it (the rest of each row kept)."""
    grouped: dict[int, list[tuple[Any, ...]]] = {}
    for offer_id, *rest in rows:
        grouped.setdefault(offer_id, []).append(tuple(rest))
    return grouped


def _texts(row: dict[str, Any], translated: dict[str, str] | None) -> dict[str, str]:
    """The translatable texts in the language asked for, German where a text is missing (as
    ``Translatable.translated``)."""
    return {field: (translated or {}).get(field) or str(row[field] or "") for field in TRANSLATED}


def _term(shelf: Catalog, facet: str, code: str | None, language: str) -> dict[str, str] | None:
    if code is None:
        return None
    item = shelf.all_values[facet][code]
    return {"code": code, "label": item.label_in(language)}


def _terms(shelf: Catalog, facet: str, codes: Sequence[str], language: str) -> list[Any]:
    """Terms in the vocabulary's order (as the vocabularies list them)."""
    chosen = set(codes)
    return [
        {"code": code, "label": item.label_in(language)}
        for code, item in shelf.all_values[facet].items()
        if code in chosen
    ]
