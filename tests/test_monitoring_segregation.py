"""Segregation indices against the values of the PySAL segregation package."""

from __future__ import annotations

import csv
import json
from fractions import Fraction
from pathlib import Path

import pytest

from wegweiser import monitoring
from wegweiser.monitoring import segregation
from wegweiser.monitoring.indicators import round3


def dissimilarity(x: list[int], t: list[int]) -> Fraction:
    value = segregation.dissimilarity(x, t)
    assert value is not None
    return value


def isolation(x: list[int], t: list[int]) -> Fraction:
    value = segregation.isolation(x, t)
    assert value is not None
    return value


def interaction(x: list[int], t: list[int]) -> Fraction:
    value = segregation.interaction(x, t)
    assert value is not None
    return value


# Copies of shared/data: the reference values and the 2015 table (also the generator's calibration).
REFERENCE_FILE = Path(__file__).parent / "data" / "segregation_reference_values.json"
DATA = Path(monitoring.__file__).parent / "data"
REFERENCE = json.loads(REFERENCE_FILE.read_text())
CASES = {case["name"]: case for case in REFERENCE["cases"]}


def test_it_matches_pysal_on_the_toy_table() -> None:
    case = CASES["toy_singlegroup"]
    x, t = case["data"]["mig"], case["data"]["tot"]
    assert float(dissimilarity(x, t)) == pytest.approx(case["expected"]["Dissim"], abs=1e-9)
    assert float(isolation(x, t)) == pytest.approx(case["expected"]["Isolation"], abs=1e-9)
    assert float(interaction(x, t)) == pytest.approx(case["expected"]["Interaction"], abs=1e-9)


def test_it_matches_pysal_on_the_kassel_2015_table() -> None:
    case = CASES["kassel_2015_nichtdeutsche_23_stadtteile"]
    with (DATA / case["data_file"]).open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    x = [int(row["nichtdeutsch"]) for row in rows]
    t = [int(row["einwohner_hw"]) for row in rows]
    assert float(dissimilarity(x, t)) == pytest.approx(case["expected"]["Dissim"], abs=1e-9)
    assert float(isolation(x, t)) == pytest.approx(case["expected"]["Isolation"], abs=1e-9)
    assert round3(dissimilarity(x, t)) == "0.266"
    assert round3(isolation(x, t)) == "0.214"


def test_it_is_undefined_without_the_group_or_without_the_rest() -> None:
    assert segregation.dissimilarity([0, 0], [5, 7]) is None
    assert segregation.dissimilarity([5, 7], [5, 7]) is None
    assert segregation.isolation([0, 0], [5, 7]) is None
    # A district without residents does not divide by zero.
    assert isolation([3, 0], [4, 0]) == Fraction(3, 4)


def test_it_rounds_three_decimals_half_up_exactly() -> None:
    assert round3(Fraction(2655, 10000)) == "0.266"
    assert round3(Fraction(2645, 10000)) == "0.265"
    assert round3(Fraction(1, 3)) == "0.333"
    assert round3(Fraction(1)) == "1.000"
