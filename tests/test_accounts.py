"""Users sign in with their e-mail address, stored in lower case."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from wegweiser.accounts.models import User

pytestmark = pytest.mark.django_db

PASSWORD = "pw-long-enough-123"


def test_an_administrator_adds_a_user_whose_address_is_stored_in_lower_case(client) -> None:
    User.objects.create_superuser("admin@example.org", PASSWORD)
    client.login(email="admin@example.org", password=PASSWORD)

    response = client.post(
        "/admin/accounts/user/add/",
        {
            "email": "Neue.Kollegin@Kassel.example",
            "password1": "Sehr-geheim-2026!",
            "password2": "Sehr-geheim-2026!",
            "usable_password": "true",
        },
    )

    assert response.status_code == 302
    assert User.objects.filter(email="neue.kollegin@kassel.example").exists()


def test_a_second_account_with_the_same_address_in_other_case_is_refused(client) -> None:
    User.objects.create_superuser("admin@example.org", PASSWORD)
    client.login(email="admin@example.org", password=PASSWORD)

    response = client.post(
        "/admin/accounts/user/add/",
        {
            "email": "ADMIN@example.org",
            "password1": "Sehr-geheim-2026!",
            "password2": "Sehr-geheim-2026!",
            "usable_password": "true",
        },
    )

    assert response.status_code == 200
    assert User.objects.count() == 1


def test_a_user_needs_an_address() -> None:
    with pytest.raises(ValueError, match="E-Mail"):
        User.objects.create_user("", PASSWORD)


def test_the_demo_administrator_exists_only_in_development_mode(settings, tmp_path) -> None:
    settings.VAR_DIR = tmp_path
    settings.DEBUG = False
    with pytest.raises(CommandError, match="Entwicklungsmodus"):
        call_command("demo_admin")
    assert not User.objects.exists()


def test_the_demo_administrator_keeps_its_password_across_runs(settings, tmp_path, capsys) -> None:
    settings.VAR_DIR = tmp_path
    settings.DEBUG = True
    call_command("demo_admin")
    first = capsys.readouterr().out
    call_command("demo_admin")
    second = capsys.readouterr().out
    assert first == second
    password = (tmp_path / "demo-admin.txt").read_text(encoding="utf-8").strip()
    assert password in first
    user = User.objects.get()
    assert user.is_superuser and user.check_password(password)
