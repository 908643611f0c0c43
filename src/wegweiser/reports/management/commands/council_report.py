from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wegweiser.reports import council
from wegweiser.reports.regions import RegionError, day_for_command, region_for_command

FORMATS = ("pdf", "xlsx", "html")


class Command(BaseCommand):
    help = (
        "Erstellt den Bericht „Integrationsangebote“ (die Tabellen der Anlage von 2010: "
        "Übersichten nach Alter, Geschlecht und Trägern, je Bereich drei kleine Tabellen) aus "
        "den veröffentlichten Angeboten, als PDF, XLSX (eine Tabelle je Blatt) oder HTML."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", required=True, dest="fmt", metavar="pdf|xlsx|html")
        parser.add_argument("--output", required=True, metavar="FILE", help="Zieldatei.")
        parser.add_argument("--at", metavar="YYYY-MM-DD", help="Stichtag (Standard: heute).")
        parser.add_argument("--region", metavar="SLUG", help="Region (Pflicht bei mehreren).")

    def handle(
        self, *args: Any, fmt: str, output: str, at: str | None, region: str | None, **options: Any
    ) -> None:
        if fmt not in FORMATS:
            raise CommandError(f"--format muss pdf, xlsx oder html sein, nicht {fmt!r}.")
        try:
            day = day_for_command(at)
            chosen = region_for_command(region)
        except RegionError as error:
            raise CommandError(str(error)) from None
        report = council.build(chosen, day, with_charts=fmt != "xlsx")
        content = council.render_file(report, fmt)
        try:
            Path(output).write_bytes(content)
        except OSError as error:
            raise CommandError(
                f"Die Datei {output} lässt sich nicht schreiben: {error.strerror}."
            ) from None
        self.stdout.write(
            f"Bericht geschrieben: {output} ({len(report.tables())} Tabellen, "
            f"{report.total} Angebote, Stand {report.at.isoformat()})."
        )
