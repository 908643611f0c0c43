"""The indicators of the monitoring: which counts they are built from, and exact rounding.

A *count type* is one distinct count per ``gebiet`` (district code or ``00``); indicators are
rows that show one count (``ew``) or a share of two counts. The same count appearing in several
rows is one count (confidentiality works on counts, ``confidentiality.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from wegweiser.monitoring.codes import REGION_CODES


@dataclass(frozen=True)
class Indicator:
    code: str
    numerator: str
    denominator: str | None  # None: the row is the count itself


INDICATORS: tuple[Indicator, ...] = (
    Indicator("ew", "ew", None),
    Indicator("mh_anteil", "mh", "ew"),
    Indicator("auslaender_anteil", "ausl", "ew"),
    Indicator("deutsche_mh_anteil", "dmh", "ew"),
    Indicator("mh_anteil_u18", "mh_u18", "u18"),
    Indicator("mh_anteil_u6", "mh_u6", "u6"),
    Indicator("mh_anteil_65plus", "mh_65", "a65"),
    Indicator("aussiedler_anteil", "aussiedler", "ew"),
    Indicator("eingebuergerte_anteil", "eingeb", "ew"),
    Indicator("erste_generation_anteil", "gen1", "ew"),
    Indicator("neuzugewanderte_anteil", "neu", "ausl"),
    Indicator("drittstaatsangehoerige_18plus_anteil", "dritt", "a18"),
    *(Indicator(f"herkunft_{region}_anteil", f"her_{region}", "mh") for region in REGION_CODES),
)
SEGREGATION_INDICATORS = ("segregation_d_mh", "segregation_d_auslaender", "isolation_mh")
INDICATOR_ORDER = tuple(i.code for i in INDICATORS) + SEGREGATION_INDICATORS


def _count_types() -> tuple[str, ...]:
    seen: list[str] = []
    for indicator in INDICATORS:
        for count in (indicator.numerator, indicator.denominator):
            if count is not None and count not in seen:
                seen.append(count)
    return tuple(seen)


# Count types in the order of their first appearance in the indicator table.
COUNT_TYPES = _count_types()
REGION_COUNTS = tuple(f"her_{region}" for region in REGION_CODES)


def share(numerator: int, denominator: int) -> str:
    """100·numerator/denominator rounded half up to one decimal, exactly in integers."""
    if denominator <= 0:
        return ""
    tenths = (2000 * numerator + denominator) // (2 * denominator)
    return f"{tenths // 10}.{tenths % 10}"


def round3(value: Fraction) -> str:
    """A non-negative rational rounded half up to three decimals ("0.266")."""
    thousandths = (2000 * value.numerator + value.denominator) // (2 * value.denominator)
    return f"{thousandths // 1000}.{thousandths % 1000:03d}"
