"""The progress status rule of the integration concept on hand-made series: rising and falling
goals, exactly on the line, at the 10 % boundary, no data, a target date already passed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from wegweiser.concept.status import Point, Status, assess, direction_matches, worst

D = dt.date
BASE_DATE, TARGET_DATE = D(2020, 1, 1), D(2030, 1, 1)  # 3,653 days apart


def point(value: str, date: dt.date) -> Point:
    return Point(Decimal(value), date)


# Rising goal: 20 → 40 (distance 20, tolerance 2). Falling goal: 40 → 20.
RISING = (point("20", BASE_DATE), point("40", TARGET_DATE), "increase")
FALLING = (point("40", BASE_DATE), point("20", TARGET_DATE), "decrease")


@pytest.mark.parametrize(
    ("goal", "latest", "status", "expected"),
    [
        # On the target date itself the line is at the target.
        (RISING, point("40", TARGET_DATE), Status.ON_TRACK, "40"),
        (RISING, point("38", TARGET_DATE), Status.AT_RISK, "40"),  # exactly 10 % behind
        (RISING, point("37.9999", TARGET_DATE), Status.OFF_TRACK, "40"),
        (RISING, point("45", TARGET_DATE), Status.ON_TRACK, "40"),  # beyond the target
        # After the target date: the target.
        (RISING, point("39", D(2032, 6, 1)), Status.AT_RISK, "40"),
        (FALLING, point("21", D(2032, 6, 1)), Status.AT_RISK, "20"),
        (FALLING, point("19", D(2032, 6, 1)), Status.ON_TRACK, "20"),
        (FALLING, point("23", D(2032, 6, 1)), Status.OFF_TRACK, "20"),
    ],
)
def test_at_and_after_the_target_date_the_line_is_the_target(
    goal, latest, status, expected
) -> None:
    baseline, target, direction = goal
    result = assess(baseline, target, direction, latest)
    assert (result.status, result.expected) == (status, Decimal(expected))


def test_exactly_on_the_line_between_baseline_and_target_is_on_track() -> None:
    # 2021-01-01 → 2021-01-21 (20 days), 20 → 40: on 2021-01-11 the line is at exactly 30.
    baseline, target, on = point("20", D(2021, 1, 1)), point("40", D(2021, 1, 21)), D(2021, 1, 11)
    result = assess(baseline, target, "increase", point("30", on))
    assert (result.status, result.expected) == (Status.ON_TRACK, Decimal(30))
    assert assess(baseline, target, "increase", point("29.9999", on)).status == Status.AT_RISK
    high, low = point("40", D(2021, 1, 1)), point("20", D(2021, 1, 21))
    falling = assess(high, low, "decrease", point("30", on))
    assert (falling.status, falling.expected) == (Status.ON_TRACK, Decimal(30))
    assert assess(high, low, "decrease", point("30.0001", on)).status == Status.AT_RISK


def test_the_line_is_exact_where_decimals_are_not() -> None:
    # 2025-01-01 is 1,827 of 3,653 days after the baseline: 20 + 20 · 1827/3653 = 30.00273…
    on = D(2025, 1, 1)
    rising = assess(*RISING[:2], "increase", point("30.0028", on))
    assert (rising.status, rising.expected) == (Status.ON_TRACK, Decimal("30.0027"))
    # 28 significant digits of the line are still a hair below it.
    decimal_line = Decimal(20) + Decimal(20) * Decimal(1827) / Decimal(3653)
    assert assess(*RISING[:2], "increase", Point(decimal_line, on)).status == Status.AT_RISK
    assert assess(*FALLING[:2], "decrease", point("29.9972", on)).status == Status.ON_TRACK
    assert assess(*FALLING[:2], "decrease", point("29.9973", on)).status == Status.AT_RISK


def test_behind_by_more_than_ten_percent_of_the_distance_is_off_track() -> None:
    on = D(2025, 1, 1)  # expected 30.0027…; tolerance 2
    assert assess(*RISING[:2], "increase", point("28.01", on)).status == Status.AT_RISK
    assert assess(*RISING[:2], "increase", point("28.00", on)).status == Status.OFF_TRACK
    assert assess(*FALLING[:2], "decrease", point("31.99", on)).status == Status.AT_RISK
    assert assess(*FALLING[:2], "decrease", point("32.00", on)).status == Status.OFF_TRACK


def test_without_a_value_after_the_baseline_there_is_no_data() -> None:
    assert assess(*RISING[:2], "increase", None).status == Status.NO_DATA
    on_baseline = assess(*RISING[:2], "increase", point("25", BASE_DATE))
    assert (on_baseline.status, on_baseline.expected) == (Status.NO_DATA, None)
    before = assess(*RISING[:2], "increase", point("25", D(2019, 1, 1)))
    assert before.status == Status.NO_DATA


def test_the_direction_must_match_the_sign_of_target_minus_baseline() -> None:
    assert direction_matches(Decimal(20), Decimal(40), "increase")
    assert not direction_matches(Decimal(20), Decimal(40), "decrease")
    assert direction_matches(Decimal("2.1"), Decimal("1.0"), "decrease")
    assert not direction_matches(Decimal("2.1"), Decimal("1.0"), "increase")
    assert direction_matches(Decimal(5), Decimal(5), "increase")  # keeping a level


def test_a_goal_takes_its_worst_indicators_status() -> None:
    assert worst(["on_track", "no_data", "at_risk"]) == Status.AT_RISK
    assert worst(["on_track", "off_track", "at_risk", "no_data"]) == Status.OFF_TRACK
    assert worst(["on_track", "no_data"]) == Status.NO_DATA
    assert worst(["on_track", "on_track"]) == Status.ON_TRACK
    assert worst([]) == Status.NO_DATA
