"""The district map: server-rendered SVG, a choropleth of district offers, a table beside it."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from django.conf import settings

from tests.conftest import make_offer
from wegweiser.directory.models import District, EditorialStatus, Region
from wegweiser.public.map import Projection, bands_for, polygons, svg_path

pytestmark = pytest.mark.django_db

KASSEL_PAGE = "/de/stadtteile/stadt-kassel/"


@dataclass(frozen=True)
class MapLink:
    href: str
    title: str
    band: int


def map_links(html: str) -> list[MapLink]:
    """The links of the map in ``html``, in drawing order."""
    start = html.index('<svg class="district-map"')
    svg = html[start : html.index("</svg>", start)]
    found = re.findall(
        r'<a href="([^"]+)"[^>]*>\s*<title>([^<]+)</title>\s*'
        r'<path d="[^"]+" fill="url\(#[\w-]+-band-(\d)\)"',
        svg,
    )
    return [MapLink(href, title, int(band)) for href, title, band in found]


def table_rows(html: str) -> dict[str, int]:
    """District name → number of offers, as the table beside the map says."""
    start = html.index('<table class="district-table"')
    table = html[start : html.index("</table>", start)]
    found = re.findall(
        r'<th scope="row"><a href="[^"]+"[^>]*>([^<]+)</a></th>\s*<td>(\d+)</td>', table
    )
    return {name: int(count) for name, count in found}


def district(region: Region, code: str) -> District:
    return District.objects.get(region=region, code=code)


def offers_for(region: Region, code: str, count: int) -> None:
    for number in range(count):
        make_offer(
            region, f"Angebot {code}-{number}", relations={"districts": [district(region, code)]}
        )


def test_the_map_has_one_link_per_district_with_geometry(client, kassel) -> None:
    html = client.get(KASSEL_PAGE).content.decode()

    links = map_links(html)

    assert len(links) == 23
    assert {link.href for link in links} == {
        f"/de/stadtteile/stadt-kassel/{number:02d}/" for number in range(1, 24)
    }
    assert 'aria-labelledby="map-stadt-kassel-caption"' in html
    assert '<figcaption id="map-stadt-kassel-caption">' in html


def test_each_district_is_coloured_by_its_number_of_published_offers(client, kassel) -> None:
    offers_for(kassel, "01", 4)
    offers_for(kassel, "02", 3)
    offers_for(kassel, "11", 2)
    offers_for(kassel, "14", 1)
    make_offer(
        kassel,
        "Entwurf",
        status=EditorialStatus.DRAFT,
        relations={"districts": [district(kassel, "14")]},
    )

    html = client.get(KASSEL_PAGE).content.decode()

    bands = {link.href.split("/")[-2]: link.band for link in map_links(html)}
    assert (bands["01"], bands["02"], bands["11"], bands["14"], bands["23"]) == (4, 3, 2, 1, 0)
    titles = {link.href.split("/")[-2]: link.title for link in map_links(html)}
    assert titles["01"] == "Mitte: 4 Angebote"
    assert titles["14"] == "Wesertor: 1 Angebot"


def test_an_offer_for_two_districts_counts_in_both(client, kassel) -> None:
    make_offer(kassel, relations={"districts": [district(kassel, "01"), district(kassel, "02")]})

    rows = table_rows(client.get(KASSEL_PAGE).content.decode())

    assert rows["Mitte"] == 1
    assert rows["Südstadt"] == 1
    assert sum(rows.values()) == 2


def test_the_table_says_what_the_map_shows(client, kassel) -> None:
    offers_for(kassel, "01", 2)
    offers_for(kassel, "20", 1)

    html = client.get(KASSEL_PAGE).content.decode()

    rows = table_rows(html)
    assert len(rows) == 23
    assert rows["Mitte"] == 2
    assert rows["Oberzwehren"] == 1
    for link in map_links(html):
        match = re.fullmatch(r"(.+): (\d+) Angebote?", link.title)
        assert match, link.title
        assert rows[match[1]] == int(match[2])


def test_region_wide_offers_are_counted_beside_the_map_not_on_it(client, kassel, landkreis) -> None:
    offers_for(kassel, "01", 1)
    make_offer(kassel, "Stadtweit 1", citywide=True)
    make_offer(kassel, "Stadtweit 2", citywide=True)
    make_offer(landkreis, "Kreisweit", citywide=True)
    make_offer(kassel, "Stadtweiter Entwurf", citywide=True, status=EditorialStatus.DRAFT)

    html = client.get(KASSEL_PAGE).content.decode()

    assert sum(table_rows(html).values()) == 1
    assert "Dazu kommen 2 Angebote für die ganze Region." in html


def test_the_geodata_are_attributed_under_the_map(client, kassel) -> None:
    html = client.get(KASSEL_PAGE).content.decode()

    attribution = settings.WEGWEISER_GEODATA_ATTRIBUTION
    assert attribution == "Stadt Kassel, Vermessung und Geoinformation, dl-de/by-2-0"
    assert html.index(attribution) > html.index("</svg>", html.index('<svg class="district-map"'))


def test_a_region_without_geometry_gets_the_table_only(client, landkreis) -> None:
    make_offer(landkreis, relations={"districts": [district(landkreis, "06633026")]})

    html = client.get("/de/stadtteile/landkreis-kassel/").content.decode()

    assert '<svg class="district-map"' not in html
    assert settings.WEGWEISER_GEODATA_ATTRIBUTION not in html
    assert table_rows(html) == {"Vellmar": 1}


def test_the_map_uses_a_hatching_per_class_not_colour_alone(client, kassel) -> None:
    html = client.get(KASSEL_PAGE).content.decode()

    patterns = re.findall(r'<pattern id="map-stadt-kassel-band-(\d)"(.*?)</pattern>', html, re.S)
    assert [band for band, _body in patterns] == ["0", "1", "2", "3", "4"]
    shapes = {re.sub(r'(fill|stroke)="#\w+"', "", body) for _band, body in patterns}
    assert len(shapes) == 5, "each class has its own hatching even without its colour"


def test_the_classes_split_the_counts_into_whole_number_steps() -> None:
    assert [band.label for band in bands_for(0)] == ["0", "1", "2", "3", "4"]
    assert [band.label for band in bands_for(4)] == ["0", "1", "2", "3", "4"]
    assert [band.label for band in bands_for(8)] == ["0", "1–2", "3–4", "5–6", "7–8"]
    assert [band.label for band in bands_for(17)] == ["0", "1–5", "6–10", "11–15", "16–20"]


def test_the_projection_shrinks_longitude_by_the_cosine_of_the_latitude() -> None:
    square = polygons(
        {
            "type": "Polygon",
            "coordinates": [[[0, 60.5], [1, 60.5], [1, 59.5], [0, 59.5], [0, 60.5]]],
        }
    )

    projection = Projection.fitting([square])

    # 1° of longitude at 60° N is half as long as 1° of latitude: the square is twice as tall.
    assert svg_path(square, projection) == "M10 10l980 0 0 1960 -980 0z"
    assert projection.height == 1980


def test_a_multipolygon_becomes_one_path_with_a_subpath_per_ring() -> None:
    ring = [[9.4, 51.3], [9.5, 51.3], [9.5, 51.2], [9.4, 51.3]]
    shifted = [[lon + 0.2, lat] for lon, lat in ring]
    shape = polygons({"type": "MultiPolygon", "coordinates": [[ring], [shifted]]})

    path = svg_path(shape, Projection.fitting([shape]))

    assert path.count("M") == 2
    assert path.count("z") == 2


@pytest.mark.parametrize(
    "geometry",
    [
        None,
        "Polygon",
        {"type": "Point", "coordinates": [9.5, 51.3]},
        {"type": "Polygon", "coordinates": [["kaputt"]]},
        {"type": "MultiPolygon"},
        {"type": "Polygon", "coordinates": [[]]},
        {"type": "Polygon", "coordinates": [[[9.5, "NaN"], [9.6, 51.3], [9.5, 51.2]]]},
    ],
)
def test_a_broken_geometry_leaves_the_district_off_the_map(geometry: object) -> None:
    assert polygons(geometry) == []


def test_a_district_with_broken_geometry_stays_in_the_table(client, kassel) -> None:
    District.objects.filter(region=kassel, code="01").update(geometry={"type": "Polygon"})

    html = client.get(KASSEL_PAGE).content.decode()

    assert len(map_links(html)) == 22
    assert "Mitte" in table_rows(html)
