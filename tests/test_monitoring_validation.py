"""Validation of the register extract (register-extract.md § 1): every error rejects the file
with line, column and value; warnings are counted."""

from __future__ import annotations

import duckdb
import pytest

from tests.monitoring_extract import KASSEL, person, write
from wegweiser.monitoring.engine import COLUMNS, ExtractRejected, Options, run


def check(tmp_path, rows, columns=COLUMNS) -> ExtractRejected:
    path = write(tmp_path / "auszug.csv", rows, columns)
    with pytest.raises(ExtractRejected) as caught:
        run(path, KASSEL, Options(temp_directory=tmp_path / "duck"))
    return caught.value


def test_it_accepts_a_valid_extract_with_only_the_required_columns(tmp_path) -> None:
    columns = ("pid", "stichtag", "geburtsdatum", "geschlecht", "stadtteil", "sta1")
    path = write(tmp_path / "a.csv", [person("A"), person("B", sta1="TR")], columns)
    result = run(path, KASSEL, Options(temp_directory=tmp_path / "duck"))
    try:
        assert result.counts[("00", "ew")] == 2
        assert result.counts[("00", "ausl")] == 1
        assert result.warnings == {}
    finally:
        result.close()


def test_it_rejects_a_missing_required_column(tmp_path) -> None:
    columns = tuple(c for c in COLUMNS if c != "geschlecht")
    error = check(tmp_path, [person("A")], columns)
    assert error.messages()[0] == "Zeile 1, Spalte „geschlecht“, Wert „“: Pflichtspalte fehlt."


def test_it_rejects_an_unknown_column(tmp_path) -> None:
    error = check(tmp_path, [person("A")], (*COLUMNS, "religion"))
    assert (
        str(error.problems[0]) == "Zeile 1, Spalte „religion“, Wert „religion“: Unbekannte Spalte."
    )


@pytest.mark.parametrize(
    ("fields", "column", "value", "text"),
    [
        ({"geschlecht": ""}, "geschlecht", "", "Pflichtangabe fehlt."),
        (
            {"stichtag": "2023-12-31"},
            "stichtag",
            "2023-12-31",
            "Mehr als ein Stichtag in der Datei.",
        ),
        (
            {"geburtsdatum": "1980-02-30"},
            "geburtsdatum",
            "1980-02-30",
            "Kein gültiges Datum (JJJJ-MM-TT).",
        ),
        ({"wohnt_seit": "1.1.2000"}, "wohnt_seit", "1.1.2000", "Kein gültiges Datum (JJJJ-MM-TT)."),
        (
            {"geburtsdatum": "2025-01-01"},
            "geburtsdatum",
            "2025-01-01",
            "Datum liegt nach dem Stichtag.",
        ),
        (
            {"einbuergerung_datum": "2025-01-01"},
            "einbuergerung_datum",
            "2025-01-01",
            "Datum liegt nach dem Stichtag.",
        ),
        (
            {"zuzug_ausland_datum": "2025-06-01"},
            "zuzug_ausland_datum",
            "2025-06-01",
            "Datum liegt nach dem Stichtag.",
        ),
        (
            {"wohnt_seit": "2025-06-01"},
            "wohnt_seit",
            "2025-06-01",
            "Datum liegt nach dem Stichtag.",
        ),
        (
            {"zuzug_ausland_datum": "1970-01-01"},
            "zuzug_ausland_datum",
            "1970-01-01",
            "Datum liegt vor dem Geburtsdatum.",
        ),
        (
            {"einbuergerung_datum": "1979-12-31"},
            "einbuergerung_datum",
            "1979-12-31",
            "Datum liegt vor dem Geburtsdatum.",
        ),
        (
            {"wohnt_seit": "1979-01-01"},
            "wohnt_seit",
            "1979-01-01",
            "Datum liegt vor dem Geburtsdatum.",
        ),
        ({"geschlecht": "f"}, "geschlecht", "f", "Unbekanntes Geschlecht."),
        ({"stadtteil": "24"}, "stadtteil", "24", "Unbekannter Stadtteil."),
        ({"stadtteil": "1"}, "stadtteil", "1", "Unbekannter Stadtteil."),
        ({"sta1": "de"}, "sta1", "de", "Unbekannter Staatsschlüssel."),
        ({"sta2": "EU"}, "sta2", "EU", "Unbekannter Staatsschlüssel."),
        ({"geburtsland": "XY"}, "geburtsland", "XY", "Unbekannter Staatsschlüssel."),
        ({"zuzugsherkunft": "DEU"}, "zuzugsherkunft", "DEU", "Unbekannter Staatsschlüssel."),
        (
            {"art_dt_sta": "geburt"},
            "art_dt_sta",
            "geburt",
            "Unbekannte Art des Erwerbs der deutschen Staatsangehörigkeit.",
        ),
        ({"einbuergerung": "ja"}, "einbuergerung", "ja", "Kennzeichen muss 0, 1 oder leer sein."),
        ({"option": "2"}, "option", "2", "Kennzeichen muss 0, 1 oder leer sein."),
        ({"mutter_pid": "B"}, "mutter_pid", "B", "Elternteil ist die Person selbst."),
        ({"vater_pid": "B"}, "vater_pid", "B", "Elternteil ist die Person selbst."),
    ],
)
def test_it_rejects_each_error_of_the_contract_with_line_column_and_value(
    tmp_path, fields, column, value, text
) -> None:
    error = check(tmp_path, [person("A"), person("B", **fields), person("C")])
    assert error.total == 1
    assert str(error.problems[0]) == f"Zeile 3, Spalte „{column}“, Wert „{value}“: {text}"
    assert (
        error.messages()[-1]
        == "Der Registerauszug wurde abgelehnt: 1 Fehler. Es wurde nichts gespeichert."
    )


