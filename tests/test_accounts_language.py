"""Staff pages speak German, or English for those who chose it; the public site is not touched."""

from __future__ import annotations

import pytest

from tests.accounts_cast import person
from wegweiser.accounts.models import User

pytestmark = pytest.mark.django_db


def html_lang(response) -> str:
    html = response.content.decode()
    return html[html.index("<html lang=") + 12 : html.index("<html lang=") + 14]


def test_staff_pages_are_german_whatever_the_browser_asks_for(client, db) -> None:
    response = client.get("/staff/anmelden/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert html_lang(response) == "de"
    assert response["Content-Language"] == "de"


def test_the_switch_sets_a_cookie_before_the_login(client, db) -> None:
    response = client.post(
        "/staff/sprache/", {"language": "en", "next": "/staff/passwort-vergessen/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/staff/passwort-vergessen/"
    assert response.cookies["wegweiser_staff_language"].value == "en"
    assert html_lang(client.get("/staff/anmelden/")) == "en"
    assert "sessionid" not in client.cookies  # no session for that


def test_the_switch_keeps_the_choice_with_the_signed_in_user(client, db) -> None:
    user = person("a@example.org")
    client.force_login(user)

    client.post("/staff/sprache/", {"language": "en", "next": "/staff/konto/"})

    user.refresh_from_db()
    assert user.language == "en"
    client.cookies.clear()
    client.force_login(user)
    assert html_lang(client.get("/staff/")) == "en"


def test_the_users_choice_wins_over_the_cookie(client, db) -> None:
    client.force_login(person("a@example.org", language="de"))
    client.cookies["wegweiser_staff_language"] = "en"
    assert html_lang(client.get("/staff/")) == "de"


def test_the_admin_follows_the_choice_too(client, db) -> None:
    client.force_login(person("admin@example.org", superuser=True, language="en"))
    response = client.get("/admin/")
    assert html_lang(response) == "en"


def test_the_public_site_keeps_its_own_languages(client, reference) -> None:
    client.force_login(person("a@example.org", language="en"))
    assert html_lang(client.get("/de/traeger/")) == "de"
    assert html_lang(client.get("/tr/traeger/")) == "tr"


def test_an_unknown_language_or_a_foreign_target_is_ignored(client, db) -> None:
    user = person("a@example.org")
    client.force_login(user)
    response = client.post("/staff/sprache/", {"language": "tr", "next": "/staff/konto/"})
    assert response["Location"] == "/staff/"
    response = client.post("/staff/sprache/", {"language": "en", "next": "https://evil.example/"})
    assert response["Location"] == "/staff/"
    assert User.objects.get(pk=user.pk).language == "en"


def test_the_switch_needs_a_post(client, db) -> None:
    assert client.get("/staff/sprache/?language=en").status_code == 405
