"""The ad-hoc cross-table: choose rows, columns, filters and dates; table, chart, downloads."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from wegweiser.accounts import permissions
from wegweiser.directory.models import Region
from wegweiser.reports import charts, engine, exports, sources
from wegweiser.reports.dimensions import ReportError
from wegweiser.reports.engine import Comparison, CrossTable, compare, offers_report
from wegweiser.reports.forms import CrossTableForm
from wegweiser.reports.pdf import render_pdf
from wegweiser.reports.views.common import XLSX, download, regions_for, report_view

FORMATS = ("csv", "xlsx", "pdf")


@require_safe
@report_view
def crosstab(request: HttpRequest) -> HttpResponse:
    regions, region = regions_for(request, permissions.report_region_ids(request.user))
    submitted = "rows" in request.GET
    query = request.GET.copy()
    query.setdefault("region", region.slug)
    form = CrossTableForm(query if submitted else None, regions=regions, region=region)
    context: dict[str, Any] = {"form": form, "table": None, "comparison": None}
    if not submitted:
        return render(request, "reports/crosstab.html", context)
    wanted = request.GET.get("format", "")
    if wanted and wanted not in FORMATS:
        form.add_error(
            None,
            _("Unbekanntes Format „%(format)s“; möglich sind: %(formats)s.")
            % {"format": wanted, "formats": ", ".join(FORMATS)},
        )
    if not form.is_valid():
        return render(request, "reports/crosstab.html", context, status=400)
    data: dict[str, Any] = form.cleaned_data
    chosen, rows, cols, filters = (
        form.chosen_region(),
        data["rows"],
        data["cols"] or None,
        form.filters(),
    )
    try:
        table = _count(chosen, rows, cols, filters, data.get("round"), data["at"])
        comparison = None
        if data.get("compare_round") or data["compare"]:
            before = _count(chosen, rows, cols, filters, data.get("compare_round"), data["compare"])
            comparison = compare(before, table)
    except ReportError as error:
        form.add_error(None, str(error))
        return render(request, "reports/crosstab.html", context, status=400)
    if wanted:
        return _download(request, wanted, table, comparison)
    links = request.GET.copy()
    links.pop("format", None)
    context.update(
        table=table,
        comparison=comparison,
        chart=charts.table_chart(table, _title(table)),
        title=_title(table),
        downloads=[
            (label, "?" + urlencode([*links.lists(), ("format", fmt)], doseq=True))
            for fmt, label in (("csv", "CSV"), ("xlsx", "XLSX (Excel)"), ("pdf", "PDF"))
        ],
    )
    return render(request, "reports/crosstab.html", context)


def _count(
    region: Region,
    rows: str,
    cols: str | None,
    filters: dict[str, list[str]],
    round_key: str | None,
    at: dt.date | None,
) -> CrossTable:
    """Count a survey round's snapshot when one is chosen, else the offers at the date."""
    if round_key:
        data = sources.dataset(sources.snapshot(round_key, region))
        return engine.crosstab(data, rows, cols, filters=filters)
    return offers_report(region, rows, cols, at=at, filters=filters)


# An A4 page holds the row labels and about eight numbers: wider tables go on in further parts,
# each with the row labels again (a comparison takes three numbers per column value).
PDF_COLUMNS = 6
PDF_COMPARED_COLUMNS = 2


def _column_parts(table: Any, size: int) -> Iterator[tuple[str, Any, bool]]:
    """(part label, the table with some of its column values, whether it is the last part); the
    totals come with the last part."""
    count = len(table.col_values)
    if count <= size:
        yield "", table, True
        return
    for start in range(0, count, size):
        stop = min(start + size, count)
        part = _("Spalten %(first)s–%(last)s von %(count)s") % {
            "first": start + 1,
            "last": stop,
            "count": count,
        }
        yield part, table.column_slice(start, stop), stop == count


def _title(table: CrossTable) -> str:
    if table.cols:
        return _("Angebote nach %(rows)s und %(cols)s") % {
            "rows": table.rows_label,
            "cols": table.cols_label,
        }
    return _("Angebote nach %(rows)s") % {"rows": table.rows_label}


def _filename(table: CrossTable, extension: str) -> str:
    parts = ["angebote", table.rows, *([table.cols] if table.cols else []), table.at.isoformat()]
    return "-".join(parts) + "." + extension


def _download(
    request: HttpRequest, fmt: str, table: CrossTable, comparison: Comparison | None
) -> HttpResponse:
    lines = exports.comparison_lines(comparison) if comparison else exports.labelled_lines(table)
    lines += exports.notes(table, comparison)
    if fmt == "csv":
        return download(
            exports.labelled_csv(lines), "text/csv; charset=utf-8", _filename(table, "csv")
        )
    if fmt == "xlsx":
        return download(exports.workbook([(_title(table), lines)]), XLSX, _filename(table, "xlsx"))
    html = render_to_string(
        "reports/crosstab_pdf.html",
        {
            "table": table,
            "table_parts": [
                (_title(table) + (f" ({part})" if part else ""), piece, not last)
                for part, piece, last in _column_parts(table, PDF_COLUMNS)
            ],
            "comparison_parts": [
                (part, piece, not last)
                for part, piece, last in (
                    _column_parts(comparison, PDF_COMPARED_COLUMNS) if comparison else ()
                )
            ],
            "title": _title(table),
            "chart": charts.table_chart(table, _title(table)),
            "created": sources.today(),
        },
        request=request,
    )
    return download(render_pdf(html), "application/pdf", _filename(table, "pdf"))
