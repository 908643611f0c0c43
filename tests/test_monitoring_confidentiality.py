"""Confidentiality (register-extract.md § 4): primary and secondary suppression, proven by a
linear-programme audit: nothing that is published narrows a suppressed count to an interval
narrower than 3."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from scipy.optimize import linprog

from tests.monitoring_extract import KASSEL, person, write
from wegweiser.monitoring import synthetic
from wegweiser.monitoring.confidentiality import REGISTER, Cell, Structure, primary, suppress
from wegweiser.monitoring.engine import Options, run
from wegweiser.monitoring.tables import build_rows


def audit(
    counts: dict[Cell, int], blank: set[Cell], structure: Structure = REGISTER
) -> dict[Cell, tuple[float, float]]:
    """The interval of every suppressed count an attacker can derive from the published ones
    and the relations of the contract (published counts enter as constants)."""
    unknown = sorted(blank)
    index = {cell: i for i, cell in enumerate(unknown)}
    gebiete = sorted({g for g, _ in counts})
    districts = [g for g in gebiete if g != "00"]

    def relation(terms: list[tuple[Cell, int]]) -> tuple[np.ndarray, float]:
        """Σ k·x as (coefficients of the unknown counts, minus the published part)."""
        row, constant = np.zeros(len(unknown)), 0.0
        for cell, k in terms:
            if cell in index:
                row[index[cell]] += k
            else:
                constant -= k * counts[cell]
        return row, constant

    equalities = [
        relation([((g, kind), 1) for g in districts] + [(("00", kind), -1)])
        for kind in structure.types
    ]
    for g in gebiete:
        for lhs, rhs in structure.equations:
            equalities.append(relation([((g, lhs), 1)] + [((g, kind), -1) for kind in rhs]))
    inequalities = [
        relation([((g, numerator), 1), ((g, denominator), -1)])
        for g in gebiete
        for numerator, denominator in structure.shares
    ]
    # Relations between published counts only carry no information about the unknown ones.
    equalities = [(row, c) for row, c in equalities if row.any()]
    inequalities = [(row, c) for row, c in inequalities if row.any()]
    a_eq = np.array([row for row, _ in equalities]) if equalities else None
    b_eq = np.array([c for _, c in equalities]) if equalities else None
    a_ub = np.array([row for row, _ in inequalities]) if inequalities else None
    b_ub = np.array([c for _, c in inequalities]) if inequalities else None
    intervals = {}
    for cell in unknown:
        objective = np.zeros(len(unknown))
        objective[index[cell]] = 1
        ends = []
        for sign in (1, -1):
            result = linprog(
                sign * objective, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq,
                bounds=[(0, None)] * len(unknown), method="highs",
            )  # fmt: skip
            if result.status == 3:  # unbounded above
                ends.append(float("inf"))
            else:
                assert result.status == 0, result.message
                ends.append(sign * result.fun)
        intervals[cell] = (ends[0], ends[1])
    return intervals


def counts_of(tmp_path, residents: int, seed: int, year: int = 2024) -> dict[Cell, int]:
    universe = synthetic.build(residents, seed)
    path = tmp_path / f"register-{residents}-{seed}.csv"
    synthetic.write(synthetic.snapshot(universe, dt.date(year, 12, 31)), path)
    result = run(path, KASSEL, Options(temp_directory=tmp_path / "duck"))
    result.close()
    return result.counts


def assert_protected(counts: dict[Cell, int], blank: set[Cell]) -> None:
    for cell, (low, high) in audit(counts, blank).items():
        assert low <= counts[cell] <= high
        assert high - low >= 3 - 1e-6, (cell, counts[cell], low, high)


@pytest.mark.parametrize(("residents", "seed"), [(600, 1), (1500, 2), (4000, 3)])
def test_it_leaves_no_suppressed_count_narrower_than_3_in_small_registers(
    tmp_path, residents, seed
) -> None:
    counts = counts_of(tmp_path, residents, seed)
    blank = suppress(counts)
    assert primary(counts, REGISTER) <= blank
    assert len(blank) > len(primary(counts, REGISTER))  # secondary suppression was needed
    assert_protected(counts, blank)


def test_it_leaves_no_suppressed_count_narrower_than_3_in_a_larger_register(tmp_path) -> None:
    counts = counts_of(tmp_path, 20000, 1)
    blank = suppress(counts)
    assert blank
    assert_protected(counts, blank)


def test_it_suppresses_ones_and_twos_and_the_shares_rule_2_forbids(tmp_path) -> None:
    rows = [person(f"D{n}", stadtteil="02") for n in range(40)]
    rows += [person(f"A{n}", stadtteil="02", sta1="TR", geburtsland="TR") for n in range(2)]
    rows += [person(f"B{n}", stadtteil="03") for n in range(30)]
    rows += [person(f"C{n}", stadtteil="03", sta1="PL", geburtsland="PL") for n in range(5)]
    path = write(tmp_path / "a.csv", rows)
    result = run(path, KASSEL, Options(temp_directory=tmp_path / "duck"))
    result.close()
    counts = result.counts
    first = primary(counts, REGISTER)
    assert ("02", "ausl") in first  # 2 foreigners
    assert ("03", "ausl") not in first  # 5 of 35
    assert ("03", "u18") not in first  # a count of 0 is not suppressed by itself
    assert ("03", "mh_u18") in first  # numerator 0 of a share with denominator 0
    blank = suppress(counts)
    assert ("03", "ausl") in blank  # protects the 2 foreigners of 02
    published = {
        (r.gebiet, r.indikator): r for r in build_rows(result.stichtag, KASSEL, counts, blank)
    }
    row = published[("02", "auslaender_anteil")]
    assert (row.zaehler, row.nenner, row.wert, row.status) == (None, 42, "", "gesperrt")
    # The same count is blank wherever it appears.
    row = published[("02", "neuzugewanderte_anteil")]
    assert (row.zaehler, row.nenner, row.status) == (None, None, "gesperrt")
    # Every published share passes rule 2; every blank count is blank in every row.
    for row in published.values():
        if row.status == "ok" and row.nenner is not None and row.zaehler is not None:
            assert row.zaehler >= 3 and row.nenner >= 20 and row.nenner - row.zaehler >= 3
        assert row.status == "ok" or (row.zaehler is None and row.wert == "")
