"""The home page: search, the areas with their counts, the map of each region, what is new."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from wegweiser.directory import services
from wegweiser.public.links import search_url
from wegweiser.public.map import region_maps

RECENT_OFFERS = 10


def home(request: HttpRequest) -> HttpResponse:
    regions = list(services.regions_with_published_offer_counts())
    maps = region_maps(
        regions,
        services.districts_with_offer_counts(regions),
        services.citywide_offer_counts(),
    )
    return render(
        request,
        "public/home.html",
        {
            "areas": [
                (area, search_url(area=area.code))
                for area in services.areas_with_published_offer_counts()
            ],
            "regions": regions,
            "region_maps": maps,
            "recent_offers": services.recently_added_or_verified_offers(RECENT_OFFERS),
        },
    )
