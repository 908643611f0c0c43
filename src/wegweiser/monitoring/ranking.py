"""The ranking of the districts by one indicator, with the thresholds of the source: districts
over 50 %, over 40 % and over the average of the whole region (the value of ``00``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from wegweiser.directory.models import District
from wegweiser.monitoring.queries import MISSING, Cell

OVER_50, OVER_40, OVER_AVERAGE, NOT_OVER_AVERAGE, NO_VALUE = (
    "ueber-50",
    "ueber-40",
    "ueber-durchschnitt",
    "nicht-ueber-durchschnitt",
    "ohne-wert",
)


def threshold_label(key: str) -> str:
    return {
        OVER_50: _("über 50 %"),
        OVER_40: _("über 40 %"),
        OVER_AVERAGE: _("über dem Durchschnitt"),
        NOT_OVER_AVERAGE: _("nicht über dem Durchschnitt"),
        NO_VALUE: _("gesperrt"),
    }[key]


@dataclass(frozen=True)
class Place:
    rank: int | None  # equal values share a rank; no rank without a value
    code: str
    name: str
    cell: Cell
    threshold: str

    @property
    def threshold_label(self) -> str:
        return threshold_label(self.threshold)


def _threshold(value: Decimal | None, average: Decimal | None, share: bool) -> str:
    if value is None:
        return NO_VALUE
    if share and value > 50:
        return OVER_50
    if share and value > 40:
        return OVER_40
    if average is not None and value > average:
        return OVER_AVERAGE
    return NOT_OVER_AVERAGE


def ranking(
    districts: Sequence[District], cells: dict[str, Cell], average: Cell, *, share: bool
) -> list[Place]:
    """Districts by value, highest first; districts without a value (suppressed) last, by code.
    The 50 % and 40 % thresholds apply to shares only."""
    valued = [(d, cells.get(d.code, MISSING)) for d in districts]
    with_value = sorted(
        ((d, c) for d, c in valued if c.number is not None),
        key=lambda pair: (-(pair[1].number or 0), pair[0].code),
    )
    places: list[Place] = []
    for position, (district, cell) in enumerate(with_value, start=1):
        rank = position
        if places and places[-1].cell.number == cell.number:
            rank = places[-1].rank or position
        places.append(
            Place(
                rank,
                district.code,
                district.name,
                cell,
                _threshold(cell.number, average.number, share),
            )
        )
    places += [
        Place(None, district.code, district.name, cell, NO_VALUE)
        for district, cell in valued
        if cell.number is None
    ]
    return places
