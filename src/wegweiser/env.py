"""Reading settings from environment variables, loudly.

Every helper raises ``ImproperlyConfigured`` naming the variable and the bad value, so that a
typo in a deployment stops the process at start-up instead of running with a silent default.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(
    name: str, default: str | None = None, *, environ: Mapping[str, str] | None = None
) -> str:
    """The variable's value; without a default, a missing variable is an error."""
    environ = os.environ if environ is None else environ
    value = environ.get(name)
    if value is None:
        if default is None:
            raise ImproperlyConfigured(
                f"Die Umgebungsvariable {name} fehlt (environment variable {name} is required)."
            )
        return default
    return value


def env_bool(name: str, default: bool, *, environ: Mapping[str, str] | None = None) -> bool:
    environ = os.environ if environ is None else environ
    raw = environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={raw!r} ist kein Wahrheitswert; erlaubt sind 1/0, true/false, yes/no, on/off "
        f"({name} must be a boolean)."
    )


def env_int(
    name: str,
    default: int,
    *,
    minimum: int | None = None,
    environ: Mapping[str, str] | None = None,
) -> int:
    environ = os.environ if environ is None else environ
    raw = environ.get(name)
    if raw is None:
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ImproperlyConfigured(
            f"{name}={raw!r} ist keine ganze Zahl ({name} must be an integer)."
        ) from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(
            f"{name}={value} ist kleiner als {minimum} ({name} must be >= {minimum})."
        )
    return value


def env_list(
    name: str, default: list[str], *, environ: Mapping[str, str] | None = None
) -> list[str]:
    """A comma-separated list; empty items are dropped."""
    environ = os.environ if environ is None else environ
    raw = environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_choice(
    name: str, default: str, choices: tuple[str, ...], *, environ: Mapping[str, str] | None = None
) -> str:
    value = env_str(name, default, environ=environ).strip().lower()
    if value not in choices:
        raise ImproperlyConfigured(
            f"{name}={value!r} ist nicht erlaubt; erlaubt: {', '.join(choices)} "
            f"({name} must be one of {', '.join(choices)})."
        )
    return value


SUPPORTED_DATABASE_ENGINES = {
    "django.db.backends.sqlite3",
    "django.db.backends.postgresql",
}


def database_from_url(url: str, *, sqlite_timeout: int = 20) -> dict[str, Any]:
    """Django's DATABASES entry for ``url``: SQLite or PostgreSQL, nothing else.

    SQLite gets what makes it a sound embedded database for a web server: write-ahead logging,
    ``BEGIN IMMEDIATE`` transactions (so that two writers queue at the start instead of failing
    at their first write), a busy timeout and enforced foreign keys.
    """
    try:
        config: dict[str, Any] = dict(
            dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
        )
    except (ValueError, KeyError) as error:
        raise ImproperlyConfigured(
            f"DATABASE_URL={url!r} ist keine gültige Datenbank-URL: {error} "
            "(expected sqlite:///PATH or postgres://USER:PASSWORD@HOST:PORT/NAME)."
        ) from None
    engine = config.get("ENGINE", "")
    if engine not in SUPPORTED_DATABASE_ENGINES:
        raise ImproperlyConfigured(
            f"DATABASE_URL={url!r}: Datenbank {engine!r} wird nicht unterstützt; "
            "nur SQLite und PostgreSQL (only SQLite and PostgreSQL are supported)."
        )
    if engine == "django.db.backends.sqlite3":
        name = str(config.get("NAME") or "")
        if not name or name == ":memory:":
            raise ImproperlyConfigured(
                f"DATABASE_URL={url!r}: SQLite braucht einen Dateipfad, z. B. sqlite:///var/wegweiser.sqlite3 "
                "(SQLite needs a file path)."
            )
        config["CONN_MAX_AGE"] = 0
        config["CONN_HEALTH_CHECKS"] = False
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": sqlite_timeout,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            ),
        }
    else:
        if not config.get("NAME"):
            raise ImproperlyConfigured(
                f"DATABASE_URL={url!r}: der Datenbankname fehlt (the database name is missing)."
            )
    return config
