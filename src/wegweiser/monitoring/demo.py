"""Monitoring results for the demo (``make demo``, docs/demo-data.md).

One synthetic population of Kassel followed from 2009 to 2025: for every 31 December the
snapshot is written to a temporary file, run through the same engine, confidentiality and
publication as a real extract (``monitoring_run --publish``), and deleted again. Then the
external demo indicators (``data/demo_external.csv``: the source's 2.1 % of city staff with a
migration background, 2010) are published as an upload would be.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable
from pathlib import Path

from django.conf import settings

from wegweiser.directory.models import Region
from wegweiser.monitoring import external, services, synthetic
from wegweiser.monitoring.tables import exact_and_published

YEARS = range(2009, 2026)
EXTERNAL = Path(__file__).parent / "data" / "demo_external.csv"
RESIDENTS = 50_000
SEED = 2010


def load(
    region: Region,
    residents: int = RESIDENTS,
    seed: int = SEED,
    years: range = YEARS,
    progress: Callable[[str], None] = lambda line: None,
) -> int:
    """Publish the register results of every year and the external demo indicators; returns
    the number of rows published. Running it again replaces the same rows."""
    universe = synthetic.build(residents, seed)
    options = services.options()
    published = 0
    temp = Path(settings.WEGWEISER_MONITORING_TEMP_DIR)
    temp.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=temp) as directory:
        for year in years:
            path = Path(directory) / f"register-{year}.parquet"
            synthetic.write(synthetic.snapshot(universe, dt.date(year, 12, 31)), path)
            derivation = services.derive(path, region, options)
            try:
                _, rows, _ = exact_and_published(
                    derivation.stichtag, derivation.districts, derivation.counts
                )
            finally:
                derivation.close()
            path.unlink()
            published += services.publish(region, rows)
            progress(f"{year}: {derivation.counts[('00', 'ew')]} Einwohner, {len(rows)} Zeilen")
    upload = external.read(EXTERNAL.read_bytes(), services.district_codes(region))
    rows = external.tables(upload).published
    published += external.publish(region, rows)
    progress(f"Externe Indikatoren: {len(rows)} Zeilen")
    return published
