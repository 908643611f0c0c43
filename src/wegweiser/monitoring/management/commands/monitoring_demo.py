"""``wegweiser monitoring_demo``: published monitoring results 2009–2025 from the synthetic
register, and the external demo indicators (``make demo``; docs/demo-data.md)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wegweiser.directory.models import Region
from wegweiser.monitoring import demo


class Command(BaseCommand):
    help = (
        "Demodaten des Integrationsmonitorings: synthetisches Register der Stadt Kassel für "
        "jeden 31.12. von 2009 bis 2025 auswerten und veröffentlichen, dazu externe "
        "Beispielindikatoren. Mehrfach ausführbar (ersetzt dieselben Zeilen)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--residents", type=int, default=demo.RESIDENTS)
        parser.add_argument("--seed", type=int, default=demo.SEED)

    def handle(self, *args: Any, **options: Any) -> None:
        region = Region.objects.filter(slug="stadt-kassel").first()
        if region is None:
            raise CommandError("Die Region stadt-kassel fehlt: zuerst `wegweiser load_demo`.")
        if options["residents"] < 1000:
            raise CommandError("--residents muss mindestens 1000 sein.", returncode=2)
        started = time.perf_counter()
        rows = demo.load(region, options["residents"], options["seed"], progress=self.stdout.write)
        self.stdout.write(
            self.style.SUCCESS(
                f"Monitoring-Demodaten veröffentlicht: {rows} Zeilen in "
                f"{time.perf_counter() - started:.1f} s."
            )
        )
