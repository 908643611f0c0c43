"""The results page: facets with counts, combinable filters, sorting, paging, hostile input."""

from __future__ import annotations

import re

import pytest

from tests.browser import axe_violations, submit, transferred_bytes
from tests.conftest import make_offer
from wegweiser.directory.models import AgeGroup, District, Language, Offer

pytestmark = pytest.mark.django_db


def age(*codes: str) -> list[AgeGroup]:
    return list(AgeGroup.objects.filter(code__in=codes))


@pytest.fixture
def offers(kassel, landkreis) -> dict[str, Offer]:
    nord = District.objects.get(region=kassel, code="11")
    waldau = District.objects.get(region=kassel, code="18")
    return {
        "kurs": make_offer(
            kassel,
            "Deutschkurs für Frauen",
            area="sprachfoerderung",
            gender="frauen",
            cost="kostenlos",
            relations={"age_groups": age("erwachsene"), "districts": [nord]},
        ),
        "cafe": make_offer(
            kassel,
            "Sprachcafé",
            area="sprachfoerderung",
            citywide=True,
            relations={
                "age_groups": age("erwachsene", "senioren"),
                "languages": list(Language.objects.filter(code="ar")),
            },
        ),
        "sport": make_offer(
            kassel,
            "Fußball für Jugendliche",
            area="freizeit-sport",
            gender="maenner",
            barrier_free=True,
            relations={"age_groups": age("jugendliche"), "districts": [waldau]},
        ),
        "vellmar": make_offer(landkreis, "Frauentreff Vellmar", area="sonstiges", gender="frauen"),
    }


def result_titles(response) -> list[str]:
    return [offer.title for offer in response.context["offers"]]


def facet(response, name: str) -> dict[str, int]:
    return {value.code: value.count for value in response.context["result"].facets[name]}


def test_without_a_query_every_published_offer_is_listed_by_name(client, offers) -> None:
    response = client.get("/de/angebote/")
    assert response.status_code == 200
    assert result_titles(response) == sorted(result_titles(response), key=str.casefold)
    assert len(result_titles(response)) == 4


def test_facets_count_the_offers_of_each_value(client, offers) -> None:
    response = client.get("/de/angebote/")
    assert facet(response, "area") == {"sprachfoerderung": 2, "freizeit-sport": 1, "sonstiges": 1}
    assert facet(response, "age") == {"jugendliche": 1, "erwachsene": 2, "senioren": 1}
    # an offer for everyone counts for women and for men
    assert facet(response, "gender") == {"frauen": 3, "maenner": 2}
    assert facet(response, "language") == {"ar": 1}
    assert facet(response, "free") == {"1": 1}
    assert facet(response, "barrier_free") == {"1": 1}


def test_a_district_includes_the_citywide_offers_and_says_so(client, offers) -> None:
    response = client.get("/de/angebote/?region=stadt-kassel&district=11")
    assert set(result_titles(response)) == {"Deutschkurs für Frauen", "Sprachcafé"}
    counts = facet(response, "district")
    assert counts["11"] == 2  # its own offer and the city-wide one
    assert counts["18"] == 2
    assert "Mitgezählt: 1 Angebot für die ganze Stadt" in response.content.decode()


def test_filters_combine_and_counts_follow_the_other_filters(client, offers) -> None:
    response = client.get("/de/angebote/?area=sprachfoerderung&gender=frauen")
    assert set(result_titles(response)) == {"Deutschkurs für Frauen", "Sprachcafé"}
    # the area facet ignores its own filter but applies the gender filter
    assert facet(response, "area") == {"sprachfoerderung": 2, "sonstiges": 1}
    response = client.get("/de/angebote/?area=sprachfoerderung&area=freizeit-sport&age=jugendliche")
    assert result_titles(response) == ["Fußball für Jugendliche"]


def test_text_and_facets_combine(client, offers) -> None:
    response = client.get("/de/angebote/?q=Deutschkurs&free=1")
    assert result_titles(response) == ["Deutschkurs für Frauen"]
    response = client.get("/de/angebote/?q=Deutschkurs&barrier_free=1")
    assert result_titles(response) == []
    assert "Keine passenden Angebote" in response.content.decode()


def test_the_region_filter_keeps_to_one_region(client, offers) -> None:
    response = client.get("/de/angebote/?region=landkreis-kassel")
    assert result_titles(response) == ["Frauentreff Vellmar"]


def test_the_url_is_shareable_and_the_form_shows_the_active_filters(client, offers) -> None:
    page = client.get("/de/angebote/?q=Sprach&area=sprachfoerderung&sort=name").content.decode()
    assert 'value="Sprach"' in page
    assert re.search(r'name="area" value="sprachfoerderung" id="[^"]+" checked', page)
    assert re.search(r'<option value="name" selected>', page)


def test_pages_of_twenty(client, kassel) -> None:
    for number in range(45):
        make_offer(kassel, f"Kurs {number:02d}")
    first = client.get("/de/angebote/?sort=name")
    third = client.get("/de/angebote/?sort=name&page=3")
    assert len(result_titles(first)) == 20
    assert result_titles(third) == [f"Kurs {number}" for number in range(40, 45)]
    assert 'href="?sort=name&amp;page=2" rel="next"' in first.content.decode()
    # a page beyond the end shows the last page
    assert result_titles(client.get("/de/angebote/?sort=name&page=99")) == result_titles(third)


HOSTILE = [
    "?q=%3Cscript%3Ealert(1)%3C/script%3E",
    "?q=%22%27%3E%3Cimg%20src=x%20onerror=alert(1)%3E",
    "?q=" + "x" * 5000,
    "?q=Kurs%20OR%201=1--",
    "?q=%22Kurs*%20AND%20(",
    "?q=NEAR(a%20b)",
    "?area=%3Cscript%3E",
    "?area=gibt-es-nicht",
    "?region=%27%3B%20DROP%20TABLE",
    "?district=99",
    "?page=-1",
    "?page=abc",
    "?page=99999999999999999999",
    "?sort=%3Cb%3E",
    "?free=maybe",
    "?q=%00",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_input_gives_a_page_or_a_400_and_never_reflects_markup(
    client, offers, query
) -> None:
    response = client.get("/de/angebote/" + query)
    assert response.status_code in (200, 400)
    page = response.content.decode()
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert "<b>" not in page


def test_an_unknown_facet_value_is_a_400_that_says_which_parameter(client, offers) -> None:
    response = client.get("/de/angebote/?area=gibt-es-nicht")
    assert response.status_code == 400
    assert "Bereich" in response.content.decode()


@pytest.mark.browser
@pytest.mark.parametrize("language", ["de", "en", "ar"])
def test_results_with_filters_are_accessible_private_and_small(
    page, live_server, offers, language
) -> None:
    sizes: list[int] = []
    page.on(
        "response", lambda response: sizes.append(len(response.body())) if response.ok else None
    )
    page.goto(
        f"{live_server.url}/{language}/angebote/?q=Deutschkurs&area=sprachfoerderung&gender=frauen"
    )
    assert page.locator("h1").count() == 1
    assert axe_violations(page) == []
    assert page.foreign_requests == []
    assert page.failed_responses == []
    assert transferred_bytes(page) <= 150 * 1024


@pytest.mark.browser
def test_filters_work_by_keyboard_without_javascript(browser, live_server, offers) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/de/angebote/")
    page.check("#f-area-sprachfoerderung")
    submit(page, page.get_by_role("button", name="Filter anwenden"))
    assert "area=sprachfoerderung" in page.url
    assert page.locator(".result").count() == 2
    context.close()
