"""In Chromium: the report pages have no accessibility violations (axe-core, WCAG 2.1 AA), load
nothing from elsewhere and need no JavaScript."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache

from tests.browser import axe_violations
from tests.conftest import make_offer
from tests.editorial_cast import Cast, build_cast
from tests.test_editorial_browser import sign_in, visit
from wegweiser.directory.models import Language

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.fixture
def cast(kassel: Any, landkreis: Any) -> Cast:
    cache.clear()
    cast = build_cast(kassel, landkreis)
    make_offer(
        kassel,
        "<script>window.__xss=1</script> Arabisch",
        relations={"languages": [Language.objects.get(code="ar")]},
    )
    return cast


def test_the_report_pages_are_accessible(page: Any, live_server: Any, cast: Cast) -> None:
    sign_in(page, live_server, cast.city_editor)
    base = f"{live_server.url}/staff/berichte"
    for url in (
        f"{base}/",
        f"{base}/?rows=area&cols=language&region=stadt-kassel&compare=2024-01-01&f_gender=alle",
        f"{base}/?rows=area&cols=area",
        f"{base}/gemeinderat/",
        f"{base}/befragung-2008/",
        f"{base}/datenqualitaet/",
    ):
        response = page.goto(url)
        assert response is not None and response.status in (200, 400), url
        assert page.evaluate("window.__xss") is None, url
        assert axe_violations(page) == [], url
    assert page.foreign_requests == []


def test_the_cross_table_form_works_without_javascript(
    browser: Any, live_server: Any, cast: Cast
) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        sign_in(page, live_server, cast.statistics)
        page.goto(f"{live_server.url}/staff/berichte/")
        page.select_option("#id_rows", "language")
        page.get_by_role("button", name="Zählen").click()
        assert page.locator("table.counts caption").first.inner_text() == "Angebote nach Sprache"
        assert page.locator("svg[role=img]").count() == 1
    finally:
        context.close()


@pytest.mark.parametrize("language", ["de", "en", "ar"])
def test_the_public_statistics_page_is_accessible(
    page: Any, live_server: Any, cast: Cast, language: str
) -> None:
    visit(page, f"{live_server.url}/{language}/statistik/")
    assert page.locator("html").get_attribute("lang") == language
    assert axe_violations(page) == []
    assert page.foreign_requests == []
