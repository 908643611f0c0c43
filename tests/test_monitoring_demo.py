"""The monitoring part of ``make demo``: published results for every year 2009–2025 from one
synthetic population, and the external demo indicators."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from wegweiser.monitoring import demo
from wegweiser.monitoring.models import IndicatorValue

pytestmark = pytest.mark.django_db


def test_the_demo_publishes_every_year_and_the_external_indicators(kassel) -> None:
    lines: list[str] = []
    demo.load(kassel, residents=4000, progress=lines.append)

    residents = dict(
        IndicatorValue.objects.filter(region=kassel, gebiet="00", indikator="ew").values_list(
            "stichtag", "zaehler"
        )
    )
    assert sorted(residents) == [dt.date(year, 12, 31) for year in range(2009, 2026)]
    assert all(3500 < (count or 0) < 4600 for count in residents.values())
    for year in (2009, 2025):  # every district and indicator, with the confidentiality applied
        rows = IndicatorValue.objects.filter(region=kassel, stichtag=dt.date(year, 12, 31))
        assert rows.count() == 24 * 20 + 3
        assert rows.filter(status="gesperrt").exists()
    staff = IndicatorValue.objects.get(indikator="ext_personal_mh_anteil")
    assert (staff.stichtag, staff.gebiet, staff.wert, staff.status) == (
        dt.date(2010, 10, 22),
        "00",
        "2.1",
        "ok",
    )
    assert lines[0].startswith("2009: ") and lines[-1] == "Externe Indikatoren: 3 Zeilen"

    before = sorted(IndicatorValue.objects.values_list("stichtag", "gebiet", "indikator", "wert"))
    demo.load(kassel, residents=4000, years=range(2024, 2026))
    after = sorted(IndicatorValue.objects.values_list("stichtag", "gebiet", "indikator", "wert"))
    assert after == before  # run again: the same rows replaced, nothing added


def test_make_demo_loads_the_monitoring_results() -> None:
    makefile = (Path(__file__).resolve().parents[1] / "Makefile").read_text()
    demo_target = makefile.split("\ndemo:", 1)[1].split("\n\n", 1)[0]
    assert "$(WEGWEISER) load_demo\n\t$(DEMO_ENV) $(WEGWEISER) monitoring_demo" in demo_target
