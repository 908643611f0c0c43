"""The monitoring's staff pages (/staff/monitoring/): the published reference dates of the
regions one may read, and the monitoring report of one date as HTML, PDF and XLSX."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_safe

from wegweiser.accounts import permissions
from wegweiser.directory.models import Region
from wegweiser.monitoring import labels, queries, report

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = {"pdf": "application/pdf", "xlsx": XLSX}


def monitoring_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed in (else to the login page) and allowed to read the monitoring somewhere (else
    403)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not permissions.uses_monitoring_pages(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapper)


def _region_and_date(request: HttpRequest, region: str, stichtag: str) -> tuple[Region, dt.date]:
    """The region (403 where the user may not read its monitoring) and a published date (404)."""
    the_region = get_object_or_404(Region, slug=region)
    if not permissions.can_read_monitoring(request.user, the_region):
        raise PermissionDenied
    try:
        day = dt.date.fromisoformat(stichtag)
    except ValueError:
        raise Http404 from None
    if day not in queries.stichtage(the_region):
        raise Http404
    return the_region, day


def external_upload_url() -> str:
    """The upload page of external indicators, once it exists (built on another branch)."""
    try:
        return reverse("monitoring:external_upload")
    except NoReverseMatch:
        return ""


@require_safe
@monitoring_view
def overview(request: HttpRequest) -> HttpResponse:
    region_ids = permissions.monitoring_region_ids(request.user)
    regions = list(Region.objects.filter(pk__in=region_ids).order_by("name"))
    return render(
        request,
        "monitoring/staff/overview.html",
        {
            "publications": queries.publications(region_ids),
            "regions": regions,
            "runners": [r for r in regions if permissions.can_run_monitoring(request.user, r)],
            "upload_url": external_upload_url(),
        },
    )


@require_safe
@monitoring_view
def report_page(request: HttpRequest, region: str, stichtag: str) -> HttpResponse:
    the_region, day = _region_and_date(request, region, stichtag)
    return render(
        request,
        "monitoring/staff/report.html",
        {
            "report": report.build(the_region, day),
            "footnote": labels.footnote(),
            "dates": queries.stichtage(the_region),
        },
    )


@require_safe
@monitoring_view
def report_download(request: HttpRequest, region: str, stichtag: str, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    the_region, day = _region_and_date(request, region, stichtag)
    built = report.build(the_region, day, with_map=fmt == "pdf")
    content = report.render_pdf(built) if fmt == "pdf" else report.xlsx(built)
    return HttpResponse(
        content,
        content_type=FORMATS[fmt],
        headers={
            "Content-Disposition": f'attachment; filename="{report.filename(built, fmt)}"',
            "X-Content-Type-Options": "nosniff",
        },
    )
