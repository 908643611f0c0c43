"""The published monitoring tables as CSV files.

Tables for people are ``;``-separated with a byte order mark (so spreadsheets read the
umlauts), suppressed cells are ``.`` and the footnote says why; the table of one date in the
contract's format (``stichtag,gebiet,indikator,zaehler,nenner,wert,status``) is for programs:
suppressed cells are empty there, with status ``gesperrt``. Every cell goes through the
reports' formula neutralisation."""

from __future__ import annotations

import csv
import datetime as dt
import io
from urllib.parse import urlencode

from django.http import HttpResponse
from django.utils.translation import gettext as _

from wegweiser.directory.models import Region
from wegweiser.monitoring import labels, queries, ranking
from wegweiser.monitoring.codes import CITYWIDE
from wegweiser.monitoring.models import IndicatorValue
from wegweiser.monitoring.queries import MISSING, Cell
from wegweiser.monitoring.tables import HEADER
from wegweiser.monitoring.templatetags.monitoring import show, show_count
from wegweiser.reports.exports import labelled_csv, neutralise

CSV = "text/csv; charset=utf-8"


def query(stichtag: dt.date | None, indikator: str) -> str:
    return urlencode(
        {**({"stichtag": stichtag.isoformat()} if stichtag else {}), "indikator": indikator}
    )


def response(content: bytes, filename: str) -> HttpResponse:
    return HttpResponse(
        content,
        content_type=CSV,
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "X-Content-Type-Options": "nosniff",
        },
    )


def _footnote() -> list[str]:
    return [labels.footnote()]


def _areas(region: Region) -> list[tuple[str, str]]:
    whole = _("Gesamt: %(region)s") % {"region": region.name}
    return [(CITYWIDE, whole)] + [(d.code, d.name) for d in queries.districts(region)]


def indicator_csv(region: Region, stichtag: dt.date, indikator: str) -> bytes:
    cells = queries.by_gebiet(region, stichtag, indikator)
    average = queries.citywide(cells)
    places = ranking.ranking(
        queries.districts(region), cells, average, share=labels.is_share(indikator)
    )
    lines: list[list[str]] = [
        [
            _("Rang"),
            _("Stadtteil-Nr."),
            _("Stadtteil"),
            labels.label(indikator),
            _("Anzahl"),
            _("Bezugsgröße"),
            _("Einordnung"),
        ]
    ]
    whole = _areas(region)[0][1]
    lines.append(
        [
            "",
            CITYWIDE,
            whole,
            show(average),
            show_count(average.zaehler),
            show_count(average.nenner),
            "",
        ]
    )
    for place in places:
        lines.append(
            [
                "" if place.rank is None else str(place.rank),
                place.code,
                place.name,
                show(place.cell),
                show_count(place.cell.zaehler),
                show_count(place.cell.nenner),
                place.threshold_label,
            ]
        )
    lines += [
        [],
        [f"{_('Stichtag')}: {stichtag.isoformat()}. {labels.basis(indikator)}"],
        _footnote(),
    ]
    return labelled_csv(lines)


def series_csv(region: Region, indikator: str) -> bytes:
    dates = queries.stichtage(region)
    found = queries.series(region, indikator)
    lines: list[list[str]] = [[_("Stadtteil-Nr."), _("Stadtteil"), *(d.isoformat() for d in dates)]]
    for code, name in _areas(region):
        cells = found.get(code, {})
        lines.append([code, name, *(show(cells.get(day, MISSING)) for day in dates)])
    lines += [[], [f"{labels.label(indikator)} {labels.basis(indikator)}"], _footnote()]
    return labelled_csv(lines)


def profile_csv(region: Region, gebiet: str) -> bytes:
    dates = queries.stichtage(region)
    found = queries.profile(region, gebiet)
    lines: list[list[str]] = [[_("Indikator"), _("Bezug"), *(d.isoformat() for d in dates)]]
    for code in sorted(found, key=labels.order_key):
        cells: dict[dt.date, Cell] = found[code]
        lines.append(
            [
                labels.label(code),
                labels.basis(code),
                *(show(cells.get(day, MISSING)) for day in dates),
            ]
        )
    lines += [[], _footnote()]
    return labelled_csv(lines)


def published_csv(region: Region, stichtag: dt.date) -> bytes:
    """The published table of one date as ``monitoring_run --indicators-out`` writes it."""
    rows = IndicatorValue.objects.filter(region=region, stichtag=stichtag)
    ordered = sorted(rows, key=lambda r: (r.gebiet, labels.order_key(r.indikator)))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    for row in ordered:
        cell = Cell.of(row)
        writer.writerow(
            neutralise(value)
            for value in (
                row.stichtag.isoformat(),
                row.gebiet,
                row.indikator,
                "" if cell.zaehler is None else str(cell.zaehler),
                "" if cell.nenner is None else str(cell.nenner),
                cell.wert,
                row.status,
            )
        )
    return buffer.getvalue().encode("utf-8")
