"""The synthetic register against the figures of the source and the 2015 table (issue 6,
point 7): the 2010 shares of residents with migration background by district, the city and
the children; the 2015 foreigner shares; the mix; the waves of arrivals; ages and sexes."""

from __future__ import annotations

import csv
import datetime as dt

import pytest

from wegweiser.monitoring import synthetic
from wegweiser.monitoring.engine import run

KASSEL = [f"{n:02d}" for n in range(1, 24)]


@pytest.fixture(scope="module")
def years(tmp_path_factory) -> dict[int, dict]:
    """Counts and the person-level mix of one population (40,000 residents) in some years."""
    universe = synthetic.build(40_000, 3)
    found = {}
    for year in (2010, 2014, 2015, 2017, 2021, 2023):
        path = tmp_path_factory.mktemp("register") / f"{year}.parquet"
        synthetic.write(synthetic.snapshot(universe, dt.date(year, 12, 31)), path)
        result = run(path, KASSEL)
        con = result.connection
        assert con is not None
        types = dict(con.execute("SELECT mh_typ, count(*) FROM persons GROUP BY ALL").fetchall())
        citizens = dict(con.execute(f"SELECT sta1, count(*) FROM '{path}' GROUP BY ALL").fetchall())
        origins = dict(
            con.execute(
                "SELECT herkunftsland, count(*) FROM persons WHERE mh_typ = 'AUSSIEDLER' GROUP BY ALL"
            ).fetchall()
        )
        sexes = dict(
            con.execute(f"SELECT geschlecht, count(*) FROM '{path}' GROUP BY ALL").fetchall()
        )
        ages = con.execute("SELECT min(age), max(age), avg(age) FROM persons").fetchone()
        found[year] = {
            "counts": result.counts,
            "types": types,
            "citizens": citizens,
            "aussiedler": origins,
            "sexes": sexes,
            "ages": ages,
        }
        result.close()
    return found


def share(counts: dict, gebiet: str, numerator: str, denominator: str = "ew") -> float:
    return counts[(gebiet, numerator)] / counts[(gebiet, denominator)]


def test_2010_has_the_migration_background_the_source_reports(years) -> None:
    counts = years[2010]["counts"]
    shares = {d: share(counts, d, "mh") for d in KASSEL}
    # Nord (Holland), Waldau, Wesertor, Oberzwehren over 50 %, three more over 40 %.
    assert sorted(d for d, s in shares.items() if s > 0.5) == ["11", "14", "18", "20"]
    assert len([d for d, s in shares.items() if 0.4 < s <= 0.5]) == 3
    assert 0.33 <= share(counts, "00", "mh") <= 0.355  # about 33–35 %
    assert 0.47 <= share(counts, "00", "mh_u18", "u18") <= 0.54  # children: about half


def test_2015_has_the_foreigner_shares_of_the_statistics_office(years) -> None:
    counts = years[2015]["counts"]
    with synthetic.DATA.open(encoding="utf-8") as handle:
        table = {row["nr"]: row for row in csv.DictReader(handle)}
    total = sum(int(row["einwohner_hw"]) for row in table.values())
    for district, row in table.items():
        expected = int(row["nichtdeutsch"]) / int(row["einwohner_hw"])
        assert abs(share(counts, district, "ausl") - expected) < 0.03, district
        size = counts[(district, "ew")] / counts[("00", "ew")]
        assert abs(size - int(row["einwohner_hw"]) / total) < 0.003, district
    assert abs(share(counts, "00", "ausl") - 31811 / 200507) < 0.005


def test_the_mix_has_every_kind_of_migration_background(years) -> None:
    for year in (2010, 2023):
        types = years[year]["types"]
        mh = sum(n for kind, n in types.items() if kind)
        for kind in ("AUSL", "AUSSIEDLER", "EINGEBUERGERT", "IUS_SOLI", "DOPPELSTAATLER",
                     "GEBURT_AUSLAND", "KIND_FAMILIAER"):  # fmt: skip
            assert types.get(kind, 0) > 0.02 * mh, (year, kind)
    aussiedler = years[2010]["aussiedler"]
    former_ussr = sum(aussiedler.get(code, 0) for code in ("KZ", "RU", "UA"))
    assert former_ussr > aussiedler.get("PL", 0) > 0 and aussiedler.get("RO", 0) > 0


def test_refugees_arrive_from_syria_after_2015_and_from_ukraine_after_2021(years) -> None:
    syrians = {year: years[year]["citizens"].get("SY", 0) for year in years}
    ukrainians = {year: years[year]["citizens"].get("UA", 0) for year in years}
    assert syrians[2017] > 2 * syrians[2014]
    assert ukrainians[2023] > 2.5 * ukrainians[2021]
    foreigners = {year: share(years[year]["counts"], "00", "ausl") for year in years}
    assert foreigners[2010] < foreigners[2015] < foreigners[2023] < 0.25


def test_ages_and_sexes_are_plausible(years) -> None:
    youngest, oldest, mean = years[2015]["ages"]
    assert youngest == 0 and 95 <= oldest <= 110 and 38 <= mean <= 46
    sexes = years[2015]["sexes"]
    assert 0.49 < sexes["w"] / sum(sexes.values()) < 0.53 and sexes.get("d", 0) > 0
