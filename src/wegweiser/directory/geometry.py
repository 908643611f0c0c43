"""District geometry (GeoJSON) as SVG path data, for the server-rendered maps.

The projection is equirectangular, shrunk in longitude by cos(mean latitude), which is exact
enough at city scale. Coordinates are rounded to whole units of the viewBox and written as
relative moves to keep the page small. Used by the public site's district map and the
monitoring's choropleth.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

Point = tuple[float, float]  # longitude, latitude (GeoJSON order)
Ring = list[Point]
Polygon = list[Ring]  # the outer ring, then any holes

VIEWBOX_WIDTH = 1000
MARGIN = 10


def polygons(geometry: Any) -> list[Polygon]:
    """The polygons of a GeoJSON Polygon or MultiPolygon; ``[]`` for anything else, so that a
    broken geometry entered in the admin drops that district from the map, not the page."""
    if not isinstance(geometry, dict):
        return []
    coordinates: Any = geometry.get("coordinates")
    kind = geometry.get("type")
    parts: Any
    if kind == "Polygon":
        parts = [coordinates]
    elif kind == "MultiPolygon":
        parts = coordinates
    else:
        return []
    try:
        shape = [[_ring(ring) for ring in polygon] for polygon in parts]
    except (TypeError, ValueError, IndexError, KeyError):
        return []
    return [polygon for polygon in shape if polygon and len(polygon[0]) >= 3]


def _ring(points: Any) -> Ring:
    ring = [(float(point[0]), float(point[1])) for point in points]
    if not all(math.isfinite(value) for point in ring for value in point):
        raise ValueError("not a coordinate")
    return ring


@dataclass(frozen=True)
class Projection:
    west: float
    north: float
    x_scale: float
    y_scale: float
    height: int

    @classmethod
    def fitting(cls, shapes: Iterable[list[Polygon]]) -> Projection:
        points = [
            point for shape in shapes for polygon in shape for ring in polygon for point in ring
        ]
        west = min(lon for lon, _lat in points)
        east = max(lon for lon, _lat in points)
        south = min(lat for _lon, lat in points)
        north = max(lat for _lon, lat in points)
        shrink = math.cos(math.radians((north + south) / 2))
        scale = (VIEWBOX_WIDTH - 2 * MARGIN) / max((east - west) * shrink, 1e-9)
        height = round((north - south) * scale) + 2 * MARGIN
        return cls(west, north, scale * shrink, scale, height)

    def __call__(self, point: Point) -> tuple[int, int]:
        lon, lat = point
        return (
            round(MARGIN + (lon - self.west) * self.x_scale),
            round(MARGIN + (self.north - lat) * self.y_scale),
        )


def svg_path(shape: list[Polygon], project: Projection) -> str:
    """Path data: each ring a subpath of relative moves, points that round together dropped."""
    subpaths: list[str] = []
    for polygon in shape:
        for ring in polygon:
            points = _distinct([project(point) for point in ring])
            if len(points) < 3:
                continue
            moves = " ".join(f"{x1 - x0} {y1 - y0}" for (x0, y0), (x1, y1) in pairwise(points))
            subpaths.append(f"M{points[0][0]} {points[0][1]}l{moves}z")
    return "".join(subpaths)


def _distinct(points: list[tuple[int, int]]) -> list[tuple[int, int]]:
    kept = [point for index, point in enumerate(points) if index == 0 or point != points[index - 1]]
    if len(kept) > 1 and kept[0] == kept[-1]:
        kept.pop()  # GeoJSON closes rings by repeating the first point; "z" closes them here
    return kept
