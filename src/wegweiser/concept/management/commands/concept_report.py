from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wegweiser.concept import progress
from wegweiser.concept.report import ConceptMissing, current_concept, report_data
from wegweiser.reports.management.commands.offers_report import parse_day
from wegweiser.reports.regions import RegionError, region_for_command

FORMATS = ("json", *progress.FORMATS)


class Command(BaseCommand):
    help = (
        "Fortschrittsbericht des Integrationskonzepts: jedes Ziel mit dem Stand seiner "
        "Indikatoren (Ausgangswert, Zielwert, letzter Wert, erwarteter Wert, Status) und seinen "
        "Maßnahmen; als PDF, XLSX und HTML auch mit den Diagrammen gegen die Ziellinie, den "
        "Selbstverpflichtungen und den Änderungen seit der vorigen Fassung. Mit --at die Werte "
        "bis zu diesem Tag."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", required=True, metavar="pdf|xlsx|html|json", dest="fmt")
        parser.add_argument(
            "--output", metavar="FILE", help="Datei (für json und html sonst Standardausgabe)."
        )
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
            raise CommandError(f"--format muss {'|'.join(FORMATS)} sein, nicht {fmt!r}.")
        if output is None and fmt in ("pdf", "xlsx"):
            raise CommandError(f"Für --format {fmt} bitte mit --output eine Datei angeben.")
        day = parse_day(at) if at else None
        try:
            concept = current_concept(region_for_command(region))
        except (RegionError, ConceptMissing) as error:
            raise CommandError(str(error)) from None
        if fmt == "json":
            data = json.dumps(report_data(concept, day), ensure_ascii=False, indent=2) + "\n"
            content = data.encode("utf-8")
        else:
            content = progress.render_file(
                progress.build(concept, day, with_charts=fmt != "xlsx"), fmt
            )
        if output is None:
            sys.stdout.write(content.decode("utf-8"))
            return
        try:
            Path(output).write_bytes(content)
        except OSError as error:
            raise CommandError(
                f"Die Datei {output} lässt sich nicht schreiben: {error.strerror}."
            ) from None
