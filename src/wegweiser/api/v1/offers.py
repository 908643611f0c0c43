"""Offers: the public site's search (text, every facet, sorting) and single offers."""

from __future__ import annotations

from typing import Any, Literal
from uuid import UUID

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
    responses,
)
from wegweiser.api.v1.offer_entries import offer_entries
from wegweiser.api.v1.schemas import Offer as OfferOut
from wegweiser.api.v1.schemas import OfferPage
from wegweiser.directory.models import Offer
from wegweiser.directory.search import (
    GENDER_CHOICES,
    Filters,
    catalog,
    search_offers,
)

router = Router(tags=["offers"])


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
    facets = {
        name: [
            {"code": value.code, "count": value.count, "selected": value.selected}
            for value in values
        ]
        for name, values in result.facets.items()
    }
    return {
        **numbers,
        "results": offer_entries(request, shelf, ids, lang),
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
    ids = list(Offer.objects.published().filter(uuid=offer_id).values_list("id", flat=True))
    entries = offer_entries(request, catalog.current(), ids, lang)
    if not entries:
        raise Http404
    set_last_modified(response, entries[0]["updated_at"])
    return entries[0]
