"""The optional second factor (TOTP): setting it up, signing in with it, switching it off, and
the rule that administrators may be required to use it."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts_cast import PASSWORD, person
from wegweiser.accounts.models import Role
from wegweiser.editorial.models import AuditEntry

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)
SETUP = "/staff/konto/zwei-faktor/"
DISABLE = "/staff/konto/zwei-faktor/ausschalten/"
LOGIN = "/staff/anmelden/"
CODE = "/staff/anmelden/code/"


def code_for(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def wrong_code(device: TOTPDevice) -> str:
    return f"{(int(code_for(device)) + 1) % 1_000_000:06d}"


def sign_in(client, email: str = "a@example.org"):
    return client.post(LOGIN, {"username": email, "password": PASSWORD})


def is_signed_in(client) -> bool:
    return client.get("/staff/").status_code == 200


def with_second_factor(email: str = "a@example.org", **kwargs) -> tuple:
    user = person(email, **kwargs)
    device = TOTPDevice.objects.create(user=user, name="Wegweiser", confirmed=True)
    return user, device


# --- Setting it up ---------------------------------------------------------------------------


def test_the_setup_page_shows_the_key_and_a_qr_code_drawn_on_the_server(client, db) -> None:
    user = person("a@example.org")
    client.force_login(user)

    response = client.get(SETUP)

    assert response.status_code == 200
    html = response.content.decode()
    device = TOTPDevice.objects.get(user=user)
    assert not device.confirmed
    assert "<svg" in html and "<path" in html
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
    secret = re.search(r'<span class="secret">([A-Z2-7 ]+)</span>', html)
    assert secret is not None
    assert len(secret.group(1).replace(" ", "")) == 32
    # Reloading keeps the same key: a code scanned a moment ago stays valid.
    client.get(SETUP)
    assert TOTPDevice.objects.filter(user=user).count() == 1


def test_a_wrong_code_does_not_switch_it_on(client, db) -> None:
    user = person("a@example.org")
    client.force_login(user)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=user)

    response = client.post(SETUP, {"code": wrong_code(device)})

    assert response.status_code == 200
    assert "Der Code stimmt nicht." in response.content.decode()
    assert not TOTPDevice.objects.get(user=user).confirmed


def test_a_malformed_code_gets_a_clear_message(client, db) -> None:
    client.force_login(person("a@example.org"))
    client.get(SETUP)
    response = client.post(SETUP, {"code": "12ab"})
    assert "Bitte geben Sie die sechs Ziffern aus der App ein." in response.content.decode()


def test_the_right_code_switches_it_on_and_the_next_login_asks_for_it(client, db) -> None:
    user = person("a@example.org")
    with time_machine.travel(START, tick=False) as traveller:
        client.force_login(user)
        client.get(SETUP)
        device = TOTPDevice.objects.get(user=user)

        response = client.post(SETUP, {"code": f"{code_for(device)[:3]} {code_for(device)[3:]}"})

        assert response.status_code == 302
        assert TOTPDevice.objects.get(user=user).confirmed
        assert AuditEntry.objects.filter(action="accounts.two_factor_on").count() == 1
        client.post("/staff/abmelden/")

        traveller.shift(dt.timedelta(minutes=2))
        response = sign_in(client)
        assert response["Location"] == CODE
        assert not is_signed_in(client)  # the password alone does not sign in
        device.refresh_from_db()
        response = client.post(CODE, {"code": code_for(device)})
        assert response["Location"] == "/staff/"
        assert is_signed_in(client)


# --- Signing in with it ----------------------------------------------------------------------


def test_a_wrong_code_at_login_keeps_the_user_out(client, db) -> None:
    _user, device = with_second_factor()
    sign_in(client)
    response = client.post(CODE, {"code": wrong_code(device)})
    assert response.status_code == 200
    assert "Der Code stimmt nicht." in response.content.decode()
    assert not is_signed_in(client)


def test_five_wrong_codes_send_the_user_back_to_the_password(client, db) -> None:
    _user, device = with_second_factor()
    with time_machine.travel(START, tick=False) as traveller:
        sign_in(client)
        for _ in range(4):
            traveller.shift(dt.timedelta(seconds=20))  # past django-otp's growing delay
            assert client.post(CODE, {"code": wrong_code(device)}).status_code == 200
        traveller.shift(dt.timedelta(seconds=20))
        response = client.post(CODE, {"code": wrong_code(device)}, follow=True)
        assert response.redirect_chain[-1][0] == LOGIN
        assert "Zu viele falsche Codes" in response.content.decode()
        device.refresh_from_db()
        assert client.post(CODE, {"code": code_for(device)})["Location"] == LOGIN
        assert not is_signed_in(client)


def test_quick_guesses_are_throttled(client, db) -> None:
    _user, device = with_second_factor()
    with time_machine.travel(START, tick=False):
        sign_in(client)
        client.post(CODE, {"code": wrong_code(device)})
        # Within django-otp's delay even the right code is not tried.
        response = client.post(CODE, {"code": code_for(device)})
        assert "Zu viele Versuche in kurzer Zeit" in response.content.decode()
        assert not is_signed_in(client)


def test_the_code_must_follow_the_password_within_five_minutes(client, db) -> None:
    _user, device = with_second_factor()
    with time_machine.travel(START, tick=False) as traveller:
        sign_in(client)
        traveller.shift(dt.timedelta(minutes=5, seconds=1))
        response = client.post(CODE, {"code": code_for(device)})
        assert response["Location"] == LOGIN
        assert not is_signed_in(client)


def test_the_code_page_without_a_password_first_goes_to_the_login(client, db) -> None:
    with_second_factor()
    assert client.get(CODE)["Location"] == LOGIN


def test_a_used_code_cannot_be_used_again(client, db) -> None:
    _user, device = with_second_factor()
    with time_machine.travel(START, tick=False):
        sign_in(client)
        code = code_for(device)
        assert client.post(CODE, {"code": code}).status_code == 302
        client.post("/staff/abmelden/")
        sign_in(client)
        response = client.post(CODE, {"code": code})
        assert response.status_code == 200
        assert not is_signed_in(client)


# --- Switching it off --------------------------------------------------------------------------


def test_it_is_switched_off_with_a_current_code(client, db) -> None:
    user, device = with_second_factor()
    with time_machine.travel(START, tick=False) as traveller:
        client.force_login(user)
        response = client.post(DISABLE, {"code": wrong_code(device)})
        assert response.status_code == 400
        assert TOTPDevice.objects.filter(user=user).exists()

        traveller.shift(dt.timedelta(seconds=31))
        device.refresh_from_db()
        response = client.post(DISABLE, {"code": code_for(device)})
        assert response.status_code == 302
        assert not TOTPDevice.objects.filter(user=user).exists()
        assert AuditEntry.objects.filter(action="accounts.two_factor_off").count() == 1


# --- Required for administrators ----------------------------------------------------------------


def test_when_required_an_administrator_without_it_reaches_only_the_setup(
    client, db, settings
) -> None:
    settings.WEGWEISER_REQUIRE_2FA_FOR_ADMINS = True
    admin = person("admin@example.org", superuser=True)
    client.force_login(admin)

    for path in ["/staff/", "/staff/konto/", "/admin/", "/admin/accounts/user/"]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == SETUP, path
    assert client.get(SETUP).status_code == 200

    device = TOTPDevice.objects.get(user=admin)
    assert client.post(SETUP, {"code": code_for(device)}).status_code == 302
    assert client.get("/staff/").status_code == 200
    assert client.get("/admin/").status_code == 200


def test_when_required_the_administrator_role_counts_too_but_not_other_roles(
    client, kassel, settings
) -> None:
    settings.WEGWEISER_REQUIRE_2FA_FOR_ADMINS = True
    client.force_login(person("it@kassel.example", region=kassel, role=Role.ADMINISTRATOR))
    assert client.get("/staff/")["Location"] == SETUP
    client.force_login(person("redaktion@kassel.example", region=kassel, role=Role.CITY_EDITOR))
    assert client.get("/staff/").status_code == 200


def test_when_required_an_administrator_cannot_switch_it_off(client, db, settings) -> None:
    settings.WEGWEISER_REQUIRE_2FA_FOR_ADMINS = True
    admin, device = with_second_factor("admin@example.org", superuser=True)
    sign_in(client, "admin@example.org")
    client.post(CODE, {"code": code_for(device)})
    assert is_signed_in(client)

    device.refresh_from_db()
    response = client.post(DISABLE, {"code": code_for(device)}, follow=True)

    assert "Für Administratoren ist der zweite Faktor vorgeschrieben." in response.content.decode()
    assert TOTPDevice.objects.filter(user=admin, confirmed=True).exists()


def test_it_is_not_required_by_default(client, db) -> None:
    client.force_login(person("admin@example.org", superuser=True))
    assert client.get("/admin/").status_code == 200
