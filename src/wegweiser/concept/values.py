"""The latest value of a goal's indicator, taken from its source.

- Monitoring and external indicators: the published ``IndicatorValue`` rows of the concept's
  region for the indicator's code and gebiet. The latest reference date counts; if its value is
  suppressed (``gesperrt``), the latest published one before it is used instead. Suppressed
  values are never read, so nothing exact can leak through the concept pages.
- Directory counts: published offers of the region passing the indicator's filters, counted by
  the reports' cross-table engine — now, or as recorded at the end of a given date.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.utils import timezone

from wegweiser.concept.status import Assessment, Point, Status, assess, worst

if TYPE_CHECKING:
    from wegweiser.concept.models import Goal, GoalIndicator


def _number(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except (InvalidOperation, TypeError):
        return None


def published_series(indicator: GoalIndicator, at: dt.date | None = None) -> list[Point]:
    """The indicator's published values in date order (monitoring and external indicators),
    up to ``at``; suppressed reference dates are left out."""
    from wegweiser.monitoring.models import IndicatorStatus, IndicatorValue

    rows = IndicatorValue.objects.filter(
        region_id=indicator.goal.action_field.concept.region_id,
        indikator=indicator.code,
        gebiet=indicator.gebiet or "00",
        status=IndicatorStatus.OK,
    )
    if at is not None:
        rows = rows.filter(stichtag__lte=at)
    points = []
    for stichtag, wert in rows.order_by("stichtag").values_list("stichtag", "wert"):
        value = _number(wert)
        if value is not None:
            points.append(Point(value, stichtag))
    return points


def directory_count(indicator: GoalIndicator, at: dt.date | None = None) -> Point:
    """Published offers passing the indicator's filters, now or at the end of ``at``."""
    from wegweiser.reports.engine import offers_report

    filters = {name: list(values) for name, values in (indicator.offer_filters or {}).items()}
    region = indicator.goal.action_field.concept.region
    table = offers_report(region, "area", at=at, filters=filters, labels=False)
    return Point(Decimal(table.total), at or timezone.localdate())


def latest(indicator: GoalIndicator, at: dt.date | None = None) -> Point | None:
    """The latest value of the indicator (up to ``at``), or None."""
    if indicator.source == indicator.Source.DIRECTORY:
        return directory_count(indicator, at)
    series = published_series(indicator, at)
    return series[-1] if series else None


def assessment(
    indicator: GoalIndicator, at: dt.date | None = None
) -> tuple[Point | None, Assessment]:
    value = latest(indicator, at)
    baseline = Point(indicator.baseline_value, indicator.baseline_date)
    target = Point(indicator.target_value, indicator.target_date)
    return value, assess(baseline, target, indicator.direction, value)


def goal_status(goal: Goal, at: dt.date | None = None) -> Status:
    """The goal's status: its worst indicator's."""
    return worst(assessment(indicator, at)[1].status for indicator in goal.indicators.all())
