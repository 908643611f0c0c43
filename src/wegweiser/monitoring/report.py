"""The monitoring report of a region and reference date: the published tables for people, as
HTML, PDF (WeasyPrint) and XLSX (one sheet per table, numbers as numbers, ``.`` for a
suppressed cell)."""

from __future__ import annotations

import datetime as dt
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


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    corner: str  # the header of the first column
    columns: list[str]  # column headers
    rows: list[tuple[str, list[Cell]]]  # (row header, cells)


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
        [
            (day.strftime("%d.%m.%Y"), [found[code].get(day, MISSING) for code in codes])
            for day in dates
        ],
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


def _number(cell: Cell) -> Any:
    """A cell for the spreadsheet: a number, or ``.`` / empty."""
    if cell.suppressed:
        return SUPPRESSED
    number = cell.number
    if number is None:
        return ""
    return (
        int(number) if number == number.to_integral_value() and not cell.decimals else float(number)
    )


def xlsx(report: Report) -> bytes:
    note = [labels.footnote()]
    sheets: list[tuple[str, list[list[Any]]]] = []
    ranking_lines: list[list[Any]] = [
        [
            _("Rang"),
            _("Stadtteil"),
            report.map_label,
            _("Anzahl"),
            _("Bezugsgröße"),
            _("Einordnung"),
        ]
    ]
    for place in report.ranking:
        ranking_lines.append(
            [
                place.rank if place.rank is not None else "",
                f"{place.code} {place.name}",
                _number(place.cell),
                SUPPRESSED if place.cell.zaehler is None else place.cell.zaehler,
                SUPPRESSED if place.cell.nenner is None else place.cell.nenner,
                place.threshold_label,
            ]
        )
    ranking_lines += [[], note]
    for table in report.tables:
        lines: list[list[Any]] = [[table.corner, *table.columns]]
        lines += [[name, *(_number(cell) for cell in cells)] for name, cells in table.rows]
        lines += [[], note]
        sheets.append((table.title, lines))
    sheets.insert(0, (group_title("rangfolge"), ranking_lines))
    return exports.workbook(sheets)


def html(report: Report, *, document: bool) -> str:
    return render_to_string(
        "monitoring/report_document.html",
        {"report": report, "footnote": labels.footnote(), "document": document},
    )


def render_pdf(report: Report) -> bytes:
    return pdf.render_pdf(html(report, document=True))
