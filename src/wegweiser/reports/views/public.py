"""The public statistics page (inside the public site, in every language)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from wegweiser.directory.models import Region
from wegweiser.reports import charts, sources
from wegweiser.reports.engine import crosstab

PUBLIC_DIMENSIONS = ("area", "age_group_seed", "gender", "provider_type_seed", "language")


def statistics(request: HttpRequest) -> HttpResponse:
    regions = list(Region.objects.all())
    if not regions:
        raise Http404
    slug = request.GET.get("region")
    region = next((r for r in regions if r.slug == slug), None) if slug else regions[0]
    if region is None:
        raise Http404
    data = sources.dataset(sources.PublishedOffers(region))
    tables = []
    for name in PUBLIC_DIMENSIONS:
        table = crosstab(data, name)
        title = _("Angebote nach %(dimension)s") % {"dimension": table.rows_label}
        tables.append((name, title, table, charts.table_chart(table, title)))
    return render(
        request,
        "reports/public_statistics.html",
        {"regions": regions, "region": region, "tables": tables, "at": data.at, "total": len(data)},
    )
