"""Reading an uploaded file into rows of cells: CSV (UTF-8 with or without BOM, Windows-1252;
``;`` or ``,``) or XLSX (the first sheet), with limits checked before anything is unpacked."""

from __future__ import annotations

import csv
import datetime as dt
import io
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath

from django.utils.translation import gettext as _

from wegweiser.editorial.transfer.problems import FileRejected, Problem

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 100_000
MAX_COLUMNS = 64
# An XLSX is a ZIP archive; these bound what unpacking it may cost (a "zip bomb" unpacks a few
# kilobytes into gigabytes). A real workbook of 10 MB unpacks to well under 200 MB.
XLSX_MAX_ENTRIES = 1_000
XLSX_MAX_UNCOMPRESSED = 200 * 1024 * 1024
XLSX_MAX_RATIO = 200
XLSX_RATIO_FROM = 1024 * 1024  # small parts may compress better; they cannot do harm

UTF8_BOM = b"\xef\xbb\xbf"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # old .xls, and encrypted workbooks


class Formula(str):
    """The text of a formula cell of an XLSX (``=SUM(A1:A3)``): never imported."""

    __slots__ = ()


class ErrorValue(str):
    """An error cell of an XLSX (``#DIV/0!``)."""

    __slots__ = ()


Cell = str | int | float | bool | dt.datetime | dt.date | dt.time | None


@dataclass
class Table:
    """The header and the rows of a file; ``rows`` holds (row number, cells) without blank rows."""

    kind: str  # "csv" or "xlsx"
    header: list[Cell]
    rows: list[tuple[int, list[Cell]]] = field(default_factory=list)
    encoding: str = ""
    delimiter: str = ""


def reject(message: str, **where: object) -> FileRejected:
    return FileRejected([Problem(message, **where)])  # type: ignore[arg-type]


def read_table(data: bytes, filename: str, *, known_columns: frozenset[str]) -> Table:
    """Decode ``data`` into a ``Table``; raises ``FileRejected`` with a German message."""
    if len(data) > MAX_BYTES:
        raise reject(too_large_message(len(data)))
    suffix = PurePath(filename).suffix.lower()
    if data.startswith(OLE_MAGIC) or suffix == ".xls":
        raise reject(
            _(
                "Das alte Excel-Format (.xls) und verschlüsselte Arbeitsmappen werden nicht "
                "gelesen. Bitte als Excel-Arbeitsmappe (.xlsx) ohne Kennwort oder als CSV speichern."
            )
        )
    if data.startswith(ZIP_MAGIC) or suffix == ".xlsx":
        return read_xlsx(data)
    if suffix not in {".csv", ".txt", ""}:
        raise reject(
            _("Dateiformat „%(suffix)s“ wird nicht unterstützt; erwartet wird .csv oder .xlsx.")
            % {"suffix": suffix}
        )
    return read_csv(data, known_columns=known_columns)


def too_large_message(size: int) -> str:
    return _("Die Datei ist zu groß (%(size)s MB); erlaubt sind höchstens 10 MB.") % {
        "size": f"{size / 1024 / 1024:.1f}".replace(".", ",")
    }


# --- CSV ---------------------------------------------------------------------------------------


