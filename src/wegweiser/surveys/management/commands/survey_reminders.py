from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from wegweiser.surveys import reminders
from wegweiser.surveys.models import Invitation


class Command(BaseCommand):
    help = (
        "Erinnert Träger an offene Befragungen (einmal am Tag per cron/systemd-Timer aufrufen): "
        "je Einladung höchstens eine E-Mail in --days Tagen (Standard: "
        "WEGWEISER_SURVEY_REMINDER_DAYS); abgeschickte und gesperrte Einladungen und "
        "abgeschlossene Runden werden übersprungen. Ein zweiter Lauf verschickt nichts doppelt."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Mindestabstand in Tagen seit der letzten E-Mail an die Einladung.",
        )

    def handle(self, *args: Any, days: int | None = None, **options: Any) -> None:
        if days is None:
            days = settings.WEGWEISER_SURVEY_REMINDER_DAYS
        if days < 1:
            raise CommandError("--days muss mindestens 1 sein.")

        def progress(number: int, total: int, invitation: Invitation, outcome: str) -> None:
            self.stdout.write(
                f"[{number}/{total}] {invitation.survey_round.title}, "
                f"{invitation.provider.name}: {outcome}"
            )

        result = reminders.send_due(days, progress=progress)
        self.stdout.write(f"Erinnerungen verschickt: {result.sent}")
        self.stdout.write(f"Übersprungen (ohne E-Mail-Adresse): {len(result.skipped)}")
        self.stdout.write(self.style.SUCCESS("Fertig."))
