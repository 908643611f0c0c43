"""The translation catalogues are complete, current and compile (CI fails otherwise)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "wegweiser"
CATALOGUES = sorted(PACKAGE.glob("locale/*/LC_MESSAGES/django.po"))


def test_there_is_a_catalogue_for_every_language_but_german() -> None:
    from django.conf import settings

    expected = {code for code, _name in settings.LANGUAGES} - {"de"}
    assert {path.parts[-3] for path in CATALOGUES} == expected


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda path: path.parts[-3])
def test_every_message_is_translated_and_none_is_fuzzy(catalogue: Path) -> None:
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", os.devnull, str(catalogue)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    statistics = result.stderr.strip().splitlines()[-1]
    assert "fuzzy" not in statistics and "untranslated" not in statistics, statistics


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The messages the code holds now, extracted by makemessages into a scratch copy."""
    scratch = tmp_path_factory.mktemp("messages")
    source = scratch / "wegweiser"
    shutil.copytree(
        PACKAGE, source, ignore=shutil.ignore_patterns("locale", "__pycache__", "migrations")
    )
    (scratch / "scratch_settings.py").write_text(
        f"from wegweiser.settings import *  # noqa\nLOCALE_PATHS = [{str(scratch / 'locale')!r}]\n",
        encoding="utf-8",
    )
    env = {
        **os.environ,
        "WEGWEISER_DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": "scratch_settings",
        "PYTHONPATH": os.pathsep.join([str(scratch), os.environ.get("PYTHONPATH", "")]),
    }
    subprocess.run(
        [sys.executable, "-m", "wegweiser", "makemessages", "-l", "en", "--no-location"],
        cwd=source,
        env=env,
        check=True,
        capture_output=True,
    )
    return scratch / "locale" / "en" / "LC_MESSAGES" / "django.po"


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda path: path.parts[-3])
def test_the_catalogues_hold_exactly_the_messages_of_the_code(
    catalogue: Path, extracted: Path
) -> None:
    missing = subprocess.run(
        ["msgcmp", str(catalogue), str(extracted)], capture_output=True, text=True, check=False
    )
    assert missing.returncode == 0, f"run `make translations`; missing: {missing.stderr}"
    stale = subprocess.run(
        ["msgcmp", "--use-untranslated", str(extracted), str(catalogue)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert stale.returncode == 0, f"run `make translations`; no longer in the code: {stale.stderr}"
