"""District pages: a region's districts with the map, and one district with its offers."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from wegweiser.directory import services
from wegweiser.directory.models import District, Region
from wegweiser.public.links import search_url
from wegweiser.public.map import RegionMap, region_map

OFFERS_PER_PAGE = 50


def district_list(request: HttpRequest, region: str) -> HttpResponse:
    the_region = get_object_or_404(Region, slug=region)
    return render(
        request,
        "public/districts.html",
        {
            "region": the_region,
            "map": _map(the_region, services.districts_with_offer_counts([the_region])),
        },
    )


def district_detail(request: HttpRequest, region: str, code: str) -> HttpResponse:
    the_region = get_object_or_404(Region, slug=region)
    districts = services.districts_with_offer_counts([the_region])
    district = _find(districts, code)
    offers = Paginator(services.published_offers_serving(district), OFFERS_PER_PAGE)
    return render(
        request,
        "public/district.html",
        {
            "region": the_region,
            "district": district,
            "page": offers.get_page(request.GET.get("page")),
            "map": _map(the_region, districts, current=district),
            "search_url": search_url(region=the_region.slug, district=district.code),
        },
    )


def _find(districts: list[tuple[District, int]], code: str) -> District:
    for district, _count in districts:
        if district.code == code:
            return district
    raise Http404


def _map(
    region: Region, districts: list[tuple[District, int]], current: District | None = None
) -> RegionMap:
    citywide = services.citywide_offer_counts().get(region.pk, 0)
    return region_map(region, districts, citywide, current=current)
