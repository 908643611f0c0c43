"""District pages: a region's districts with the map, and a district with its offers."""

from __future__ import annotations

import re

import pytest

from tests.browser import axe_violations
from tests.conftest import make_offer
from tests.test_map import district, map_links, table_rows
from wegweiser.directory.models import EditorialStatus
from wegweiser.public.links import search_url
from wegweiser.public.views import districts as district_views

pytestmark = pytest.mark.django_db

MITTE = "/de/stadtteile/stadt-kassel/01/"


def listed_titles(html: str) -> list[str]:
    start = html.index('<ul class="district-offers">')
    offers = html[start : html.index("</ul>", start)]
    return re.findall(r'<a href="/de/angebote/[0-9a-f-]+/">([^<]+)</a>', offers)


def test_the_region_page_lists_every_district_with_its_count(client, kassel) -> None:
    make_offer(kassel, relations={"districts": [district(kassel, "11")]})

    response = client.get("/de/stadtteile/stadt-kassel/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Stadt Kassel</h1>" in html
    rows = table_rows(html)
    assert len(rows) == 23
    assert rows["Nord (Holland)"] == 1
    assert len(map_links(html)) == 23


def test_a_district_page_lists_its_own_and_the_region_wide_published_offers(
    client, kassel, landkreis
) -> None:
    mitte, wesertor = district(kassel, "01"), district(kassel, "14")
    make_offer(kassel, "Sprachcafé Mitte", relations={"districts": [mitte]})
    make_offer(kassel, "Für Mitte und Wesertor", relations={"districts": [mitte, wesertor]})
    make_offer(kassel, "Stadtweite Beratung", citywide=True)
    make_offer(kassel, "Nur Wesertor", relations={"districts": [wesertor]})
    make_offer(
        kassel, "Entwurf Mitte", status=EditorialStatus.DRAFT, relations={"districts": [mitte]}
    )
    make_offer(kassel, "Archiviert stadtweit", status=EditorialStatus.ARCHIVED, citywide=True)
    make_offer(landkreis, "Kreisweit", citywide=True)

    html = client.get(MITTE).content.decode()

    assert "<h1>Mitte</h1>" in html
    assert listed_titles(html) == [
        "Für Mitte und Wesertor",
        "Sprachcafé Mitte",
        "Stadtweite Beratung",
    ]
    assert html.count("für die ganze Region</strong>") == 1
    assert html.index("für die ganze Region</strong>") > html.index("Stadtweite Beratung")


def test_a_district_page_links_to_the_search_for_that_district(client, kassel) -> None:
    html = client.get(MITTE).content.decode()

    url = search_url(region="stadt-kassel", district="01").replace("&", "&amp;")
    assert f'href="{url}"' in html


def test_a_district_page_highlights_the_district_on_the_map_and_in_the_table(
    client, kassel
) -> None:
    html = client.get(MITTE).content.decode()

    on_map = re.findall(
        r'<a href="([^"]+)" class="district-shape current" aria-current="page">', html
    )
    in_table = re.findall(r'<th scope="row"><a href="([^"]+)" aria-current="page">', html)
    assert on_map == in_table == [MITTE]
    assert map_links(html)[-1].href == MITTE, "drawn last, so no neighbour hides its outline"


def test_a_county_municipality_has_a_page_without_a_map(client, landkreis) -> None:
    make_offer(
        landkreis, "Frauentreff Vellmar", relations={"districts": [district(landkreis, "06633026")]}
    )

    html = client.get("/de/stadtteile/landkreis-kassel/06633026/").content.decode()

    assert listed_titles(html) == ["Frauentreff Vellmar"]
    assert '<svg class="district-map"' not in html
    assert table_rows(html) == {"Vellmar": 1}


@pytest.mark.parametrize(
    "url",
    [
        "/de/stadtteile/gibt-es-nicht/",
        "/de/stadtteile/gibt-es-nicht/01/",
        "/de/stadtteile/stadt-kassel/99/",
        "/de/stadtteile/stadt-kassel/00/",
        "/de/stadtteile/stadt-kassel/06633026/",
        "/de/stadtteile/landkreis-kassel/01/",
    ],
)
def test_unknown_regions_and_districts_are_not_found(client, kassel, landkreis, url) -> None:
    assert client.get(url).status_code == 404


def test_long_lists_are_paginated(client, kassel, monkeypatch) -> None:
    monkeypatch.setattr(district_views, "OFFERS_PER_PAGE", 2)
    for title in ("A", "B", "C"):
        make_offer(kassel, title, relations={"districts": [district(kassel, "01")]})

    first = client.get(MITTE).content.decode()
    second = client.get(MITTE, {"page": "2"}).content.decode()
    hostile = client.get(MITTE, {"page": "<script>"})

    assert listed_titles(first) == ["A", "B"]
    assert '<h2 id="offers-heading">3 Angebote</h2>' in first
    assert listed_titles(second) == ["C"]
    assert hostile.status_code == 200
    assert "<script>" not in hostile.content.decode()


@pytest.mark.parametrize(
    "query", ['?page="><script>alert(1)</script>', "?page=" + "<b>" * 2000, "?page=-1"]
)
def test_hostile_parameters_give_a_normal_page_that_sets_no_cookie(
    client, kassel, landkreis, query
) -> None:
    for path in ["/de/", "/de/stadtteile/stadt-kassel/", MITTE]:
        response = client.get(f"{path}{query}")
        assert response.status_code == 200, path
        html = response.content.decode()
        assert "<script" not in html and "<b>" not in html, path
        assert not response.cookies, path


def test_a_district_page_needs_few_queries(client, kassel, django_assert_max_num_queries) -> None:
    for number in range(5):
        make_offer(kassel, f"Angebot {number}", relations={"districts": [district(kassel, "01")]})
        make_offer(kassel, f"Stadtweit {number}", citywide=True)

    with django_assert_max_num_queries(7):
        assert client.get(MITTE).status_code == 200


@pytest.mark.browser
@pytest.mark.parametrize(("prefix", "direction"), [("/de", "ltr"), ("/en", "ltr"), ("/ar", "rtl")])
def test_a_district_page_is_accessible_mirrored_in_rtl_and_private(
    page, live_server, kassel, prefix, direction
) -> None:
    make_offer(kassel, relations={"districts": [district(kassel, "01")]})
    make_offer(kassel, "Stadtweit", citywide=True)

    page.goto(f"{live_server.url}{prefix}/stadtteile/stadt-kassel/01/")

    assert page.locator("html").get_attribute("dir") == direction
    assert page.locator("svg.district-map a").count() == 23
    assert axe_violations(page) == []
    assert page.foreign_requests == []
    assert page.failed_responses == []
    figure = page.locator(".district-map-figure").bounding_box()
    table = page.locator(".district-table").bounding_box()
    assert (figure["x"] < table["x"]) == (direction == "ltr"), "the table sits after the map"


@pytest.mark.browser
def test_the_districts_on_the_map_are_reachable_by_keyboard_with_visible_focus(
    page, live_server, kassel
) -> None:
    page.goto(f"{live_server.url}/de/stadtteile/stadt-kassel/")
    first = page.locator("svg.district-map a").first
    path = first.locator("path")
    before = path.evaluate("element => getComputedStyle(element).fill")

    for _ in range(50):
        page.keyboard.press("Tab")
        if first.evaluate("element => element === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached the first district on the map")

    assert path.evaluate("element => getComputedStyle(element).fill") != before
    assert path.evaluate("element => getComputedStyle(element).strokeWidth") == "3px"
