"""``wegweiser monitoring_run EXTRACT``: validate, derive, compute, apply confidentiality
(register-extract.md § 5). Exit status 0, 1 rejected (messages on stderr), 2 usage error."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from wegweiser.directory.models import Region
from wegweiser.monitoring import services
from wegweiser.monitoring.engine import WARNING_TEXTS, ExtractRejected
from wegweiser.monitoring.tables import exact_and_published, write_csv


class Command(BaseCommand):
    help = "Registerauszug prüfen, Migrationshintergrund ableiten, Indikatoren berechnen und geheimhalten."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("extract", type=Path, help="Registerauszug (.csv oder .parquet)")
        parser.add_argument("--region", default=None, help="Kürzel der Region")
        parser.add_argument("--no-born-abroad-rule", action="store_true")
        parser.add_argument("--familial-age-limit", type=int, default=18)
        parser.add_argument("--persons-out", type=Path)
        parser.add_argument("--indicators-out", type=Path)
        parser.add_argument("--exact-out", type=Path)
        parser.add_argument("--publish", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        slug = options["region"] or settings.WEGWEISER_MONITORING_DEFAULT_REGION
        region = Region.objects.filter(slug=slug).first()
        if region is None:
            raise CommandError(f"Unbekannte Region „{slug}“.", returncode=2)
        path: Path = options["extract"]
        if not path.is_file():
            raise CommandError(f"Die Datei {path} gibt es nicht.", returncode=2)
        if options["familial_age_limit"] < 1:
            raise CommandError("--familial-age-limit muss mindestens 1 sein.", returncode=2)
        opts = services.options(
            born_abroad_rule=not options["no_born_abroad_rule"],
            familial_age_limit=options["familial_age_limit"],
        )
        try:
            derivation = services.derive(path, region, opts)
        except ExtractRejected as rejected:
            for message in rejected.messages()[:-1]:
                self.stderr.write(message)
            raise CommandError(rejected.messages()[-1], returncode=1) from rejected
        try:
            exact, published, blank = exact_and_published(
                derivation.stichtag, derivation.districts, derivation.counts
            )
            if options["persons_out"]:
                derivation.write_persons(options["persons_out"])
        finally:
            derivation.close()
        if options["indicators_out"]:
            write_csv(published, options["indicators_out"])
        if options["exact_out"]:
            write_csv(exact, options["exact_out"])
        residents = derivation.counts[("00", "ew")]
        self.stdout.write(
            f"Stichtag {derivation.stichtag.isoformat()}: {residents} Einwohner, "
            f"{len(blank)} Zählwerte gesperrt."
        )
        for key, text in WARNING_TEXTS.items():
            self.stdout.write(f"Warnungen – {text}: {derivation.warnings.get(key, 0)}")
        if options["publish"]:
            count = services.publish(region, published)
            self.stdout.write(f"{count} Zeilen für {region.name} veröffentlicht.")
