"""Staff pages for external indicators: upload → check → preview of the published table →
publish. For the statistics office and administrators of the region (``can_run_monitoring``)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from wegweiser.accounts import permissions
from wegweiser.directory.models import District, Region
from wegweiser.monitoring import external, external_previews, services
from wegweiser.monitoring.codes import CITYWIDE
from wegweiser.monitoring.external_forms import ExternalUploadForm
from wegweiser.monitoring.models import IndicatorStatus, IndicatorValue
from wegweiser.monitoring.tables import Row

# Longer previews are cut in the page (the command writes everything).
SHOWN = 500


def _region(request: HttpRequest, slug: str) -> Region:
    region = get_object_or_404(Region, slug=slug)
    if not permissions.can_run_monitoring(request.user, region):
        raise PermissionDenied
    return region


def _published(region: Region) -> Any:
    """The external indicators published for the region: one line per stichtag and code."""
    return (
        IndicatorValue.objects.filter(region=region, indikator__startswith=external.PREFIX)
        .values("stichtag", "indikator")
        .annotate(rows=Count("pk"), published=Max("published_at"))
        .order_by("-stichtag", "indikator")
    )


def _upload_page(
    request: HttpRequest, region: Region, form: ExternalUploadForm, **context: Any
) -> HttpResponse:
    return render(
        request,
        "monitoring/external/upload.html",
        {"region": region, "form": form, "published": _published(region), **context},
    )


def _with_names(region: Region, rows: list[Row]) -> list[tuple[Row, str, str]]:
    """Each row with the name of its gebiet and its status as shown."""
    names = dict(District.objects.filter(region=region).values_list("code", "name"))
    names[CITYWIDE] = region.name
    labels = dict(IndicatorStatus.choices)
    return [(row, names.get(row.gebiet, row.gebiet), str(labels[row.status])) for row in rows]


def _rejected(rejected: external.UploadRejected, filename: str) -> dict[str, Any]:
    return {
        "problems": [str(problem) for problem in rejected.problems],
        "summary": rejected.summary(),
        "filename": filename,
    }


@login_required
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    regions = permissions.monitoring_running_regions(request.user)
    if not regions:
        raise PermissionDenied
    if len(regions) == 1:
        return redirect("monitoring_external:upload", region=regions[0].slug)
    return render(request, "monitoring/external/index.html", {"regions": regions})


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest, region: str) -> HttpResponse:
    current = _region(request, region)
    form = ExternalUploadForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return _upload_page(request, current, form)
    uploaded = form.cleaned_data["file"]
    data = uploaded.read()
    try:
        checked = external.read(data, services.district_codes(current))
    except external.UploadRejected as rejected:
        return _upload_page(
            request, current, ExternalUploadForm(), **_rejected(rejected, uploaded.name)
        )
    result = external.tables(checked)
    token = external_previews.sign(
        data,
        filename=uploaded.name,
        user_id=request.user.pk,  # type: ignore[arg-type]
        region_id=current.pk,
    )
    return render(
        request,
        "monitoring/external/preview.html",
        {
            "region": current,
            "filename": uploaded.name,
            "upload": checked,
            "result": result,
            "rows": _with_names(current, result.published[:SHOWN]),
            "rows_more": max(0, len(result.published) - SHOWN),
            "replaced": external.replaced(current, result.published),
            "token": token,
        },
    )


@login_required
@require_POST
def publish(request: HttpRequest, region: str) -> HttpResponse:
    current = _region(request, region)
    stored = external_previews.load(
        request.POST.get("token", ""),
        user_id=request.user.pk,  # type: ignore[arg-type]
        region_id=current.pk,
    )
    if stored is None:
        return render(request, "monitoring/external/expired.html", {"region": current}, status=410)
    filename, data = stored
    try:  # checked again: the region's districts may have changed since the preview
        checked = external.read(data, services.district_codes(current))
    except external.UploadRejected as rejected:
        return _upload_page(request, current, ExternalUploadForm(), **_rejected(rejected, filename))
    result = external.tables(checked)
    before = external.replaced(current, result.published)
    count = external.publish(current, result.published)
    messages.success(
        request,
        _(
            "%(count)d Zeilen externer Indikatoren aus „%(file)s“ veröffentlicht "
            "(%(replaced)d bisherige ersetzt)."
        )
        % {"count": count, "file": filename, "replaced": before},
    )
    return redirect("monitoring_external:upload", region=current.slug)
