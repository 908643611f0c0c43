"""In Chromium: the report pages have no accessibility violations (axe-core, WCAG 2.1 AA), load
nothing from elsewhere and need no JavaScript."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache

from tests.browser import axe_violations, submit
from tests.conftest import make_offer
from tests.editorial_cast import Cast, build_cast
from tests.survey_cast import open_round
from tests.test_editorial_browser import sign_in, visit
from wegweiser.directory.models import Area, Language, Offer
from wegweiser.surveys import actions as survey_actions

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
        submit(page, page.get_by_role("button", name="Zählen"))
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


def test_a_city_editor_counts_filters_downloads_and_compares_two_rounds(
    page: Any, live_server: Any, cast: Cast
) -> None:
    """The way a city editor works: rows and columns, a filter, the table and its chart, the CSV
    download, then two closed survey rounds side by side."""
    first = survey_actions.close_round(
        open_round(cast, cast.kassel, title="Befragung 2024"), actor=cast.city_editor
    )
    moved = Offer.objects.get(title="Frauentreff")
    moved.area = Area.objects.get(code="kultur")
    moved.save()
    survey_actions.close_round(
        open_round(cast, cast.kassel, title="Befragung 2025"), actor=cast.city_editor
    )
    sign_in(page, live_server, cast.city_editor)
    visit(page, f"{live_server.url}/staff/")
    submit(page, page.get_by_role("link", name="Auswertungen"))

    page.select_option("#id_rows", "area")
    page.select_option("#id_cols", "language")
    page.locator("summary", has_text="Geschlecht").click()
    page.get_by_label("Mädchen / Frauen").check()
    submit(page, page.get_by_role("button", name="Zählen"))

    assert page.locator("table.counts caption").first.inner_text() == (
        "Angebote nach Bereich und Sprache"
    )
    assert page.locator("svg[role=img] title").first.text_content() == (
        "Angebote nach Bereich und Sprache"
    )
    assert page.locator("p.filters").inner_text() == "Filter: Geschlecht: Mädchen / Frauen"
    with page.expect_download() as download:
        page.get_by_role("link", name="Herunterladen als CSV").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert text.startswith("Bereich / Sprache;Arabisch;ohne Angabe;")
    assert "Filter: Geschlecht: Mädchen / Frauen" in text

    page.select_option("#id_round", label="Befragung 2025 (abgeschlossen am " + _today() + ")")
    page.select_option("#id_compare_round", str(first.pk))
    page.locator("#id_cols").select_option("")
    page.get_by_label("Mädchen / Frauen").uncheck()
    submit(page, page.get_by_role("button", name="Zählen"))

    comparison = page.locator("table.counts").first
    assert comparison.locator("caption").inner_text().startswith("Vergleich: Befragung 2024")
    kultur = comparison.locator("tr", has=page.locator("th", has_text="Kultur"))
    assert kultur.locator("td").all_inner_texts() == ["0", "1", "+1"]
    assert axe_violations(page) == []
    assert page.foreign_requests == []


def _today() -> str:
    from wegweiser.reports.sources import today

    return today().strftime("%d.%m.%Y")


def test_the_council_report_is_one_click_from_the_dashboard(
    page: Any, live_server: Any, cast: Cast
) -> None:
    sign_in(page, live_server, cast.observer)
    visit(page, f"{live_server.url}/staff/")
    submit(page, page.get_by_role("link", name="Bericht: Integrationsangebote"))

    assert page.locator("h1").inner_text() == "Bericht: Integrationsangebote"
    assert page.locator("table.counts").count() == 30
    for name, start in (
        ("Herunterladen als PDF", b"%PDF"),
        ("Herunterladen als XLSX (eine Tabelle je Blatt)", b"PK"),
    ):
        with page.expect_download() as download:
            page.get_by_role("link", name=name).click()
        assert Path(download.value.path()).read_bytes().startswith(start)
        assert download.value.suggested_filename.startswith(
            "bericht-integrationsangebote-stadt-kassel-"
        )
    assert page.foreign_requests == []
