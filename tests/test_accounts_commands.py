"""`wegweiser demo_users`, and the `wegweiser` command's answer to a bad configuration."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from wegweiser.accounts.models import Membership, Role, User
from wegweiser.directory.models import Provider

WEGWEISER = Path(sys.executable).parent / "wegweiser"


@pytest.fixture
def demo_provider(kassel):
    from tests.conftest import make_provider

    return make_provider("Kulturzentrum Schlachthof e. V.", external_id="kulturzentrum-schlachthof")


@pytest.mark.django_db
def test_demo_users_creates_one_account_per_role_and_keeps_the_passwords(
    settings, tmp_path, capsys, kassel, demo_provider
) -> None:
    settings.VAR_DIR = tmp_path
    settings.DEBUG = True

    call_command("demo_users")
    first = capsys.readouterr().out
    call_command("demo_users")
    second = capsys.readouterr().out

    assert first == second
    lines = (tmp_path / "demo-users.txt").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 4
    assert (tmp_path / "demo-users.txt").stat().st_mode & 0o077 == 0
    for line in lines:
        role, email, password = line.split("\t")
        user = User.objects.get(email=email)
        assert user.check_password(password)
        assert password in first
        membership = Membership.objects.get(user=user)
        assert (membership.region, membership.role) == (kassel, role)
    roles = {line.split("\t")[0] for line in lines}
    assert roles == {Role.CITY_EDITOR, Role.PROVIDER_EDITOR, Role.STATISTICS, Role.OBSERVER}
    provider_editor = Membership.objects.get(role=Role.PROVIDER_EDITOR)
    assert list(provider_editor.providers.all()) == [demo_provider]


@pytest.mark.django_db
def test_demo_users_exist_only_in_development_mode(
    settings, tmp_path, kassel, demo_provider
) -> None:
    settings.VAR_DIR = tmp_path
    settings.DEBUG = False
    with pytest.raises(CommandError, match="Entwicklungsmodus"):
        call_command("demo_users")
    assert not User.objects.exists()


@pytest.mark.django_db
def test_demo_users_need_the_demo_data(settings, tmp_path, kassel) -> None:
    settings.VAR_DIR = tmp_path
    settings.DEBUG = True
    assert not Provider.objects.exists()
    with pytest.raises(CommandError, match="load_demo"):
        call_command("demo_users")
    assert not User.objects.exists()


def test_a_missing_secret_key_is_one_clear_line_not_a_traceback(tmp_path) -> None:
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("WEGWEISER_", "DJANGO_")) and name != "SECRET_KEY"
    }
    env["WEGWEISER_VAR_DIR"] = str(tmp_path / "var")

    result = subprocess.run(
        [str(WEGWEISER), "check"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        "Konfigurationsfehler (configuration error): Die Umgebungsvariable SECRET_KEY fehlt "
        "(environment variable SECRET_KEY is required)."
    ]
    assert result.stdout == ""
