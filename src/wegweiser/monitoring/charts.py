"""The monitoring's pictures as server-rendered SVG: the choropleth of the districts and the
line chart of a time series. Geometry here, markup in ``templates/monitoring/``; the numbers
are always given as a table beside the picture.

Classes of the map are equal steps of a round width (1, 2, 2.5, 5 × a power of ten) over the
published values of the districts, at most five; every class has its own hatching as well as
its colour, and suppressed districts have their own, so nothing is told by colour alone.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from wegweiser.directory.geometry import Projection, polygons, svg_path
from wegweiser.directory.models import District
from wegweiser.monitoring.queries import MISSING, Cell

MAX_CLASSES = 5
# Light to dark (each step at least 3:1 apart from white at the dark end), with the ink of the
# hatching: dark on the light classes, white on the dark ones.
PALETTE: tuple[tuple[str, str], ...] = (
    ("#feedde", "#1a1a1a"),
    ("#fdbe85", "#1a1a1a"),
    ("#f28b3c", "#1a1a1a"),
    ("#c44a03", "#ffffff"),
    ("#7a2804", "#ffffff"),
)
NO_VALUE = ("#ffffff", "#595959")  # suppressed or not published: white with grey strokes

_ids = itertools.count(1)


def fmt(value: Decimal, decimals: int) -> str:
    return number_format(value, decimal_pos=decimals, use_l10n=True)


@dataclass(frozen=True)
class Band:
    """One class of the map: values from ``low`` to under ``high`` (the last: up to ``high``)."""

    index: int
    low: Decimal
    high: Decimal
    last: bool
    decimals: int
    fill: str
    ink: str

    def holds(self, value: Decimal) -> bool:
        return self.low <= value < self.high or (self.last and value == self.high)

    @property
    def label(self) -> str:
        low, high = fmt(self.low, self.decimals), fmt(self.high, self.decimals)
        if self.last:
            return _("%(low)s bis %(high)s") % {"low": low, "high": high}
        return _("%(low)s bis unter %(high)s") % {"low": low, "high": high}


def _nice_steps() -> list[Decimal]:
    return [
        Decimal(mantissa) * Decimal(10) ** exponent
        for exponent in range(-3, 8)
        for mantissa in ("1", "2", "2.5", "5")
    ]


def bands_for(values: Sequence[Decimal]) -> list[Band]:
    """At most five classes of equal round width covering ``values`` (none for no values)."""
    if not values:
        return []
    low, high = min(values), max(values)
    for step in _nice_steps():
        start = (low / step).to_integral_value(rounding="ROUND_FLOOR") * step
        count = max(1, math.ceil((high - start) / step))  # the last class is closed at the top
        if count <= MAX_CLASSES:
            break
    decimals = max(0, -step.normalize().as_tuple().exponent)  # type: ignore[operator]
    offset = MAX_CLASSES - count  # few classes take the darker colours: contrast stays high
    return [
        Band(
            index=n,
            low=start + n * step,
            high=start + (n + 1) * step,
            last=n == count - 1,
            decimals=int(decimals),
            fill=PALETTE[min(n + offset, MAX_CLASSES - 1)][0] if count > 1 else PALETTE[2][0],
            ink=PALETTE[min(n + offset, MAX_CLASSES - 1)][1] if count > 1 else PALETTE[2][1],
        )
        for n in range(count)
    ]


@dataclass(frozen=True)
class Area:
    code: str
    name: str
    url: str
    cell: Cell
    band: Band | None  # None: no value (suppressed or not published)
    path: str
    current: bool


@dataclass(frozen=True)
class Choropleth:
    dom_id: str
    areas: list[Area]
    bands: list[Band]
    height: int
    width: int = 1000
    no_value: tuple[str, str] = NO_VALUE
    attribution: str = field(default_factory=lambda: settings.WEGWEISER_GEODATA_ATTRIBUTION)

    @property
    def shapes(self) -> list[Area]:
        """The districts drawn, the current one last (so no neighbour hides its outline)."""
        return sorted((area for area in self.areas if area.path), key=lambda a: a.current)

    @property
    def has_no_value(self) -> bool:
        return any(area.band is None for area in self.areas)


def choropleth(
    districts: Sequence[District],
    cells: dict[str, Cell],
    urls: dict[str, str],
    current: str | None = None,
) -> Choropleth:
    """The map of one indicator: ``cells`` by district code, ``urls`` where each district
    links to."""
    numbers = [cells.get(d.code, MISSING).number for d in districts]
    bands = bands_for([number for number in numbers if number is not None])
    shapes = [polygons(district.geometry) for district in districts]
    drawable = [shape for shape in shapes if shape]
    project = Projection.fitting(drawable) if drawable else None
    areas = []
    for district, shape in zip(districts, shapes, strict=True):
        cell = cells.get(district.code, MISSING)
        number = cell.number
        band = None
        if number is not None:
            band = next((b for b in bands if b.holds(number)), None)
        areas.append(
            Area(
                code=district.code,
                name=district.name,
                url=urls[district.code],
                cell=cell,
                band=band,
                path=svg_path(shape, project) if project and shape else "",
                current=district.code == current,
            )
        )
    return Choropleth(
        dom_id=f"karte-{next(_ids)}",
        areas=areas,
        bands=bands,
        height=project.height if project else 0,
    )


# --- Line chart --------------------------------------------------------------------------------

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 64, 24, 16, 40

# (colour, dash pattern, marker): told apart by line style and marker shape as well as colour;
# each colour has at least 3:1 contrast against white (WCAG 1.4.11).
STYLES: tuple[tuple[str, str, str], ...] = (
    ("#00507a", "", "circle"),
    ("#c25400", "8 5", "square"),
    ("#4d7d00", "2 4", "triangle"),
    ("#6a3d9a", "12 4 2 4", "diamond"),
)


@dataclass(frozen=True)
class Point:
    x: int
    y: int
    stichtag: dt.date
    cell: Cell


@dataclass(frozen=True)
class Line:
    label: str
    colour: str
    dash: str
    marker: str
    points: list[Point]  # the published points only
    path: str  # published neighbours joined; a suppressed year breaks the line

    def marker_path(self, point: Point) -> str:
        return self._marker(point.x, point.y)

    @property
    def legend_marker(self) -> str:
        return self._marker(20, 7)

    def _marker(self, x: int, y: int) -> str:
        if self.marker == "square":
            return f"M{x - 4} {y - 4}h8v8h-8z"
        if self.marker == "triangle":
            return f"M{x} {y - 5}l5 9h-10z"
        if self.marker == "diamond":
            return f"M{x} {y - 5}l5 5l-5 5l-5-5z"
        return f"M{x - 4} {y}a4 4 0 1 0 8 0a4 4 0 1 0-8 0"


@dataclass(frozen=True)
class Tick:
    position: int
    label: str


@dataclass(frozen=True)
class LineChart:
    id: str
    title: str
    description: str
    lines: list[Line]
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    top: int = TOP
    bottom: int = HEIGHT - BOTTOM


def _nice_top(peak: Decimal) -> tuple[Decimal, Decimal]:
    """A round top of the y axis at or above ``peak`` and its tick step (4–5 ticks)."""
    for step in _nice_steps():
        ticks = math.ceil(peak / step) if peak > 0 else 1
        if ticks <= 5:
            return step * max(ticks, 1), step
    return peak, peak


def line_chart(
    title: str,
    description: str,
    dates: Sequence[dt.date],
    series: Sequence[tuple[str, dict[dt.date, Cell]]],
) -> LineChart:
    """One line per (label, cells by date); x evenly over ``dates``, y from 0 to a round top."""
    numbers = [cell.number for _label, cells in series for cell in cells.values() if cell.number]
    top, step = _nice_top(max(numbers, default=Decimal(1)))
    decimals = max(0, -step.normalize().as_tuple().exponent)  # type: ignore[operator]
    span_x = WIDTH - RIGHT - LEFT
    span_y = HEIGHT - BOTTOM - TOP

    def x_of(index: int) -> int:
        if len(dates) == 1:
            return LEFT + span_x // 2
        return round(LEFT + index * span_x / (len(dates) - 1))

    def y_of(value: Decimal) -> int:
        return round(TOP + span_y - float(value / top) * span_y) if top else TOP + span_y

    lines = []
    for number, (label, cells) in enumerate(series):
        colour, dash, marker = STYLES[number % len(STYLES)]
        points: list[Point] = []
        parts: list[list[Point]] = []
        run: list[Point] = []
        for index, day in enumerate(dates):
            value = cells.get(day, MISSING).number
            if value is None:
                if len(run) > 1:
                    parts.append(run)
                run = []
                continue
            point = Point(x_of(index), y_of(value), day, cells[day])
            points.append(point)
            run.append(point)
        if len(run) > 1:
            parts.append(run)
        path = "".join("M" + "L".join(f"{p.x} {p.y}" for p in part) for part in parts)
        lines.append(Line(label, colour, dash, marker, points, path))
    ticks = int(top / step) if step else 0
    y_ticks = [Tick(y_of(step * n), fmt(step * n, int(decimals))) for n in range(ticks + 1)]
    every = max(1, math.ceil(len(dates) / 9))  # at most about nine year labels
    x_ticks = [
        Tick(x_of(index), str(day.year))
        for index, day in enumerate(dates)
        if index % every == 0 or index == len(dates) - 1
    ]
    return LineChart(
        id=f"verlauf-{next(_ids)}",
        title=title,
        description=description,
        lines=lines,
        x_ticks=x_ticks,
        y_ticks=y_ticks,
    )
