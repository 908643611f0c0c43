"""In Chromium: the monitoring pages have no accessibility violations (axe-core, WCAG 2.1 AA) in
German, English and Arabic (right to left), load nothing from elsewhere and work without
JavaScript."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser import axe_violations, submit
from tests.monitoring_published import publish
from tests.test_editorial_browser import sign_in
from wegweiser.accounts.models import Membership, Role, User
from wegweiser.directory.models import Region

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.fixture(scope="module")
def register_dir(tmp_path_factory: Any) -> Path:
    return tmp_path_factory.mktemp("register")


@pytest.fixture
def published(kassel: Region, register_dir: Path) -> Region:
    publish(kassel, register_dir)
    return kassel


@pytest.mark.parametrize("language", ["de", "en", "ar"])
def test_the_public_monitoring_pages_are_accessible(
    page: Any, live_server: Any, published: Region, language: str
) -> None:
    base = f"{live_server.url}/{language}/monitoring/stadt-kassel/"
    for url in (
        base,
        f"{base}?indikator=mh_anteil_u6&stichtag=2023-12-31",
        f"{base}?indikator=ew",
        f"{base}?indikator=kein_indikator",
        f"{base}zeitreihe/?indikator=mh_anteil&gebiet=14",
        f"{base}stadtteil/14/",
        f"{base}stadtteil/00/",
    ):
        response = page.goto(url)
        assert response is not None and response.status in (200, 400), url
        assert axe_violations(page) == [], url
        direction = page.evaluate("document.documentElement.dir")
        assert direction == ("rtl" if language == "ar" else "ltr")
    assert page.foreign_requests == []
    assert page.failed_responses == [f"400 {base}?indikator=kein_indikator"]


def test_the_dashboard_works_without_javascript(
    browser: Any, live_server: Any, published: Region
) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/de/")
        submit(page, page.get_by_role("link", name="Integrationsmonitoring"))
        page.select_option("#id_indikator", "auslaender_anteil")
        page.select_option("#id_stichtag", "2023-12-31")
        submit(page, page.get_by_role("button", name="Anzeigen"))
        heading = page.locator("#indicator-heading").inner_text()
        assert heading == "Anteil Ausländerinnen und Ausländer, 31.12.2023"
        # a district of the map leads to its profile
        submit(page, page.locator("svg.district-map a").first)
        assert page.locator("h1").inner_text().startswith("Stadtteilprofil: ")
        submit(page, page.get_by_role("link", name="Zeitreihen"))
        page.select_option("#id_gebiet", "14")
        submit(page, page.get_by_role("button", name="Anzeigen"))
        assert "14 Wesertor" in page.locator("#chart-heading").inner_text()
    finally:
        context.close()


def test_the_staff_monitoring_pages_are_accessible(
    page: Any, live_server: Any, published: Region
) -> None:
    user = User.objects.create_user(email="statistik@example.org", password="lang-genug-42!x")
    Membership.objects.create(user=user, region=published, role=Role.STATISTICS)
    sign_in(page, live_server, user)
    for url in ("/staff/monitoring/", "/staff/monitoring/stadt-kassel/2024-12-31/"):
        response = page.goto(f"{live_server.url}{url}")
        assert response is not None and response.status == 200, url
        assert axe_violations(page) == [], url
    assert page.foreign_requests == []
