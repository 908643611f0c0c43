from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from wegweiser.editorial import freshness


class Command(BaseCommand):
    help = (
        "Tägliche Pflege der Aktualität (einmal am Tag per cron/systemd-Timer aufrufen; ein "
        "zweiter Lauf ändert nichts): archiviert Projekte nach ihrem Ende, nimmt lange nicht "
        "bestätigte Angebote offline, erinnert die Träger per E-Mail und meldet unbeantwortete "
        "Erinnerungen an die Redaktion. Fristen: siehe docs/editorial.md."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        result = freshness.run_daily()
        self.stdout.write(f"Projekte nach ihrem Ende archiviert: {result.archived_projects}")
        self.stdout.write(f"Nicht bestätigte Angebote offline genommen: {result.unpublished}")
        self.stdout.write(
            f"Erinnerungen verschickt: {result.reminders} E-Mail(s) zu "
            f"{result.reminded_offers} Angebot(en)"
        )
        self.stdout.write(f"Neu auf der Eskalationsliste: {result.escalated}")
        self.stdout.write(self.style.SUCCESS("Fertig."))
