"""The consultation pages in a real browser: accessible in German, English and Arabic (axe-core),
nothing loaded from elsewhere, and a comment sent through the form."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from tests.browser import axe_violations, submit
from tests.concept_consultation_cast import open_consultation
from wegweiser.concept.models import Comment

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.mark.parametrize(("language", "direction"), [("de", "ltr"), ("en", "ltr"), ("ar", "rtl")])
def test_the_consultation_pages_are_accessible(
    page, live_server, kassel, language, direction
) -> None:
    world = open_consultation(kassel)
    base = f"{live_server.url}/{language}/integrationskonzept/stadt-kassel/beteiligung/"
    for url in (base, f"{base}ziele/{world.goal.pk}/", f"{base}danke/"):
        response = page.goto(url)
        assert response is not None and response.status == 200
        assert page.locator("html").get_attribute("dir") == direction
        assert axe_violations(page) == [], url
    # The form with its errors shown is accessible too.
    page.goto(f"{base}ziele/{world.goal.pk}/")
    page.fill("#id_email", "keine-adresse")
    submit(page, page.locator("form.public-form button[type=submit]"))
    assert page.locator(".form-errors").count() == 1
    assert axe_violations(page) == []
    assert page.foreign_requests == []
    assert page.failed_responses == []


def test_a_comment_is_sent_through_the_form(page, live_server, kassel) -> None:
    cache.clear()
    world = open_consultation(kassel)
    page.goto(
        f"{live_server.url}/de/integrationskonzept/stadt-kassel/beteiligung/ziele/{world.goal.pk}/"
    )
    assert not page.locator("#id_homepage").is_visible()  # the honeypot stays hidden
    page.fill("#id_message", "Bitte auch Kurse am Samstag.")
    page.fill("#id_name", "Jana")
    submit(page, page.get_by_role("button", name="Kommentar senden"))
    assert page.get_by_role("heading", level=1).inner_text() == "Danke für Ihren Kommentar"
    comment = Comment.objects.get(text="Bitte auch Kurse am Samstag.")
    assert (comment.goal_id, comment.name, comment.state) == (world.goal.pk, "Jana", "pending")
