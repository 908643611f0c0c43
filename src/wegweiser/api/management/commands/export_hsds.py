from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wegweiser.api.hsds import export
from wegweiser.directory.models import Region


class Command(BaseCommand):
    help = (
        "Schreibt die veröffentlichten Angebote und Träger als Open Referral HSDS 3.0 in den "
        "Ordner DIR: JSON-Dokumente (services, organizations, service_at_locations, "
        "taxonomies, taxonomy_terms) und das tabellarische Datenpaket (CSV und datapackage.json)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path, metavar="DIR", help="Zielordner")
        parser.add_argument("--region", help="nur die Angebote dieser Region (Kürzel)")

    def handle(self, *args: Any, **options: Any) -> None:
        directory: Path = options["directory"]
        region = None
        if options["region"]:
            region = Region.objects.filter(slug=options["region"]).first()
            if region is None:
                known = ", ".join(Region.objects.values_list("slug", flat=True))
                raise CommandError(
                    f"Unbekannte Region „{options['region']}“; möglich sind: {known}."
                )
        if directory.exists() and not directory.is_dir():
            raise CommandError(f"{directory} ist kein Ordner.")
        try:
            counts = export.write(
                directory, region, progress=lambda name: self.stdout.write(f"  {name}")
            )
        except OSError as error:
            raise CommandError(f"Kann nicht nach {directory} schreiben: {error}") from None
        self.stdout.write(
            self.style.SUCCESS(
                f"HSDS 3.0 nach {directory} geschrieben: {counts['services.json']} Angebote, "
                f"{counts['organizations.json']} Träger."
            )
        )
