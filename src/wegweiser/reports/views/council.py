"""The council report in the staff pages: HTML with charts, and as PDF, XLSX or HTML file."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from wegweiser.accounts import permissions
from wegweiser.directory.models import Region
from wegweiser.reports import council
from wegweiser.reports.dimensions import ReportError
from wegweiser.reports.forms import check_day
from wegweiser.reports.views.common import XLSX, download, regions_for, report_view


def _day(request: HttpRequest) -> tuple[dt.date | None, str]:
    """The date asked for (None: today) and an error message for a bad one."""
    value = request.GET.get("at", "").strip()
    if not value:
        return None, ""
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return None, _("Bitte ein Datum im Format JJJJ-MM-TT angeben.")
    try:
        return check_day(day, ReportError), ""
    except ReportError as error:
        return None, str(error)


def _query(region: Region, day: dt.date | None) -> str:
    return urlencode({"region": region.slug, **({"at": day.isoformat()} if day else {})})


@require_safe
@report_view
def council_report(request: HttpRequest) -> HttpResponse:
    regions, region = regions_for(request, permissions.report_region_ids(request.user))
    day, error = _day(request)
    context: dict[str, Any] = {
        "regions": regions,
        "region": region,
        "error": error,
        "at_value": request.GET.get("at", ""),
        "report": None,
    }
    if error:
        return render(request, "reports/council.html", context, status=400)
    context["report"] = council.build(region, day)
    context["query"] = _query(region, day)
    return render(request, "reports/council.html", context)


CONTENT_TYPES = {"pdf": "application/pdf", "xlsx": XLSX, "html": "text/html; charset=utf-8"}


@require_safe
@report_view
def council_download(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in CONTENT_TYPES:
        raise Http404
    _regions, region = regions_for(request, permissions.report_region_ids(request.user))
    day, error = _day(request)
    if error:
        return HttpResponse(error, status=400, content_type="text/plain; charset=utf-8")
    report = council.build(region, day, with_charts=fmt != "xlsx")
    filename = f"bericht-integrationsangebote-{region.slug}-{report.at.isoformat()}.{fmt}"
    return download(council.render_file(report, fmt), CONTENT_TYPES[fmt], filename)
