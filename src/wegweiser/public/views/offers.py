"""The page of one published offer, and the page for reporting a change to it."""

from __future__ import annotations

from urllib.parse import quote, urlencode
from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_safe

from wegweiser.directory.models import Location, Offer, TranslationState
from wegweiser.editorial.freshness import stale_since
from wegweiser.public.views.pages import operator


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


@require_safe
def report_change(request: HttpRequest, uuid: UUID) -> HttpResponse:
    offer = get_object_or_404(Offer.objects.published().prefetch_related("translations"), uuid=uuid)
    details = operator()
    mail_link = ""
    if details.email:
        subject = gettext("Änderung melden: %(title)s") % {"title": offer.title}
        body = request.build_absolute_uri(reverse("public:offer", kwargs={"uuid": offer.uuid}))
        mail_link = f"mailto:{details.email}?subject={quote(subject)}&body={quote(body)}"
    return render(request, "public/report_change.html", {"offer": offer, "mail_link": mail_link})


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
