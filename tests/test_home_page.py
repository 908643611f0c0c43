"""The home page: search, the areas with live counts, the map of each region, what is new."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.browser import axe_violations
from tests.conftest import make_offer
from tests.test_map import district, map_links
from wegweiser.directory.models import EditorialStatus, Offer

pytestmark = pytest.mark.django_db


def area_tiles(html: str) -> dict[str, tuple[str, str]]:
    """Area label → (link, count text) of each tile."""
    found = re.findall(
        r'<a href="([^"]+)"><span class="area-name">([^<]+)</span>\s*'
        r'<span class="area-count">([^<]+)</span>',
        html,
    )
    return {name: (href.replace("&amp;", "&"), count) for href, name, count in found}


def recent_titles(html: str) -> list[str]:
    start = html.index('<ul class="recent-offers">')
    recent = html[start : html.index("</ul>", start)]
    return re.findall(r'<a href="/de/angebote/[0-9a-f-]+/">([^<]+)</a>', recent)


def test_it_counts_only_published_offers_per_region(client, kassel, landkreis) -> None:
    make_offer(kassel, "Sprachcafé")
    make_offer(kassel, "Elterncafé", status=EditorialStatus.DRAFT)
    make_offer(kassel, "Altes Projekt", status=EditorialStatus.ARCHIVED)
    make_offer(landkreis, "Frauentreff")
    make_offer(landkreis, "Bewerbungstraining")

    response = client.get("/de/")

    assert response.status_code == 200
    text = response.content.decode()
    page = " ".join(text.split())
    assert "Stadt Kassel</span>: 1 veröffentlichtes Angebot</h3>" in page
    assert "Landkreis Kassel</span>: 2 veröffentlichte Angebote</h3>" in page


def test_the_english_page_is_served_under_en(client, kassel) -> None:
    make_offer(kassel)
    response = client.get("/en/")
    assert response.status_code == 200
    assert '<html lang="en" dir="ltr">' in response.content.decode()


def test_it_has_a_labelled_search_field_that_sends_q_to_the_results(client, kassel) -> None:
    html = client.get("/de/").content.decode()

    assert '<form class="home-search" role="search" method="get" action="/de/angebote/">' in html
    assert '<label for="home-search-q">Angebot suchen</label>' in html
    assert '<input id="home-search-q" type="search" name="q"' in html


def test_the_area_tiles_count_published_offers_of_every_region(client, kassel, landkreis) -> None:
    make_offer(kassel, "Deutschkurs", area="sprachfoerderung")
    make_offer(kassel, "Sprachcafé", area="sprachfoerderung")
    make_offer(landkreis, "Deutsch im Landkreis", area="sprachfoerderung")
    make_offer(kassel, "Hausaufgabenhilfe", area="bildung")
    make_offer(kassel, "Entwurf", area="bildung", status=EditorialStatus.DRAFT)
    make_offer(kassel, "Archiviert", area="bildung", status=EditorialStatus.ARCHIVED)

    tiles = area_tiles(client.get("/de/").content.decode())

    assert len(tiles) == 9
    assert tiles["Sprachförderung"] == ("/de/angebote/?area=sprachfoerderung", "3 Angebote")
    assert tiles["Bildung"] == ("/de/angebote/?area=bildung", "1 Angebot")
    assert tiles["Kultur"] == ("/de/angebote/?area=kultur", "0 Angebote")


def test_the_area_tiles_speak_the_reader_s_language(client, kassel) -> None:
    tiles = area_tiles(client.get("/en/").content.decode())

    assert tiles["Language support"][0] == "/en/angebote/?area=sprachfoerderung"


def test_it_shows_the_map_of_the_city_and_the_table_of_the_county(
    client, kassel, landkreis
) -> None:
    make_offer(kassel, relations={"districts": [district(kassel, "11")]})

    html = client.get("/de/").content.decode()

    assert html.count('<svg class="district-map"') == 1
    assert len(map_links(html)) == 23
    assert "Angebote je Stadtteil bzw. Gemeinde, Landkreis Kassel</caption>" in html
    assert '<a href="/de/stadtteile/landkreis-kassel/06633026/">Vellmar</a>' in html


def test_it_lists_the_ten_offers_most_recently_added_or_verified(client, kassel) -> None:
    start = timezone.now() - timedelta(days=30)
    for number in range(11):
        offer = make_offer(kassel, f"Angebot {number:02d}")
        Offer.objects.filter(pk=offer.pk).update(created_at=start + timedelta(days=number))
    old = make_offer(kassel, "Alt, frisch geprüft", verified_at=start + timedelta(days=20))
    Offer.objects.filter(pk=old.pk).update(created_at=start - timedelta(days=300))
    make_offer(kassel, "Neuer Entwurf", status=EditorialStatus.DRAFT)

    html = client.get("/de/").content.decode()

    assert recent_titles(html) == ["Alt, frisch geprüft"] + [
        f"Angebot {number:02d}" for number in range(10, 1, -1)
    ]
    assert "geprüft am" in html
    assert "aufgenommen am" in html


def test_the_home_page_needs_few_queries_however_many_offers(
    client, kassel, landkreis, django_assert_max_num_queries
) -> None:
    for number in range(12):
        make_offer(kassel, f"Angebot {number}", relations={"districts": [district(kassel, "01")]})
        make_offer(landkreis, f"Kreisweit {number}", citywide=True)

    with django_assert_max_num_queries(7):
        assert client.get("/de/").status_code == 200


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
    make_offer(kassel, "Im Stadtteil", relations={"districts": [district(kassel, "11")]})
    page.goto(f"{live_server.url}{prefix}/")
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator("html").get_attribute("dir") == direction
    assert page.locator("h1").count() == 1
    assert page.locator("svg.district-map a").count() == 23
    assert axe_violations(page) == []
    assert page.foreign_requests == []
    assert page.failed_responses == []
    box = page.locator(".skip-link").bounding_box()
    width = page.viewport_size["width"]
    assert box["x"] + box["width"] <= 0 or box["x"] >= width, "the stylesheet hides the skip link"
