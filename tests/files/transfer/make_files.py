"""The import torture set: writes the files of this folder (run it after changing a case).

    .venv/bin/python tests/files/transfer/make_files.py

Each file is one case of ``tests/test_transfer_torture.py``: accepted with exactly the values
asserted there, or rejected whole with the message asserted there. The files are committed, so
the tests read the bytes a user would upload; only the file that is too large (10 MB) is made
at test time by ``too_large()``.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent

HEADER = "angebot_id;traeger;traegerart;titel;bereich;altersgruppen;stadtteile"


def _csv(lines: list[str], *, delimiter: str = ";") -> str:
    return "\r\n".join(line.replace(";", delimiter) for line in lines) + "\r\n"


def csv_files() -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    # Everything in UTF-8 without BOM, ";" and every column of the template.
    files["utf8-all-columns.csv"] = _csv(
        [
            "angebot_id;traeger;traegerart;titel;beschreibung;bereich;art;altersgruppen;"
            "geschlecht;zielgruppen;sprachen;stadtteile;strasse;plz;ort;kosten;barrierefrei;"
            "beginn;ende;foerderprogramm;stunden;kontakt_email;kontakt_telefon;website",
            'K-1;Caritasverband Nordhessen-Kassel e. V.;;Integrationskurs für Frauen;"Mit '
            'Kinderbetreuung.\nAnmeldung nötig.";Sprachförderung;kurs;erwachsene;frauen;'
            "Neuzugewanderte, Geflüchtete;de, ar, fa;1, 11;Die Freiheit 2;34117;Kassel;"
            "kostenlos;ja;01.02.2025;31.07.2025;BAMF-Integrationskurs;645;kurs@example.org;"
            "0561 7004-0;https://www.example.org/kurs",
        ]
    ).encode("utf-8")
    # UTF-8 with BOM, "," as delimiter, lists with ";", labels instead of codes, any case.
    files["utf8-bom-comma-labels.csv"] = (
        b"\xef\xbb\xbf"
        + (
            "angebot_id,traeger,traegerart,titel,bereich,art,altersgruppen,geschlecht,"
            "zielgruppen,sprachen,stadtteile,kosten\r\n"
            "K-2,Neuer  Verein Wesertor,Verein / Initiative,Sprachcafé,SPRACHFÖRDERUNG,Regelangebot,"
            '"Kinder; jugendliche (14–17)",Mädchen / Frauen,"Eltern und Familien; Betriebe, '
            'Einrichtungen und Organisationen","Türkisch; de","Wesertor; nord (holland)",ermäßigt\r\n'
        ).encode()
    )
    # Windows-1252 (Excel's "CSV (Trennzeichen-getrennt)"), umlauts and ß.
    files["cp1252.csv"] = _csv(
        [
            HEADER + ";strasse;plz;ort",
            "K-3;Förderverein Süsterfeld e. V.;verein;Hausaufgabenhilfe für Schüler;Bildung;"
            "kinder;7;Heinrich-Schütz-Allee 12;34134;Kassel",
        ]
    ).encode("cp1252")
    files["decimal-comma.csv"] = _csv(
        [
            HEADER + ";art;stunden",
            "K-4;Volkshochschule Region Kassel;bildungstraeger;Integrationskurs;sprachfoerderung;"
            "erwachsene;00;kurs;22,5",
            "K-5;Volkshochschule Region Kassel;;Orientierungskurs;sprachfoerderung;erwachsene;"
            "00;kurs;645",
            "K-6;Volkshochschule Region Kassel;;Alphakurs;sprachfoerderung;erwachsene;00;kurs;1.5",
        ]
    ).encode("utf-8")
    files["excel-serial-dates.csv"] = _csv(
        [
            HEADER + ";art;beginn;ende",
            "K-7;Diakonie Kassel;wohlfahrtsverband;Projekt Ankommen;spezielle-beratungen;"
            "erwachsene;02;projekt;45658;2025-12-31",
        ]
    ).encode("utf-8")
    # Cells that a spreadsheet would run, as the export writes them (neutralised with an
    # apostrophe), and a phone number with "+" as a person types it.
    files["formula-text.csv"] = _csv(
        [
            HEADER + ";beschreibung;kontakt_telefon;foerderprogramm",
            '\'=K-8;Diakonie Kassel;wohlfahrtsverband;"\'=HYPERLINK(""http://evil.example"")";'
            "bildung;erwachsene;03;'@Treffpunkt;'+49 561 123456;'-minus-",
            "K-9;Diakonie Kassel;;'Ne Stunde Deutsch;bildung;erwachsene;03;"
            "''=wirklich mit Apostroph;+49 561 654321;",
        ]
    ).encode("utf-8")
    files["duplicate-id.csv"] = _csv(
        [
            HEADER,
            "K-10;Diakonie Kassel;wohlfahrtsverband;Erstes;bildung;kinder;01",
            "K-10;Diakonie Kassel;;Zweites;bildung;kinder;01",
        ]
    ).encode("utf-8")
    files["ragged.csv"] = _csv(
        [
            HEADER,
            "K-11;Diakonie Kassel;wohlfahrtsverband;Ganz;bildung;kinder;01",
            "K-12;Diakonie Kassel;;Zu lang;bildung;kinder;01;überzählig",
            "K-13;Diakonie Kassel;;Zu kurz;bildung",
        ]
    ).encode("utf-8")
    files["unknown-district.csv"] = _csv(
        [HEADER, "K-14;Diakonie Kassel;wohlfahrtsverband;Beratung;bildung;kinder;01, 99"]
    ).encode("utf-8")
    files["unknown-column.csv"] = _csv(
        [HEADER + ";farbe", "K-15;Diakonie Kassel;wohlfahrtsverband;Beratung;bildung;kinder;01;rot"]
    ).encode("utf-8")
    files["empty.csv"] = b""
    files["header-only.csv"] = _csv([HEADER]).encode("utf-8")
    files["mixed-citywide.csv"] = _csv(
        [HEADER, "K-16;Diakonie Kassel;wohlfahrtsverband;Beratung;bildung;kinder;00, 03"]
    ).encode("utf-8")
    files["bad-dates.csv"] = _csv(
        [
            HEADER + ";beginn;ende",
            "K-17;Diakonie Kassel;wohlfahrtsverband;Kurs A;bildung;kinder;01;31.02.2025;",
            "K-18;Diakonie Kassel;;Kurs B;bildung;kinder;01;;nächste Woche",
            "K-19;Diakonie Kassel;;Kurs C;bildung;kinder;01;2024;",
        ]
    ).encode("utf-8")
    files["end-before-start.csv"] = _csv(
        [
            HEADER + ";beginn;ende",
            "K-20;Diakonie Kassel;wohlfahrtsverband;Projekt;bildung;kinder;01;01.09.2025;"
            "31.08.2025",
        ]
    ).encode("utf-8")
    files["new-provider-without-type.csv"] = _csv(
        [HEADER, "K-21;Ganz neuer Träger;;Beratung;bildung;kinder;01"]
    ).encode("utf-8")
    files["bad-contacts.csv"] = _csv(
        [
            HEADER + ";kontakt_email;kontakt_telefon;website;stunden;plz",
            "K-22;Diakonie Kassel;wohlfahrtsverband;Beratung;bildung;kinder;01;keine-adresse;"
            "ruf an;nicht eine url;zwölf;3411",
        ]
    ).encode("utf-8")
    files["utf16.csv"] = _csv([HEADER]).encode("utf-16")
    files["not-really.xlsx"] = _csv(
        [HEADER, "K-23;Diakonie Kassel;wohlfahrtsverband;Beratung;bildung;kinder;01"]
    ).encode("utf-8")
    return files


def _workbook(rows: list[list[Any]], *, formula_cell: str | None = None) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    if formula_cell:
        sheet[formula_cell] = "=1+2"
    fixed = dt.datetime(2025, 1, 1, tzinfo=dt.UTC).replace(tzinfo=None)
    workbook.properties.created = fixed
    workbook.properties.modified = fixed
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def xlsx_files() -> dict[str, bytes]:
    header = [*HEADER.split(";"), "art", "beginn", "ende", "stunden", "plz", "barrierefrei"]
    files: dict[str, bytes] = {}
    # Real date cells, a date as an Excel serial number, numbers as numbers, a boolean cell.
    files["dates-and-numbers.xlsx"] = _workbook(
        [
            header,
            [
                "K-30",
                "Diakonie Kassel",
                "wohlfahrtsverband",
                "Kurs",
                "bildung",
                "kinder",
                1,
                "kurs",
                dt.datetime(2025, 3, 1, tzinfo=dt.UTC).replace(tzinfo=None),  # a naive cell value
                45900,
                22.5,
                34117,
                True,
            ],
            [None] * len(header),
            [
                "K-31",
                "Diakonie Kassel",
                None,
                "Kurs 2",
                "bildung",
                "senioren",
                "00",
                "kurs",
                "01.04.2025",
                None,
                645,
                "34119",
                False,
            ],
        ]
    )
    files["formula.xlsx"] = _workbook(
        [header, ["K-32", "Diakonie Kassel", "wohlfahrtsverband", "x", "bildung", "kinder", "01"]],
        formula_cell="D2",
    )
    return files


def zip_bomb() -> bytes:
    """A workbook whose sheet unpacks from a few kilobytes to 150 MB of XML."""
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook/>')
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            chunk = b" " * (1024 * 1024)
            for _ in range(150):
                sheet.write(chunk)
    return stream.getvalue()


def too_large() -> bytes:
    """Ten megabytes and one byte of otherwise valid CSV."""
    line = (HEADER + "\r\n").encode("utf-8")
    body = b"K-99;Diakonie Kassel;wohlfahrtsverband;Beratung;bildung;kinder;01\r\n"
    data = line + body * ((10 * 1024 * 1024) // len(body) + 1)
    return data[: 10 * 1024 * 1024 + 1]


def all_files() -> dict[str, bytes]:
    return {**csv_files(), **xlsx_files(), "zip-bomb.xlsx": zip_bomb()}


def main() -> None:
    for name, data in all_files().items():
        (HERE / name).write_bytes(data)
        print(f"{name}: {len(data)} Bytes")


if __name__ == "__main__":
    main()
