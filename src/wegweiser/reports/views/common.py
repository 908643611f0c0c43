"""What every report view starts with: sign-in, role, the region, and the answers as files."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from wegweiser.accounts import permissions
from wegweiser.directory.models import Region

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def report_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed in (else to the login page) and allowed to produce reports somewhere (else 403)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not permissions.uses_report_pages(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapper)


def quality_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not permissions.uses_quality_report(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapper)


def regions_for(request: HttpRequest, region_ids: set[int]) -> tuple[list[Region], Region]:
    """The regions the user may choose from and the one asked for (``?region=``; else the
    first). A region the user may not report on is answered with 404."""
    regions = list(Region.objects.filter(pk__in=region_ids))
    if not regions:
        raise PermissionDenied
    slug = request.GET.get("region")
    if not slug:
        return regions, regions[0]
    chosen = next((region for region in regions if region.slug == slug), None)
    if chosen is None:
        raise Http404
    return regions, chosen


def download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    return HttpResponse(
        content,
        content_type=content_type,
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "X-Content-Type-Options": "nosniff",
        },
    )
