from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wegweiser.reports import exports, sources
from wegweiser.reports.dimensions import DIMENSIONS, ReportError
from wegweiser.reports.engine import CrossTable, crosstab, offers_report
from wegweiser.reports.regions import RegionError, day_for_command, region_for_command

FORMATS = ("csv", "json", "xlsx")


def parse_day(value: str) -> dt.date:
    """An ISO date for ``--at`` (other commands use it too, e.g. ``concept_report``)."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--at erwartet ein Datum wie 2024-12-31, nicht {value!r}.") from None


class Command(BaseCommand):
    help = (
        "Zählt veröffentlichte Angebote nach einem oder zwei Merkmalen (Berichtsvertrag in "
        "shared/spec/offers.md): eindeutige Angebote je Zelle, mehrwertige Angebote in jeder "
        "passenden Zelle, „ohne_angabe“, Gesamtzahlen und Summen der Nennungen. Mit --at der "
        "Stand am Ende des Tages (Europe/Berlin) aus der Versionsgeschichte, mit --round der "
        "eingefrorene Stand einer abgeschlossenen Befragungsrunde."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--rows", required=True, metavar="DIM", help="Merkmal der Zeilen.")
        parser.add_argument("--cols", metavar="DIM", help="Merkmal der Spalten (optional).")
        parser.add_argument("--at", metavar="YYYY-MM-DD", help="Stichtag (Standard: heute).")
        parser.add_argument("--region", metavar="SLUG", help="Region (Pflicht bei mehreren).")
        parser.add_argument(
            "--round",
            metavar="ID",
            dest="round_key",
            help="Abgeschlossene Befragungsrunde (Nummer wie in /staff/befragungen/ID/) statt --at.",
        )
        parser.add_argument("--format", required=True, metavar="csv|json|xlsx", dest="fmt")
        parser.add_argument("--output", metavar="FILE", help="Datei (sonst Standardausgabe).")

    def handle(
        self,
        *args: Any,
        rows: str,
        cols: str | None,
        at: str | None,
        region: str | None,
        round_key: str | None,
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
        if round_key is not None and at:
            raise CommandError("Bitte entweder --at oder --round angeben, nicht beides.")
        try:
            if round_key is not None:
                table = self._count_round(round_key, region, rows, cols)
            else:
                day = day_for_command(at)
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

    def _count_round(
        self, round_key: str, region: str | None, rows: str, cols: str | None
    ) -> CrossTable:
        """The closed round's snapshot (of ``--region``, when given)."""
        chosen = region_for_command(region) if region else None
        source = sources.snapshot(round_key, chosen)
        return crosstab(sources.dataset(source), rows, cols, labels=False)
