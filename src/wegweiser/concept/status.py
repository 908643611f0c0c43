"""The progress status of a goal's indicator and of a goal (issue 8, point 3).

The expected value lies on the straight line from the baseline to the target, at the date of the
latest value (after the target date: the target). An indicator is ``on_track`` if its latest
value is at or beyond the expected value in the goal's direction, ``at_risk`` if it is behind by
at most 10 % of the distance from baseline to target, ``off_track`` if further behind, and
``no_data`` without a value dated after the baseline. A goal's status is its worst indicator's.

Everything is computed with ``Decimal`` and exact fractions of days, so a value exactly on the
line or exactly at the 10 % boundary is classified the same way on every machine.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.db import models
from django.utils.translation import gettext_lazy as _


class Direction(models.TextChoices):
    INCREASE = "increase", _("steigen")
    DECREASE = "decrease", _("sinken")


class Status(models.TextChoices):
    ON_TRACK = "on_track", _("im Plan")
    AT_RISK = "at_risk", _("gefährdet")
    OFF_TRACK = "off_track", _("nicht im Plan")
    NO_DATA = "no_data", _("keine Daten")


# Worst first: a goal takes the first of these that one of its indicators has.
SEVERITY = (Status.OFF_TRACK, Status.AT_RISK, Status.NO_DATA, Status.ON_TRACK)
# Shown beside the word, never colour alone.
SYMBOLS = {
    Status.ON_TRACK: "✓",
    Status.AT_RISK: "!",
    Status.OFF_TRACK: "✗",
    Status.NO_DATA: "–",
}
AT_RISK_SHARE = Fraction(1, 10)


@dataclass(frozen=True)
class Point:
    value: Decimal
    date: dt.date


@dataclass(frozen=True)
class Assessment:
    status: Status
    expected: Decimal | None  # the value on the line at the latest value's date


def direction_matches(baseline: Decimal, target: Decimal, direction: str) -> bool:
    """Whether ``direction`` is the sign of target − baseline (a target equal to the baseline
    fits either direction: keeping a level)."""
    if target == baseline:
        return True
    return (target > baseline) == (direction == Direction.INCREASE)


def expected_value(baseline: Point, target: Point, on: dt.date) -> Fraction:
    if on >= target.date:
        return Fraction(target.value)
    if on <= baseline.date:
        return Fraction(baseline.value)
    elapsed = Fraction((on - baseline.date).days, (target.date - baseline.date).days)
    return Fraction(baseline.value) + (Fraction(target.value) - Fraction(baseline.value)) * elapsed


def assess(baseline: Point, target: Point, direction: str, latest: Point | None) -> Assessment:
    if latest is None or latest.date <= baseline.date:
        return Assessment(Status.NO_DATA, None)
    expected = expected_value(baseline, target, latest.date)
    # How far the latest value is behind the line, in the goal's direction (≤ 0: on track).
    behind = expected - Fraction(latest.value)
    if direction == Direction.DECREASE:
        behind = -behind
    tolerance = AT_RISK_SHARE * abs(Fraction(target.value) - Fraction(baseline.value))
    if behind <= 0:
        status = Status.ON_TRACK
    elif behind <= tolerance:
        status = Status.AT_RISK
    else:
        status = Status.OFF_TRACK
    return Assessment(status, _decimal(expected))


def shown(code: str) -> dict[str, str]:
    """A status as pages and reports show it: its code, its word and its symbol."""
    status = Status(code)
    return {"code": status.value, "label": str(status.label), "symbol": SYMBOLS[status]}


def worst(statuses: Iterable[str]) -> Status:
    """A goal's status: its worst indicator's; a goal without indicators has no data."""
    present = set(statuses)
    for status in SEVERITY:
        if status in present:
            return status
    return Status.NO_DATA


def _decimal(value: Fraction) -> Decimal:
    """``value`` to four decimal places, half up (for display and the JSON report)."""
    from decimal import ROUND_HALF_UP

    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        Decimal("0.0001"), rounding=ROUND_HALF_UP
    )
