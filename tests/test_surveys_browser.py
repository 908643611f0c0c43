"""In Chromium: the questionnaire and the round's staff pages have no accessibility violations
(axe-core, WCAG 2.1 AA), work without JavaScript, and hostile text executes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.browser import axe_violations, submit
from tests.conftest import make_offer, make_provider
from tests.editorial_cast import build_cast
from tests.survey_cast import link, open_round
from wegweiser.directory.models import EditorialStatus, Offer
from wegweiser.editorial.models import Revision
from wegweiser.surveys import actions
from wegweiser.surveys.models import Answer

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

HOSTILE = '<script>window.__xss=1</script>"><img src=x onerror="window.__xss=1">'


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
    assert axe_violations(page) == [], url


@pytest.fixture
def world(kassel, landkreis) -> Any:
    cast = build_cast(kassel, landkreis)
    hostile = make_provider(f"Verein {HOSTILE}", "migrantenorganisation")
    make_offer(kassel, f"Angebot {HOSTILE}", provider=hostile, description=HOSTILE)
    survey_round = open_round(cast, kassel, message=f"Bitte antworten Sie. {HOSTILE}")
    return cast, survey_round, hostile


def test_the_questionnaire_is_accessible_and_works_without_javascript(
    browser, live_server, world
) -> None:
    cast, survey_round, _hostile = world
    context = browser.new_context(locale="de-DE", java_script_enabled=False)
    page = context.new_page()
    invitation = survey_round.invitations.get(provider=cast.caritas)
    base = f"{live_server.url}{link(invitation)}"
    page.goto(base)
    assert page.title().startswith("Befragung 2026")
    page.get_by_role("link", name="Sprachcafé").click()
    page.get_by_role("link", name="Etwas hat sich geändert").click()
    page.get_by_label("Titel").fill("Sprachcafé am Abend")
    page.get_by_role("button", name="Änderung vormerken").click()
    page.get_by_label("Anmerkung für die Redaktion (freiwillig)").fill("Neue Zeiten ab März.")
    submit(page, page.get_by_role("button", name="Jetzt absenden"))
    assert "Ihre Antworten sind am" in page.content()
    context.close()

    revision = Revision.objects.get(offer=cast.offer)
    assert revision.data == {"title": "Sprachcafé am Abend"}
    assert Offer.objects.get(pk=cast.offer.pk).status == EditorialStatus.PUBLISHED


def test_the_questionnaire_pages_have_no_accessibility_violations(page, live_server, world) -> None:
    cast, survey_round, hostile = world
    invitation = survey_round.invitations.get(provider=hostile)
    offer = Offer.objects.get(provider=hostile)
    actions.propose_new_offer(
        invitation,
        {"title": f"Neu {HOSTILE}", "kind": cast.offer.kind, "gender": cast.offer.gender},
    )
    base = f"{live_server.url}{link(invitation)}"
    for path in (
        "",
        f"angebote/{offer.uuid}/",
        f"angebote/{offer.uuid}/aendern/",
        f"angebote/{offer.uuid}/beenden/",
        "neu/",
        "absenden/",
    ):
        visit(page, base + path)
    actions.answer_offer(
        invitation, offer, Answer.Kind.CHANGED, values={"title": f"Neu {HOSTILE} 2"}
    )
    visit(page, base + f"angebote/{offer.uuid}/")  # with the diff of the proposed change
    visit(page, base + "absenden/")
    actions.submit(invitation)
    visit(page, base)  # the thank-you page
    response = page.goto(f"{live_server.url}/befragung/ungueltig/")
    assert response is not None and response.status == 403
    assert axe_violations(page) == []
    submit(page, page.get_by_role("button", name="English"))
    assert page.locator("html").get_attribute("lang") == "en"


def test_the_staff_pages_of_a_round_are_accessible(page, live_server, world) -> None:
    cast, survey_round, hostile = world
    invitation = survey_round.invitations.get(provider=hostile)
    actions.answer_offer(
        invitation, Offer.objects.get(provider=hostile), Answer.Kind.ENDED, note=HOSTILE
    )
    actions.submit(invitation, note=HOSTILE)
    sign_in(page, live_server, cast.city_editor)
    base = f"{live_server.url}/staff/befragungen"
    for path in (
        "/",
        "/neu/",
        f"/{survey_round.pk}/",
        f"/{survey_round.pk}/traeger/{invitation.pk}/",
        f"/{survey_round.pk}/abschliessen/",
    ):
        visit(page, base + path)
    submit(page, page.get_by_role("button", name="Jetzt abschließen"))
    assert "ist abgeschlossen" in page.content()
    visit(page, f"{base}/{survey_round.pk}/")
    visit(page, f"{base}/{survey_round.pk}/stand/")
