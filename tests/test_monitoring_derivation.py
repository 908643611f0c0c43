"""The derivation of the migration background (register-extract.md § 2): every test vector of
the contract, and the edge cases around it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.monitoring_extract import KASSEL, person, write
from wegweiser.monitoring.engine import Options, run

# pid, geburtsdatum, sta1, sta2, art_dt_sta, einb., einb._datum, option, geburtsland,
# zuzug_ausland_datum, zuzugsherkunft, mutter, vater → mh_typ, herkunft, region, generation
VECTORS = """
T1|1980-04-02|TR||||||TR|2001-05-01|TR|||AUSL|TR|tuerkei|1
T2|2003-06-10|DE|TR||||1|DE|||||IUS_SOLI|TR|tuerkei|2
T3|1975-01-20|DE|||1|2008-03-01||IR|1999-02-01|IR|||EINGEBUERGERT|IR|sonstige|1
T4|1975-07-07|DE||spaetaussiedler||||KZ|1995-09-01|KZ|||AUSSIEDLER|KZ|ehem_su|1
T5a|1960-02-02|DE|||1|1993-05-01||RU|1992-01-01|RU|||AUSSIEDLER|RU|ehem_su|1
T5b|1980-02-02|DE|||1|2010-05-01||RU|2001-01-01|RU|||EINGEBUERGERT|RU|ehem_su|1
T5c|1940-03-03|DE||||||KZ|||||AUSSIEDLER|KZ|ehem_su|1
T6|1938-08-08|DE||||||PL|||||–|–|–|–
T6b|1938-08-08|DE||||||PL|1978-03-01|PL|||AUSSIEDLER|PL|polen|1
T7|1990-10-10|DE||||||US|2015-01-01|US|||GEBURT_AUSLAND|US|sonstige|1
T8|2015-05-05|DE||abstammung||||DE|||T3||KIND_FAMILIAER|IR|sonstige|familiaer
T9|2015-05-05|DE||abstammung||||DE|||||–|–|–|–
T10F|1982-01-01|DE||abstammung||||DE|||||–|–|–|–
T10|2010-01-01|DE||||||DE||||T10F|–|–|–|–
T11P|1978-01-01|TR||||||TR|1998-01-01|TR|||AUSL|TR|tuerkei|1
T11|2005-01-01|DE||||||DE|||T11P||–|–|–|–
T12|1995-05-05|XX|||||||||||AUSL|XX|sonstige|unbekannt
"""
FIELDS = [
    "pid",
    "geburtsdatum",
    "sta1",
    "sta2",
    "art_dt_sta",
    "einbuergerung",
    "einbuergerung_datum",
    "option",
    "geburtsland",
    "zuzug_ausland_datum",
    "zuzugsherkunft",
    "mutter_pid",
    "vater_pid",
]


def _vectors() -> list[tuple[dict[str, str], tuple[str, ...]]]:
    found = []
    for line in VECTORS.strip().splitlines():
        cells = line.split("|")
        row = dict(zip(FIELDS, cells[:13], strict=True))
        expected = tuple("" if cell == "–" else cell for cell in cells[13:])
        found.append((row, expected))
    return found


def derive(tmp_path: Path, rows: list[dict[str, str]], **options) -> dict[str, tuple[str, ...]]:
    path = write(tmp_path / "auszug.csv", rows)
    result = run(path, KASSEL, Options(temp_directory=tmp_path / "duck", **options))
    try:
        return result.persons()
    finally:
        result.close()


def status_of(mh_typ: str) -> str:
    return "ohne" if not mh_typ else "auslaender" if mh_typ == "AUSL" else "deutsch_mh"


@pytest.fixture(scope="module")
def vector_results(tmp_path_factory) -> dict[str, tuple[str, ...]]:
    tmp = tmp_path_factory.mktemp("vectors")
    return derive(tmp, [person(**row) for row, _ in _vectors()])


@pytest.mark.parametrize(("row", "expected"), _vectors(), ids=[r["pid"] for r, _ in _vectors()])
def test_it_derives_each_test_vector_of_the_contract(vector_results, row, expected) -> None:
    mh_typ, herkunft, region, generation = expected
    assert vector_results[row["pid"]] == (status_of(mh_typ), mh_typ, herkunft, region, generation)


def test_it_leaves_t7_without_migration_background_when_the_born_abroad_rule_is_off(
    tmp_path,
) -> None:
    rows = [person(**row) for row, _ in _vectors()]
    persons = derive(tmp_path, rows, born_abroad_rule=False)
    assert persons["T7"] == ("ohne", "", "", "", "")
    # The other vectors do not depend on the rule.
    for row, expected in _vectors():
        if row["pid"] != "T7":
            assert persons[row["pid"]][1] == expected[0]


FOREIGN_PARENT = {"sta1": "TR", "geburtsland": "TR", "geburtsdatum": "1970-01-01"}


def test_it_counts_a_birthday_on_the_stichtag_as_a_full_year(tmp_path) -> None:
    persons = derive(
        tmp_path,
        [
            person("P", **FOREIGN_PARENT),
            # 18 on the stichtag: no longer a child for the familial rule.
            person("K18", geburtsdatum="2006-12-31", geburtsland="DE", mutter_pid="P"),
            # 18 tomorrow: still 17.
            person("K17", geburtsdatum="2007-01-01", geburtsland="DE", mutter_pid="P"),
        ],
    )
    assert persons["K18"][1] == ""
    assert persons["K17"][1:] == ("KIND_FAMILIAER", "TR", "tuerkei", "familiaer")


@pytest.mark.parametrize(
    ("stichtag", "expected"),
    [("2026-02-28", "KIND_FAMILIAER"), ("2026-03-01", ""), ("2024-02-29", "KIND_FAMILIAER")],
)
def test_it_ages_a_29_february_child_on_1_march(tmp_path, stichtag, expected) -> None:
    common = {"stichtag": stichtag}
    persons = derive(
        tmp_path,
        [
            person("P", **FOREIGN_PARENT, **common),
            person("K", geburtsdatum="2008-02-29", geburtsland="DE", mutter_pid="P", **common),
        ],
    )
    assert persons["K"][1] == expected


def test_it_treats_parents_missing_from_the_file_as_unlinked_and_counts_a_warning(
    tmp_path,
) -> None:
    path = write(
        tmp_path / "a.csv",
        [
            person("K", geburtsdatum="2015-01-01", geburtsland="DE", mutter_pid="NIEMAND"),
            person("L", geburtsdatum="2015-01-01", geburtsland="DE", vater_pid="X", mutter_pid="Y"),
        ],
    )
    result = run(path, KASSEL, Options(temp_directory=tmp_path / "duck"))
    try:
        assert result.warnings == {"eltern_fehlen": 3}
        assert result.persons()["K"] == ("ohne", "", "", "", "")
    finally:
        result.close()


def test_it_links_a_parent_twelve_full_years_older_but_not_a_younger_one(tmp_path) -> None:
    path = write(
        tmp_path / "a.csv",
        [
            person("P", sta1="SY", geburtsland="SY", geburtsdatum="1998-05-05"),
            person("ZWOELF", geburtsdatum="2010-05-05", geburtsland="DE", mutter_pid="P"),
            # One day short of twelve full years: unlinked, and a warning.
            person("ELF", geburtsdatum="2010-05-04", geburtsland="DE", vater_pid="P"),
        ],
    )
    result = run(path, KASSEL, Options(temp_directory=tmp_path / "duck"))
    try:
        persons = result.persons()
        assert persons["ZWOELF"][1:] == ("KIND_FAMILIAER", "SY", "arabische_staaten", "familiaer")
        assert persons["ELF"] == ("ohne", "", "", "", "")
        assert result.warnings == {"eltern_zu_jung": 1}
    finally:
        result.close()


def test_it_derives_stateless_persons(tmp_path) -> None:
    persons = derive(
        tmp_path,
        [
            person("STAATENLOS", sta1="XX", geburtsland="SY", zuzug_ausland_datum="2016-01-01"),
            person("UNGEKLAERT", sta1="XU"),
            # German with a second "citizenship" XX: no foreign citizenship, no background.
            person("DE_XX", sta2="XX", geburtsland="DE"),
        ],
    )
    assert persons["STAATENLOS"] == ("auslaender", "AUSL", "SY", "arabische_staaten", "1")
    assert persons["UNGEKLAERT"] == ("auslaender", "AUSL", "XU", "unbekannt", "unbekannt")
    assert persons["DE_XX"] == ("ohne", "", "", "", "")


def test_it_derives_historic_states(tmp_path) -> None:
    persons = derive(
        tmp_path,
        [
            person("SU", geburtsdatum="1985-03-01", geburtsland="SU"),
            person("YU", sta1="YU", geburtsland="YU", geburtsdatum="1960-01-01"),
            person(
                "CS",
                geburtsdatum="1960-01-01",
                geburtsland="CS",
                zuzug_ausland_datum="1980-01-01",
                zuzugsherkunft="CS",
            ),
            # An expellee born in Czechoslovakia before 1950 who came before 1950.
            person(
                "VERTRIEBEN",
                geburtsdatum="1941-01-01",
                geburtsland="CS",
                zuzug_ausland_datum="1946-06-01",
                zuzugsherkunft="CS",
            ),
        ],
    )
    assert persons["SU"] == ("deutsch_mh", "AUSSIEDLER", "SU", "ehem_su", "1")
    assert persons["YU"] == ("auslaender", "AUSL", "YU", "ehem_yu", "1")
    assert persons["CS"] == ("deutsch_mh", "AUSSIEDLER", "CS", "eu", "1")
    assert persons["VERTRIEBEN"] == ("ohne", "", "", "", "")


def test_it_reads_xu_and_dd_birth_countries_as_empty_and_germany(tmp_path) -> None:
    persons = derive(
        tmp_path,
        [
            person("DD", geburtsdatum="1960-01-01", geburtsland="DD"),
            person("XU", geburtsdatum="1960-01-01", geburtsland="XU"),
            person(
                "XU_ZUZUG", geburtsland="XU", zuzug_ausland_datum="2000-01-01", zuzugsherkunft="XU"
            ),
            person("AUSL_DD", sta1="PL", geburtsland="DD"),
            person("AUSL_XU", sta1="PL", geburtsland="XU"),
        ],
    )
    assert persons["DD"] == ("ohne", "", "", "", "")
    assert persons["XU"] == ("ohne", "", "", "", "")
    assert persons["XU_ZUZUG"] == ("ohne", "", "", "", "")
    # Born in the GDR = born in Germany: second generation.
    assert persons["AUSL_DD"] == ("auslaender", "AUSL", "PL", "polen", "2")
    assert persons["AUSL_XU"] == ("auslaender", "AUSL", "PL", "polen", "unbekannt")


def test_it_takes_the_origin_through_the_generations_mother_first(tmp_path) -> None:
    persons = derive(
        tmp_path,
        [
            person("OMA", sta1="SY", geburtsland="SY", geburtsdatum="1950-01-01"),
            person(
                "MUTTER",
                einbuergerung="1",
                geburtsland="DE",
                geburtsdatum="1975-01-01",
                mutter_pid="OMA",
            ),
            person("VATER", sta1="TR", geburtsland="TR", geburtsdatum="1970-01-01"),
            person(
                "KIND",
                art_dt_sta="ius_soli",
                geburtsland="DE",
                geburtsdatum="2000-01-01",
                mutter_pid="MUTTER",
                vater_pid="VATER",
            ),
        ],
    )
    assert persons["MUTTER"] == ("deutsch_mh", "EINGEBUERGERT", "SY", "arabische_staaten", "2")
    assert persons["KIND"] == ("deutsch_mh", "IUS_SOLI", "SY", "arabische_staaten", "2")


def test_it_uses_the_father_when_the_mother_has_no_migration_background(tmp_path) -> None:
    persons = derive(
        tmp_path,
        [
            person("MUTTER", geburtsland="DE", geburtsdatum="1975-01-01"),
            person("VATER", sta1="UA", geburtsland="UA", geburtsdatum="1970-01-01"),
            person(
                "KIND",
                geburtsland="DE",
                geburtsdatum="2020-01-01",
                mutter_pid="MUTTER",
                vater_pid="VATER",
            ),
        ],
    )
    assert persons["KIND"] == ("deutsch_mh", "KIND_FAMILIAER", "UA", "ehem_su", "familiaer")


def test_it_applies_the_familial_age_limit_option(tmp_path) -> None:
    rows = [
        person("P", **FOREIGN_PARENT),
        person("K", geburtsdatum="2015-05-05", geburtsland="DE", mutter_pid="P"),
    ]
    assert derive(tmp_path, rows)["K"][1] == "KIND_FAMILIAER"
    assert derive(tmp_path, rows, familial_age_limit=6)["K"][1] == ""


def test_it_does_not_pass_a_familial_background_on_to_the_next_generation(tmp_path) -> None:
    persons = derive(
        tmp_path,
        [
            person("OMA", **FOREIGN_PARENT),
            person("MUTTER", geburtsland="DE", geburtsdatum="2008-01-01", mutter_pid="OMA"),
            person("KIND", geburtsland="DE", geburtsdatum="2023-01-01", mutter_pid="MUTTER"),
        ],
    )
    assert persons["MUTTER"][1] == "KIND_FAMILIAER"
    assert persons["KIND"][1] == ""


def test_the_counts_are_the_contracts_definitions_over_the_person_table(tmp_path) -> None:
    """The counts come from groups of alike persons; here each is counted again straight from
    its definition (register-extract.md § 3) on a synthetic register of 20,000."""
    import datetime as dt

    from wegweiser.monitoring import codes, synthetic
    from wegweiser.monitoring.engine import count

    path = tmp_path / "register.csv"
    synthetic.write(synthetic.snapshot(synthetic.build(20000, 4), dt.date(2024, 2, 29)), path)
    eu = "(" + ", ".join(f"'{c}'" for c in codes.EU27) + ")"
    definitions = {
        "ew": "true", "mh": "mh_typ IS NOT NULL", "ausl": "mh_status = 'auslaender'",
        "dmh": "mh_status = 'deutsch_mh'", "mh_u18": "mh_typ IS NOT NULL AND age < 18",
        "u18": "age < 18", "mh_u6": "mh_typ IS NOT NULL AND age < 6", "u6": "age < 6",
        "mh_65": "mh_typ IS NOT NULL AND age >= 65", "a65": "age >= 65",
        "aussiedler": "mh_typ = 'AUSSIEDLER'", "eingeb": "mh_typ = 'EINGEBUERGERT'",
        "gen1": "generation = '1'",
        "neu": "mh_status = 'auslaender' AND f.zuzug_ausland_datum > '2021-02-28'",
        "dritt": f"mh_status = 'auslaender' AND age >= 18 AND f.sta1 NOT IN {eu} "
                 f"AND coalesce(f.sta2 NOT IN {eu}, true)",
        "a18": "age >= 18",
        **{f"her_{r}": f"herkunftsregion = '{r}'" for r in codes.REGION_CODES},
    }  # fmt: skip
    result = run(path, KASSEL)
    try:
        assert result.connection is not None
        counts = count(result.connection, result.stichtag, KASSEL)
        for kind, condition in definitions.items():
            rows = result.connection.execute(
                f"SELECT st, count(*) FILTER (WHERE {condition}) FROM persons "
                f"JOIN read_csv('{path}', all_varchar = true) AS f USING (pid) GROUP BY st"
            ).fetchall()
            expected = dict(rows)
            assert {d: counts[(d, kind)] for d in KASSEL} == {d: expected.get(d, 0) for d in KASSEL}
            assert counts[("00", kind)] == sum(expected.values()), kind
        assert counts[("00", "neu")] > 0 and counts[("00", "dritt")] > 0
    finally:
        result.close()
