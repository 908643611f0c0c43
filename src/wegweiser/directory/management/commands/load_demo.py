from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wegweiser.directory import demo


class Command(BaseCommand):
    help = (
        "Lädt die Referenzdaten (Regionen, Stadtteile mit Geometrie, Vokabulare) und die "
        "Kasseler Demodaten aus der Vorlage 101.16.1784. Mehrfach ausführbar: legt nur an, was "
        "fehlt, und ändert nur, was abweicht."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reference-only",
            action="store_true",
            help="Nur Referenzdaten laden (so beginnt eine echte Installation).",
        )

    def handle(self, *args: Any, reference_only: bool, **options: Any) -> None:
        try:
            report = demo.load(reference_only=reference_only)
        except demo.DemoDataError as error:
            raise CommandError(f"Nichts geladen: {error}") from error
        for line in report.lines():
            self.stdout.write(line)
        if not reference_only:
            from wegweiser.concept import demo as concept_demo

            try:
                self.stdout.write(concept_demo.load())
            except concept_demo.DemoConceptError as error:
                raise CommandError(f"Integrationskonzept nicht geladen: {error}") from error
        what = "Referenzdaten" if reference_only else "Referenz- und Demodaten"
        self.stdout.write(self.style.SUCCESS(f"{what} geladen."))
