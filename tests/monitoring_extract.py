"""Building small register extracts for the monitoring tests."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from wegweiser.monitoring.engine import COLUMNS

KASSEL = [f"{n:02d}" for n in range(1, 24)]


def person(pid: str, **fields: Any) -> dict[str, str]:
    row = {
        "pid": pid,
        "stichtag": "2024-12-31",
        "geburtsdatum": "1980-01-01",
        "geschlecht": "w",
        "stadtteil": "01",
        "sta1": "DE",
    }
    row.update({key: str(value) for key, value in fields.items()})
    return row


def write(path: Path, rows: list[dict[str, str]], columns: tuple[str, ...] = COLUMNS) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(columns), lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in columns})
    return path
