from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wegweiser.concept.report import ConceptMissing, current_concept, report_data
from wegweiser.reports.management.commands.offers_report import parse_day
from wegweiser.reports.regions import RegionError, region_for_command

# The HTML, PDF and XLSX reports come with the concept's report pages; until then only JSON.
FORMATS = ("json",)


class Command(BaseCommand):
    help = (
        "Fortschrittsbericht des Integrationskonzepts: jedes Ziel mit dem Stand seiner "
        "Indikatoren (Ausgangswert, Zielwert, letzter Wert, erwarteter Wert, Status) und seinen "
        "Maßnahmen. Mit --at die Werte bis zu diesem Tag."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", required=True, metavar="json", dest="fmt")
        parser.add_argument("--output", metavar="FILE", help="Datei (sonst Standardausgabe).")
        parser.add_argument("--region", metavar="SLUG", help="Region (Pflicht bei mehreren).")
        parser.add_argument("--at", metavar="YYYY-MM-DD", help="Stichtag (Standard: heute).")

    def handle(
        self,
        *args: Any,
        fmt: str,
        output: str | None,
        region: str | None,
        at: str | None,
        **options: Any,
    ) -> None:
        if fmt not in FORMATS:
            raise CommandError(
                f"--format {fmt!r} gibt es noch nicht; möglich ist: {', '.join(FORMATS)}."
            )
        day = parse_day(at) if at else None
        try:
            concept = current_concept(region_for_command(region))
        except (RegionError, ConceptMissing) as error:
            raise CommandError(str(error)) from None
        content = json.dumps(report_data(concept, day), ensure_ascii=False, indent=2) + "\n"
        if output is None:
            sys.stdout.write(content)
            return
        try:
            Path(output).write_text(content, encoding="utf-8")
        except OSError as error:
            raise CommandError(
                f"Die Datei {output} lässt sich nicht schreiben: {error.strerror}."
            ) from None
