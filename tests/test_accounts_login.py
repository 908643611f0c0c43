"""Staff login and logout, and the brute-force protection in front of every login."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from tests.accounts_cast import PASSWORD, person
from wegweiser.accounts.models import Membership, Role

pytestmark = pytest.mark.django_db

LOGIN = "/staff/anmelden/"
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _brute_force_protection_on(settings):
    # The test settings switch django-axes off for client.login(); here it is what we test.
    settings.AXES_ENABLED = True


def signed_in_email(client) -> str | None:
    response = client.get(reverse("accounts:dashboard"))
    if response.status_code != 200:
        return None
    return response.wsgi_request.user.email


def attempt(client, email: str, password: str, **extra):
    return client.post(LOGIN, {"username": email, "password": password}, **extra)


# --- Login and logout ------------------------------------------------------------------------


def test_it_shows_the_login_page_in_german(client, db) -> None:
    response = client.get(LOGIN)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="de"' in html
    assert "E-Mail-Adresse" in html and "Passwort vergessen?" in html


def test_it_signs_a_staff_member_in_and_opens_the_dashboard(client, kassel) -> None:
    person("redaktion@kassel.example", region=kassel, role=Role.CITY_EDITOR)

    response = attempt(client, "Redaktion@Kassel.example", PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:dashboard")
    assert signed_in_email(client) == "redaktion@kassel.example"


def test_it_follows_a_safe_next_address_and_ignores_a_foreign_one(client, db) -> None:
    person("a@example.org")
    response = client.post(
        LOGIN, {"username": "a@example.org", "password": PASSWORD, "next": "/staff/konto/"}
    )
    assert response["Location"] == "/staff/konto/"
    client.post(reverse("accounts:logout"))

    response = client.post(
        LOGIN,
        {"username": "a@example.org", "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("accounts:dashboard")


def test_a_wrong_password_is_refused_with_a_clear_message(client, db) -> None:
    person("a@example.org")
    response = attempt(client, "a@example.org", "falsch-falsch-1")
    assert response.status_code == 200
    html = response.content.decode()
    assert "E-Mail-Adresse oder Passwort ist falsch." in html
    assert 'value="a@example.org"' in html  # what the user typed stays
    assert signed_in_email(client) is None


def test_a_deactivated_account_cannot_sign_in(client, db) -> None:
    person("weg@example.org", is_active=False)
    response = attempt(client, "weg@example.org", PASSWORD)
    assert response.status_code == 200
    assert signed_in_email(client) is None


def test_logout_is_a_post_and_ends_the_session(client, db) -> None:
    person("a@example.org")
    attempt(client, "a@example.org", PASSWORD)

    assert client.get(reverse("accounts:logout")).status_code == 405
    assert signed_in_email(client) == "a@example.org"

    response = client.post(reverse("accounts:logout"), follow=True)
    assert response.redirect_chain[0] == (LOGIN, 302)
    assert "Sie sind abgemeldet." in response.content.decode()
    assert signed_in_email(client) is None


def test_staff_pages_send_anonymous_visitors_to_the_login(client, db) -> None:
    response = client.get("/staff/konto/")
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next=/staff/konto/"


def test_staff_pages_are_never_cached(client, db) -> None:
    response = client.get(LOGIN)
    assert "no-store" in response["Cache-Control"]


# --- Brute-force protection --------------------------------------------------------------------


def test_five_failures_lock_the_address_for_fifteen_minutes_then_it_works(client, db) -> None:
    person("redaktion@kassel.example")
    with time_machine.travel(START, tick=False) as traveller:
        for _ in range(4):
            assert attempt(client, "redaktion@kassel.example", "falsch-falsch-1").status_code == 200

        fifth = attempt(client, "redaktion@kassel.example", "falsch-falsch-1")
        assert fifth.status_code == 429
        html = fifth.content.decode()
        assert "Anmeldung vorübergehend gesperrt" in html
        assert "für 15 Minuten gesperrt" in html
        assert "Sie können sich ab 10:15 wieder anmelden." in html  # Europe/Berlin

        # Even the right password does not get in during the cool-off …
        traveller.shift(dt.timedelta(minutes=14, seconds=59))
        assert attempt(client, "redaktion@kassel.example", PASSWORD).status_code == 429
        assert signed_in_email(client) is None

        # … and after it, the right password works.
        traveller.shift(dt.timedelta(seconds=2))
        response = attempt(client, "redaktion@kassel.example", PASSWORD)
        assert response.status_code == 302
        assert signed_in_email(client) == "redaktion@kassel.example"


def test_failures_during_a_lockout_do_not_extend_it(client, db) -> None:
    person("a@example.org")
    with time_machine.travel(START, tick=False) as traveller:
        for _ in range(5):
            attempt(client, "a@example.org", "falsch-falsch-1")
        for _ in range(14):
            traveller.shift(dt.timedelta(minutes=1))
            assert attempt(client, "a@example.org", "falsch-falsch-1").status_code == 429
        traveller.shift(dt.timedelta(minutes=1, seconds=1))
        assert attempt(client, "a@example.org", PASSWORD).status_code == 302


def test_a_lockout_does_not_reach_the_user_from_another_address(client, db) -> None:
    person("a@example.org")
    for _ in range(5):
        attempt(client, "a@example.org", "falsch-falsch-1", REMOTE_ADDR="203.0.113.7")
    assert attempt(client, "a@example.org", PASSWORD, REMOTE_ADDR="203.0.113.7").status_code == 429

    response = attempt(client, "a@example.org", PASSWORD, REMOTE_ADDR="198.51.100.20")
    assert response.status_code == 302


def test_a_lockout_does_not_reach_other_users_at_the_same_address(client, db) -> None:
    person("a@example.org")
    person("b@example.org")
    for _ in range(5):
        attempt(client, "a@example.org", "falsch-falsch-1")
    assert attempt(client, "b@example.org", PASSWORD).status_code == 302


def test_the_case_of_the_address_does_not_buy_more_attempts(client, db) -> None:
    person("a@example.org")
    for spelling in [
        "a@example.org",
        "A@example.org",
        "a@EXAMPLE.org",
        " a@example.org",
        "A@Example.Org",
    ]:
        attempt(client, spelling, "falsch-falsch-1")
    assert attempt(client, "a@example.org", PASSWORD).status_code == 429


def test_a_successful_login_forgets_earlier_failures(client, db) -> None:
    person("a@example.org")
    for _ in range(4):
        attempt(client, "a@example.org", "falsch-falsch-1")
    assert attempt(client, "a@example.org", PASSWORD).status_code == 302
    client.post(reverse("accounts:logout"))
    for _ in range(4):
        assert attempt(client, "a@example.org", "falsch-falsch-1").status_code == 200
    assert attempt(client, "a@example.org", PASSWORD).status_code == 302


def test_administrators_are_protected_the_same_way_and_enter_the_admin_after(client, db) -> None:
    person("admin@example.org", superuser=True)
    with time_machine.travel(START, tick=False) as traveller:
        for _ in range(5):
            client.post(
                f"{LOGIN}?next=/admin/",
                {"username": "admin@example.org", "password": "falsch-falsch-1"},
            )
        assert attempt(client, "admin@example.org", PASSWORD).status_code == 429
        assert client.get("/admin/").status_code == 302
        traveller.shift(dt.timedelta(minutes=16))
        response = client.post(
            LOGIN, {"username": "admin@example.org", "password": PASSWORD, "next": "/admin/"}
        )
        assert response["Location"] == "/admin/"
        assert client.get("/admin/").status_code == 200


def test_the_lockout_page_speaks_english_to_who_chose_it(client, db) -> None:
    person("a@example.org")
    client.cookies["wegweiser_staff_language"] = "en"
    for _ in range(5):
        response = attempt(client, "a@example.org", "falsch-falsch-1")
    assert response.status_code == 429
    html = response.content.decode()
    assert '<html lang="en"' in html
    assert "Sign-in temporarily locked" in html


def test_behind_a_proxy_the_forwarded_address_counts(client, db, settings) -> None:
    settings.WEGWEISER_PROXY_COUNT = 1
    person("a@example.org")
    for _ in range(5):
        attempt(
            client,
            "a@example.org",
            "falsch-falsch-1",
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7",
        )
    # The address the client made up (left) is ignored; the one the proxy saw is locked …
    locked = attempt(
        client,
        "a@example.org",
        PASSWORD,
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.7",
    )
    assert locked.status_code == 429
    # … and someone else behind the same proxy is not.
    other = attempt(
        client,
        "a@example.org",
        PASSWORD,
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.20",
    )
    assert other.status_code == 302


def test_memberships_do_not_matter_for_the_login_itself(client, kassel) -> None:
    user = person("a@example.org")
    Membership.objects.create(user=user, region=kassel, role=Role.OBSERVER)
    assert attempt(client, "a@example.org", PASSWORD).status_code == 302
