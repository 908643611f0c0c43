"""The monitoring report of a region and reference date: the published tables for people, as
HTML, PDF (WeasyPrint) and XLSX (one sheet per table, numbers as numbers, ``.`` for a
suppressed cell)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from wegweiser.directory.models import Region
from wegweiser.monitoring import charts, labels, queries, ranking
from wegweiser.monitoring.codes import CITYWIDE
from wegweiser.monitoring.indicators import SEGREGATION_INDICATORS
from wegweiser.monitoring.queries import MISSING, Cell
from wegweiser.monitoring.templatetags.monitoring import SUPPRESSED
from wegweiser.reports import exports, pdf

MAP_INDICATOR = "mh_anteil"
TABLE_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "bevoelkerung",
        (
            "ew",
            "mh_anteil",
            "auslaender_anteil",
            "deutsche_mh_anteil",
            "aussiedler_anteil",
            "eingebuergerte_anteil",
            "erste_generation_anteil",
        ),
    ),
    (
        "alter",
        (
            "mh_anteil_u18",
            "mh_anteil_u6",
            "mh_anteil_65plus",
            "neuzugewanderte_anteil",
            "drittstaatsangehoerige_18plus_anteil",
        ),
    ),
    (
        "herkunft",
        (
            "herkunft_tuerkei_anteil",
            "herkunft_ehem_su_anteil",
            "herkunft_ehem_yu_anteil",
            "herkunft_polen_anteil",
            "herkunft_eu_anteil",
            "herkunft_arabische_staaten_anteil",
            "herkunft_sonstige_anteil",
            "herkunft_unbekannt_anteil",
        ),
    ),
)
OVER_TIME = ("ew", "mh_anteil", "auslaender_anteil", "mh_anteil_u18")


def group_title(key: str) -> str:
    return {
        "bevoelkerung": _("Einwohnerinnen, Einwohner und Migrationshintergrund"),
        "alter": _("Altersgruppen, Zuzug und Wahlrecht"),
        "herkunft": _("Herkunftsregionen (in Prozent der Personen mit Migrationshintergrund)"),
        "extern": _("Indikatoren anderer Stellen"),
        "verlauf": _("Gesamtwerte im Zeitverlauf"),
        "segregation": _("Segregation im Zeitverlauf"),
        "rangfolge": _("Rangfolge der Stadtteile"),
    }[key]


def sheet_title(key: str) -> str:
    """Short names for the spreadsheet's tabs (at most 31 characters)."""
    return {
        "bevoelkerung": _("Bevölkerung"),
        "alter": _("Alter und Zuzug"),
        "herkunft": _("Herkunft"),
        "extern": _("Andere Stellen"),
        "verlauf": _("Zeitverlauf"),
        "segregation": _("Segregation"),
        "rangfolge": _("Rangfolge"),
    }[key][:31]


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    corner: str  # the header of the first column
    columns: list[str]  # column headers
    rows: list[tuple[str | dt.date, list[Cell]]]  # (row header: a name or a date, cells)

    @property
    def sheet(self) -> str:
        return sheet_title(self.key)


@dataclass(frozen=True)
class Report:
    region: Region
    stichtag: dt.date
    tables: list[Table]
    ranking: list[ranking.Place]
    ranking_average: Cell
    map: charts.Choropleth | None
    map_label: str


def _district_table(
    key: str, title: str, codes: Sequence[str], region: Region, cells: dict[tuple[str, str], Cell]
) -> Table:
    names = [(CITYWIDE, _("Gesamt: %(region)s") % {"region": region.name})]
    names += [(d.code, f"{d.code} {d.name}") for d in queries.districts(region)]
    return Table(
        key,
        title,
        _("Stadtteil"),
        [labels.label(code) for code in codes],
        [(name, [cells.get((gebiet, code), MISSING) for code in codes]) for gebiet, name in names],
    )


def _time_table(key: str, codes: Sequence[str], region: Region, dates: Sequence[dt.date]) -> Table:
    found = {code: queries.series(region, code, [CITYWIDE]).get(CITYWIDE, {}) for code in codes}
    return Table(
        key,
        group_title(key),
        _("Stichtag"),
        [labels.label(code) for code in codes],
        [(day, [found[code].get(day, MISSING) for code in codes]) for day in dates],
    )