def test_it_rejects_a_duplicate_pid_on_its_second_line(tmp_path) -> None:
    error = check(tmp_path, [person("A"), person("B"), person("A")])
    assert [str(p) for p in error.problems] == [
        "Zeile 4, Spalte „pid“, Wert „A“: Pseudonym kommt mehrfach vor."
    ]


def test_it_lists_at_most_100_messages_in_line_order_plus_the_total(tmp_path) -> None:
    rows = [person(f"P{n}", geschlecht="?", sta1="??") for n in range(80)]
    error = check(tmp_path, rows)
    assert error.total == 160
    assert len(error.problems) == 100
    assert [p.line for p in error.problems[:4]] == [2, 2, 3, 3]
    assert [p.column for p in error.problems[:2]] == ["geschlecht", "sta1"]
    assert error.messages()[-1] == (
        "Der Registerauszug wurde abgelehnt: 160 Fehler (die ersten 100 sind aufgeführt). "
        "Es wurde nichts gespeichert."
    )


def test_it_rejects_a_file_that_is_not_utf8(tmp_path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes(
        ",".join(COLUMNS).encode() + b"\nA,2024-12-31,1980-01-01,w,01,DE,,,,,,M\xfcnchen,,,,,\n"
    )
    with pytest.raises(ExtractRejected) as caught:
        run(path, KASSEL, Options(temp_directory=tmp_path / "duck"))
    assert "UTF-8" in str(caught.value.problems[0]) or "lesen" in str(caught.value.problems[0])


def test_it_rejects_a_row_with_too_many_cells(tmp_path) -> None:
    path = tmp_path / "a.csv"
    path.write_text(
        ",".join(COLUMNS) + "\n" + "A,2024-12-31,1980-01-01,w,01,DE" + "," * 11 + "X,Y\n"
    )
    with pytest.raises(ExtractRejected) as caught:
        run(path, KASSEL, Options(temp_directory=tmp_path / "duck"))
    assert str(caught.value.problems[0]).startswith(
        "Zeile 2, Spalte „–“, Wert „“: Die Datei lässt sich nicht lesen: 18 statt 17 Spalten"
    )


def test_it_counts_warnings_and_still_uses_the_rows(tmp_path) -> None:
    path = write(
        tmp_path / "a.csv",
        [
            person("A", mutter_pid="FEHLT"),
            person("B", geburtsdatum="1990-01-01", mutter_pid="A", sta1="TR"),
        ],
    )
    result = run(path, KASSEL, Options(temp_directory=tmp_path / "duck"))
    try:
        assert result.warnings == {"eltern_fehlen": 1, "eltern_zu_jung": 1}
        assert result.counts[("00", "ew")] == 2
    finally:
        result.close()


def test_it_reads_parquet_with_date_columns_and_names_lines_as_row_index_plus_two(
    tmp_path,
) -> None:
    csv_path = write(tmp_path / "a.csv", [person("A"), person("B"), person("C", geschlecht="q")])
    parquet = tmp_path / "a.parquet"
    con = duckdb.connect()
    con.execute(
        f"COPY (SELECT * REPLACE (CAST(stichtag AS DATE) AS stichtag, CAST(geburtsdatum AS DATE) AS geburtsdatum) "
        f"FROM read_csv('{csv_path}', all_varchar = true)) TO '{parquet}' (FORMAT parquet)"
    )
    con.close()
    with pytest.raises(ExtractRejected) as caught:
        run(parquet, KASSEL, Options(temp_directory=tmp_path / "duck"))
    assert [str(p) for p in caught.value.problems] == [
        "Zeile 4, Spalte „geschlecht“, Wert „q“: Unbekanntes Geschlecht."
    ]
