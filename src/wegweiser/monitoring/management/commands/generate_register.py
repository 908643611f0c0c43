"""``wegweiser generate_register``: a synthetic register extract of Kassel (docs/monitoring.md)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wegweiser.monitoring import synthetic


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"Kein gültiges Datum: {value}", returncode=2) from error


class Command(BaseCommand):
    help = "Synthetischen Registerauszug für Kassel erzeugen (Demo, Tests, Benchmarks)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--residents", type=int, required=True)
        parser.add_argument("--stichtag", required=True)
        parser.add_argument("--seed", type=int, required=True)
        parser.add_argument("--output", type=Path, required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        stichtag = _date(options["stichtag"])
        if not dt.date(2009, 1, 1) <= stichtag <= dt.date(2026, 12, 31):
            raise CommandError("Der Stichtag muss zwischen 2009 und 2026 liegen.", returncode=2)
        if options["residents"] < 1:
            raise CommandError("--residents muss mindestens 1 sein.", returncode=2)
        output: Path = options["output"]
        if output.suffix.lower() not in (".csv", ".parquet"):
            raise CommandError("--output muss auf .csv oder .parquet enden.", returncode=2)
        rows = synthetic.generate(options["residents"], stichtag, options["seed"], output)
        self.stdout.write(f"{rows} Personen nach {output} geschrieben.")