def build(region: Region, stichtag: dt.date, *, with_map: bool = True) -> Report:
    cells = queries.table(region, stichtag)
    present = {code for _gebiet, code in cells}
    tables = []
    for key, codes in TABLE_GROUPS:
        shown = [code for code in codes if code in present]
        if shown:
            tables.append(_district_table(key, group_title(key), shown, region, cells))
    external = sorted(code for code in present if code.startswith(queries.EXTERNAL_PREFIX))
    if external:
        tables.append(_district_table("extern", group_title("extern"), external, region, cells))
    dates = [day for day in queries.stichtage(region) if day <= stichtag]
    tables.append(_time_table("verlauf", OVER_TIME, region, dates))
    tables.append(_time_table("segregation", SEGREGATION_INDICATORS, region, dates))
    districts = queries.districts(region)
    by_district = {gebiet: cell for (gebiet, code), cell in cells.items() if code == MAP_INDICATOR}
    average = by_district.get(CITYWIDE, MISSING)
    places = ranking.ranking(districts, by_district, average, share=True)
    the_map = None
    if with_map:
        urls = {
            d.code: reverse("public:monitoring_district", args=[region.slug, d.code])
            for d in districts
        }
        the_map = charts.choropleth(districts, by_district, urls)
    return Report(region, stichtag, tables, places, average, the_map, labels.label(MAP_INDICATOR))


def filename(report: Report, fmt: str) -> str:
    return f"integrationsmonitoring-{report.region.slug}-{report.stichtag.isoformat()}.{fmt}"


def _number(cell: Cell) -> tuple[Any, str | None]:
    """A cell for the spreadsheet and its number format: a number, or ``.`` / empty."""
    if cell.suppressed:
        return SUPPRESSED, None
    number = cell.number
    if number is None:
        return None, None
    if not cell.decimals:
        return int(number), "#,##0"
    return float(number), "0." + "0" * cell.decimals


def _count(value: int | None) -> tuple[Any, str | None]:
    return (SUPPRESSED, None) if value is None else (value, "#,##0")


def _text(value: Any) -> tuple[Any, str | None]:
    if isinstance(value, dt.date):
        return value, "DD.MM.YYYY"
    return exports.neutralise(value), None


def _sheet(book: Any, title: str, lines: list[list[tuple[Any, str | None]]]) -> None:
    from openpyxl.styles import Font

    sheet = book.create_sheet(title)
    for number, line in enumerate(lines, start=1):
        for column, (value, number_format) in enumerate(line, start=1):
            if value is None or value == "":
                continue
            cell = sheet.cell(row=number, column=column, value=value)
            if number_format:
                cell.number_format = number_format
            if number == 1:
                cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 36


def xlsx(report: Report) -> bytes:
    """One sheet per table: the header row, the rows (counts as integers, shares as numbers
    with their decimals, ``.`` for a suppressed cell), the footnote."""
    from openpyxl import Workbook

    note = [_text(labels.footnote())]
    book = Workbook()
    book.remove(book.worksheets[0])
    header = [_("Rang"), _("Stadtteil"), report.map_label, _("Anzahl"), _("Bezugsgröße"),
              _("Einordnung")]  # fmt: skip
    lines = [[_text(title) for title in header]]
    for place in report.ranking:
        lines.append(
            [
                (place.rank, None),
                _text(f"{place.code} {place.name}"),
                _number(place.cell),
                _count(place.cell.zaehler),
                _count(place.cell.nenner),
                _text(place.threshold_label),
            ]
        )
    _sheet(book, sheet_title("rangfolge"), [*lines, [], note])
    for table in report.tables:
        lines = [[_text(table.corner), *(_text(column) for column in table.columns)]]
        lines += [[_text(name), *(_number(cell) for cell in cells)] for name, cells in table.rows]
        _sheet(book, table.sheet, [*lines, [], [_text(table.title)], note])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def html(report: Report, *, document: bool) -> str:
    return render_to_string(
        "monitoring/report_document.html",
        {"report": report, "footnote": labels.footnote(), "document": document},
    )


def render_pdf(report: Report) -> bytes:
    return pdf.render_pdf(html(report, document=True))
