"""The HSDS 3.0 API at ``/api/hsds/``: the endpoints, parameters and pages of HSDS's OpenAPI.

Documents come from ``hsds.documents`` (the same as ``wegweiser export_hsds`` writes) and are
German; translations are served by API v1.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Query
from ninja.openapi.docs import Swagger

from wegweiser.api.hsds import documents
from wegweiser.api.http import set_last_modified
from wegweiser.api.v1.common import (
    MAX_PAGE,
    MAX_TEXT,
    BadParameter,
    clean_moment,
    clean_text,
    install_error_handlers,
    responses,
)
from wegweiser.directory.models import Offer, OfferLocation
from wegweiser.directory.search import search_offers

MAX_PER_PAGE = 500

api = NinjaAPI(
    title="Wegweiser HSDS API",
    version="3.0",
    description=(
        "Open Referral Human Services Data Specification 3.0: the published offers as services, "
        "providers as organizations, vocabularies as taxonomies. German texts; ids are UUIDs."
    ),
    urls_namespace="api-hsds",
    docs=Swagger(settings={"defaultModelsExpandDepth": 0}),
    docs_url="/docs/",
    openapi_url="/openapi.json",
)
install_error_handlers(api)

Document = dict[str, Any]


def hsds_page(items: Any, page: int, per_page: int, render: Any) -> Document:
    """HSDS's Page object with the contents of page ``page`` (1-based)."""
    total = items.count() if isinstance(items, QuerySet) else len(items)
    pages = math.ceil(total / per_page) if total else 0
    start = (page - 1) * per_page
    contents = [render(item) for item in items[start : start + per_page]]
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": page,
        "size": len(contents),
        "first_page": page == 1,
        "last_page": page >= pages,
        "empty": not contents,
        "contents": contents,
    }


@api.get("/", response=responses(dict[str, Any]), operation_id="getHsdsInfo", summary="About")
def info(request: HttpRequest) -> Document:
    return {
        "version": documents.HSDS_VERSION,
        "profile": "https://specs.openreferral.org/en/v3.0/",
        "openapi_url": request.build_absolute_uri("openapi.json"),
        "publisher": settings.WEGWEISER_OPENDATA_PUBLISHER,
        "license": settings.WEGWEISER_OPENDATA_LICENSE,
    }


def _services(
    search: str,
    taxonomy_term_id: UUID | None,
    taxonomy_id: UUID | None,
    organization_id: UUID | None,
    modified_after: dt.datetime | None,
) -> QuerySet[Offer]:
    offers = documents.published_offers()
    text = clean_text("search", search)
    if text:
        offers = offers.filter(pk__in=list(search_offers(text, language="de").ordered))
    if taxonomy_term_id is not None:
        found = documents.find_term(str(taxonomy_term_id))
        if found is None:
            raise BadParameter("taxonomy_term_id", "Unknown taxonomy term; see /taxonomy_terms.")
        offers = offers.filter(**_term_lookup(*found))
    if taxonomy_id is not None:
        taxonomy = documents.TAXONOMY_BY_ID.get(str(taxonomy_id))
        if taxonomy is None:
            raise BadParameter("taxonomy_id", "Unknown taxonomy; see /taxonomies.")
        offers = offers.filter(**_taxonomy_lookup(taxonomy)).distinct()
    if organization_id is not None:
        offers = offers.filter(provider__uuid=organization_id)
    moment = clean_moment("modified_after", modified_after)
    if moment is not None:
        offers = offers.filter(updated_at__gte=moment)
    return offers


# taxonomy → the offer's lookup of its values
_LOOKUPS = {
    "bereich": "area",
    "angebotsart": "kind",
    "altersgruppe": "age_groups",
    "geschlecht": "gender",
    "zielgruppe": "target_groups",
    "traegerart": "provider__provider_type",
    "netzwerk": "provider__networks",
}


def _term_lookup(item: Any, taxonomy: documents.Taxonomy) -> dict[str, Any]:
    return {_LOOKUPS[taxonomy.name]: item}


def _taxonomy_lookup(taxonomy: documents.Taxonomy) -> dict[str, Any]:
    return {f"{_LOOKUPS[taxonomy.name]}__isnull": False}


@api.get(
    "/services",
    response=responses(dict[str, Any]),
    operation_id="getPaginatedListOfServices",
    summary="Paginated services (one-to-one fields and their organization)",
)
def list_services(
    request: HttpRequest,
    search: str = Query("", max_length=MAX_TEXT, description="Full-text search (German)."),
    taxonomy_term_id: UUID | None = Query(None),
    taxonomy_id: UUID | None = Query(None),
    organization_id: UUID | None = Query(None),
    modified_after: dt.datetime | None = Query(None, description="ISO 8601 date and time."),
    page: int = Query(1, ge=1, le=MAX_PAGE),
    per_page: int = Query(50, ge=1, le=MAX_PER_PAGE),
) -> Document:
    offers = documents.with_details(
        _services(search, taxonomy_term_id, taxonomy_id, organization_id, modified_after)
    )

    def render(offer: Offer) -> Document:
        document = documents.service_document(offer)
        document["organization"] = documents.organization_document(offer.provider)
        return document

    return hsds_page(offers, page, per_page, render)


@api.get(
    "/services/{id}",
    response=responses(dict[str, Any], not_found=True),
    operation_id="getFullyNestedServiceById",
    summary="A fully nested service",
)
def get_service(request: HttpRequest, response: HttpResponse, id: UUID) -> Document:
    offer = documents.with_details(documents.published_offers()).filter(uuid=id).first()
    if offer is None:
        raise Http404
    set_last_modified(response, offer.updated_at)
    return documents.full_service(offer)


