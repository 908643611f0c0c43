from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from wegweiser.directory.search import index


class Command(BaseCommand):
    help = (
        "Baut den Suchindex aller veröffentlichten Angebote neu auf (nach Änderungen an "
        "Vokabular-Bezeichnungen, an den Suchregeln oder nach einem Update, das den Index "
        "erweitert). Änderungen an Angeboten hält der Index von selbst aktuell."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = index.rebuild()
        self.stdout.write(
            self.style.SUCCESS(f"Suchindex neu aufgebaut: {count} veröffentlichte Angebote.")
        )