def decode(data: bytes) -> tuple[str, str]:
    """The text and the name of its encoding: UTF-8 (BOM or not), else Windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise reject(
            _(
                "Die Datei ist in UTF-16 gespeichert („Unicode-Text“). Bitte als „CSV UTF-8“ "
                "oder als Excel-Arbeitsmappe (.xlsx) speichern."
            )
        )
    if b"\x00" in data:
        raise reject(_("Die Datei enthält Null-Bytes und ist keine CSV-Textdatei."))
    if data.startswith(UTF8_BOM):
        try:
            return data[len(UTF8_BOM) :].decode("utf-8"), "UTF-8 (BOM)"
        except UnicodeDecodeError as error:
            raise reject(
                _("Die Datei beginnt mit einer UTF-8-Kennung, ist aber kein gültiges UTF-8.")
                + " "
                + _("Fehlerhaftes Byte an Position %(position)d.") % {"position": error.start}
            ) from None
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError as error:
        raise reject(
            _(
                "Die Zeichenkodierung wurde nicht erkannt (erwartet: UTF-8 oder Windows-1252). "
                "Fehlerhaftes Byte an Position %(position)d."
            )
            % {"position": error.start}
        ) from None


def detect_delimiter(first_line: str, known_columns: frozenset[str]) -> str:
    """``;`` or ``,``: the one that splits the header into more known column names."""

    def score(delimiter: str) -> tuple[int, int]:
        fields = next(csv.reader([first_line], delimiter=delimiter), [])
        known = sum(1 for name in fields if name.strip().lower() in known_columns)
        return known, len(fields)

    return "," if score(",") > score(";") else ";"


def read_csv(data: bytes, *, known_columns: frozenset[str]) -> Table:
    text, encoding = decode(data)
    if not text.strip():
        raise reject(_("Die Datei ist leer."))
    first_line = text.splitlines()[0]
    delimiter = detect_delimiter(first_line, known_columns)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    table: Table | None = None
    number = 0
    try:
        for number, cells in enumerate(reader, start=1):
            if table is None:
                table = Table("csv", list(cells), encoding=encoding, delimiter=delimiter)
                continue
            if not any(cell.strip() for cell in cells):
                continue
            if len(table.rows) >= MAX_ROWS:
                raise reject(too_many_rows_message())
            table.rows.append((number, list(cells)))
    except csv.Error:
        raise reject(
            _(
                "Die Zeile ist kein gültiges CSV (z. B. ein Anführungszeichen ohne Gegenstück "
                "oder ein zu langer Wert)."
            ),
            row=number + 1,
        ) from None
    if table is None:
        raise reject(_("Die Datei ist leer."))
    return table


def too_many_rows_message() -> str:
    return _("Die Datei hat zu viele Zeilen; erlaubt sind höchstens %(count)s Angebote.") % {
        "count": f"{MAX_ROWS:,}".replace(",", ".")
    }


# --- XLSX --------------------------------------------------------------------------------------


def not_xlsx_message() -> str:
    return _(
        "Die Datei ist keine gültige Excel-Arbeitsmappe (.xlsx). Bitte in Excel oder LibreOffice "
        "als .xlsx oder als CSV speichern."
    )


def check_archive(data: bytes) -> None:
    """Look at the ZIP directory before anything is unpacked: entries, sizes, ratios."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise reject(not_xlsx_message()) from None
    with archive:
        entries = archive.infolist()
    if len(entries) > XLSX_MAX_ENTRIES:
        raise reject(_("Die Arbeitsmappe enthält zu viele Teile; sie wird nicht geöffnet."))
    total = sum(entry.file_size for entry in entries)
    suspicious = any(
        entry.file_size > XLSX_RATIO_FROM
        and entry.file_size > XLSX_MAX_RATIO * max(entry.compress_size, 1)
        for entry in entries
    )
    if total > XLSX_MAX_UNCOMPRESSED or suspicious:
        raise reject(
            _(
                "Die Arbeitsmappe würde entpackt unverhältnismäßig groß (%(size)s MB); sie wird "
                "zum Schutz des Servers nicht geöffnet."
            )
            % {"size": f"{total / 1024 / 1024:,.0f}".replace(",", ".")}
        )
    names = {entry.filename for entry in entries}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise reject(not_xlsx_message())
    if any(entry.flag_bits & 0x1 for entry in entries):
        raise reject(not_xlsx_message())


def _cell_value(cell: object) -> Cell:
    value = getattr(cell, "value", None)
    kind = getattr(cell, "data_type", None)
    if value is None:
        return None
    if kind == "f":
        return Formula(str(value))
    if kind == "e":
        return ErrorValue(str(value))
    if isinstance(value, str | int | float | bool | dt.datetime | dt.date | dt.time):
        return value
    return str(value)


def read_xlsx(data: bytes) -> Table:
    check_archive(data)
    import openpyxl  # imported here: only XLSX uploads need it

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
            try:
                return _read_first_sheet(workbook)
            finally:
                workbook.close()
    except FileRejected:
        raise
    except Exception:  # a damaged workbook fails in many ways inside openpyxl; none is a crash
        raise reject(not_xlsx_message()) from None


def _read_first_sheet(workbook: object) -> Table:
    sheets = getattr(workbook, "worksheets", [])
    if not sheets or not hasattr(sheets[0], "iter_rows"):
        raise reject(_("Das erste Blatt der Arbeitsmappe ist keine Tabelle."))
    sheet = sheets[0]
    # The stored dimension can claim a million rows or columns; read what is there instead.
    sheet.reset_dimensions()
    table: Table | None = None
    for number, row in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS + 1), start=1):
        cells = [_cell_value(cell) for cell in row]
        if table is None:
            table = Table("xlsx", cells)
            continue
        if all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells):
            continue
        if len(table.rows) >= MAX_ROWS:
            raise reject(too_many_rows_message())
        table.rows.append((number, cells))
    if table is None or (all(cell is None for cell in table.header) and not table.rows):
        raise reject(_("Die Datei ist leer."))
    return table
