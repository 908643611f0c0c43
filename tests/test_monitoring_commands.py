"""``monitoring_run`` and ``generate_register``: files, exit statuses, and what reaches the
database (only published aggregates, only with --publish)."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import CommandError, call_command

from tests.monitoring_extract import person, write
from wegweiser.monitoring.models import IndicatorValue


def extract(tmp_path):
    """District 01: 25 residents, 5 Turkish foreigners (2 of them children), 20 Germans
    without background (4 children). District 02: 30 Germans without background, 1 Pole."""
    rows = [
        person(f"A{n}", sta1="TR", geburtsland="TR", zuzug_ausland_datum="2023-01-01")
        for n in range(3)
    ]
    rows += [
        person(f"K{n}", sta1="TR", geburtsland="DE", geburtsdatum="2015-01-01") for n in range(2)
    ]
    rows += [person(f"D{n}") for n in range(16)]
    rows += [person(f"C{n}", geburtsdatum="2010-06-01") for n in range(4)]
    rows += [person(f"E{n}", stadtteil="02") for n in range(30)]
    rows += [
        person("P", stadtteil="02", sta1="PL", geburtsland="PL", zuzug_ausland_datum="2000-01-01")
    ]
    return write(tmp_path / "auszug.csv", rows)


def read(path):
    with path.open(encoding="utf-8", newline="") as handle:
        return {(r["gebiet"], r["indikator"]): r for r in csv.DictReader(handle)}


@pytest.mark.django_db
def test_it_writes_exact_and_published_tables_and_the_person_file(kassel, tmp_path) -> None:
    out = io.StringIO()
    call_command(
        "monitoring_run", str(extract(tmp_path)), "--region", "stadt-kassel",
        "--exact-out", str(tmp_path / "exakt.csv"), "--indicators-out", str(tmp_path / "tab.csv"),
        "--persons-out", str(tmp_path / "personen.csv"), stdout=out,
    )  # fmt: skip
    exact = read(tmp_path / "exakt.csv")
    assert exact[("01", "ew")] == {
        **exact[("01", "ew")],
        "zaehler": "25",
        "nenner": "",
        "wert": "25",
    }
    row = exact[("01", "auslaender_anteil")]
    assert (row["zaehler"], row["nenner"], row["wert"]) == ("5", "25", "20.0")
    row = exact[("00", "mh_anteil")]  # 6 of 56
    assert (row["zaehler"], row["nenner"], row["wert"]) == ("6", "56", "10.7")
    row = exact[("01", "mh_anteil_u18")]  # 2 of 6
    assert (row["zaehler"], row["nenner"], row["wert"]) == ("2", "6", "33.3")
    row = exact[("01", "neuzugewanderte_anteil")]  # 3 of 5 arrived after 2021-12-31
    assert (row["zaehler"], row["nenner"], row["wert"]) == ("3", "5", "60.0")
    # ½ (|5/6 − 20/50| + |1/6 − 30/50|) = 13/30
    assert exact[("00", "segregation_d_auslaender")]["wert"] == "0.433"
    text = (tmp_path / "exakt.csv").read_text()
    assert text.startswith(
        "stichtag,gebiet,indikator,zaehler,nenner,wert,status\n2024-12-31,00,ew,56,,56,ok\n"
    )
    assert "\r" not in text
    published = read(tmp_path / "tab.csv")
    # 1 Pole in 02: blank; the 5 foreigners of 01 would reveal it through the total.
    assert published[("02", "auslaender_anteil")]["status"] == "gesperrt"
    assert published[("02", "auslaender_anteil")]["zaehler"] == ""
    assert published[("01", "auslaender_anteil")]["status"] == "gesperrt"
    assert published[("02", "ew")]["wert"] == "31"
    persons = (tmp_path / "personen.csv").read_text().splitlines()
    assert persons[0] == "pid,mh_status,mh_typ,herkunftsland,herkunftsregion,generation"
    assert "A0,auslaender,AUSL,TR,tuerkei,1" in persons
    assert "D0,ohne,,,," in persons
    assert (
        "Warnungen – Elternteil nicht in der Datei (als nicht verknüpft behandelt): 0"
        in out.getvalue()
    )
    assert not IndicatorValue.objects.exists()  # nothing without --publish


@pytest.mark.django_db
def test_it_publishes_exactly_the_published_table_and_replaces_it(kassel, tmp_path) -> None:
    path = extract(tmp_path)
    call_command(
        "monitoring_run",
        str(path),
        "--publish",
        "--indicators-out",
        str(tmp_path / "t.csv"),
        stdout=io.StringIO(),
    )
    call_command("monitoring_run", str(path), "--publish", stdout=io.StringIO())
    table = read(tmp_path / "t.csv")
    stored = IndicatorValue.objects.filter(region=kassel)
    assert stored.count() == len(table) == 24 * 20 + 3
    for value in stored:
        row = table[(value.gebiet, value.indikator)]
        assert (row["zaehler"], row["nenner"], row["wert"], row["status"]) == (
            "" if value.zaehler is None else str(value.zaehler),
            "" if value.nenner is None else str(value.nenner),
            value.wert,
            value.status,
        )


@pytest.mark.django_db
def test_it_rejects_a_bad_extract_with_status_1_and_leaves_the_database_unchanged(
    kassel, tmp_path
) -> None:
    call_command("monitoring_run", str(extract(tmp_path)), "--publish", stdout=io.StringIO())
    before = list(IndicatorValue.objects.values_list("gebiet", "indikator", "wert"))
    bad = write(tmp_path / "bad.csv", [person("A"), person("A", stadtteil="99")])
    err = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("monitoring_run", str(bad), "--publish", stdout=io.StringIO(), stderr=err)
    assert caught.value.returncode == 1
    assert "Zeile 3, Spalte „pid“, Wert „A“: Pseudonym kommt mehrfach vor." in err.getvalue()
    assert "Zeile 3, Spalte „stadtteil“, Wert „99“: Unbekannter Stadtteil." in err.getvalue()
    assert (
        str(caught.value)
        == "Der Registerauszug wurde abgelehnt: 2 Fehler. Es wurde nichts gespeichert."
    )
    assert list(IndicatorValue.objects.values_list("gebiet", "indikator", "wert")) == before


@pytest.mark.django_db
def test_it_answers_usage_errors_with_status_2(kassel, tmp_path) -> None:
    with pytest.raises(CommandError) as caught:
        call_command("monitoring_run", str(extract(tmp_path)), "--region", "atlantis")
    assert caught.value.returncode == 2
    with pytest.raises(CommandError) as caught:
        call_command("monitoring_run", str(tmp_path / "fehlt.csv"))
    assert caught.value.returncode == 2


def test_it_generates_the_same_register_for_the_same_seed(tmp_path) -> None:
    for name in ("a.csv", "b.csv", "c.parquet"):
        call_command(
            "generate_register", "--residents", "3000", "--stichtag", "2020-12-31",
            "--seed", "5", "--output", str(tmp_path / name), stdout=io.StringIO(),
        )  # fmt: skip
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()
    assert (tmp_path / "c.parquet").stat().st_size > 0


@pytest.mark.django_db
def test_it_follows_one_population_through_the_years(kassel, tmp_path) -> None:
    import datetime as dt

    from wegweiser.monitoring import synthetic
    from wegweiser.monitoring.engine import run

    universe = synthetic.build(20000, 11)
    pids = {}
    for year in (2012, 2015, 2024):
        path = tmp_path / f"{year}.csv"
        synthetic.write(synthetic.snapshot(universe, dt.date(year, 12, 31)), path)
        result = run(path, [f"{n:02d}" for n in range(1, 24)])
        with path.open() as handle:
            pids[year] = {row["pid"] for row in csv.DictReader(handle)}
        counts = result.counts
        result.close()
        assert 18500 < counts[("00", "ew")] < 22500
        if year == 2015:  # calibrated to the 2015 table: 31,811 of 200,507 are foreigners
            assert abs(counts[("00", "ausl")] / counts[("00", "ew")] - 0.1587) < 0.01
            for district in ("11", "14", "18", "20"):
                assert counts[(district, "mh")] / counts[(district, "ew")] > 0.5
    # Most residents are the same people three years apart, fewer after twelve.
    assert len(pids[2012] & pids[2015]) > 0.8 * len(pids[2015])
    assert len(pids[2012] & pids[2024]) < len(pids[2012] & pids[2015])


@pytest.mark.django_db
def test_it_lets_only_the_statistics_office_and_administrators_run_the_monitoring(
    kassel, landkreis
) -> None:
    from tests.accounts_cast import person as user_with
    from wegweiser.accounts import permissions
    from wegweiser.accounts.models import Role

    def member(role: str):
        return user_with(f"{role}@example.org", region=kassel, role=role)

    statistics, observer = member(Role.STATISTICS), member(Role.OBSERVER)
    editor, provider = member(Role.CITY_EDITOR), member(Role.PROVIDER_EDITOR)
    assert permissions.can_run_monitoring(statistics, kassel)
    assert not permissions.can_run_monitoring(statistics, landkreis)
    assert not permissions.can_run_monitoring(observer, kassel)
    assert permissions.can_read_monitoring(observer, kassel)
    for user in (editor, provider):
        assert not permissions.can_run_monitoring(user, kassel)
        assert not permissions.can_read_monitoring(user, kassel)
    administrator = user_with("admin@example.org", superuser=True)
    assert permissions.can_run_monitoring(administrator, landkreis)
