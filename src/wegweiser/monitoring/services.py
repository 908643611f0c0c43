"""Running the monitoring on an extract and publishing the result."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from django.conf import settings
from django.db import transaction

from wegweiser.directory.models import District, Region
from wegweiser.monitoring.engine import Derivation, Options, run
from wegweiser.monitoring.models import IndicatorValue
from wegweiser.monitoring.tables import Row


def options(born_abroad_rule: bool = True, familial_age_limit: int = 18) -> Options:
    return Options(
        born_abroad_rule=born_abroad_rule,
        familial_age_limit=familial_age_limit,
        memory_limit=settings.WEGWEISER_MONITORING_MEMORY_LIMIT,
        threads=2,
        temp_directory=Path(settings.WEGWEISER_MONITORING_TEMP_DIR),
    )


def district_codes(region: Region) -> list[str]:
    return sorted(District.objects.filter(region=region).values_list("code", flat=True))


def derive(path: Path, region: Region, opts: Options) -> Derivation:
    return run(path, district_codes(region), opts)


def publish(region: Region, rows: Sequence[Row]) -> int:
    """Replace the published register rows of the region and stichtag in one transaction
    (uploaded external indicators, ``ext_*``, stay)."""
    stichtage = {row.stichtag for row in rows}
    with transaction.atomic():
        (
            IndicatorValue.objects.filter(region=region, stichtag__in=stichtage)
            .exclude(indikator__startswith="ext_")
            .delete()
        )
        IndicatorValue.objects.bulk_create(
            IndicatorValue(
                region=region,
                stichtag=row.stichtag,
                gebiet=row.gebiet,
                indikator=row.indikator,
                zaehler=row.zaehler,
                nenner=row.nenner,
                wert=row.wert,
                status=row.status,
            )
            for row in rows
        )
    return len(rows)
