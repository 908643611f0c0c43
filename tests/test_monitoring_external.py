"""External indicators (register-extract.md § 3, last paragraph): the file is checked whole
(every problem with line, column and value; nothing changes on error), published under the
same confidentiality rules as the register indicators, and a new upload of a stichtag and
indicator replaces the old rows."""

from __future__ import annotations

import datetime as dt
import io
import random

import pytest
from django.core.management import CommandError, call_command

from tests.test_monitoring_confidentiality import audit
from wegweiser.monitoring import external
from wegweiser.monitoring.confidentiality import Structure
from wegweiser.monitoring.models import IndicatorValue

KASSEL = [f"{n:02d}" for n in range(1, 24)]
TODAY = dt.date(2026, 11, 25)
HEADER = "stichtag,gebiet,indikator,zaehler,nenner\n"


def read(text: str | bytes) -> external.Upload:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return external.read(data, KASSEL, today=TODAY)


def rejected(text: str | bytes) -> list[str]:
    with pytest.raises(external.UploadRejected) as caught:
        read(text)
    return [str(problem) for problem in caught.value.problems]


def published(text: str) -> dict[tuple[str, str, str], tuple[str, ...]]:
    rows = external.tables(read(text)).published
    return {(row.stichtag.isoformat(), row.gebiet, row.indikator): row.cells()[3:] for row in rows}


# --- Reading ---------------------------------------------------------------------------------


def test_it_reads_utf8_with_commas() -> None:
    upload = read(HEADER + "2024-12-31,00,ext_kita_mh_anteil,1200,2400\n2010-06-30,00,ext_x,5,\n")
    assert (upload.encoding, upload.delimiter) == ("UTF-8", ",")
    assert [
        (f.line, f.stichtag, f.gebiet, f.indikator, f.zaehler, f.nenner) for f in upload.figures
    ] == [
        (2, dt.date(2024, 12, 31), "00", "ext_kita_mh_anteil", 1200, 2400),
        (3, dt.date(2010, 6, 30), "00", "ext_x", 5, None),
    ]


