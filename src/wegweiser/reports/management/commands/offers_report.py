from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wegweiser.reports import exports
from wegweiser.reports.dimensions import DIMENSIONS, ReportError
from wegweiser.reports.engine import offers_report
from wegweiser.reports.regions import RegionError, region_for_command

FORMATS = ("csv", "json", "xlsx")


def parse_day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--at erwartet ein Datum wie 2024-12-31, nicht {value!r}.") from None


class Command(BaseCommand):
    help = (
        "Zählt veröffentlichte Angebote nach einem oder zwei Merkmalen (Berichtsvertrag in "
        "shared/spec/offers.md): eindeutige Angebote je Zelle, mehrwertige Angebote in jeder "
        "passenden Zelle, „ohne_angabe“, Gesamtzahlen und Summen der Nennungen. Mit --at der "
        "Stand am Ende des Tages (Europe/Berlin) aus der Versionsgeschichte."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--rows", required=True, metavar="DIM", help="Merkmal der Zeilen.")
        parser.add_argument("--cols", metavar="DIM", help="Merkmal der Spalten (optional).")
        parser.add_argument("--at", metavar="YYYY-MM-DD", help="Stichtag (Standard: heute).")
        parser.add_argument("--region", metavar="SLUG", help="Region (Pflicht bei mehreren).")
        parser.add_argument("--format", required=True, metavar="csv|json|xlsx", dest="fmt")
        parser.add_argument("--output", metavar="FILE", help="Datei (sonst Standardausgabe).")

    def handle(
        self,
        *args: Any,
        rows: str,
        cols: str | None,
        at: str | None,
        region: str | None,
        fmt: str,
        output: str | None,
        **options: Any,
    ) -> None:
        for name in (rows, cols):
            if name is not None and name not in DIMENSIONS:
                raise CommandError(
                    f"Unbekanntes Merkmal {name!r}; möglich sind: {', '.join(DIMENSIONS)}."
                )
        if cols is not None and cols == rows:
            raise CommandError("--rows und --cols müssen verschiedene Merkmale sein.")
        if fmt not in FORMATS:
            raise CommandError(f"--format muss csv, json oder xlsx sein, nicht {fmt!r}.")
        if fmt == "xlsx" and not output:
            raise CommandError("--format xlsx braucht --output DATEI.")
        day = parse_day(at) if at else None
        try:
            chosen = region_for_command(region)
            table = offers_report(chosen, rows, cols, at=day, labels=False)
        except (RegionError, ReportError) as error:
            raise CommandError(str(error)) from None
        content = {
            "csv": exports.contract_csv,
            "json": exports.contract_json,
            "xlsx": exports.contract_xlsx,
        }[fmt](table)
        if output:
            try:
                Path(output).write_bytes(content)
            except OSError as error:
                raise CommandError(
                    f"Die Datei {output} lässt sich nicht schreiben: {error.strerror}."
                ) from None
            return
        self.stdout.write(content.decode("utf-8"), ending="")
