"""The page of one published offer."""

from __future__ import annotations

from urllib.parse import urlencode
from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from wegweiser.directory.models import Location, Offer, TranslationState
from wegweiser.editorial.freshness import stale_since


@require_safe
def offer_detail(request: HttpRequest, uuid: UUID) -> HttpResponse:
    offer = get_object_or_404(
        Offer.objects.published().with_relations().prefetch_related("locations__district"),
        uuid=uuid,
    )
    language = (get_language() or "de").split("-")[0]
    return render(
        request,
        "public/offer.html",
        {
            "offer": offer,
            "locations": [(location, map_link(location)) for location in offer.locations.all()],
            "translation_outdated": language != "de"
            and offer.translation_state(language) == TranslationState.OUTDATED,
            "stale_since": stale_since(offer),
        },
    )


def map_link(location: Location) -> str:
    """A link that opens the location in OpenStreetMap: only a link, nothing is embedded."""
    address = ", ".join(
        part for part in (location.street, f"{location.postcode} {location.city}".strip()) if part
    )
    if address:
        return "https://www.openstreetmap.org/search?" + urlencode({"query": address})
    if location.latitude is not None and location.longitude is not None:
        return "https://www.openstreetmap.org/?" + urlencode(
            {"mlat": location.latitude, "mlon": location.longitude, "zoom": 17}
        )
    return ""
