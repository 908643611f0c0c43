"""``wegweiser monitoring_external FILE``: check an aggregated file of external indicators
(``stichtag,gebiet,indikator,zaehler,nenner``, codes ``ext_*``), apply confidentiality, and
with ``--publish`` replace the published rows of its stichtage and indicators.
Exit status 0, 1 rejected (messages on stderr), 2 usage error (docs/monitoring.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from wegweiser.directory.models import Region
from wegweiser.monitoring import external, services
from wegweiser.monitoring.tables import write_csv


class Command(BaseCommand):
    help = (
        "Externe Indikatoren (stichtag,gebiet,indikator,zaehler,nenner; Codes ext_*) prüfen, "
        "geheimhalten und mit --publish veröffentlichen."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="CSV-Datei (UTF-8 oder Windows-1252; ; oder ,)")
        parser.add_argument("--region", default=None, help="Kürzel der Region")
        parser.add_argument("--indicators-out", type=Path, help="veröffentlichte Tabelle (CSV)")
        parser.add_argument(
            "--exact-out", type=Path, help="ungesperrte Tabelle (nur Statistikstelle)"
        )
        parser.add_argument(
            "--publish", action="store_true", help="in der Datenbank veröffentlichen"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        slug = options["region"] or settings.WEGWEISER_MONITORING_DEFAULT_REGION
        region = Region.objects.filter(slug=slug).first()
        if region is None:
            raise CommandError(f"Unbekannte Region „{slug}“.", returncode=2)
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"Die Datei {path} gibt es nicht.", returncode=2)
        try:
            upload = external.read(path.read_bytes(), services.district_codes(region))
        except external.UploadRejected as rejected:
            for problem in rejected.problems:
                self.stderr.write(str(problem))
            raise CommandError(rejected.summary(), returncode=1) from rejected
        result = external.tables(upload)
        if options["indicators_out"]:
            write_csv(result.published, options["indicators_out"])
        if options["exact_out"]:
            write_csv(result.exact, options["exact_out"])
        self.stdout.write(
            f"{len(upload.figures)} Zeilen gelesen ({upload.encoding}, Trennzeichen "
            f"„{upload.delimiter}“): {len(upload.indicators())} Indikatoren, "
            f"{len(upload.stichtage())} Stichtage, {result.suppressed} Zählwerte gesperrt."
        )
        if options["publish"]:
            before = external.replaced(region, result.published)
            count = external.publish(region, result.published)
            self.stdout.write(
                f"{count} Zeilen für {region.name} veröffentlicht ({before} bisherige ersetzt)."
            )
