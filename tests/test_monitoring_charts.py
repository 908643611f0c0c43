"""The geometry of the monitoring's pictures and the ranking, on hand-made values."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from wegweiser.directory.models import District
from wegweiser.monitoring.charts import bands_for, line_chart
from wegweiser.monitoring.queries import Cell
from wegweiser.monitoring.ranking import ranking


def share(wert: str) -> Cell:
    return Cell(1, 2, wert, False)


SUPPRESSED = Cell(None, 40, "", True)


def limits(values: list[str]) -> list[tuple[str, str, bool]]:
    return [(str(b.low), str(b.high), b.last) for b in bands_for([Decimal(v) for v in values])]


def test_classes_are_at_most_five_round_steps_covering_every_value() -> None:
    # steps of 10 would need six classes (10–70), so the step is 20
    assert limits(["12.4", "35.8", "60.9"]) == [
        ("0", "20", False), ("20", "40", False), ("40", "60", False), ("60", "80", True),
    ]  # fmt: skip
    values = ["35.8", "60.9", "51.4", "39.5", "44.0"]
    bands = bands_for([Decimal(v) for v in values])
    assert len(bands) <= 5
    for value in values:
        assert sum(band.holds(Decimal(value)) for band in bands) == 1, value
    assert bands[-1].last and not any(band.last for band in bands[:-1])


def test_the_maximum_belongs_to_the_last_class_and_equal_values_make_one_class() -> None:
    bands = bands_for([Decimal("40.0"), Decimal("50.0")])
    assert bands[-1].holds(Decimal("50.0"))
    single = bands_for([Decimal("7.5"), Decimal("7.5")])
    assert len(single) == 1 and single[0].holds(Decimal("7.5"))
    assert bands_for([]) == []


def test_class_labels_say_from_and_under() -> None:
    bands = bands_for([Decimal("0.0"), Decimal("12.0")])
    assert [band.label for band in bands] == [
        "0,0 bis unter 2,5", "2,5 bis unter 5,0", "5,0 bis unter 7,5", "7,5 bis unter 10,0",
        "10,0 bis 12,5",
    ]  # fmt: skip


def test_a_suppressed_year_breaks_the_line() -> None:
    days = [dt.date(year, 12, 31) for year in (2021, 2022, 2023, 2024)]
    cells = {days[0]: share("10.0"), days[1]: share("20.0"), days[2]: SUPPRESSED,
             days[3]: share("30.0")}  # fmt: skip
    chart = line_chart("Titel", "", days, [("Mitte", cells)])
    line = chart.lines[0]
    assert [point.stichtag for point in line.points] == [days[0], days[1], days[3]]
    assert line.path.count("M") == 1  # 2021–2022 joined; 2024 stands alone (marker only)
    assert chart.y_ticks[-1].label == "30"


def district(code: str, name: str) -> District:
    return District(code=code, name=name)


def test_the_ranking_shares_ranks_puts_suppressed_last_and_applies_the_thresholds() -> None:
    districts = [district("01", "A"), district("02", "B"), district("03", "C"),
                 district("04", "D"), district("05", "E")]  # fmt: skip
    cells = {"01": share("41.0"), "02": share("55.0"), "03": SUPPRESSED,
             "04": share("41.0"), "05": share("30.0")}  # fmt: skip
    places = ranking(districts, cells, share("35.0"), share=True)
    assert [(p.rank, p.name, p.threshold) for p in places] == [
        (1, "B", "ueber-50"),
        (2, "A", "ueber-40"),
        (2, "D", "ueber-40"),
        (4, "E", "nicht-ueber-durchschnitt"),
        (None, "C", "ohne-wert"),
    ]
    counts = ranking(districts[:2], {"01": share("500"), "02": share("60")}, share("560"),
                     share=False)  # fmt: skip
    assert [p.threshold for p in counts] == ["nicht-ueber-durchschnitt"] * 2


@pytest.mark.parametrize("value", ["0.0", "100.0"])
def test_extreme_shares_have_a_class(value: str) -> None:
    bands = bands_for([Decimal(value), Decimal("50.0")])
    assert any(band.holds(Decimal(value)) for band in bands)
