"""A goal indicator's chart as server-rendered SVG: the line from baseline to target, the values
measured so far, and the expected value at the latest one. Geometry here, markup in
``concept/_target_chart.html``; the numbers are always in a table beside it."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from decimal import Decimal

from wegweiser.concept.status import Point

WIDTH, HEIGHT = 560, 220
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 16, 36
_ids = itertools.count(1)


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    value: Decimal
    date: dt.date


@dataclass(frozen=True)
class TargetChart:
    id: str
    title: str
    width: int
    height: int
    plan: tuple[Dot, Dot]  # baseline → target
    measured: list[Dot]
    path: str  # the measured values as one polyline ("" with fewer than two)
    expected: Dot | None
    y_ticks: list[tuple[float, Decimal]]
    x_ticks: list[tuple[float, int]]
    left: int
    bottom: float


def target_chart(
    title: str,
    baseline: Point,
    target: Point,
    measured: list[Point],
    expected: Decimal | None,
) -> TargetChart:
    dates = [baseline.date, target.date, *(point.date for point in measured)]
    values = [baseline.value, target.value, *(point.value for point in measured)]
    if expected is not None:
        values.append(expected)
    first, last = min(dates), max(dates)
    low, high = min(values), max(values)
    if low == high:
        low, high = low - 1, high + 1
    if low > 0:
        low = Decimal(0)  # shares and counts from zero: the honest baseline
    span_days = max((last - first).days, 1)
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(date: dt.date) -> float:
        return LEFT + inner_w * (date - first).days / span_days

    def y(value: Decimal) -> float:
        return TOP + inner_h * float((high - value) / (high - low))

    def dot(point: Point) -> Dot:
        return Dot(x(point.date), y(point.value), point.value, point.date)

    measured_dots = [dot(point) for point in measured]
    path = " ".join(f"{d.x:.1f},{d.y:.1f}" for d in measured_dots) if len(measured_dots) > 1 else ""
    latest = measured[-1] if measured else None
    years = range(first.year, last.year + 1)
    step = max(1, len(years) // 6)
    x_ticks = [
        (x(dt.date(year, 1, 1)), year)
        for year in years[::step]
        if first <= dt.date(year, 1, 1) <= last
    ]
    y_ticks = [(y(value), value) for value in (low, (low + high) / 2, high)]
    return TargetChart(
        id=f"target-chart-{next(_ids)}",
        title=title,
        width=WIDTH,
        height=HEIGHT,
        plan=(dot(baseline), dot(target)),
        measured=measured_dots,
        path=path,
        expected=(
            Dot(x(latest.date), y(expected), expected, latest.date)
            if latest is not None and expected is not None
            else None
        ),
        y_ticks=y_ticks,
        x_ticks=x_ticks,
        left=LEFT,
        bottom=HEIGHT - BOTTOM,
    )
