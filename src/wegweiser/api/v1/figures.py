"""Offer statistics (the reports' cross-table engine) and the published monitoring indicators."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from ninja import Query, Router

from wegweiser.api.http import set_last_modified
from wegweiser.api.v1.common import (
    MAX_PAGE,
    BadParameter,
    Lang,
    clean_text,
    page_of,
    responses,
)
from wegweiser.api.v1.schemas import CrossTable, IndicatorPage
from wegweiser.directory.models import Region
from wegweiser.monitoring.models import IndicatorStatus, IndicatorValue
from wegweiser.reports.dimensions import DIMENSIONS, ReportError
from wegweiser.reports.engine import offers_report

router = Router(tags=["figures"])

Dimension = Literal[
    "area",
    "age_group",
    "age_group_seed",
    "gender",
    "provider_type",
    "provider_type_seed",
    "district",
    "language",
    "kind",
    "target_group",
    "network",
]


def _region(slug: str) -> Region:
    regions = list(Region.objects.order_by("order", "name"))
    if not slug:
        if not regions:
            raise BadParameter("region", "There is no region yet.")
        return regions[0]
    for region in regions:
        if region.slug == slug:
            return region
    raise BadParameter("region", f"Unknown region: {slug}. See /api/v1/regions.")


def _filters(values: list[str]) -> dict[str, set[str]]:
    filters: dict[str, set[str]] = {}
    for value in values:
        name, sep, code = clean_text("filter", value).partition(":")
        if not sep or not code or name not in DIMENSIONS:
            raise BadParameter(
                "filter", f"Expected dimension:code with a dimension of {', '.join(DIMENSIONS)}."
            )
        filters.setdefault(name, set()).add(code)
    return filters


@router.get(
    "/statistics/offers",
    response=responses(CrossTable),
    operation_id="getOfferStatistics",
    summary="Published offers counted by one or two dimensions",
)
def offer_statistics(
    request: HttpRequest,
    rows: Dimension = Query(..., description="Dimension of the rows."),
    cols: Dimension | None = Query(None, description="Dimension of the columns."),
    region: str = Query("", description="Slug of a region; default the first."),
    filter: list[str] = Query(
        [], description="dimension:code, repeatable; several codes of one dimension mean any."
    ),
    lang: Lang = Query("de", description="Language of the labels."),
) -> dict[str, Any]:
    chosen = _region(region)
    try:
        with translation.override(lang):
            table = offers_report(chosen, rows, cols, filters=_filters(filter))
    except ReportError as error:
        raise BadParameter("filter" if filter else "cols", str(error)) from None
    return {
        "region": chosen.slug,
        **table.contract(),
        "filters": table.filters,
        "row_labels": table.row_labels,
        "col_labels": table.col_labels,
    }


def indicator_data(row: IndicatorValue, region_slug: str) -> dict[str, Any]:
    """A published row; a suppressed one never shows its numerator or value."""
    suppressed = row.status != IndicatorStatus.OK
    return {
        "region": region_slug,
        "stichtag": row.stichtag,
        "gebiet": row.gebiet,
        "indikator": row.indikator,
        "numerator": None if suppressed else row.zaehler,
        "denominator": row.nenner,
        "value": None if suppressed or not row.wert else row.wert,
        "status": row.status,
    }


def published_indicators(
    region: Region | None = None,
    stichtag: dt.date | None = None,
    gebiet: str = "",
    indikator: str = "",
) -> Any:
    rows = IndicatorValue.objects.select_related("region").order_by(
        "region__order", "stichtag", "gebiet", "indikator", "pk"
    )
    if region is not None:
        rows = rows.filter(region=region)
    if stichtag is not None:
        rows = rows.filter(stichtag=stichtag)
    if gebiet:
        rows = rows.filter(gebiet=gebiet)
    if indikator:
        rows = rows.filter(indikator=indikator)
    return rows


@router.get(
    "/indicators",
    response=responses(IndicatorPage),
    operation_id="listIndicators",
    summary="Published monitoring indicators per district",
)
def list_indicators(
    request: HttpRequest,
    response: HttpResponse,
    region: str = Query("", description="Slug of a region."),
    stichtag: dt.date | None = Query(None, description="Reference date (YYYY-MM-DD)."),
    gebiet: str = Query(
        "", max_length=8, pattern=r"^[0-9]*$", description="District code, 00 = all."
    ),
    indikator: str = Query("", max_length=80, pattern=r"^[a-z0-9_]*$"),
    page: int = Query(1, ge=1, le=MAX_PAGE),
    page_size: int = Query(100, ge=1, le=1000),
) -> dict[str, Any]:
    rows = published_indicators(_region(region) if region else None, stichtag, gebiet, indikator)
    set_last_modified(response, rows.aggregate(latest=Max("published_at"))["latest"])
    items, numbers = page_of(rows, page, page_size)
    return {**numbers, "results": [indicator_data(row, row.region.slug) for row in items]}