def test_it_reads_a_spreadsheets_export_with_bom_semicolons_german_dates_and_decimal_commas() -> (
    None
):
    text = (
        "Stichtag;Gebiet;Indikator;Zaehler;Nenner\r\n"
        "30.06.2010;0;ext_personal_mh_anteil;61,0;2905\r\n"
        "1.7.2010;1;ext_personal_mh_anteil;3;40,00\r\n"
        ";;;;\r\n"
    )
    upload = read(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert (upload.encoding, upload.delimiter) == ("UTF-8 (BOM)", ";")
    assert [(f.stichtag, f.gebiet, f.zaehler, f.nenner) for f in upload.figures] == [
        (dt.date(2010, 6, 30), "00", 61, 2905),
        (dt.date(2010, 7, 1), "01", 3, 40),
    ]


def test_it_reads_windows_1252_and_names_the_value_as_written() -> None:
    data = (HEADER + "2024-12-31,00,ext_größe,5,\n").encode("cp1252")
    (message,) = rejected(data)
    assert message.startswith(
        "Zeile 2, Spalte „indikator“, Wert „ext_größe“: Ungültiger Indikatorcode"
    )


def test_the_header_may_be_written_in_german_with_umlauts() -> None:
    data = "Stichtag;Gebiet;Indikator;Zähler;Nenner\n2024-12-31;00;ext_a;5;40\n".encode("cp1252")
    assert read(data).figures[0].zaehler == 5


def test_the_nenner_column_may_be_left_out_for_counts() -> None:
    upload = read("stichtag;gebiet;indikator;zaehler\n2024-12-31;00;ext_schulen;31\n")
    assert upload.figures[0].nenner is None


# A torture set: each file, and the first message the statistics office reads.
BAD_FILES = [
    ("", "Zeile 1, Spalte „–“, Wert „“: Die Datei ist leer."),
    (HEADER, "Zeile 2, Spalte „–“, Wert „“: Die Datei enthält keine Datenzeilen."),
    (
        "\ufeffstichtag,gebiet,indikator,zaehler".encode("utf-16"),
        "Zeile 1, Spalte „–“, Wert „“: Die Datei ist in UTF-16 gespeichert. Bitte als „CSV UTF-8“ speichern.",
    ),
    (b"stichtag,gebiet\x00", "Die Datei enthält Null-Bytes und ist keine CSV-Textdatei."),
    (
        b"\xef\xbb\xbfstichtag,gebiet,indikator,zaehler\n2024-12-31,00,ext_\xfc,1\n",
        "Die Datei beginnt mit einer UTF-8-Kennung, ist aber kein gültiges UTF-8.",
    ),
    (
        b"stichtag,gebiet,indikator,zaehler\n2024-12-31,00,ext_\x81,1\n",
        "Die Zeichenkodierung wurde nicht erkannt (erwartet: UTF-8 oder Windows-1252).",
    ),
    (b"x" * (1024 * 1024 + 1), "Die Datei ist zu groß (1,0 MB); erlaubt ist höchstens 1 MB."),
    ("stichtag,gebiet,zaehler\n", "Zeile 1, Spalte „indikator“, Wert „“: Pflichtspalte fehlt."),
    (
        "stichtag,gebiet,indikator,zaehler,wert\n",
        "Zeile 1, Spalte „wert“, Wert „wert“: Unbekannte Spalte.",
    ),
    (
        "stichtag,gebiet,gebiet,indikator,zaehler\n",
        "Zeile 1, Spalte „gebiet“, Wert „gebiet“: Spalte kommt mehrfach vor.",
    ),
    (HEADER + "2024-12-31,00,ext_a,1,2,3\n", "Zeile 2, Spalte „–“, Wert „“: 6 Zellen statt 5."),
    (
        HEADER + '2024-12-31,00,"ext_a,1,\n',
        "Zeile 2, Spalte „–“, Wert „“: Die Zeile lässt sich nicht lesen",
    ),
    (HEADER + ",00,ext_a,1,\n", "Zeile 2, Spalte „stichtag“, Wert „“: Pflichtangabe fehlt."),
    (HEADER + "2024-12-31,,ext_a,1,\n", "Zeile 2, Spalte „gebiet“, Wert „“: Pflichtangabe fehlt."),
    (HEADER + "2024-12-31,00,,1,\n", "Zeile 2, Spalte „indikator“, Wert „“: Pflichtangabe fehlt."),
    (
        HEADER + "2024-12-31,00,ext_a,,5\n",
        "Zeile 2, Spalte „zaehler“, Wert „“: Pflichtangabe fehlt.",
    ),
    (
        HEADER + "2023-02-29,00,ext_a,1,\n",
        "Zeile 2, Spalte „stichtag“, Wert „2023-02-29“: Kein gültiges Datum (JJJJ-MM-TT oder TT.MM.JJJJ).",
    ),
    (
        HEADER + "31/12/2024,00,ext_a,1,\n",
        "Zeile 2, Spalte „stichtag“, Wert „31/12/2024“: Kein gültiges Datum (JJJJ-MM-TT oder TT.MM.JJJJ).",
    ),
    (
        HEADER + "2027-01-01,00,ext_a,1,\n",
        "Zeile 2, Spalte „stichtag“, Wert „2027-01-01“: Der Stichtag liegt in der Zukunft.",
    ),
    (
        HEADER + "2024-12-31,24,ext_a,1,\n",
        "Zeile 2, Spalte „gebiet“, Wert „24“: Unbekanntes Gebiet (00 für die ganze Region oder ein Stadtteil).",
    ),
    (
        HEADER + "2024-12-31,Mitte,ext_a,1,\n",
        "Zeile 2, Spalte „gebiet“, Wert „Mitte“: Unbekanntes Gebiet",
    ),
    (HEADER + "2024-12-31,00,mh_anteil,1,\n", "Wert „mh_anteil“: Ungültiger Indikatorcode"),
    (HEADER + "2024-12-31,00,ext_Kita,1,\n", "Wert „ext_Kita“: Ungültiger Indikatorcode"),
    (HEADER + "2024-12-31,00,ext_,1,\n", "Wert „ext_“: Ungültiger Indikatorcode"),
    (HEADER + f"2024-12-31,00,ext_{'a' * 77},1,\n", "Ungültiger Indikatorcode"),
    (
        HEADER + "2024-12-31,00,=cmd|' /C calc'!A0,1,\n",
        "Wert „=cmd|' /C calc'!A0“: Ungültiger Indikatorcode",
    ),
    (
        HEADER + "2024-12-31,00,ext_a,-3,\n",
        "Zeile 2, Spalte „zaehler“, Wert „-3“: Eine Anzahl kann nicht negativ sein.",
    ),
    (
        "stichtag;gebiet;indikator;zaehler;nenner\n2024-12-31;00;ext_a;12,5;40\n",
        "Zeile 2, Spalte „zaehler“, Wert „12,5“: Zähler und Nenner sind Anzahlen: ganze Zahlen ohne Nachkommastellen.",
    ),
    (
        HEADER + "2024-12-31,00,ext_a,5,1.234\n",
        "Zeile 2, Spalte „nenner“, Wert „1.234“: Bitte ohne Tausenderpunkt schreiben (1234 statt 1.234).",
    ),
    (
        HEADER + "2024-12-31,00,ext_a,viele,\n",
        "Zeile 2, Spalte „zaehler“, Wert „viele“: Keine Zahl.",
    ),
    (HEADER + "2024-12-31,00,ext_a,5 %,\n", "Zeile 2, Spalte „zaehler“, Wert „5 %“: Keine Zahl."),
    (
        HEADER + "2024-12-31,00,ext_a,0,0\n",
        "Zeile 2, Spalte „nenner“, Wert „0“: Der Nenner muss größer als 0 sein.",
    ),
    (
        HEADER + "2024-12-31,00,ext_a,41,40\n",
        "Zeile 2, Spalte „zaehler“, Wert „41“: Der Zähler ist größer als der Nenner.",
    ),
    (
        HEADER + "2024-12-31,01,ext_a,4,40\n31.12.2024,1,ext_a,5,40\n",
        "Zeile 3, Spalte „indikator“, Wert „ext_a“: Stichtag, Gebiet und Indikator kommen schon in Zeile 2 vor.",
    ),
    (
        HEADER + "2024-12-31,01,ext_a,4,40\n2024-12-31,02,ext_a,5,\n",
        "Zeile 3, Spalte „nenner“, Wert „“: Der Indikator ist in Zeile 2 ein Anteil (mit Nenner), hier eine Anzahl",
    ),
]


@pytest.mark.parametrize(("data", "message"), BAD_FILES, ids=range(len(BAD_FILES)))
def test_it_rejects_a_bad_file_with_line_column_and_value(data: str | bytes, message: str) -> None:
    messages = rejected(data)
    assert message in messages[0], messages


def test_it_lists_every_problem_of_the_file_in_line_order_at_most_100() -> None:
    good = "2024-12-31,00,ext_a,4,40\n"
    assert rejected(HEADER + good + "2024-12-31,99,ext_b,x,\n" + good) == [
        "Zeile 3, Spalte „gebiet“, Wert „99“: Unbekanntes Gebiet (00 für die ganze Region oder ein Stadtteil).",
        "Zeile 3, Spalte „zaehler“, Wert „x“: Keine Zahl.",
        "Zeile 4, Spalte „indikator“, Wert „ext_a“: Stichtag, Gebiet und Indikator kommen schon in Zeile 2 vor.",
    ]
    with pytest.raises(external.UploadRejected) as caught:
        read(HEADER + "2024-12-31,00,ext_a,x,\n" * 150)
    assert (len(caught.value.problems), caught.value.total) == (100, 150)
    assert caught.value.summary() == (
        "Die Datei wurde abgelehnt: 150 Fehler. Die ersten 100 sind aufgeführt. "
        "Es wurde nichts gespeichert."
    )


def test_a_comma_file_with_a_decimal_comma_gets_a_hint_on_the_cells() -> None:
    (message,) = rejected(HEADER + "2024-12-31,00,ext_a,12,5,40\n")
    assert message == (
        "Zeile 2, Spalte „–“, Wert „“: 6 Zellen statt 5. Enthält eine Zahl ein Komma? In einer "
        "Datei mit Komma als Trennzeichen gehört sie in Anführungszeichen, oder die Datei nimmt ; "
        "als Trennzeichen."
    )
    assert read(HEADER + '2024-12-31,00,ext_a,"12,0",40\n').figures[0].zaehler == 12


# --- Confidentiality --------------------------------------------------------------------------


def test_a_count_of_one_or_two_and_a_share_failing_rule_2_are_blank() -> None:
    rows = published(
        HEADER
        + "2010-06-30,00,ext_personal_mh_anteil,61,2905\n"  # the source's 2.1 %
        + "2010-06-30,00,ext_beamte_mh,0,\n"  # a count of 0 is published
        + "2010-06-30,00,ext_azubi_mh,2,\n"  # a count of 2 is not
        + "2010-06-30,00,ext_azubi_mh_anteil,3,19\n"  # denominator under 20
        + "2010-06-30,00,ext_leitung_mh_anteil,2,300\n"  # numerator under 3
        + "2010-06-30,00,ext_sprachtest_anteil,48,50\n"  # difference under 3
    )
    assert rows == {
        ("2010-06-30", "00", "ext_personal_mh_anteil"): ("61", "2905", "2.1", "ok"),
        ("2010-06-30", "00", "ext_beamte_mh"): ("0", "", "0", "ok"),
        ("2010-06-30", "00", "ext_azubi_mh"): ("", "", "", "gesperrt"),
        ("2010-06-30", "00", "ext_azubi_mh_anteil"): ("", "19", "", "gesperrt"),
        ("2010-06-30", "00", "ext_leitung_mh_anteil"): ("", "300", "", "gesperrt"),
        ("2010-06-30", "00", "ext_sprachtest_anteil"): ("", "50", "", "gesperrt"),
    }


def test_a_blank_district_cannot_be_worked_out_from_the_total() -> None:
    rows = published(
        HEADER
        + "2024-12-31,00,ext_kita_mh_anteil,1200,2400\n"
        + "2024-12-31,01,ext_kita_mh_anteil,60,100\n"
        + "2024-12-31,02,ext_kita_mh_anteil,2,90\n"
        + "2024-12-31,03,ext_kita_mh_anteil,1138,2210\n"
    )
    key = ("2024-12-31", "{}", "ext_kita_mh_anteil")
    status = {g: rows[(key[0], g, key[2])][3] for g in ("00", "01", "02", "03")}
    # 02 is blank; the smallest other district goes blank too, the total stays.
    assert status == {"00": "ok", "01": "gesperrt", "02": "gesperrt", "03": "ok"}


def test_a_shared_denominator_is_one_count_blank_in_every_row() -> None:
    rows = published(
        HEADER
        + "2024-12-31,00,ext_kita_mh_anteil,60,102\n"
        + "2024-12-31,01,ext_kita_mh_anteil,58,100\n"
        + "2024-12-31,02,ext_kita_mh_anteil,2,2\n"
        + "2024-12-31,00,ext_kita_sprachfoerderung_anteil,40,102\n"
        + "2024-12-31,01,ext_kita_sprachfoerderung_anteil,40,100\n"
        + "2024-12-31,02,ext_kita_sprachfoerderung_anteil,0,2\n"
    )
    for code in ("ext_kita_mh_anteil", "ext_kita_sprachfoerderung_anteil"):
        assert rows[("2024-12-31", "02", code)] == ("", "", "", "gesperrt")
        assert rows[("2024-12-31", "01", code)][1] == ""  # would reveal 2 through the total


def test_no_blank_count_of_a_large_random_upload_can_be_narrowed_below_3() -> None:
    """All 23 districts and the total, two shares over one denominator and a count; many small
    numbers; the published table audited by linear programming."""
    rng = random.Random(7)  # noqa: S311 - test data, not secrets
    lines, counts = [], {}
    for district in KASSEL:
        children = rng.choice([2, 5, 15, 19, 25, 40, 80, 300])
        mh = rng.randint(0, children)
        test = rng.randint(0, mh)
        schools = rng.choice([0, 1, 2, 3, 7])
        counts[district] = (children, mh, test, schools)
    total = tuple(sum(c[i] for c in counts.values()) for i in range(4))
    for gebiet, (children, mh, test, schools) in {"00": total, **counts}.items():
        lines += [
            f"2024-12-31,{gebiet},ext_kita_mh_anteil,{mh},{children}",
            f"2024-12-31,{gebiet},ext_kita_test_anteil,{test},{children}",
            f"2024-12-31,{gebiet},ext_schulen,{schools},",
        ]
    result = external.tables(read(HEADER + "\n".join(lines) + "\n"))
    kinds = {"ext_kita_mh_anteil": "mh", "ext_kita_test_anteil": "test", "ext_schulen": "schools"}
    exact: dict[tuple[str, str], int] = {}
    blank: set[tuple[str, str]] = set()
    for row, shown in zip(result.exact, result.published, strict=True):
        kind = kinds[row.indikator]
        exact[(row.gebiet, kind)] = int(row.zaehler or 0)
        if shown.zaehler is None:
            blank.add((row.gebiet, kind))
        if row.nenner is not None:
            exact[(row.gebiet, "children")] = row.nenner
            if shown.nenner is None:
                blank.add((row.gebiet, "children"))
    assert len(blank) > 10
    structure = Structure.build(
        ("children", "mh", "test", "schools"), [("mh", "children"), ("test", "children")]
    )
    intervals = audit(exact, blank, structure)
    narrow = {cell: ends for cell, ends in intervals.items() if ends[1] - ends[0] < 3}
    assert not narrow


# --- Publishing -------------------------------------------------------------------------------


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def stored(region) -> dict[tuple[str, str, str], tuple[object, ...]]:
    return {
        (v.stichtag.isoformat(), v.gebiet, v.indikator): (v.zaehler, v.nenner, v.wert, v.status)
        for v in IndicatorValue.objects.filter(region=region)
    }


@pytest.mark.django_db
def test_the_command_publishes_and_a_new_upload_of_the_same_indicator_replaces(
    kassel, tmp_path
) -> None:
    IndicatorValue.objects.create(
        region=kassel,
        stichtag=dt.date(2010, 12, 31),
        gebiet="00",
        indikator="ew",
        zaehler=5,
        wert="5",
    )
    first = write(
        tmp_path,
        "a.csv",
        HEADER
        + "2010-06-30,00,ext_personal_mh_anteil,61,2905\n"
        + "2010-06-30,05,ext_personal_mh_anteil,10,400\n"
        + "2010-06-30,00,ext_beamte_mh,0,\n",
    )
    out = io.StringIO()
    call_command("monitoring_external", str(first), "--publish", stdout=out)
    assert (
        "3 Zeilen gelesen (UTF-8, Trennzeichen „,“): 2 Indikatoren, 1 Stichtage" in out.getvalue()
    )
    assert stored(kassel)[("2010-06-30", "00", "ext_personal_mh_anteil")] == (61, 2905, "2.1", "ok")
    second = write(tmp_path, "b.csv", HEADER + "2010-06-30,00,ext_personal_mh_anteil,62,2905\n")
    out = io.StringIO()
    call_command("monitoring_external", str(second), "--publish", stdout=out)
    assert "1 Zeilen für Stadt Kassel veröffentlicht (2 bisherige ersetzt)." in out.getvalue()
    assert stored(kassel) == {
        ("2010-12-31", "00", "ew"): (5, None, "5", "ok"),
        ("2010-06-30", "00", "ext_personal_mh_anteil"): (62, 2905, "2.1", "ok"),
        ("2010-06-30", "00", "ext_beamte_mh"): (0, None, "0", "ok"),
    }


@pytest.mark.django_db
def test_the_command_writes_the_tables_and_publishes_nothing_without_publish(
    kassel, tmp_path
) -> None:
    path = write(tmp_path, "a.csv", HEADER + "2010-06-30,00,ext_azubi_mh,2,\n")
    call_command(
        "monitoring_external", str(path), "--indicators-out", str(tmp_path / "t.csv"),
        "--exact-out", str(tmp_path / "e.csv"), stdout=io.StringIO(),
    )  # fmt: skip
    assert (tmp_path / "t.csv").read_text() == (
        "stichtag,gebiet,indikator,zaehler,nenner,wert,status\n"
        "2010-06-30,00,ext_azubi_mh,,,,gesperrt\n"
    )
    assert (tmp_path / "e.csv").read_text().endswith("2010-06-30,00,ext_azubi_mh,2,,2,ok\n")
    assert not IndicatorValue.objects.exists()


@pytest.mark.django_db
def test_a_bad_file_changes_nothing_and_exits_with_1(kassel, tmp_path) -> None:
    good = write(tmp_path, "a.csv", HEADER + "2010-06-30,00,ext_a,61,2905\n")
    call_command("monitoring_external", str(good), "--publish", stdout=io.StringIO())
    before = stored(kassel)
    bad = write(tmp_path, "b.csv", HEADER + "2010-06-30,00,ext_a,70,2905\n2010-06-30,77,ext_b,1,\n")
    err = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("monitoring_external", str(bad), "--publish", stdout=io.StringIO(), stderr=err)
    assert caught.value.returncode == 1
    assert "Zeile 3, Spalte „gebiet“, Wert „77“: Unbekanntes Gebiet" in err.getvalue()
    assert str(caught.value) == "Die Datei wurde abgelehnt: 1 Fehler. Es wurde nichts gespeichert."
    assert stored(kassel) == before


@pytest.mark.django_db
def test_usage_errors_exit_with_2(kassel, tmp_path) -> None:
    path = write(tmp_path, "a.csv", HEADER + "2010-06-30,00,ext_a,61,2905\n")
    for arguments in ([str(path), "--region", "atlantis"], [str(tmp_path / "fehlt.csv")]):
        with pytest.raises(CommandError) as caught:
            call_command("monitoring_external", *arguments)
        assert caught.value.returncode == 2


@pytest.mark.django_db
def test_districts_are_those_of_the_region(landkreis, tmp_path) -> None:
    path = write(
        tmp_path, "a.csv", HEADER + "2010-06-30,06633026,ext_a,61,2905\n2010-06-30,01,ext_a,6,29\n"
    )
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("monitoring_external", str(path), "--region", "landkreis-kassel", stderr=err)
    assert err.getvalue().splitlines() == [
        "Zeile 3, Spalte „gebiet“, Wert „01“: Unbekanntes Gebiet (00 für die ganze Region oder ein Stadtteil)."
    ]


@pytest.mark.django_db
def test_publishing_the_register_keeps_the_external_indicators(kassel) -> None:
    from wegweiser.monitoring import services
    from wegweiser.monitoring.tables import Row

    external.publish(
        kassel, external.tables(read(HEADER + "2024-12-31,00,ext_a,61,2905\n")).published
    )
    services.publish(kassel, [Row(dt.date(2024, 12, 31), "00", "ew", 7, None, "7", "ok")])
    assert set(stored(kassel)) == {("2024-12-31", "00", "ext_a"), ("2024-12-31", "00", "ew")}
