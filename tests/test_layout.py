"""The layout of every public page: navigation, language switch, footer, accessibility, privacy."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.browser import axe_violations
from tests.conftest import make_offer, make_provider
from wegweiser.directory.models import Location

pytestmark = pytest.mark.django_db

STATIC_PAGES = ["barrierefreiheit", "impressum", "datenschutz", "feedback"]


@pytest.fixture
def offer(kassel):
    location = Location.objects.create(
        region=kassel,
        name="Rathaus",
        street="Obere Königsstraße 8",
        postcode="34117",
        city="Kassel",
    )
    provider = make_provider("Caritasverband Nordhessen-Kassel e. V.", "wohlfahrtsverband")
    return make_offer(
        kassel,
        "Sprachcafé",
        provider=provider,
        description="Deutsch sprechen bei Kaffee und Kuchen.",
        website="https://example.org/sprachcafe",
        registration_required=False,
        relations={"locations": [location]},
    )


def paths(offer) -> list[str]:
    """Every page this layout serves (without the language prefix)."""
    return [
        f"angebote/{offer.uuid}/",
        f"angebote/{offer.uuid}/aenderung-melden/",
        "traeger/",
        f"traeger/{offer.provider.uuid}/",
        *(f"{page}/" for page in STATIC_PAGES),
    ]


def language_link(html: str, language: str) -> str:
    found = re.search(rf'<a href="([^"]*)" lang="{language}" hreflang="{language}"', html)
    assert found is not None, f"no link to {language}"
    return found.group(1).replace("&amp;", "&")


def test_the_language_switch_keeps_the_page(client, reference) -> None:
    html = client.get("/de/traeger/").content.decode()

    assert language_link(html, "en") == "/en/traeger/"
    assert language_link(html, "ar") == "/ar/traeger/"
    assert '<a href="/de/traeger/" lang="de" hreflang="de" aria-current="true">' in html
    response = client.get(language_link(html, "en"))
    assert response.status_code == 200
    assert '<html lang="en" dir="ltr">' in response.content.decode()


def test_the_language_switch_keeps_the_query_and_the_offer(client, offer) -> None:
    providers = client.get("/de/traeger/?type=wohlfahrtsverband").content.decode()
    offer_page = client.get(f"/en/angebote/{offer.uuid}/").content.decode()

    assert language_link(providers, "uk") == "/uk/traeger/?type=wohlfahrtsverband"
    assert language_link(offer_page, "ar") == f"/ar/angebote/{offer.uuid}/"


def test_every_page_has_the_navigation_and_the_footer(client, offer) -> None:
    for path in ["", *paths(offer)]:
        html = client.get(f"/en/{path}").content.decode()
        for target in [
            "/en/angebote/",
            "/en/traeger/",
            "/en/stadtteile/stadt-kassel/",
            "/en/merkliste/",
            "/en/barrierefreiheit/",
            "/en/impressum/",
            "/en/datenschutz/",
            "/en/feedback/",
        ]:
            assert f'href="{target}"' in html, f"/en/{path} lacks a link to {target}"
        assert '<a class="skip-link" href="#main">' in html
        assert '<main id="main">' in html


def test_the_navigation_marks_the_current_section(client, reference) -> None:
    html = client.get("/de/traeger/").content.decode()

    assert '<a href="/de/traeger/" aria-current="page">' in html


def test_reading_pages_set_no_cookie(client, offer) -> None:
    """Only a form needs a cookie (its CSRF token); the language lives in the address.

    The offer page has one (its "Zur Merkliste" button); the privacy notice says so.
    """
    for path in [
        "traeger/",
        f"traeger/{offer.provider.uuid}/",
        *(f"{p}/" for p in STATIC_PAGES),
    ]:
        response = client.get(f"/de/{path}")
        assert response.status_code == 200
        assert not response.cookies, f"/de/{path} sets {list(response.cookies)}"


@pytest.mark.parametrize(
    "query", ['?next="><script>alert(1)</script>', "?q=" + "<b>" * 2000, "?language=xx"]
)
def test_hostile_parameters_are_never_reflected_as_markup(client, offer, query) -> None:
    for path in paths(offer):
        response = client.get(f"/de/{path}{query}")
        assert response.status_code == 200, path
        html = response.content.decode()
        assert "<script" not in html and "<b>" not in html, path


def test_the_stylesheet_stays_small() -> None:
    """The home page may weigh 150 KB with everything; the shared stylesheet takes a sliver."""
    from django.contrib.staticfiles import finders

    found = finders.find("wegweiser/css/site.css")
    assert isinstance(found, str)
    assert Path(found).stat().st_size < 8_000


@pytest.mark.browser
@pytest.mark.parametrize(("prefix", "direction"), [("de", "ltr"), ("en", "ltr"), ("ar", "rtl")])
def test_every_page_is_accessible_private_and_keyboard_ready(
    page, live_server, offer, prefix, direction
) -> None:
    for path in paths(offer):
        page.goto(f"{live_server.url}/{prefix}/{path}")
        assert page.locator("html").get_attribute("lang") == prefix
        assert page.locator("html").get_attribute("dir") == direction
        assert page.locator("h1").count() == 1, path
        assert axe_violations(page) == [], path

        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => {
                const element = document.activeElement;
                const style = getComputedStyle(element);
                const box = element.getBoundingClientRect();
                return {
                    skipLink: element.classList.contains("skip-link"),
                    outline: style.outlineStyle,
                    outlineWidth: parseFloat(style.outlineWidth),
                    onScreen: box.left >= 0 && box.right <= innerWidth && box.top >= 0,
                };
            }"""
        )
        assert focused == {
            "skipLink": True,
            "outline": "solid",
            "outlineWidth": 3,
            "onScreen": True,
        }, path
    assert page.foreign_requests == []
    assert page.failed_responses == []


@pytest.mark.browser
def test_the_language_switch_works_in_the_browser(page, live_server, reference) -> None:
    page.goto(f"{live_server.url}/de/traeger/")
    page.get_by_role("link", name="English").click()
    page.wait_for_url(f"{live_server.url}/en/traeger/")
    assert page.locator("html").get_attribute("lang") == "en"


@pytest.mark.browser
def test_an_offer_prints_without_navigation_and_with_its_link_targets(
    page, live_server, offer
) -> None:
    page.goto(f"{live_server.url}/de/angebote/{offer.uuid}/")
    page.emulate_media(media="print")

    for hidden in [".site-nav", ".language-switch", ".site-footer", ".actions"]:
        assert not page.locator(hidden).is_visible(), hidden
    after = page.locator('a[href="https://example.org/sprachcafe"]').evaluate(
        "link => getComputedStyle(link, '::after').content"
    )
    assert after == '" (https://example.org/sprachcafe)"'
