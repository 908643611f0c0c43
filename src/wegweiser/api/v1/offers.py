"""Offers: the public site's search (text, every facet, sorting) and single offers."""

from __future__ import annotations

from typing import Any, Literal
from uuid import UUID

from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Query, Router

from wegweiser.api.http import set_last_modified
from wegweiser.api.v1.common import (
    MAX_PAGE,
    MAX_PAGE_SIZE,
    MAX_TEXT,
    BadParameter,
    Lang,
    check_codes,
    clean_text,
    page_of,
    public_url,
    responses,
)
from wegweiser.api.v1.schemas import Offer as OfferOut
from wegweiser.api.v1.schemas import OfferPage
from wegweiser.directory.models import (
    CITYWIDE_CODE,
    District,
    Location,
    Offer,
    OfferTranslation,
    Provider,
)
from wegweiser.directory.search import (
    GENDER_CHOICES,
    Filters,
    catalog,
    search_offers,
)

router = Router(tags=["offers"])


def offers_for_api(language: str) -> Any:
    """Published offers with everything ``offer_data`` shows, in as few queries as possible."""
    return (
        Offer.objects.published()
        .select_related("provider", "area", "kind", "gender", "region")
        .prefetch_related(
            "age_groups",
            "target_groups",
            "languages",
            # Never the districts' geometry: decoding it would cost more than the whole page.
            Prefetch("districts", District.objects.only("id", "code")),
            Prefetch(
                "locations",
                Location.objects.select_related("district").defer("district__geometry"),
            ),
            Prefetch("partners", Provider.objects.published().only("uuid", "name")),
            Prefetch("translations", OfferTranslation.objects.filter(language=language)),
        )
    )


def _term(item: Any, language: str) -> dict[str, str] | None:
    if item is None:
        return None
    return {"code": item.code, "label": item.label_in(language)}


def offer_data(request: HttpRequest, offer: Offer, language: str) -> dict[str, Any]:
    return {
        "id": offer.uuid,
        "url": public_url(request, "public:offer", language, uuid=offer.uuid),
        "language": language,
        "title": offer.translated("title", language),
        "description": offer.translated("description", language),
        "region": offer.region.slug,
        "provider": {"id": offer.provider.uuid, "name": offer.provider.name},
        "partners": [{"id": p.uuid, "name": p.name} for p in offer.partners.all()],
        "area": _term(offer.area, language),
        "kind": _term(offer.kind, language),
        "gender": _term(offer.gender, language),
        "age_groups": [_term(v, language) for v in offer.age_groups.all()],
        "target_groups": [_term(v, language) for v in offer.target_groups.all()],
        "languages": [_term(v, language) for v in offer.languages.all()],
        "citywide": offer.citywide,
        "districts": [CITYWIDE_CODE]
        if offer.citywide
        else sorted(d.code for d in offer.districts.all()),
        "locations": [
            {
                "id": location.uuid,
                "name": location.name,
                "street": location.street,
                "postcode": location.postcode,
                "city": location.city,
                "district": location.district.code if location.district else None,
                "latitude": location.latitude,
                "longitude": location.longitude,
            }
            for location in offer.locations.all()
        ],
        "start_date": offer.start_date,
        "end_date": offer.end_date,
        "schedule": offer.translated("schedule", language),
        "cost": offer.cost,
        "cost_note": offer.translated("cost_note", language),
        "hours": offer.hours,
        "hours_note": offer.translated("hours_note", language),
        "registration_required": offer.registration_required,
        "barrier_free": offer.barrier_free,
        "childcare": offer.childcare,
        "contact": {
            "name": offer.contact_name,
            "email": offer.contact_email,
            "phone": offer.contact_phone,
        },
        "website": offer.website,
        "verified_at": offer.verified_at,
        "updated_at": offer.updated_at,
    }


@router.get(
    "/offers",
    response=responses(OfferPage),
    operation_id="listOffers",
    summary="Search the published offers",
)
def list_offers(
    request: HttpRequest,
    q: str = Query("", max_length=MAX_TEXT, description="Full-text search, as on the public site."),
    region: str = Query("", description="Slug of a region (see /regions)."),
    area: list[str] = Query([], description="Area codes (any of them)."),
    age: list[str] = Query([], description="Age group codes."),
    target: list[str] = Query([], description="Target group codes."),
    language: list[str] = Query([], description="Codes of languages the offer is held in."),
    provider_type: list[str] = Query([], description="Provider type codes."),
    kind: list[str] = Query([], description="Offer kind codes."),
    gender: list[Literal["frauen", "maenner"]] = Query(
        [], description="Offers for women or men (offers for everyone included)."
    ),
    district: list[str] = Query(
        [], description="District codes; offers for the whole region are included."
    ),
    free: bool = Query(False, description="Only offers free of charge."),
    barrier_free: bool = Query(False, description="Only barrier-free offers."),
    sort: Literal["relevance", "name", "verified"] = Query("relevance"),
    page: int = Query(1, ge=1, le=MAX_PAGE),
    page_size: int = Query(20, ge=1, le=MAX_PAGE_SIZE),
    lang: Lang = Query("de", description="Language of texts and labels; German where missing."),
) -> dict[str, Any]:
    text = clean_text("q", q)
    shelf = catalog.current()
    regions = {r.slug: r for r in shelf.regions}
    if region and region not in regions:
        raise BadParameter("region", f"Unknown region: {region}. See /api/v1/regions.")
    chosen = {
        name: check_codes(name, values, shelf.codes[name])
        for name, values in (
            ("area", area),
            ("age", age),
            ("target", target),
            ("language", language),
            ("provider_type", provider_type),
            ("kind", kind),
        )
    }
    filters = Filters(
        region=regions.get(region),
        **chosen,
        gender=check_codes("gender", gender, GENDER_CHOICES),
        district=check_codes("district", district, shelf.codes["district"]),
        free=free,
        barrier_free=barrier_free,
    )
    result = search_offers(text, filters, language=lang, sort=sort)
    ids, numbers = page_of(result.ordered, page, page_size)
    by_id = offers_for_api(lang).in_bulk(list(ids))
    offers = [by_id[i] for i in ids if i in by_id]
    facets = {
        name: [
            {"code": value.code, "count": value.count, "selected": value.selected}
            for value in values
        ]
        for name, values in result.facets.items()
    }
    return {
        **numbers,
        "results": [offer_data(request, offer, lang) for offer in offers],
        "facets": facets,
    }


@router.get(
    "/offers/{offer_id}",
    response=responses(OfferOut, not_found=True),
    operation_id="getOffer",
    summary="One published offer",
)
def get_offer(
    request: HttpRequest, response: HttpResponse, offer_id: UUID, lang: Lang = Query("de")
) -> dict[str, Any]:
    offer = offers_for_api(lang).filter(uuid=offer_id).first()
    if offer is None:
        raise Http404
    set_last_modified(response, offer.updated_at)
    return offer_data(request, offer, lang)
