"""Settings from the environment: production refuses to start misconfigured, and says why."""

from __future__ import annotations

import json
import os
import secrets
import string
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from wegweiser.env import (
    database_from_url,
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_str,
)

WEGWEISER = Path(sys.executable).parent / "wegweiser"
CONFIGURATION = ("SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS")


def random_key(length: int = 60) -> str:
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    return "".join(secrets.choice(alphabet) for _ in range(length))


def clean_env(tmp_path: Path, **variables: str) -> dict[str, str]:
    """The process environment without any Wegweiser configuration, plus ``variables``."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("WEGWEISER_", "DJANGO_", "EMAIL_", "SECURE_"))
        and name not in CONFIGURATION
    }
    env["DJANGO_SETTINGS_MODULE"] = "wegweiser.settings"
    # Never fall back to the project's var/ directory: the tests must not touch it.
    env["WEGWEISER_VAR_DIR"] = str(tmp_path / "var")
    env.update(variables)
    return env


def production_env(tmp_path: Path, **variables: str) -> dict[str, str]:
    defaults = {
        "SECRET_KEY": random_key(),
        "ALLOWED_HOSTS": "wegweiser.example",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'wegweiser.sqlite3'}",
    }
    return clean_env(tmp_path, **{**defaults, **variables})


def run_python(code: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def setup_django(env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return run_python("import django; django.setup()", env, cwd)


def assert_refused(result: subprocess.CompletedProcess[str], *names: str) -> None:
    assert result.returncode != 0, result.stdout + result.stderr
    assert "ImproperlyConfigured" in result.stderr
    last_line = result.stderr.strip().splitlines()[-1]
    for name in names:
        assert name in last_line, last_line


# --- Production mode refuses to start misconfigured -------------------------------------------


def test_it_starts_in_production_mode_when_everything_is_set(tmp_path) -> None:
    result = setup_django(production_env(tmp_path), tmp_path)
    assert result.returncode == 0, result.stderr


def test_it_requires_a_secret_key_in_production(tmp_path) -> None:
    env = production_env(tmp_path)
    del env["SECRET_KEY"]
    assert_refused(setup_django(env, tmp_path), "SECRET_KEY")


@pytest.mark.parametrize("key", ["short", "x" * 49, ""])
def test_it_refuses_a_short_secret_key_in_production(tmp_path, key) -> None:
    assert_refused(setup_django(production_env(tmp_path, SECRET_KEY=key), tmp_path), "SECRET_KEY")


def test_it_refuses_the_development_key_in_production(tmp_path) -> None:
    development_key = "django-insecure-wegweiser-development-only-never-in-production"
    result = setup_django(production_env(tmp_path, SECRET_KEY=development_key), tmp_path)
    assert_refused(result, "SECRET_KEY")


def test_it_needs_no_secret_key_in_development_mode(tmp_path) -> None:
    env = clean_env(tmp_path, WEGWEISER_DEBUG="1")
    result = run_python(
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.DEBUG, settings.ALLOWED_HOSTS)",
        env,
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True ['localhost', '127.0.0.1', '[::1]']"


def test_it_requires_allowed_hosts_in_production(tmp_path) -> None:
    env = production_env(tmp_path)
    del env["ALLOWED_HOSTS"]
    assert_refused(setup_django(env, tmp_path), "ALLOWED_HOSTS")


def test_it_refuses_allowed_hosts_that_are_only_commas_in_production(tmp_path) -> None:
    assert_refused(
        setup_django(production_env(tmp_path, ALLOWED_HOSTS=" , ,"), tmp_path), "ALLOWED_HOSTS"
    )


@pytest.mark.parametrize("url", ["mysql://x/y", "nonsense", "sqlite://", "postgres://host/"])
def test_it_refuses_a_bad_database_url(tmp_path, url) -> None:
    result = setup_django(production_env(tmp_path, DATABASE_URL=url), tmp_path)
    assert_refused(result, "DATABASE_URL", repr(url))


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("WEGWEISER_DEBUG", "maybe"),
        ("EMAIL_PORT", "abc"),
        ("EMAIL_USE_TLS", "ja"),
        ("SECURE_HSTS_SECONDS", "-1"),
        ("WEGWEISER_SQLITE_TIMEOUT", "0"),
        ("WEGWEISER_LOG_LEVEL", "verbose"),
    ],
)
def test_it_refuses_a_bad_value_and_names_the_variable(tmp_path, name, value) -> None:
    result = setup_django(production_env(tmp_path, **{name: value}), tmp_path)
    assert_refused(result, name)


def test_it_refuses_tls_and_ssl_together(tmp_path) -> None:
    env = production_env(tmp_path, EMAIL_USE_TLS="1", EMAIL_USE_SSL="1")
    assert_refused(setup_django(env, tmp_path), "EMAIL_USE_TLS", "EMAIL_USE_SSL")


def test_the_deployment_check_finds_nothing_in_production_mode(tmp_path) -> None:
    result = subprocess.run(
        [str(WEGWEISER), "check", "--deploy", "--fail-level", "WARNING"],
        env=production_env(tmp_path),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_deployment_check_fails_on_warnings_in_development_mode(tmp_path) -> None:
    # The counter-check: the command above really fails when Django has something to say.
    result = subprocess.run(
        [sys.executable, "-m", "wegweiser", "check", "--deploy", "--fail-level", "WARNING"],
        env=clean_env(tmp_path, WEGWEISER_DEBUG="1"),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "security.W018" in result.stderr  # DEBUG is on


# --- The database that production opens --------------------------------------------------------


def test_production_opens_sqlite_in_wal_mode_with_foreign_keys_and_immediate_transactions(
    tmp_path,
) -> None:
    code = (
        "import django; django.setup()\n"
        "from django.db import connection\n"
        "with connection.cursor() as cursor:\n"
        "    cursor.execute('PRAGMA journal_mode'); print(cursor.fetchone()[0])\n"
        "    cursor.execute('PRAGMA foreign_keys'); print(cursor.fetchone()[0])\n"
        "print(connection.transaction_mode)\n"
    )
    result = run_python(code, production_env(tmp_path), tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["wal", "1", "IMMEDIATE"]
    assert (tmp_path / "wegweiser.sqlite3").exists()


# --- Structured logging ------------------------------------------------------------------------


LOG_A_WARNING = (
    "import django, logging; django.setup(); "
    "logging.getLogger('wegweiser').warning('Ein Test: %s', 'ü')"
)


def test_production_logs_one_json_object_per_line(tmp_path) -> None:
    result = run_python(LOG_A_WARNING, production_env(tmp_path), tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    record = json.loads(lines[0])
    assert {"time", "level", "logger", "message"} <= set(record)
    assert record["level"] == "WARNING"
    assert record["logger"] == "wegweiser"
    assert record["message"] == "Ein Test: ü"
    assert record["time"]


def test_development_logs_readable_text(tmp_path) -> None:
    result = run_python(LOG_A_WARNING, clean_env(tmp_path, WEGWEISER_DEBUG="1"), tmp_path)
    assert result.returncode == 0, result.stderr
    line = result.stderr.strip()
    assert "level=WARNING logger=wegweiser Ein Test: ü" in line
    with pytest.raises(json.JSONDecodeError):
        json.loads(line)


def test_the_log_level_setting_hides_less_severe_messages(tmp_path) -> None:
    env = production_env(tmp_path, WEGWEISER_LOG_LEVEL="error")
    result = run_python(LOG_A_WARNING, env, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == ""


# --- The helpers, with an explicit environment --------------------------------------------------


def test_env_str_returns_the_value_or_the_default() -> None:
    assert env_str("NAME", "fallback", environ={"NAME": "wert"}) == "wert"
    assert env_str("NAME", "fallback", environ={}) == "fallback"
    assert env_str("NAME", "fallback", environ={"NAME": ""}) == ""


def test_env_str_without_default_requires_the_variable() -> None:
    with pytest.raises(ImproperlyConfigured, match="NAME"):
        env_str("NAME", environ={})


@pytest.mark.parametrize("raw", ["1", "true", "TRUE", " yes ", "on", "On"])
def test_env_bool_reads_true(raw) -> None:
    assert env_bool("FLAG", default=False, environ={"FLAG": raw}) is True


@pytest.mark.parametrize("raw", ["0", "false", "False", "no", "off", "", "  "])
def test_env_bool_reads_false(raw) -> None:
    assert env_bool("FLAG", default=True, environ={"FLAG": raw}) is False


def test_env_bool_uses_the_default_when_unset() -> None:
    assert env_bool("FLAG", default=True, environ={}) is True
    assert env_bool("FLAG", default=False, environ={}) is False


@pytest.mark.parametrize("raw", ["maybe", "2", "ja", "y"])
def test_env_bool_refuses_anything_else_naming_variable_and_value(raw) -> None:
    with pytest.raises(ImproperlyConfigured, match=rf"FLAG={raw!r}"):
        env_bool("FLAG", default=False, environ={"FLAG": raw})


def test_env_int_reads_integers_and_uses_the_default_when_unset() -> None:
    assert env_int("PORT", 25, environ={"PORT": " 587 "}) == 587
    assert env_int("PORT", 25, environ={}) == 25


@pytest.mark.parametrize("raw", ["abc", "1.5", "", "25 Ports"])
def test_env_int_refuses_what_is_not_an_integer(raw) -> None:
    with pytest.raises(ImproperlyConfigured, match="PORT"):
        env_int("PORT", 25, environ={"PORT": raw})


def test_env_int_enforces_the_minimum() -> None:
    assert env_int("TIMEOUT", 20, minimum=1, environ={"TIMEOUT": "1"}) == 1
    with pytest.raises(ImproperlyConfigured, match="TIMEOUT=0"):
        env_int("TIMEOUT", 20, minimum=1, environ={"TIMEOUT": "0"})


def test_env_list_splits_on_commas_and_drops_empty_items() -> None:
    environ = {"HOSTS": " a.example, ,b.example,, "}
    assert env_list("HOSTS", ["default"], environ=environ) == ["a.example", "b.example"]
    assert env_list("HOSTS", ["default"], environ={}) == ["default"]
    assert env_list("HOSTS", ["default"], environ={"HOSTS": ""}) == []


def test_env_list_does_not_hand_out_its_default() -> None:
    default = ["localhost"]
    env_list("HOSTS", default, environ={}).append("evil.example")
    assert default == ["localhost"]


def test_env_choice_accepts_the_choices_case_insensitively() -> None:
    choices = ("json", "text")
    assert env_choice("FORMAT", "json", choices, environ={"FORMAT": " TEXT "}) == "text"
    assert env_choice("FORMAT", "json", choices, environ={}) == "json"
    with pytest.raises(ImproperlyConfigured, match=r"FORMAT.*json, text"):
        env_choice("FORMAT", "json", choices, environ={"FORMAT": "xml"})


# --- database_from_url -------------------------------------------------------------------------


def test_sqlite_urls_get_wal_immediate_transactions_and_a_busy_timeout(tmp_path) -> None:
    path = tmp_path / "db.sqlite3"
    config = database_from_url(f"sqlite:///{path}", sqlite_timeout=7)
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == str(path)
    options = config["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] == 7
    assert "PRAGMA journal_mode=WAL" in options["init_command"]
    assert "PRAGMA foreign_keys=ON" in options["init_command"]
    assert config["CONN_MAX_AGE"] == 0


def test_sqlite_gets_a_default_busy_timeout() -> None:
    assert database_from_url("sqlite:////srv/wegweiser.sqlite3")["OPTIONS"]["timeout"] == 20


def test_postgres_urls_keep_their_parts_and_reuse_connections() -> None:
    config = database_from_url("postgres://wegweiser:geheim@db.example:5433/wegweiser")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert config["NAME"] == "wegweiser"
    assert config["USER"] == "wegweiser"
    assert config["PASSWORD"] == "geheim"
    assert config["HOST"] == "db.example"
    assert config["PORT"] == 5433
    assert config["CONN_MAX_AGE"] == 60
    assert config["CONN_HEALTH_CHECKS"] is True
    assert "init_command" not in config.get("OPTIONS", {})


def test_postgresql_scheme_is_accepted_too() -> None:
    config = database_from_url("postgresql://u@localhost/wegweiser_test")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert config["NAME"] == "wegweiser_test"


@pytest.mark.parametrize(
    "url",
    [
        "mysql://x/y",
        "nonsense",
        "sqlite://",
        "sqlite:///:memory:",
        "postgres://host/",
        "oracle://u:p@host/db",
    ],
)
def test_database_from_url_refuses_what_it_cannot_run_on(url) -> None:
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        database_from_url(url)
