"""Staff sessions end after 30 minutes idle and 12 hours at most; visitors get no session."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from tests.accounts_cast import PASSWORD, person
from tests.conftest import make_offer

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)
DASHBOARD = "/staff/"


def sign_in(client) -> None:
    person("a@example.org")
    response = client.post("/staff/anmelden/", {"username": "a@example.org", "password": PASSWORD})
    assert response.status_code == 302


def is_signed_in(client) -> bool:
    return client.get(DASHBOARD).status_code == 200


def test_a_session_idle_for_more_than_thirty_minutes_ends(client, db) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        sign_in(client)
        traveller.shift(dt.timedelta(minutes=30, seconds=1))
        response = client.get(DASHBOARD, follow=True)
        assert response.redirect_chain[0] == ("/staff/anmelden/?next=/staff/", 302)
        assert "Ihre Sitzung ist abgelaufen." in response.content.decode()
        assert "_auth_user_id" not in client.session


def test_a_session_in_use_stays_open_past_thirty_minutes(client, db) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        sign_in(client)
        for _ in range(6):  # an hour and a half, a request every 15 minutes
            traveller.shift(dt.timedelta(minutes=15))
            assert is_signed_in(client)


def test_a_session_ends_twelve_hours_after_the_login_even_in_use(client, db) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        sign_in(client)
        for _ in range(47):  # 11 h 45 min in quarter hours
            traveller.shift(dt.timedelta(minutes=15))
            assert is_signed_in(client)
        traveller.shift(dt.timedelta(minutes=15, seconds=1))
        assert not is_signed_in(client)


def test_the_limits_follow_the_settings(client, db, settings) -> None:
    settings.WEGWEISER_STAFF_SESSION_IDLE_MINUTES = 5
    with time_machine.travel(START, tick=False) as traveller:
        sign_in(client)
        traveller.shift(dt.timedelta(minutes=4))
        assert is_signed_in(client)
        traveller.shift(dt.timedelta(minutes=5, seconds=1))
        assert not is_signed_in(client)


def test_the_session_cookie_ends_with_the_absolute_limit(client, db) -> None:
    with time_machine.travel(START, tick=False):
        sign_in(client)
        assert client.session.get_expiry_age() == 12 * 3600
        assert client.cookies["sessionid"]["max-age"] == 12 * 3600


def test_an_expired_session_on_a_public_page_just_signs_out(client, reference, kassel) -> None:
    offer = make_offer(kassel)
    with time_machine.travel(START, tick=False) as traveller:
        sign_in(client)
        traveller.shift(dt.timedelta(hours=1))
        response = client.get(f"/de/angebote/{offer.uuid}/")
        assert response.status_code == 200
        assert "_auth_user_id" not in client.session


def test_a_session_not_started_by_a_login_is_not_trusted(client, db) -> None:
    user = person("a@example.org")
    client.force_login(user)
    session = client.session
    for key in ("_wegweiser_session_started", "_wegweiser_session_seen"):
        del session[key]
    session.save()
    assert not is_signed_in(client)


def test_public_visitors_get_no_session_and_no_cookie(client, reference, kassel) -> None:
    offer = make_offer(kassel)
    for path in ["/de/", "/de/angebote/", f"/de/angebote/{offer.uuid}/", "/en/traeger/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert "sessionid" not in response.cookies, path
    assert "sessionid" not in client.cookies
