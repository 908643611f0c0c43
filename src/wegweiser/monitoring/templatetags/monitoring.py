"""Showing published monitoring values: ``.`` for a suppressed cell, ``–`` for none."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.formats import number_format

from wegweiser.monitoring import labels
from wegweiser.monitoring.charts import Line, Point
from wegweiser.monitoring.queries import MISSING, Cell

register = template.Library()

SUPPRESSED = "."
NONE = "–"


def show(cell: Cell) -> str:
    if cell.suppressed:
        return SUPPRESSED
    if cell.number is None:
        return NONE
    return number_format(
        cell.number, decimal_pos=cell.decimals, use_l10n=True, force_grouping=not cell.decimals
    )


def show_count(value: int | None) -> str:
    if value is None:
        return SUPPRESSED
    return number_format(Decimal(value), decimal_pos=0, use_l10n=True, force_grouping=True)


register.filter("wert", show)
register.filter("anzahl", show_count)
register.filter("indicator_label", labels.label)
register.filter("indicator_basis", labels.basis)


@register.filter
def marker_path(line: Line, point: Point) -> str:
    return line.marker_path(point)


@register.inclusion_tag("monitoring/_cell.html")
def cell(value: Cell, unit: str = "") -> dict[str, object]:
    """A table cell: the value, or ``.`` (suppressed) / ``–`` (none) with words for screen
    readers."""
    return {"cell": value, "text": show(value), "unit": unit}


@register.filter
def at(cells: dict[object, Cell], key: object) -> Cell:
    """``cells|at:day``: the cell of a date (or of a code); none if there is no row."""
    return cells.get(key, MISSING)
