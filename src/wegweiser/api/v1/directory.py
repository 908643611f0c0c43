"""Providers, vocabularies, regions and districts (with their GeoJSON)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import Prefetch, Q
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
    geodata_attribution,
    page_of,
    public_url,
    responses,
)
from wegweiser.api.v1.schemas import (
    District,
    DistrictCollection,
    ProviderPage,
    Region,
    Vocabulary,
)
from wegweiser.api.v1.schemas import Provider as ProviderOut
from wegweiser.directory import services
from wegweiser.directory.models import (
    AgeGroup,
    Area,
    Gender,
    Language,
    Network,
    Offer,
    OfferKind,
    Provider,
    ProviderTranslation,
    ProviderType,
    TargetGroup,
)
from wegweiser.directory.models import Region as RegionModel

router = Router(tags=["directory"])

# Vocabulary name (the offers' filter parameter where there is one) → model.
VOCABULARIES: dict[str, Any] = {
    "area": Area,
    "age": AgeGroup,
    "gender": Gender,
    "target": TargetGroup,
    "language": Language,
    "provider_type": ProviderType,
    "kind": OfferKind,
    "network": Network,
}


def _providers(language: str) -> Any:
    return (
        Provider.objects.published()
        .select_related("provider_type")
        .prefetch_related(
            "networks",
            Prefetch("offers", Offer.objects.published().only("uuid", "provider_id")),
            Prefetch("translations", ProviderTranslation.objects.filter(language=language)),
        )
        .order_by("name", "pk")
    )


def provider_data(request: HttpRequest, provider: Provider, language: str) -> dict[str, Any]:
    return {
        "id": provider.uuid,
        "url": public_url(request, "public:provider", language, uuid=provider.uuid),
        "language": language,
        "name": provider.name,
        "short_name": provider.short_name,
        "provider_type": {
            "code": provider.provider_type.code,
            "label": provider.provider_type.label_in(language),
        },
        "description": provider.translated("description", language),
        "website": provider.website,
        "email": provider.email,
        "phone": provider.phone,
        "street": provider.street,
        "postcode": provider.postcode,
        "city": provider.city,
        "networks": [
            {"code": n.code, "label": n.label_in(language)} for n in provider.networks.all()
        ],
        "offers": [offer.uuid for offer in provider.offers.all()],
        "updated_at": provider.updated_at,
    }


@router.get(
    "/providers",
    response=responses(ProviderPage),
    operation_id="listProviders",
    summary="The published providers",
)
def list_providers(
    request: HttpRequest,
    q: str = Query("", max_length=MAX_TEXT, description="Part of the name."),
    provider_type: list[str] = Query([], description="Provider type codes."),
    page: int = Query(1, ge=1, le=MAX_PAGE),
    page_size: int = Query(20, ge=1, le=MAX_PAGE_SIZE),
    lang: Lang = Query("de"),
) -> dict[str, Any]:
    text = clean_text("q", q)
    providers = _providers(lang)
    if text:
        providers = providers.filter(Q(name__icontains=text) | Q(short_name__icontains=text))
    if provider_type:
        codes = ProviderType.objects.values_list("code", flat=True)
        providers = providers.filter(
            provider_type__code__in=check_codes("provider_type", provider_type, list(codes))
        )
    items, numbers = page_of(providers, page, page_size)
    return {**numbers, "results": [provider_data(request, p, lang) for p in items]}


@router.get(
    "/providers/{provider_id}",
    response=responses(ProviderOut, not_found=True),
    operation_id="getProvider",
    summary="One published provider",
)
def get_provider(
    request: HttpRequest, response: HttpResponse, provider_id: UUID, lang: Lang = Query("de")
) -> dict[str, Any]:
    provider = _providers(lang).filter(uuid=provider_id).first()
    if provider is None:
        raise Http404
    set_last_modified(response, provider.updated_at)
    return provider_data(request, provider, lang)


def _vocabulary(name: str, language: str) -> dict[str, Any]:
    model = VOCABULARIES[name]
    return {
        "name": name,
        "label": str(model._meta.verbose_name_plural),
        "values": [
            {"code": item.code, "label": item.label_in(language)}
            for item in model.objects.active().order_by("order", "code")
        ],
    }


@router.get(
    "/vocabularies",
    response=responses(list[Vocabulary]),
    operation_id="listVocabularies",
    summary="Every vocabulary with its active values",
)
def list_vocabularies(request: HttpRequest, lang: Lang = Query("de")) -> list[dict[str, Any]]:
    from django.utils import translation

    with translation.override(lang):
        return [_vocabulary(name, lang) for name in VOCABULARIES]


@router.get(
    "/vocabularies/{name}",
    response=responses(Vocabulary, not_found=True),
    operation_id="getVocabulary",
    summary="One vocabulary with its active values",
)
def get_vocabulary(request: HttpRequest, name: str, lang: Lang = Query("de")) -> dict[str, Any]:
    from django.utils import translation

    if name not in VOCABULARIES:
        raise Http404
    with translation.override(lang):
        return _vocabulary(name, lang)


@router.get(
    "/regions",
    response=responses(list[Region]),
    operation_id="listRegions",
    summary="The regions (municipalities) of this installation",
)
def list_regions(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {"id": r.uuid, "slug": r.slug, "name": r.name, "ags": r.ags}
        for r in RegionModel.objects.order_by("order", "name")
    ]


def _regions(region: str) -> list[RegionModel]:
    regions = list(RegionModel.objects.order_by("order", "name"))
    if not region:
        return regions
    chosen = [r for r in regions if r.slug == region]
    if not chosen:
        raise BadParameter("region", f"Unknown region: {region}. See /api/v1/regions.")
    return chosen


@router.get(
    "/districts",
    response=responses(list[District]),
    operation_id="listDistricts",
    summary="The districts with their number of published offers",
)
def list_districts(
    request: HttpRequest, region: str = Query("", description="Slug of a region.")
) -> list[dict[str, Any]]:
    regions = _regions(region)
    slugs = {r.pk: r.slug for r in regions}
    return [
        {
            "id": district.uuid,
            "region": slugs[district.region_id],
            "code": district.code,
            "name": district.name,
            "population": district.population,
            "published_offers": count,
        }
        for district, count in services.districts_with_offer_counts(regions)
    ]


@router.get(
    "/districts/geojson",
    response=responses(DistrictCollection),
    operation_id="getDistrictsGeoJSON",
    summary="The districts as a GeoJSON FeatureCollection",
)
def districts_geojson(
    request: HttpRequest, region: str = Query("", description="Slug of a region.")
) -> dict[str, Any]:
    regions = _regions(region)
    slugs = {r.pk: r.slug for r in regions}
    features = [
        {
            "type": "Feature",
            "id": str(district.uuid),
            "geometry": district.geometry,
            "properties": {
                "region": slugs[district.region_id],
                "code": district.code,
                "name": district.name,
                "population": district.population,
                "published_offers": count,
            },
        }
        for district, count in services.districts_with_offer_counts(regions)
    ]
    return {
        "type": "FeatureCollection",
        "attribution": geodata_attribution(),
        "features": features,
    }
