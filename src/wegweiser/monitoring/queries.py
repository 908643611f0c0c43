"""Reading the published monitoring tables: what the public and staff pages, the report and the
downloads show. Only ``IndicatorValue`` rows are read, and they hold nothing but published,
confidentiality-checked aggregates: a suppressed row has no numerator and no value."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Max, Q

from wegweiser.directory.models import District, Region
from wegweiser.monitoring import labels
from wegweiser.monitoring.codes import CITYWIDE
from wegweiser.monitoring.models import IndicatorStatus, IndicatorValue

EXTERNAL_PREFIX = "ext_"


@dataclass(frozen=True)
class Cell:
    """One published value: ``shown`` is False for a suppressed cell (shown as ``.``)."""

    zaehler: int | None
    nenner: int | None
    wert: str
    suppressed: bool

    @classmethod
    def of(cls, row: IndicatorValue | None) -> Cell:
        if row is None:
            return MISSING
        suppressed = row.status == IndicatorStatus.SUPPRESSED or row.wert == ""
        return cls(
            zaehler=None if suppressed else row.zaehler,
            nenner=row.nenner,
            wert="" if suppressed else row.wert,
            suppressed=suppressed,
        )

    @property
    def missing(self) -> bool:
        return not self.suppressed and self.wert == ""

    @property
    def number(self) -> Decimal | None:
        return None if self.suppressed or not self.wert else Decimal(self.wert)

    @property
    def decimals(self) -> int:
        return len(self.wert.partition(".")[2])


MISSING = Cell(None, None, "", False)  # no row at all (e.g. a year without an external value)


def regions_with_results() -> list[Region]:
    return list(Region.objects.filter(indicators__isnull=False).distinct().order_by("name"))


def stichtage(region: Region) -> list[dt.date]:
    """The reference dates with published rows, oldest first."""
    return list(
        IndicatorValue.objects.filter(region=region)
        .values_list("stichtag", flat=True)
        .distinct()
        .order_by("stichtag")
    )


def indicator_codes(region: Region, stichtag: dt.date | None = None) -> list[str]:
    """The indicators published for the region (on one date), in the contract's order."""
    rows = IndicatorValue.objects.filter(region=region)
    if stichtag is not None:
        rows = rows.filter(stichtag=stichtag)
    codes = set(rows.values_list("indikator", flat=True).distinct())
    return sorted(codes, key=labels.order_key)


def districts(region: Region) -> list[District]:
    return list(District.objects.filter(region=region).order_by("code"))


def by_gebiet(region: Region, stichtag: dt.date, indikator: str) -> dict[str, Cell]:
    """gebiet → cell of one indicator on one date (the region's total under ``00``)."""
    rows = IndicatorValue.objects.filter(region=region, stichtag=stichtag, indikator=indikator)
    return {row.gebiet: Cell.of(row) for row in rows}


def table(region: Region, stichtag: dt.date) -> dict[tuple[str, str], Cell]:
    """(gebiet, indikator) → cell: the whole published table of one date."""
    rows = IndicatorValue.objects.filter(region=region, stichtag=stichtag)
    return {(row.gebiet, row.indikator): Cell.of(row) for row in rows}


def series(
    region: Region, indikator: str, gebiete: Iterable[str] | None = None
) -> dict[str, dict[dt.date, Cell]]:
    """gebiet → stichtag → cell of one indicator over the years."""
    rows = IndicatorValue.objects.filter(region=region, indikator=indikator)
    if gebiete is not None:
        rows = rows.filter(gebiet__in=list(gebiete))
    found: dict[str, dict[dt.date, Cell]] = {}
    for row in rows:
        found.setdefault(row.gebiet, {})[row.stichtag] = Cell.of(row)
    return found


def profile(region: Region, gebiet: str) -> dict[str, dict[dt.date, Cell]]:
    """indikator → stichtag → cell: everything published for one district (or ``00``)."""
    found: dict[str, dict[dt.date, Cell]] = {}
    for row in IndicatorValue.objects.filter(region=region, gebiet=gebiet):
        found.setdefault(row.indikator, {})[row.stichtag] = Cell.of(row)
    return found


@dataclass(frozen=True)
class Publication:
    """One published reference date of a region, for the staff overview."""

    region: Region
    stichtag: dt.date
    rows: int
    suppressed: int
    external: int
    published_at: dt.datetime


def publications(region_ids: Iterable[int]) -> list[Publication]:
    """Every published reference date of the regions, newest first per region."""
    regions = {region.pk: region for region in Region.objects.filter(pk__in=list(region_ids))}
    grouped = (
        IndicatorValue.objects.filter(region_id__in=list(regions))
        .values("region_id", "stichtag")
        .annotate(
            rows=Count("pk"),
            suppressed=Count("pk", filter=Q(status=IndicatorStatus.SUPPRESSED)),
            external=Count("pk", filter=Q(indikator__startswith=EXTERNAL_PREFIX)),
            published_at=Max("published_at"),
        )
        .order_by("region_id", "-stichtag")
    )
    found = [
        Publication(
            regions[entry["region_id"]],
            entry["stichtag"],
            entry["rows"],
            entry["suppressed"],
            entry["external"],
            entry["published_at"],
        )
        for entry in grouped
    ]
    return sorted(found, key=lambda p: (p.region.name, -p.stichtag.toordinal()))


def citywide(cells: dict[str, Cell]) -> Cell:
    return cells.get(CITYWIDE, MISSING)
