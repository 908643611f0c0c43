"""External indicators: aggregates from other offices (register-extract.md § 3, last paragraph).

School entry examinations, Kita, schools, the labour market, the city's own staff: figures the
statistics office does not derive from the register but receives as counts. A file has the
columns ``stichtag,gebiet,indikator,zaehler,nenner`` (``nenner`` empty: the row is a count, like
``ew``); codes start with ``ext_``. The whole file is checked first (every problem with line,
column and value); a file with any problem is rejected and nothing changes. The published rows
follow the same confidentiality rules as the register indicators (``confidentiality.py``) and
are stored as ``IndicatorValue`` rows; publishing replaces the rows of the same stichtag and
indicator in one transaction. docs/monitoring.md describes the choices.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from wegweiser.directory.models import Region
from wegweiser.monitoring.codes import CITYWIDE
from wegweiser.monitoring.confidentiality import Cell, Structure, suppress
from wegweiser.monitoring.indicators import Indicator
from wegweiser.monitoring.models import IndicatorValue
from wegweiser.monitoring.tables import Row, indicator_row

PREFIX = "ext_"
REQUIRED = ("stichtag", "gebiet", "indikator", "zaehler")
COLUMNS = (*REQUIRED, "nenner")
MAX_BYTES = 1024 * 1024
MAX_ROWS = 20_000
MAX_MESSAGES = 100
CODE = re.compile(r"ext_[a-z0-9_]+")
CODE_LENGTH = 80  # IndicatorValue.indikator
ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
GERMAN_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
WHOLE = re.compile(r"\d+")
WHOLE_WITH_ZEROS = re.compile(r"(\d+)[.,]0+")  # "12,0" from a spreadsheet
THOUSANDS = re.compile(r"\d{1,3}(\.\d{3})+")  # "1.234": German thousands separator
DECIMAL = re.compile(r"-?\d*[.,]\d+")
UTF8_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class Problem:
    line: int
    column: str
    value: str
    text: str

    def __str__(self) -> str:
        value = self.value if len(self.value) <= 60 else self.value[:57] + "…"
        return _("Zeile %(line)d, Spalte „%(column)s“, Wert „%(value)s“: %(text)s") % {
            "line": self.line,
            "column": self.column,
            "value": value,
            "text": self.text,
        }


class UploadRejected(Exception):
    """The file has problems; nothing was changed. ``problems`` are the first 100."""

    def __init__(self, problems: Sequence[Problem], total: int | None = None) -> None:
        self.problems = list(problems[:MAX_MESSAGES])
        self.total = len(problems) if total is None else total
        super().__init__(self.summary())

    def summary(self) -> str:
        text = _("Die Datei wurde abgelehnt: %(count)d Fehler.") % {"count": self.total}
        if self.total > len(self.problems):
            text += " " + _("Die ersten %(shown)d sind aufgeführt.") % {"shown": len(self.problems)}
        return text + " " + _("Es wurde nichts gespeichert.")


@dataclass(frozen=True)
class Figure:
    """One line of the file."""

    line: int
    stichtag: dt.date
    gebiet: str
    indikator: str
    zaehler: int
    nenner: int | None


@dataclass(frozen=True)
class Upload:
    figures: list[Figure]
    encoding: str
    delimiter: str

    def stichtage(self) -> list[dt.date]:
        return sorted({figure.stichtag for figure in self.figures})

    def indicators(self) -> list[str]:
        return list(dict.fromkeys(figure.indikator for figure in self.figures))


def _file_problem(text: str, line: int = 1) -> UploadRejected:
    return UploadRejected([Problem(line, "–", "", text)])


# --- Reading ----------------------------------------------------------------------------------


def decode(data: bytes) -> tuple[str, str]:
    """The text and the name of its encoding: UTF-8 (with or without BOM), else Windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _file_problem(
            _("Die Datei ist in UTF-16 gespeichert. Bitte als „CSV UTF-8“ speichern.")
        )
    if b"\x00" in data:
        raise _file_problem(_("Die Datei enthält Null-Bytes und ist keine CSV-Textdatei."))
    if data.startswith(UTF8_BOM):
        try:
            return data[len(UTF8_BOM) :].decode("utf-8"), "UTF-8 (BOM)"
        except UnicodeDecodeError as error:
            raise _file_problem(
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
        raise _file_problem(
            _(
                "Die Zeichenkodierung wurde nicht erkannt (erwartet: UTF-8 oder Windows-1252). "
                "Fehlerhaftes Byte an Position %(position)d."
            )
            % {"position": error.start}
        ) from None


def _delimiter(first_line: str) -> str:
    """``;`` or ``,``: the one that splits the header into more known column names."""

    def known(delimiter: str) -> int:
        cells = next(csv.reader([first_line], delimiter=delimiter), [])
        return sum(1 for cell in cells if _column_name(cell) in COLUMNS)

    return "," if known(",") > known(";") else ";"


def _column_name(cell: str) -> str:
    """A header cell as a column name: any case, and „Zähler“ as written in German."""
    name = cell.strip().lower()
    for umlaut, spelled in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        name = name.replace(umlaut, spelled)
    return name


def _header(cells: list[str]) -> tuple[dict[str, int], list[Problem]]:
    problems: list[Problem] = []
    positions: dict[str, int] = {}
    for index, cell in enumerate(cells):
        name = _column_name(cell)
        if not name and index == len(cells) - 1 and index:
            continue  # a trailing delimiter
        if name not in COLUMNS:
            problems.append(Problem(1, cell, cell, _("Unbekannte Spalte.")))
        elif name in positions:
            problems.append(Problem(1, name, cell, _("Spalte kommt mehrfach vor.")))
        else:
            positions[name] = index
    for name in REQUIRED:
        if name not in positions:
            problems.append(Problem(1, name, "", _("Pflichtspalte fehlt.")))
    return positions, problems


def _date(value: str) -> dt.date | None:
    match = ISO_DATE.fullmatch(value)
    parts = match.groups() if match else None
    match = GERMAN_DATE.fullmatch(value)
    if match:
        parts = (match.group(3), match.group(2), match.group(1))
    if parts is None:
        return None
    try:
        return dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        return None


def _count(value: str) -> tuple[int | None, str]:
    """A count: a whole number ≥ 0 (``12,0`` from a spreadsheet is 12); else the message."""
    if WHOLE.fullmatch(value):
        return int(value), ""
    if THOUSANDS.fullmatch(value):
        return None, _("Bitte ohne Tausenderpunkt schreiben (1234 statt 1.234).")
    match = WHOLE_WITH_ZEROS.fullmatch(value)
    if match:
        return int(match.group(1)), ""
    if value.startswith("-") and WHOLE.fullmatch(value[1:]):
        return None, _("Eine Anzahl kann nicht negativ sein.")
    if DECIMAL.fullmatch(value):
        return None, _("Zähler und Nenner sind Anzahlen: ganze Zahlen ohne Nachkommastellen.")
    return None, _("Keine Zahl.")


def _gebiet(value: str, allowed: frozenset[str]) -> str | None:
    """``00`` or a district code of the region (a spreadsheet's ``1`` is ``01``)."""
    if value.isdigit() and len(value) < 2:
        value = value.zfill(2)
    return value if value in allowed else None


def read(data: bytes, districts: Iterable[str], *, today: dt.date | None = None) -> Upload:
    """Check the whole file; raises ``UploadRejected`` with every problem, else the figures."""
    if len(data) > MAX_BYTES:
        raise _file_problem(
            _("Die Datei ist zu groß (%(size)s MB); erlaubt ist höchstens 1 MB.")
            % {"size": f"{len(data) / 1024 / 1024:.1f}".replace(".", ",")}
        )
    text, encoding = decode(data)
    lines = text.splitlines()
    if not any(line.strip() for line in lines):
        raise _file_problem(_("Die Datei ist leer."))
    delimiter = _delimiter(lines[0])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    today = today or timezone.localdate()
    allowed = frozenset({CITYWIDE, *districts})
    problems: list[Problem] = []
    figures: list[Figure] = []
    positions: dict[str, int] = {}
    try:
        for cells in reader:
            line = reader.line_num
            if line == 1:
                positions, header_problems = _header(cells)
                if header_problems:
                    raise UploadRejected(header_problems)
                continue
            if not any(cell.strip() for cell in cells):
                continue  # a blank line
            if len(figures) + len(problems) >= MAX_ROWS:
                raise _file_problem(
                    _("Die Datei hat mehr als %(rows)d Zeilen.") % {"rows": MAX_ROWS}, line
                )
            figure = _figure(line, cells, delimiter, positions, allowed, today, problems)
            if figure is not None:
                figures.append(figure)
    except csv.Error as error:
        problems.append(
            Problem(
                reader.line_num,
                "–",
                "",
                _("Die Zeile lässt sich nicht lesen (%(error)s).") % {"error": error},
            )
        )
    problems.extend(_consistency(figures))
    if problems:
        problems.sort(key=lambda p: (p.line, COLUMNS.index(p.column) if p.column in COLUMNS else 9))
        raise UploadRejected(problems)
    if not figures:
        raise _file_problem(_("Die Datei enthält keine Datenzeilen."), 2)
    return Upload(figures, encoding, delimiter)


def decimal_comma_hint() -> str:
    return _(
        "Enthält eine Zahl ein Komma? In einer Datei mit Komma als Trennzeichen gehört sie in "
        "Anführungszeichen, oder die Datei nimmt ; als Trennzeichen."
    )


def _figure(
    line: int,
    cells: list[str],
    delimiter: str,
    positions: dict[str, int],
    allowed: frozenset[str],
    today: dt.date,
    problems: list[Problem],
) -> Figure | None:
    width = max(positions.values()) + 1
    if len(cells) > width and any(cell.strip() for cell in cells[width:]):
        problems.append(
            Problem(
                line,
                "–",
                "",
                _("%(found)d Zellen statt %(expected)d.") % {"found": len(cells), "expected": width}
                + (" " + decimal_comma_hint() if delimiter == "," else ""),
            )
        )
        return None
    values = {
        name: (cells[index].strip() if index < len(cells) else "")
        for name, index in positions.items()
    }
    before = len(problems)

    def problem(column: str, text: str) -> None:
        problems.append(Problem(line, column, values.get(column, ""), text))

    for name in REQUIRED:
        if not values[name]:
            problem(name, _("Pflichtangabe fehlt."))
    stichtag = _date(values["stichtag"]) if values["stichtag"] else None
    if values["stichtag"] and stichtag is None:
        problem("stichtag", _("Kein gültiges Datum (JJJJ-MM-TT oder TT.MM.JJJJ)."))
    elif stichtag is not None and stichtag > today:
        problem("stichtag", _("Der Stichtag liegt in der Zukunft."))
    gebiet = _gebiet(values["gebiet"], allowed) if values["gebiet"] else None
    if values["gebiet"] and gebiet is None:
        problem("gebiet", _("Unbekanntes Gebiet (00 für die ganze Region oder ein Stadtteil)."))
    indikator = values["indikator"]
    if indikator and (not CODE.fullmatch(indikator) or len(indikator) > CODE_LENGTH):
        problem(
            "indikator",
            _(
                "Ungültiger Indikatorcode: er beginnt mit „ext_“ und enthält nur Kleinbuchstaben "
                "a–z, Ziffern und Unterstriche (höchstens 80 Zeichen)."
            ),
        )
    zaehler = nenner = None
    if values["zaehler"]:
        zaehler, message = _count(values["zaehler"])
        if message:
            problem("zaehler", message)
    if values.get("nenner"):
        nenner, message = _count(values["nenner"])
        if message:
            problem("nenner", message)
        elif nenner == 0:
            problem("nenner", _("Der Nenner muss größer als 0 sein."))
        elif zaehler is not None and zaehler > nenner:  # type: ignore[operator]
            problem("zaehler", _("Der Zähler ist größer als der Nenner."))
    if len(problems) > before or stichtag is None or gebiet is None or zaehler is None:
        return None
    return Figure(line, stichtag, gebiet, indikator, zaehler, nenner)


def _consistency(figures: list[Figure]) -> list[Problem]:
    """Each stichtag, gebiet and indicator once; an indicator is a count or a share throughout
    a stichtag."""
    problems: list[Problem] = []
    seen: dict[tuple[dt.date, str, str], int] = {}
    kind: dict[tuple[dt.date, str], tuple[bool, int]] = {}
    for figure in figures:
        key = (figure.stichtag, figure.gebiet, figure.indikator)
        if key in seen:
            problems.append(
                Problem(
                    figure.line,
                    "indikator",
                    figure.indikator,
                    _("Stichtag, Gebiet und Indikator kommen schon in Zeile %(line)d vor.")
                    % {"line": seen[key]},
                )
            )
            continue
        seen[key] = figure.line
        is_share = figure.nenner is not None
        first = kind.setdefault((figure.stichtag, figure.indikator), (is_share, figure.line))
        if first[0] != is_share:
            problems.append(
                Problem(
                    figure.line,
                    "nenner",
                    "" if figure.nenner is None else str(figure.nenner),
                    _(
                        "Der Indikator ist in Zeile %(line)d ein Anteil (mit Nenner), hier eine "
                        "Anzahl (ohne Nenner), oder umgekehrt."
                    )
                    % {"line": first[1]},
                )
            )
    return problems


# --- Confidentiality and the published table ----------------------------------------------------


@dataclass(frozen=True)
class Tables:
    exact: list[Row]
    published: list[Row]
    suppressed: int  # distinct counts published blank


def tables(upload: Upload) -> Tables:
    """Exact and published rows, per stichtag: ordered by gebiet (``00`` first), then the
    indicators in the order of the file."""
    exact: list[Row] = []
    published: list[Row] = []
    suppressed = 0
    for stichtag in upload.stichtage():
        figures = [f for f in upload.figures if f.stichtag == stichtag]
        indicators, counts, structure = _structure(figures)
        blank = suppress(counts, structure)
        suppressed += len(blank)
        present = {(f.gebiet, f.indikator) for f in figures}
        gebiete = sorted({f.gebiet for f in figures}, key=lambda g: (g != CITYWIDE, g))
        for gebiet in gebiete:
            for indicator in indicators:
                if (gebiet, indicator.code) in present:
                    exact.append(indicator_row(stichtag, gebiet, indicator, counts, set()))
                    published.append(indicator_row(stichtag, gebiet, indicator, counts, blank))
    return Tables(exact, published, suppressed)


def _structure(
    figures: list[Figure],
) -> tuple[list[Indicator], dict[Cell, int], Structure]:
    """The counts of one stichtag. An indicator's numerator is one count type; denominators
    that are equal in every gebiet are one count type (like ``ew`` for the register shares), so
    that the same count is never blank in one row and shown in another."""
    codes = list(dict.fromkeys(f.indikator for f in figures))
    denominators: dict[str, dict[str, int]] = {}
    for figure in figures:
        if figure.nenner is not None:
            denominators.setdefault(figure.indikator, {})[figure.gebiet] = figure.nenner
    shared: dict[tuple[tuple[str, int], ...], str] = {}
    indicators: list[Indicator] = []
    types: list[str] = []
    counts: dict[Cell, int] = {}
    for code in codes:
        types.append(code)
        denominator = None
        if code in denominators:
            vector = tuple(sorted(denominators[code].items()))
            if vector not in shared:
                shared[vector] = f"{code}/nenner"
                types.append(shared[vector])
                counts.update({(gebiet, shared[vector]): value for gebiet, value in vector})
            denominator = shared[vector]
        indicators.append(Indicator(code, code, denominator))
    for figure in figures:
        counts[(figure.gebiet, figure.indikator)] = figure.zaehler
    shares = [(i.numerator, i.denominator) for i in indicators if i.denominator is not None]
    return indicators, counts, Structure.build(types, shares)


# --- Publishing -----------------------------------------------------------------------------------


def replaced(region: Region, rows: Sequence[Row]) -> int:
    """How many published rows a publication of ``rows`` would replace."""
    return IndicatorValue.objects.filter(region=region).filter(_same_indicators(rows)).count()


def _same_indicators(rows: Sequence[Row]) -> Q:
    condition = Q(pk__in=[])
    for stichtag, indikator in sorted({(row.stichtag, row.indikator) for row in rows}):
        condition |= Q(stichtag=stichtag, indikator=indikator)
    return condition


def publish(region: Region, rows: Sequence[Row]) -> int:
    """Replace the published rows of each stichtag and indicator of ``rows`` in one
    transaction (other indicators and the register rows stay)."""
    if any(not row.indikator.startswith(PREFIX) for row in rows):
        raise ValueError("external indicators start with ext_")
    with transaction.atomic():
        IndicatorValue.objects.filter(region=region).filter(_same_indicators(rows)).delete()
        IndicatorValue.objects.bulk_create(
            IndicatorValue(
                region=region,
                stichtag=row.stichtag,
                gebiet=row.gebiet,
                indikator=row.indikator,
                zaehler=row.zaehler,
                nenner=row.nenner,
                wert=row.wert,
                status=row.status,
            )
            for row in rows
        )
    return len(rows)
