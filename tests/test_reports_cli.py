"""``wegweiser offers_report``: the report contract byte for byte on a small hand-built dataset."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.conftest import make_offer, make_provider
from wegweiser.directory.models import EditorialStatus, Language, Region
from wegweiser.reports.sources import BERLIN

TODAY = dt.datetime(2025, 5, 14, 10, 0, tzinfo=BERLIN)


@pytest.fixture
def dataset(kassel: Region, landkreis: Region) -> None:
    verein = make_provider("Verein")
    caritas = make_provider("Caritas", "wohlfahrtsverband")
    de, tr, ar = (Language.objects.get(code=code) for code in ("de", "tr", "ar"))
    make_offer(kassel, "Deutsch und Türkisch", provider=verein, relations={"languages": [de, tr]})
    make_offer(
        kassel, "Frauenkurs", provider=caritas, gender="frauen", relations={"languages": [ar]}
    )
    make_offer(kassel, "Männergruppe", area="kultur", gender="maenner")
    make_offer(kassel, "Entwurf", status=EditorialStatus.DRAFT, relations={"languages": [de]})
    make_offer(landkreis, "Im Landkreis", relations={"languages": [de]})


def report(*args: str) -> str:
    out = io.StringIO()
    with time_machine.travel(TODAY, tick=False):
        call_command("offers_report", *args, stdout=out)
    return out.getvalue()


AREA_BY_GENDER_CSV = """\
area,maenner,frauen,ohne_angabe,gesamt_angebote,summe_nennungen
arbeitsberatung,0,0,0,0,0
berufliche-qualifizierung,0,0,0,0,0
bildung,0,0,0,0,0
freizeit-sport,0,0,0,0,0
kultur,1,0,0,1,1
religion,0,0,0,0,0
spezielle-beratungen,0,0,0,0,0
sprachfoerderung,1,2,0,2,3
sonstiges,0,0,0,0,0
ohne_angabe,0,0,0,0,0
gesamt_angebote,2,2,0,3,
summe_nennungen,2,2,0,,4
"""

LANGUAGE_CSV = """\
language,angebote
ar,1
de,1
tr,1
ohne_angabe,1
gesamt_angebote,3
summe_nennungen,4
"""

LANGUAGE_JSON = """\
{
  "rows": "language",
  "cols": null,
  "row_values": [
    "ar",
    "de",
    "tr",
    "ohne_angabe"
  ],
  "col_values": [],
  "cells": [],
  "row_totals": [
    1,
    1,
    1,
    1
  ],
  "col_totals": [],
  "row_sums": [
    1,
    1,
    1,
    1
  ],
  "col_sums": [],
  "total": 3,
  "sum_cells": 4,
  "basis": "offers",
  "at": "2025-05-14"
}
"""

KIND_BY_PROVIDER_JSON = """\
{
  "rows": "kind",
  "cols": "provider_type_seed",
  "row_values": [
    "regelangebot",
    "projekt",
    "kurs",
    "ohne_angabe"
  ],
  "col_values": [
    "stadt-land",
    "wohlfahrtsverbaende",
    "sonstige",
    "ohne_angabe"
  ],
  "cells": [
    [
      0,
      1,
      2,
      0
    ],
    [
      0,
      0,
      0,
      0
    ],
    [
      0,
      0,
      0,
      0
    ],
    [
      0,
      0,
      0,
      0
    ]
  ],
  "row_totals": [
    3,
    0,
    0,
    0
  ],
  "col_totals": [
    0,
    1,
    2,
    0
  ],
  "row_sums": [
    3,
    0,
    0,
    0
  ],
  "col_sums": [
    0,
    1,
    2,
    0
  ],
  "total": 3,
  "sum_cells": 3,
  "basis": "offers",
  "at": "2025-05-14"
}
"""


def test_it_writes_the_two_dimensional_csv_byte_for_byte(dataset: None, tmp_path: Path) -> None:
    target = tmp_path / "bericht.csv"
    report(
        "--rows", "area", "--cols", "gender", "--region", "stadt-kassel", "--format", "csv",
        "--output", str(target),
    )  # fmt: skip
    assert target.read_bytes() == AREA_BY_GENDER_CSV.encode("utf-8")


def test_it_writes_the_one_dimensional_csv_to_standard_output(dataset: None) -> None:
    output = report("--rows", "language", "--region", "stadt-kassel", "--format", "csv")
    assert output == LANGUAGE_CSV


def test_it_writes_the_json_byte_for_byte(dataset: None, tmp_path: Path) -> None:
    one = tmp_path / "one.json"
    two = tmp_path / "two.json"
    report(
        "--rows", "language", "--region", "stadt-kassel", "--format", "json", "--output", str(one)
    )
    report(
        "--rows", "kind", "--cols", "provider_type_seed", "--region", "stadt-kassel",
        "--format", "json", "--output", str(two),
    )  # fmt: skip
    assert one.read_bytes() == LANGUAGE_JSON.encode("utf-8")
    assert two.read_bytes() == KIND_BY_PROVIDER_JSON.encode("utf-8")


def test_it_counts_at_a_past_date_from_the_history(kassel: Region, landkreis: Region) -> None:
    with time_machine.travel(dt.datetime(2024, 3, 1, 9, tzinfo=BERLIN), tick=False):
        make_offer(kassel, "Damals")
    make_offer(kassel, "Heute")
    output = report(
        "--rows", "area", "--region", "stadt-kassel", "--format", "json", "--at", "2024-03-01"
    )
    assert '"total": 1,' in output
    assert output.endswith('"at": "2024-03-01"\n}\n')
    earlier = report(
        "--rows", "area", "--region", "stadt-kassel", "--format", "csv", "--at", "2024-02-29"
    )
    assert earlier.endswith("gesamt_angebote,0\nsumme_nennungen,0\n")


def test_it_writes_xlsx_with_numbers_as_numbers(dataset: None, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    target = tmp_path / "bericht.xlsx"
    report(
        "--rows", "area", "--cols", "gender", "--region", "stadt-kassel", "--format", "xlsx",
        "--output", str(target),
    )  # fmt: skip
    sheet = load_workbook(target).active
    assert sheet is not None
    lines = [[cell.value for cell in line] for line in sheet.iter_rows()]
    assert lines[0] == [
        "area",
        "maenner",
        "frauen",
        "ohne_angabe",
        "gesamt_angebote",
        "summe_nennungen",
    ]
    assert lines[8] == ["sprachfoerderung", 1, 2, 0, 2, 3]
    assert lines[-2] == ["gesamt_angebote", 2, 2, 0, 3, None]
    assert lines[-1] == ["summe_nennungen", 2, 2, 0, None, 4]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--rows", "area", "--cols", "area"], "verschiedene Merkmale"),
        (["--rows", "farbe"], "Unbekanntes Merkmal"),
        (["--rows", "area", "--format", "xlsx"], "braucht --output"),
        (["--rows", "area", "--format", "pdf"], "csv, json oder xlsx"),
        (["--rows", "area", "--at", "31.12.2024"], "2024-12-31"),
        (["--rows", "area", "--at", "2999-01-01"], "liegt in der Zukunft"),
        (["--rows", "area", "--at", "1999-12-31"], "ab dem 1. 1. 2000"),
        (["--rows", "area", "--region", "atlantis"], "Unbekannte Region"),
    ],
)
def test_it_refuses_bad_arguments_with_a_german_message(
    dataset: None, arguments: list[str], message: str, tmp_path: Path
) -> None:
    if "--format" not in arguments:
        arguments = [*arguments, "--format", "csv"]
    if "--region" not in arguments:
        arguments = [*arguments, "--region", "stadt-kassel"]
    with pytest.raises(CommandError, match=message):
        call_command("offers_report", *arguments, stdout=io.StringIO())
    assert list(tmp_path.iterdir()) == []


def test_it_exits_non_zero_without_a_region_when_there_are_two(dataset: None, capsys: Any) -> None:
    from django.core.management import ManagementUtility

    with pytest.raises(SystemExit) as exit_info:
        ManagementUtility(
            ["wegweiser", "offers_report", "--rows", "area", "--format", "csv"]
        ).execute()

    assert exit_info.value.code != 0
    assert "mehrere Regionen" in capsys.readouterr().err
