"""The home page placeholder: regions with their published offers, accessible, private."""

from __future__ import annotations

import pytest

from tests.browser import axe_violations
from tests.conftest import make_offer
from wegweiser.directory.models import EditorialStatus

pytestmark = pytest.mark.django_db


def test_it_counts_only_published_offers_per_region(client, kassel, landkreis) -> None:
    make_offer(kassel, "Sprachcafé")
    make_offer(kassel, "Elterncafé", status=EditorialStatus.DRAFT)
    make_offer(kassel, "Altes Projekt", status=EditorialStatus.ARCHIVED)
    make_offer(landkreis, "Frauentreff")
    make_offer(landkreis, "Bewerbungstraining")

    response = client.get("/de/")

    assert response.status_code == 200
    text = response.content.decode()
    assert "Stadt Kassel</span>:\n      1 veröffentlichtes Angebot" in text
    assert "Landkreis Kassel</span>:\n      2 veröffentlichte Angebote" in text


def test_the_english_page_is_served_under_en(client, kassel) -> None:
    make_offer(kassel)
    response = client.get("/en/")
    assert response.status_code == 200
    assert '<html lang="en" dir="ltr">' in response.content.decode()


@pytest.mark.browser
@pytest.mark.parametrize(
    ("prefix", "lang", "direction"),
    [("/de", "de", "ltr"), ("/en", "en", "ltr"), ("/ar", "ar", "rtl")],
)
def test_the_home_page_has_no_accessibility_violations_and_no_foreign_requests(
    page,
    live_server,
    kassel,
    prefix,
    lang,
    direction,
) -> None:
    make_offer(kassel)
    page.goto(f"{live_server.url}{prefix}/")
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator("html").get_attribute("dir") == direction
    assert page.locator("h1").count() == 1
    assert axe_violations(page) == []
    assert page.foreign_requests == []
    assert page.failed_responses == []
    box = page.locator(".skip-link").bounding_box()
    width = page.viewport_size["width"]
    assert box["x"] + box["width"] <= 0 or box["x"] >= width, "the stylesheet hides the skip link"
