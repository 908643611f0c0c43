"""The data-quality report for editors."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from wegweiser.accounts import permissions
from wegweiser.reports import quality
from wegweiser.reports.views.common import quality_view, regions_for

MISSING_LABELS = {
    "area": _("Ohne Bereich"),
    "age_group": _("Ohne Altersgruppe"),
    "district": _("Ohne Stadtteil (weder Stadtteile noch ganze Region)"),
    "language": _("Ohne Sprache des Angebots"),
}


@require_safe
@quality_view
def quality_report(request: HttpRequest) -> HttpResponse:
    regions, region = regions_for(request, permissions.reading_region_ids(request.user))
    report = quality.build(region)
    return render(
        request,
        "reports/quality.html",
        {
            "regions": regions,
            "report": report,
            "missing": [(MISSING_LABELS[item.key], item) for item in report.missing],
            "limit": quality.LIST_LIMIT,
        },
    )
