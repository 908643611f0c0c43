"""The council report "Bericht: Integrationsangebote": the annex tables of the 2010 paper,
computed from one dataset so that they cannot contradict each other.

Three overviews (areas by age group in the survey's three columns, by gender, by provider type)
and, per area, its three small tables (provider type, age group, gender) — each a table of the
engine over the same dataset, the small ones filtered to their area. Every table says what it
counts: distinct offers, and where an offer can have several values (age groups; gender, where an
offer for everyone counts under both), the mentions as well.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max
from django.utils.translation import gettext as _

from wegweiser.directory.models import Area, Offer, Region
from wegweiser.reports import charts, exports, sources
from wegweiser.reports.engine import CrossTable, crosstab


def _overview_caption(dimension: str) -> str:
    return {
        "age_group_seed": _("Anzahl der Angebote für die Zielgruppen (nach Alter)"),
        "gender": _("Anzahl der Angebote für die Zielgruppen (nach Geschlecht)"),
        "provider_type_seed": _("Anzahl der Angebote nach Trägern"),
    }[dimension]


def _area_caption(dimension: str, area: str) -> str:
    return {
        "provider_type_seed": _("Anzahl der Angebote im Bereich %(area)s nach Trägern"),
        "age_group_seed": _(
            "Anzahl der Angebote im Bereich %(area)s für die Zielgruppen (nach Alter)"
        ),
        "gender": _(
            "Anzahl der Angebote im Bereich %(area)s für die Zielgruppen (nach Geschlecht)"
        ),
    }[dimension] % {"area": area}


def footnote(table: CrossTable) -> str:
    """What the table counts, in one sentence or two."""
    dimension = table.cols or table.rows
    parts = [
        _(
            "Gezählt werden veröffentlichte Angebote; jedes Angebot zählt in einer Zelle höchstens einmal."
        )
    ]
    if dimension == "age_group_seed":
        parts.append(
            _(
                "Ein Angebot für mehrere Altersgruppen zählt in jeder; „Kinder“ umfasst Kinder und Jugendliche (0–17 Jahre)."
            )
        )
    elif dimension == "gender":
        parts.append(
            _(
                "Ein Angebot für alle Geschlechter zählt unter „Jungen / Männer“ und unter „Mädchen / Frauen“."
            )
        )
    elif dimension == "provider_type_seed":
        parts.append(_("Jedes Angebot zählt einmal, beim federführenden Träger."))
    if table.mentions_exceed_offers:
        parts.append(
            _(
                "%(mentions)s Nennungen bei %(offers)s Angeboten: die Summe der Zellen ist größer als die Zahl der Angebote."
            )
            % {"mentions": table.sum_cells, "offers": table.total}
        )
    return " ".join(parts)


@dataclass
class ReportTable:
    number: int
    key: str
    caption: str
    table: CrossTable
    footnote: str
    chart: charts.Chart | None = None

    @property
    def sheet_title(self) -> str:
        return f"T{self.number} {self.table.cols or self.table.rows}"


@dataclass
class AreaSection:
    code: str
    label: str
    tables: list[ReportTable]


@dataclass
class CouncilReport:
    region: Region
    at: dt.date
    total: int
    last_change: dt.datetime | None
    overviews: list[ReportTable]
    areas: list[AreaSection]
    created: dt.date = field(default_factory=sources.today)

    def tables(self) -> list[ReportTable]:
        return [*self.overviews, *(table for area in self.areas for table in area.tables)]


def build(region: Region, at: dt.date | None = None, *, with_charts: bool = True) -> CouncilReport:
    """The report over the region's offers published now (or at the end of ``at``)."""
    data = sources.dataset(sources.source_for(region, at))
    number = 0
    overviews = []
    for dimension in ("age_group_seed", "gender", "provider_type_seed"):
        number += 1
        table = crosstab(data, "area", dimension)
        caption = _overview_caption(dimension)
        overviews.append(
            ReportTable(
                number,
                f"overview-{dimension}",
                caption,
                table,
                footnote(table),
                charts.table_chart(table, caption) if with_charts else None,
            )
        )
    labels = dict(Area.objects.values_list("code", "label"))
    areas = []
    for code in overviews[0].table.row_values:
        if code not in labels:
            continue  # ``ohne_angabe``: a published offer always has an area
        tables = []
        for dimension in ("provider_type_seed", "age_group_seed", "gender"):
            number += 1
            table = crosstab(data, dimension, filters={"area": [code]})
            caption = _area_caption(dimension, labels[code])
            tables.append(
                ReportTable(
                    number,
                    f"{code}-{dimension}",
                    caption,
                    table,
                    footnote(table),
                    charts.table_chart(table, caption) if with_charts else None,
                )
            )
        areas.append(AreaSection(code, labels[code], tables))
    return CouncilReport(
        region=region,
        at=data.at,
        total=len(data),
        last_change=_last_change(region, at),
        overviews=overviews,
        areas=areas,
    )


def _last_change(region: Region, at: dt.date | None) -> dt.datetime | None:
    history = Offer.history.filter(region_id=region.pk)
    if at is not None:
        history = history.filter(history_date__lt=sources.end_of_day(at))
    return history.aggregate(last=Max("history_date"))["last"]


# --- files --------------------------------------------------------------------------------


def xlsx(report: CouncilReport) -> bytes:
    """One sheet per table: caption, counting basis, then the table (numbers as numbers)."""
    sheets: list[tuple[str, list[list[Any]]]] = []
    status = _("Stand: Ende des %(day)s; veröffentlichte Angebote: %(count)s; %(region)s") % {
        "day": report.at.strftime("%d.%m.%Y"),
        "count": report.total,
        "region": report.region.name,
    }
    for entry in report.tables():
        lines: list[list[Any]] = [
            [
                _("Tabelle %(number)s: %(caption)s")
                % {"number": entry.number, "caption": entry.caption}
            ],
            [status],
            [entry.footnote],
            [],
            *exports.labelled_lines(entry.table),
        ]
        sheets.append((entry.sheet_title, lines))
    return exports.workbook(sheets)


def render_file(report: CouncilReport, fmt: str) -> bytes:
    """The report as a file: ``pdf``, ``xlsx`` or ``html`` (the staff page and the command)."""
    from django.template.loader import render_to_string

    from wegweiser.reports.pdf import render_pdf

    if fmt == "xlsx":
        return xlsx(report)
    html = render_to_string("reports/council_document.html", {"report": report})
    if fmt == "html":
        return html.encode("utf-8")
    return render_pdf(html)
