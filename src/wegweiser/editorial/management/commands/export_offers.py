from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wegweiser.editorial.management.commands._transfer_common import region_from
from wegweiser.editorial.transfer import export


class Command(BaseCommand):
    help = (
        "Exportiert die veröffentlichten Angebote einer Region in der Importvorlage "
        "(docs/import-export.md); das Format folgt der Endung der Datei (.csv: UTF-8 mit BOM, "
        "Semikolon; .xlsx: erstes Blatt die Angebote, zweites die erlaubten Werte). angebot_id "
        "ist immer gefüllt (externer Schlüssel, sonst die UUID des Angebots); Zellen, die eine "
        "Tabellenkalkulation als Formel ausführen würde, bekommen ein Apostroph davor, das der "
        "Import wieder entfernt."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE", type=Path, help="Zieldatei, .csv oder .xlsx.")
        parser.add_argument(
            "--region",
            metavar="SLUG",
            help="Region (z. B. stadt-kassel); nötig, wenn es mehr als eine gibt.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        kind = path.suffix.lower().lstrip(".")
        if kind not in export.FORMATS:
            raise CommandError(
                f"Unbekanntes Format „{path.suffix}“; die Datei muss auf .csv oder .xlsx enden."
            )
        region = region_from(options["region"])
        offers = export.exportable_offers(region)
        count = offers.count()
        self.stdout.write(f"{count} Angebote aus {region} werden exportiert …")
        data = export.export_bytes(kind, offers, region)
        try:
            path.write_bytes(data)
        except OSError as error:
            raise CommandError(
                f"Die Datei {path} kann nicht geschrieben werden: {error.strerror}."
            ) from None
        self.stdout.write(f"{count} Angebote nach {path} geschrieben.")