@api.get(
    "/organizations",
    response=responses(dict[str, Any]),
    operation_id="getPaginatedListOfOrganizations",
    summary="Paginated organizations (one-to-one fields)",
)
def list_organizations(
    request: HttpRequest,
    search: str = Query("", max_length=MAX_TEXT, description="Part of the name."),
    modified_after: dt.datetime | None = Query(None),
    page: int = Query(1, ge=1, le=MAX_PAGE),
    per_page: int = Query(50, ge=1, le=MAX_PER_PAGE),
) -> Document:
    providers = documents.published_providers()
    text = clean_text("search", search)
    if text:
        providers = providers.filter(name__icontains=text)
    moment = clean_moment("modified_after", modified_after)
    if moment is not None:
        providers = providers.filter(updated_at__gte=moment)
    return hsds_page(providers, page, per_page, documents.organization_document)


@api.get(
    "/organizations/{id}",
    response=responses(dict[str, Any], not_found=True),
    operation_id="getFullyNestedOrganizationById",
    summary="A fully nested organization with its services",
)
def get_organization(
    request: HttpRequest,
    response: HttpResponse,
    id: UUID,
) -> Document:
    provider = documents.published_providers().filter(uuid=id).first()
    if provider is None:
        raise Http404
    services = documents.with_details(documents.published_offers().filter(provider=provider))
    set_last_modified(response, provider.updated_at)
    return documents.full_organization(provider, services)


@api.get(
    "/service_at_locations",
    response=responses(dict[str, Any]),
    operation_id="getPaginatedListOfServiceAtLocations",
    summary="Paginated services at locations",
)
def list_service_at_locations(
    request: HttpRequest,
    search: str = Query("", max_length=MAX_TEXT),
    taxonomy_term_id: UUID | None = Query(None),
    taxonomy_id: UUID | None = Query(None),
    organization_id: UUID | None = Query(None),
    modified_after: dt.datetime | None = Query(None),
    page: int = Query(1, ge=1, le=MAX_PAGE),
    per_page: int = Query(50, ge=1, le=MAX_PER_PAGE),
) -> Document:
    offers = _services(search, taxonomy_term_id, taxonomy_id, organization_id, modified_after)
    links = (
        OfferLocation.objects.filter(offer__in=offers)
        .select_related("location")
        .prefetch_related(Prefetch("offer", documents.with_details(documents.published_offers())))
        .order_by("offer__title", "pk")
    )

    def render(link: OfferLocation) -> Document:
        document = documents.service_at_location_document(link, link.offer)
        document["service"] = documents.service_document(link.offer)
        return document

    return hsds_page(links, page, per_page, render)


@api.get(
    "/service_at_locations/{id}",
    response=responses(dict[str, Any], not_found=True),
    operation_id="getFullyNestedServiceAtLocationById",
    summary="A service at a location",
)
def get_service_at_location(request: HttpRequest, id: UUID) -> Document:
    link = (
        OfferLocation.objects.filter(uuid=id, offer__in=documents.published_offers())
        .select_related("location")
        .first()
    )
    if link is None:
        raise Http404
    offer = documents.with_details(documents.published_offers()).get(pk=link.offer_id)
    document = documents.service_at_location_document(link, offer)
    document["service"] = documents.full_service(offer)
    return document


@api.get(
    "/taxonomies",
    response=responses(dict[str, Any]),
    operation_id="getPaginatedListOfTaxonomies",
    summary="Paginated taxonomies",
)
def list_taxonomies(
    request: HttpRequest,
    search: str = Query("", max_length=MAX_TEXT),
    page: int = Query(1, ge=1, le=MAX_PAGE),
    per_page: int = Query(50, ge=1, le=MAX_PER_PAGE),
) -> Document:
    text = clean_text("search", search).casefold()
    chosen = [t for t in documents.TAXONOMIES if text in t.title.casefold()]
    return hsds_page(chosen, page, per_page, documents.taxonomy_document)


@api.get(
    "/taxonomies/{id}",
    response=responses(dict[str, Any], not_found=True),
    operation_id="getTaxonomyById",
    summary="A taxonomy",
)
def get_taxonomy(request: HttpRequest, id: UUID) -> Document:
    taxonomy = documents.TAXONOMY_BY_ID.get(str(id))
    if taxonomy is None:
        raise Http404
    return documents.taxonomy_document(taxonomy)


@api.get(
    "/taxonomy_terms",
    response=responses(dict[str, Any]),
    operation_id="getPaginatedListOfTaxonomyTerms",
    summary="Paginated taxonomy terms",
)
def list_taxonomy_terms(
    request: HttpRequest,
    search: str = Query("", max_length=MAX_TEXT),
    taxonomy_id: UUID | None = Query(None),
    page: int = Query(1, ge=1, le=MAX_PAGE),
    per_page: int = Query(50, ge=1, le=MAX_PER_PAGE),
) -> Document:
    taxonomy = None
    if taxonomy_id is not None:
        taxonomy = documents.TAXONOMY_BY_ID.get(str(taxonomy_id))
        if taxonomy is None:
            raise BadParameter("taxonomy_id", "Unknown taxonomy; see /taxonomies.")
    text = clean_text("search", search).casefold()
    terms = [
        (item, t)
        for item, t in documents.all_terms(taxonomy)
        if text in item.label.casefold() or text in item.code
    ]
    return hsds_page(terms, page, per_page, lambda pair: documents.term_document(*pair))


@api.get(
    "/taxonomy_terms/{id}",
    response=responses(dict[str, Any], not_found=True),
    operation_id="getTaxonomyTermById",
    summary="A taxonomy term",
)
def get_taxonomy_term(request: HttpRequest, id: UUID) -> Document:
    found = documents.find_term(str(id))
    if found is None or not found[0].active:
        raise Http404
    return documents.term_document(*found, nested=True)
