"""In Chromium: the editorial staff pages and the public forms have no accessibility violations
(axe-core, WCAG 2.1 AA), and hostile text in every field executes nothing anywhere."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from tests.browser import axe_violations, submit
from tests.editorial_cast import Cast, build_cast
from wegweiser.directory.models import Location, OfferTranslation
from wegweiser.editorial import actions
from wegweiser.editorial.models import ChangeReport

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

# Each payload tries to set window.__xss; escaped output leaves it undefined.
PAYLOADS = [
    "<script>window.__xss=1</script>",
    '"><img src=x onerror="window.__xss=1">',
    "'><svg onload=window.__xss=1>",
    "javascript:window.__xss=1",
]
HOSTILE = " ".join(PAYLOADS)


def sign_in(page: Any, live_server: Any, user: Any) -> None:
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def visit(page: Any, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    assert page.evaluate("window.__xss") is None, url


@pytest.fixture
def cast(kassel, landkreis) -> Cast:
    cache.clear()
    return build_cast(kassel, landkreis)


def test_the_staff_pages_are_accessible(page, live_server, cast) -> None:
    first = cast.offer.history.get().history_id
    actions.save_offer(cast.offer, {"description": "Kaffee und Gespräche"}, actor=cast.city_editor)
    revision = actions.propose_revision(
        cast.offer, {"title": "Sprachcafé am Montag"}, actor=cast.caritas_editor, source="web"
    )
    report = actions.submit_change_report(
        kind="change", region=cast.kassel, offer=cast.offer, message="Neue Zeiten"
    )
    actions.submit_offer(cast.draft, actor=cast.caritas_editor)
    sign_in(page, live_server, cast.city_editor)
    base = f"{live_server.url}/staff/redaktion"
    offer = f"{base}/angebote/{cast.offer.uuid}"
    paths = [
        f"{base}/angebote/",
        f"{base}/angebote/neu/stadt-kassel/",
        f"{offer}/",
        f"{offer}/uebersetzung/ar/",
        f"{offer}/versionen/",
        f"{offer}/versionen/{first}/",
        f"{base}/angebote/{cast.draft.uuid}/ablehnen/",
        f"{base}/pruefung/",
        f"{base}/vorschlaege/{revision.pk}/",
        f"{base}/meldungen/{report.pk}/",
        f"{base}/traeger/",
        f"{base}/traeger/neu/",
        f"{base}/traeger/{cast.caritas.uuid}/",
        f"{base}/aktualitaet/",
        f"{base}/protokoll/",
    ]
    for url in paths:
        visit(page, url)
        assert page.locator("html").get_attribute("lang") == "de"
        assert axe_violations(page) == [], url
    assert page.foreign_requests == []
    assert page.failed_responses == []


def test_a_form_with_errors_and_a_conflict_is_accessible(page, live_server, cast) -> None:
    sign_in(page, live_server, cast.city_editor)
    page.goto(f"{live_server.url}/staff/redaktion/angebote/{cast.draft.uuid}/")
    actions.save_offer(cast.draft, {"schedule": "freitags"}, actor=cast.caritas_editor)
    page.fill("#id_title", "")
    submit(page, page.get_by_role("button", name="Speichern"))
    assert page.locator(".form-errors").count() == 1
    assert axe_violations(page) == []


def test_a_provider_editor_confirms_and_proposes_in_the_browser(page, live_server, cast) -> None:
    sign_in(page, live_server, cast.caritas_editor)
    page.goto(f"{live_server.url}/staff/redaktion/angebote/{cast.offer.uuid}/")
    assert axe_violations(page) == []
    submit(page, page.get_by_role("button", name="Angaben sind noch richtig"))
    assert "Danke!" in page.content()

    page.fill("#id_title", "Sprachcafé am Abend")
    submit(page, page.get_by_role("button", name="Als Vorschlag speichern"))
    assert "als Vorschlag gespeichert" in page.content()
    assert cast.offer.revisions.get().data == {"title": "Sprachcafé am Abend"}


@pytest.mark.parametrize(("language", "direction"), [("de", "ltr"), ("en", "ltr"), ("ar", "rtl")])
def test_the_public_forms_are_accessible(page, live_server, cast, language, direction) -> None:
    for path in (f"angebote/{cast.offer.uuid}/aenderung-melden/", "angebot-vorschlagen/"):
        visit(page, f"{live_server.url}/{language}/{path}")
        assert page.locator("html").get_attribute("dir") == direction
        assert axe_violations(page) == [], path
        # Sent empty: the errors are shown, and accessible too.
        submit(page, page.locator("form.public-form button[type=submit]"))
        assert page.locator(".form-errors").count() == 1
        assert axe_violations(page) == [], path
    page.fill("#id_message", "Neue Zeiten: donnerstags 15 Uhr")
    page.fill("#id_title", "Schachclub")
    submit(page, page.locator("form.public-form button[type=submit]"))
    assert page.url.endswith("/angebot-vorschlagen/danke/")
    assert axe_violations(page) == []
    assert page.foreign_requests == []
    assert page.failed_responses == []


@pytest.mark.parametrize("language", ["de", "ar"])
def test_a_change_is_reported_without_javascript(browser, live_server, cast, language) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/{language}/angebote/{cast.offer.uuid}/aenderung-melden/")
        page.fill("#id_message", "Neue Zeiten: donnerstags 15 Uhr")
        page.fill("#id_email", "leser@example.org")
        submit(page, page.locator("form.public-form button[type=submit]"))
        assert page.url.endswith("/aenderung-melden/danke/")
        report = ChangeReport.objects.get()
        assert (report.message, report.language) == ("Neue Zeiten: donnerstags 15 Uhr", language)
        assert "sessionid" not in {cookie["name"] for cookie in context.cookies()}
    finally:
        context.close()


def test_hostile_text_in_every_field_executes_nothing(page, live_server, cast) -> None:
    location = Location.objects.create(region=cast.kassel, name=HOSTILE, street=HOSTILE)
    actions.save_offer(
        cast.offer,
        {
            "title": f"Sprachcafé {HOSTILE}",
            "description": HOSTILE,
            "schedule": HOSTILE,
            "cost_note": HOSTILE,
            "hours_note": HOSTILE,
            "funding_programme": HOSTILE,
            "contact_name": HOSTILE,
            "contact_phone": HOSTILE[:50],
            "locations": [location],
        },
        actor=cast.city_editor,
    )
    OfferTranslation.objects.create(offer=cast.offer, language="ar", title=HOSTILE)
    revision = actions.propose_revision(
        cast.offer, {"description": f"{HOSTILE} neu"}, actor=cast.caritas_editor, source="web"
    )
    report = actions.submit_change_report(
        kind="suggestion", region=cast.kassel, title=HOSTILE, provider_name=HOSTILE, message=HOSTILE
    )
    first = cast.offer.history.order_by("history_id").first().history_id
    sign_in(page, live_server, cast.city_editor)
    base = f"{live_server.url}/staff/redaktion"
    for url in (
        f"{base}/angebote/",
        f"{base}/angebote/{cast.offer.uuid}/",
        f"{base}/angebote/{cast.offer.uuid}/uebersetzung/ar/",
        f"{base}/angebote/{cast.offer.uuid}/versionen/",
        f"{base}/angebote/{cast.offer.uuid}/versionen/{first}/",
        f"{base}/vorschlaege/{revision.pk}/",
        f"{base}/meldungen/{report.pk}/",
        f"{base}/pruefung/",
        f"{base}/protokoll/",
        f"{live_server.url}/de/angebote/{cast.offer.uuid}/",
        f"{live_server.url}/ar/angebote/{cast.offer.uuid}/",
        f"{live_server.url}/de/angebote/{cast.offer.uuid}/aenderung-melden/",
    ):
        visit(page, url)
    assert page.failed_responses == []
    assert page.foreign_requests == []
