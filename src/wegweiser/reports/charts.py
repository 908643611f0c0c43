"""Bar charts as server-rendered SVG: geometry here, markup in ``reports/_bar_chart.html``.

A chart shows categories (the rows of a table) with one bar per series (its columns, or the
row totals alone when there are too many columns to read). The numbers are always given as a
table next to the chart; the SVG carries a title and a description for screen readers.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from wegweiser.reports.dimensions import NO_VALUE
from wegweiser.reports.engine import CrossTable

# Colours distinguishable in greyscale and for the common colour-vision deficiencies, each with a
# contrast of at least 3:1 against white (WCAG 1.4.11).
PALETTE = ("#00507a", "#c25400", "#4d7d00", "#6a3d9a", "#9e2a2b")
MAX_SERIES = len(PALETTE)

WIDTH = 680
LABEL_WIDTH = 230
VALUE_WIDTH = 50
BAR_HEIGHT = 14
GAP = 10
TOP = 8

_ids = itertools.count(1)


@dataclass(frozen=True)
class Bar:
    y: float
    width: float
    value: int
    colour: str
    text_x: float
    text_y: float


@dataclass(frozen=True)
class Group:
    label: str
    label_y: float
    bars: list[Bar]


@dataclass(frozen=True)
class Series:
    label: str
    colour: str


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    description: str
    width: int
    height: float
    label_width: int
    groups: list[Group]
    legend: list[Series]


def bar_chart(
    title: str,
    categories: list[str],
    series: list[tuple[str, list[int]]],
    *,
    description: str = "",
) -> Chart:
    """A horizontal bar chart: per category one bar per series."""
    series = series[:MAX_SERIES]
    peak = max([1, *(value for _label, values in series for value in values)])
    scale = (WIDTH - LABEL_WIDTH - VALUE_WIDTH) / peak
    groups = []
    y = float(TOP)
    for index, category in enumerate(categories):
        bars = []
        top = y
        for number, (_label, values) in enumerate(series):
            value = values[index]
            width = round(value * scale, 1)
            bars.append(Bar(y, width, value, PALETTE[number], LABEL_WIDTH + width + 4, y + 11))
            y += BAR_HEIGHT + 2
        groups.append(Group(category, (top + y - 2) / 2 + 4, bars))
        y += GAP
    return Chart(
        id=f"chart-{next(_ids)}",
        title=title,
        description=description,
        width=WIDTH,
        height=y + TOP,
        label_width=LABEL_WIDTH - 8,
        groups=groups,
        legend=[Series(label, PALETTE[n]) for n, (label, _values) in enumerate(series)]
        if len(series) > 1
        else [],
    )


def table_chart(table: CrossTable, title: str, *, description: str = "") -> Chart:
    """The chart of a counted table: its columns as series when there are few, else the row
    totals; ``ohne_angabe`` is left out where nobody lacks a value."""
    keep = [
        i for i, value in enumerate(table.row_values) if value != NO_VALUE or table.row_totals[i]
    ]
    categories = [table.row_labels.get(table.row_values[i], table.row_values[i]) for i in keep]
    columns = [
        j for j, value in enumerate(table.col_values) if value != NO_VALUE or table.col_totals[j]
    ]
    if table.cols and len(columns) <= MAX_SERIES:
        series = [
            (
                table.col_labels.get(table.col_values[j], table.col_values[j]),
                [table.cells[i][j] for i in keep],
            )
            for j in columns
        ]
    else:
        series = [(table.rows_label, [table.row_totals[i] for i in keep])]
    return bar_chart(title, categories, series, description=description)
