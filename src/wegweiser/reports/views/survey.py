"""The 2008 survey's figures beside today's counts, with the source's contradictions."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from wegweiser.accounts import permissions
from wegweiser.reports import survey2008
from wegweiser.reports.views.common import regions_for, report_view


@require_safe
@report_view
def survey_2008(request: HttpRequest) -> HttpResponse:
    regions, region = regions_for(request, permissions.report_region_ids(request.user))
    return render(
        request,
        "reports/survey_2008.html",
        {
            "regions": regions,
            "region": region,
            "survey": survey2008.survey(),
            "flags": survey2008.contradictions(),
            "tables": survey2008.beside_today(region),
        },
    )
