from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wegweiser.accounts.models import User
from wegweiser.directory.models import EditorialStatus
from wegweiser.editorial.management.commands._transfer_common import region_from
from wegweiser.editorial.transfer import services
from wegweiser.editorial.transfer.reading import MAX_BYTES, too_large_message
from wegweiser.editorial.transfer.writing import Actor

COMMAND_LINE = "Kommandozeile"


class Command(BaseCommand):
    help = (
        "Importiert Angebote aus einer CSV- oder XLSX-Datei in der Importvorlage "
        "(docs/import-export.md). Die ganze Datei wird zuerst geprüft; bei einem einzigen "
        "Fehler wird nichts gespeichert und jeder Fehler mit Zeile, Spalte und Wert auf stderr "
        "ausgegeben (Exit-Status 1). Sonst wird alles in einer Transaktion gespeichert, jedes "
        "Angebot mit genau einer Version und einem Protokolleintrag. Dieselbe angebot_id "
        "aktualisiert statt zu verdoppeln. Ohne --user gilt die Kommandozeile als Autorin "
        "(Rechte einer Stadtredaktion)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE", type=Path, help="CSV- oder XLSX-Datei.")
        parser.add_argument(
            "--region",
            metavar="SLUG",
            help="Region (z. B. stadt-kassel); nötig, wenn es mehr als eine gibt.",
        )
        parser.add_argument(
            "--user",
            metavar="EMAIL",
            help="Als dieser Benutzer importieren (seine Rechte; Autor in Versionen und "
            "Protokoll). Ohne: die Kommandozeile.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Nur prüfen und zusammenfassen, nichts speichern.",
        )
        parser.add_argument(
            "--status",
            choices=[EditorialStatus.PUBLISHED, EditorialStatus.DRAFT],
            help="published (Standard für die Stadtredaktion): veröffentlichen; draft: neue "
            "Angebote als Entwurf, Änderungen an veröffentlichten Angeboten als "
            "Änderungsvorschlag (nie zurückgezogen).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        region = region_from(options["region"])
        user = None
        if options["user"]:
            user = User.objects.filter(email__iexact=options["user"].strip()).first()
            if user is None or not user.is_active:
                raise CommandError(
                    f"Kein aktiver Benutzer mit der E-Mail-Adresse {options['user']}."
                )
        try:
            importer = services.importer_for(user, region, options["status"])
        except services.NotAllowed as error:
            raise CommandError(str(error)) from None
        try:
            size = path.stat().st_size
            if size > MAX_BYTES:
                raise CommandError(too_large_message(size))
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(
                f"Die Datei {path} kann nicht gelesen werden: {error.strerror}."
            ) from None

        start = time.perf_counter()
        actor = Actor(user=user, label=user.email if user else COMMAND_LINE, source="command")
        result = services.import_offers(
            data,
            path.name,
            region=region,
            importer=importer,
            actor=actor,
            dry_run=options["dry_run"],
            progress=lambda line: self.stdout.write(line),
        )
        if not result.ok:
            for problem in result.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"Import abgelehnt: {len(result.problems)} Fehler; nichts wurde gespeichert."
            )
        counts = result.counts()
        summary = (
            f"{counts['created']} neu, {counts['updated']} geändert, "
            f"{counts['proposed']} Änderungsvorschläge, {counts['unchanged']} unverändert, "
            f"{counts['providers']} Träger neu"
        )
        if options["dry_run"]:
            self.stdout.write(f"Probelauf, nichts gespeichert: {summary}.")
        else:
            seconds = time.perf_counter() - start
            self.stdout.write(f"Importiert in {seconds:.1f} s: {summary}.")
