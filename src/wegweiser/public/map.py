"""The districts of a region as a server-rendered SVG choropleth, and the table beside it.

The map counts the published offers *for a district* (region-wide offers would colour every
district alike); the page says how many region-wide offers come on top. The projection and the
path data are ``directory.geometry`` (shared with the monitoring's choropleth).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse

from wegweiser.directory.geometry import (
    MARGIN,
    VIEWBOX_WIDTH,
    Point,
    Polygon,
    Projection,
    Ring,
    polygons,
    svg_path,
)
from wegweiser.directory.models import District, Region

__all__ = ["MARGIN", "Point", "Polygon", "Projection", "Ring", "polygons", "svg_path"]

CLASS_COUNT = 5  # class 0 is "no offer"; the others split 1…maximum into equal steps

# Light to dark, with a hatching per class as well, so that the class never shows by colour
# alone; hatching is dark on the light classes and white on the dark ones.
PALETTE: tuple[tuple[str, str], ...] = (
    ("#f4f4f4", "#1a1a1a"),
    ("#c6dbef", "#1a1a1a"),
    ("#6baed6", "#1a1a1a"),
    ("#2171b5", "#ffffff"),
    ("#08306b", "#ffffff"),
)


@dataclass(frozen=True)
class Band:
    """One class of the choropleth: districts with ``low`` to ``high`` offers."""

    index: int
    low: int
    high: int
    fill: str
    ink: str

    @property
    def label(self) -> str:
        return str(self.low) if self.low == self.high else f"{self.low}–{self.high}"


@dataclass(frozen=True)
class MapDistrict:
    code: str
    name: str
    url: str
    offers: int
    band: Band
    path: str  # SVG path data; "" when the district has no (usable) geometry
    current: bool


@dataclass(frozen=True)
class RegionMap:
    region: Region
    districts: list[MapDistrict]
    citywide_offers: int
    bands: list[Band]
    height: int
    attribution: str = field(default_factory=lambda: settings.WEGWEISER_GEODATA_ATTRIBUTION)
    width: int = VIEWBOX_WIDTH

    @property
    def dom_id(self) -> str:
        return f"map-{self.region.slug}"

    @property
    def shapes(self) -> list[MapDistrict]:
        """The districts drawn on the map; the current one last, so no neighbour hides its
        outline."""
        drawn = [district for district in self.districts if district.path]
        return sorted(drawn, key=lambda district: district.current)

    @property
    def current(self) -> MapDistrict | None:
        return next((district for district in self.districts if district.current), None)


def bands_for(maximum: int) -> list[Band]:
    """Class 0 holds the districts without an offer; classes 1–4 split 1…``maximum`` into
    equal whole-number steps."""
    step = max(1, math.ceil(maximum / (CLASS_COUNT - 1)))
    bands = [Band(0, 0, 0, *PALETTE[0])]
    for index in range(1, CLASS_COUNT):
        bands.append(Band(index, (index - 1) * step + 1, index * step, *PALETTE[index]))
    return bands


def band_of(count: int, bands: Sequence[Band]) -> Band:
    return next((band for band in bands if count <= band.high), bands[-1])


def region_map(
    region: Region,
    districts: Iterable[tuple[District, int]],
    citywide_offers: int,
    current: District | None = None,
) -> RegionMap:
    """The map and table of ``region`` from its districts with their numbers of offers
    (``services.districts_with_offer_counts``); ``current`` is highlighted."""
    counted = list(districts)
    bands = bands_for(max((count for _district, count in counted), default=0))
    shapes = [polygons(district.geometry) for district, _count in counted]
    drawable = [shape for shape in shapes if shape]
    project = Projection.fitting(drawable) if drawable else None
    return RegionMap(
        region=region,
        districts=[
            MapDistrict(
                code=district.code,
                name=district.name,
                url=reverse("public:district", args=[region.slug, district.code]),
                offers=count,
                band=band_of(count, bands),
                path=svg_path(shape, project) if project else "",
                current=current is not None and district.pk == current.pk,
            )
            for (district, count), shape in zip(counted, shapes, strict=True)
        ],
        citywide_offers=citywide_offers,
        bands=bands,
        height=project.height if project else 0,
    )


def region_maps(
    regions: Iterable[Region],
    districts: Iterable[tuple[District, int]],
    citywide_offers: Mapping[int, int],
) -> list[RegionMap]:
    """One map per region, from the districts of all of them (one query for the home page)."""
    by_region: dict[int, list[tuple[District, int]]] = {}
    for district, count in districts:
        by_region.setdefault(district.region_id, []).append((district, count))
    return [
        region_map(region, by_region.get(region.pk, []), citywide_offers.get(region.pk, 0))
        for region in regions
    ]
