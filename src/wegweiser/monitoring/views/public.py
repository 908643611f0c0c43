"""The public monitoring pages (inside the public site, in every language): the dashboard with
map and ranking, time series, district profiles, and the published tables as CSV."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from wegweiser.directory.models import District, Region
from wegweiser.monitoring import charts, downloads, labels, queries, ranking
from wegweiser.monitoring.codes import CITYWIDE
from wegweiser.monitoring.indicators import SEGREGATION_INDICATORS
from wegweiser.monitoring.views.common import Choice, choose


def _district_urls(region: Region, districts: list[District]) -> dict[str, str]:
    return {
        d.code: reverse("public:monitoring_district", args=[region.slug, d.code]) for d in districts
    }


def _status(choice: Choice) -> int:
    return 400 if choice.errors else 200


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """The default region's dashboard (the region with results, if it is another)."""
    regions = queries.regions_with_results()
    slug = settings.WEGWEISER_MONITORING_DEFAULT_REGION
    if regions and slug not in {region.slug for region in regions}:
        slug = regions[0].slug
    if not Region.objects.filter(slug=slug).exists():
        raise Http404
    return redirect("public:monitoring_dashboard", slug)


@require_safe
def dashboard(request: HttpRequest, region: str) -> HttpResponse:
    the_region = get_object_or_404(Region, slug=region)
    choice = choose(request, the_region)
    context: dict[str, Any] = {
        "region": the_region,
        "regions": queries.regions_with_results(),
        "choice": choice,
        "footnote": labels.footnote(),
    }
    if choice.stichtag is not None and choice.indikator:
        districts = queries.districts(the_region)
        cells = queries.by_gebiet(the_region, choice.stichtag, choice.indikator)
        average = queries.citywide(cells)
        context.update(
            {
                "label": labels.label(choice.indikator),
                "basis": labels.basis(choice.indikator),
                "share": labels.is_share(choice.indikator),
                "average": average,
                "map": charts.choropleth(districts, cells, _district_urls(the_region, districts)),
                "places": ranking.ranking(
                    districts, cells, average, share=labels.is_share(choice.indikator)
                ),
                "segregation": [
                    (
                        labels.label(code),
                        queries.citywide(queries.by_gebiet(the_region, choice.stichtag, code)),
                    )
                    for code in SEGREGATION_INDICATORS
                ],
                "query": downloads.query(choice.stichtag, choice.indikator),
            }
        )
    return render(request, "monitoring/public/dashboard.html", context, status=_status(choice))


@require_safe
def time_series(request: HttpRequest, region: str) -> HttpResponse:
    the_region = get_object_or_404(Region, slug=region)
    choice = choose(request, the_region)
    districts = queries.districts(the_region)
    gebiet = request.GET.get("gebiet", "").strip() or CITYWIDE
    if gebiet != CITYWIDE and gebiet not in {d.code for d in districts}:
        choice.errors.append(_("Diesen Stadtteil gibt es nicht."))
        gebiet = CITYWIDE
    context: dict[str, Any] = {
        "region": the_region,
        "choice": choice,
        "footnote": labels.footnote(),
    }
    context["districts"] = districts
    context["gebiet"] = gebiet
    if choice.indikator:
        found = queries.series(the_region, choice.indikator)
        total = found.get(CITYWIDE, {})
        whole = _("Gesamt: %(region)s") % {"region": the_region.name}
        lines = [(whole, total)]
        name = whole
        if gebiet != CITYWIDE:
            name = next(f"{d.code} {d.name}" for d in districts if d.code == gebiet)
            lines.insert(0, (name, found.get(gebiet, {})))
        label = labels.label(choice.indikator)
        context.update(
            {
                "label": label,
                "basis": labels.basis(choice.indikator),
                "name": name,
                "lines": lines,
                "chart": charts.line_chart(
                    _("%(indicator)s: %(area)s") % {"indicator": label, "area": name},
                    labels.basis(choice.indikator),
                    choice.dates,
                    lines,
                ),
                "rows": [(CITYWIDE, whole, total)]
                + [(d.code, f"{d.code} {d.name}", found.get(d.code, {})) for d in districts],
                "query": downloads.query(None, choice.indikator),
            }
        )
    return render(request, "monitoring/public/time_series.html", context, status=_status(choice))


PROFILE_CHART = ("mh_anteil", "auslaender_anteil")


@require_safe
def district(request: HttpRequest, region: str, code: str) -> HttpResponse:
    the_region = get_object_or_404(Region, slug=region)
    if code == CITYWIDE:
        name = _("Gesamt: %(region)s") % {"region": the_region.name}
    else:
        name = get_object_or_404(District, region=the_region, code=code).name
    dates = queries.stichtage(the_region)
    found = queries.profile(the_region, code)
    codes = sorted(found, key=labels.order_key)
    whole = queries.profile(the_region, CITYWIDE) if code != CITYWIDE else {}
    series = []
    for indicator in PROFILE_CHART:
        if indicator in found:
            series.append((f"{labels.label(indicator)}: {name}", found[indicator]))
            if whole:
                series.append((f"{labels.label(indicator)}: {the_region.name}", whole[indicator]))
    chart = None
    if series and dates:
        chart = charts.line_chart(
            _("Verlauf in %(area)s") % {"area": name},
            _("Anteile in Prozent, verglichen mit der ganzen Region."),
            dates,
            series,
        )
    return render(
        request,
        "monitoring/public/district.html",
        {
            "region": the_region,
            "code": code,
            "name": name,
            "dates": dates,
            "rows": [
                (c, labels.label(c), labels.basis(c), found[c], labels.is_district_indicator(c))
                for c in codes
            ],
            "chart": chart,
            "series": series,
            "footnote": labels.footnote(),
            "districts": queries.districts(the_region),
        },
    )


@require_safe
def download(request: HttpRequest, region: str, table: str) -> HttpResponse:
    """The published tables as CSV: ``tabelle`` (one indicator on one date, labelled),
    ``zeitreihe`` (one indicator over the years), ``daten`` (everything of one date in the
    contract's format, for programs)."""
    the_region = get_object_or_404(Region, slug=region)
    choice = choose(request, the_region, per_district=table != "daten")
    if choice.errors:
        return HttpResponse(
            " ".join(choice.errors), status=400, content_type="text/plain; charset=utf-8"
        )
    if choice.stichtag is None:
        raise Http404
    if table == "tabelle":
        content = downloads.indicator_csv(the_region, choice.stichtag, choice.indikator)
        name = f"{choice.indikator}-{choice.stichtag.isoformat()}"
    elif table == "zeitreihe":
        content = downloads.series_csv(the_region, choice.indikator)
        name = f"{choice.indikator}-zeitreihe"
    elif table == "daten":
        content = downloads.published_csv(the_region, choice.stichtag)
        name = f"indikatoren-{choice.stichtag.isoformat()}"
    else:
        raise Http404
    return downloads.response(content, f"monitoring-{the_region.slug}-{name}.csv")


@require_safe
def district_download(request: HttpRequest, region: str, code: str) -> HttpResponse:
    the_region = get_object_or_404(Region, slug=region)
    if code != CITYWIDE:
        get_object_or_404(District, region=the_region, code=code)
    content = downloads.profile_csv(the_region, code)
    return downloads.response(content, f"monitoring-{the_region.slug}-{code}.csv")
