"""The staff login and pages in Chromium: accessible (axe-core), keyboard-ready, nothing foreign."""

from __future__ import annotations

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts_cast import PASSWORD, make_cast
from tests.browser import axe_violations, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _brute_force_protection_on(settings):
    settings.AXES_ENABLED = True


def assert_clean(page, language: str) -> None:
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("h1").count() == 1
    assert axe_violations(page) == []
    assert page.foreign_requests == []


def sign_in(page, live_server, email: str, password: str = PASSWORD) -> None:
    page.goto(f"{live_server.url}/staff/anmelden/")
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort", exact=True).fill(password)
    submit(page, page.get_by_role("button", name="Anmelden"))


def test_the_login_page_is_accessible_in_german_and_in_english(page, live_server) -> None:
    page.goto(f"{live_server.url}/staff/anmelden/")
    assert_clean(page, "de")

    # The e-mail field has the focus at once; the keyboard moves on with a visible focus.
    assert page.evaluate("document.activeElement.name") == "username"
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => ({name: document.activeElement.name,"
        " outline: getComputedStyle(document.activeElement).outlineStyle})"
    )
    assert focused == {"name": "password", "outline": "solid"}

    page.get_by_role("button", name="English").click()
    page.wait_for_url(f"{live_server.url}/staff/anmelden/")
    assert_clean(page, "en")


def test_a_wrong_password_and_the_lockout_are_accessible(
    page, live_server, kassel, landkreis
) -> None:
    make_cast(kassel, landkreis)
    sign_in(page, live_server, "redaktion@kassel.example", "falsch-falsch-1")
    assert page.get_by_role("alert").count() == 1
    assert_clean(page, "de")
    for _ in range(4):
        sign_in(page, live_server, "redaktion@kassel.example", "falsch-falsch-1")
    assert page.locator("h1").inner_text() == "Anmeldung vorübergehend gesperrt"
    assert_clean(page, "de")


def test_a_city_editor_signs_in_and_works_through_accessible_pages(
    page, live_server, kassel, landkreis
) -> None:
    make_cast(kassel, landkreis)
    sign_in(page, live_server, "redaktion@kassel.example")
    page.wait_for_url(f"{live_server.url}/staff/")
    assert_clean(page, "de")

    for path in [
        "/staff/regionen/stadt-kassel/mitglieder/",
        "/staff/regionen/stadt-kassel/einladen/",
        "/staff/konto/",
        "/staff/konto/passwort/",
        "/staff/konto/zwei-faktor/",
    ]:
        page.goto(f"{live_server.url}{path}")
        assert_clean(page, "de")

    page.goto(f"{live_server.url}/staff/regionen/stadt-kassel/einladen/")
    page.get_by_label("E-Mail-Adresse").fill("neu@beirat.example")
    page.get_by_label("Beobachtung").check()
    page.get_by_role("button", name="Einladung senden").click()
    page.wait_for_url(f"{live_server.url}/staff/regionen/stadt-kassel/mitglieder/")
    assert page.get_by_text("Die Einladung an neu@beirat.example ist verschickt.").is_visible()
    assert_clean(page, "de")

    page.get_by_role("button", name="Abmelden").click()
    page.wait_for_url(f"{live_server.url}/staff/anmelden/")
    assert page.get_by_text("Sie sind abgemeldet.").is_visible()


def test_the_second_factor_pages_are_accessible(page, live_server, kassel, landkreis) -> None:
    cast = make_cast(kassel, landkreis)
    TOTPDevice.objects.create(user=cast.observer, name="Wegweiser", confirmed=True)
    sign_in(page, live_server, "beirat@kassel.example")
    page.wait_for_url(f"{live_server.url}/staff/anmelden/code/")
    assert_clean(page, "de")
