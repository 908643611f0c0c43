from __future__ import annotations

import argparse
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wegweiser.directory import synthetic


def _integer(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"keine ganze Zahl: {value!r}") from None


class Command(BaseCommand):
    help = (
        "Erzeugt synthetische, veröffentlichte Angebote (und einige hundert Träger mit Orten) für "
        "Benchmarks: deutsche Titel und Beschreibungen, realistische Verteilungen über Bereiche, "
        "Altersgruppen, Zielgruppen, Sprachen und Stadtteile; gleicher Seed, gleiche Daten. "
        "Alle sind als Demodaten markiert (external_id beginnt mit „synthetic-“); vorhandene "
        "synthetische Angebote und Träger werden vorher entfernt, andere Daten bleiben unberührt. "
        "Schreibt in großen Blöcken und ohne Versionsgeschichte (synthetische Daten haben keine) "
        "und baut danach den Suchindex der neuen Angebote. Braucht die Referenzdaten "
        "(wegweiser load_demo --reference-only)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--count",
            type=_integer,
            required=True,
            help=f"Anzahl der Angebote (1 bis {synthetic.MAX_COUNT}).",
        )
        parser.add_argument(
            "--seed",
            type=_integer,
            default=1,
            help="Startwert des Zufallsgenerators (Standard: 1); gleicher Seed, gleiche Daten.",
        )
        parser.add_argument(
            "--region",
            metavar="SLUG",
            default=None,
            help="Nur Angebote in dieser Region (Kürzel, z. B. stadt-kassel); sonst in allen.",
        )

    def handle(self, *args: Any, count: int, seed: int, region: str | None, **options: Any) -> None:
        if not isinstance(count, int) or count < 1:
            raise CommandError(f"--count muss eine ganze Zahl ab 1 sein, nicht {count!r}.")
        if count > synthetic.MAX_COUNT:
            raise CommandError(f"--count darf höchstens {synthetic.MAX_COUNT} sein, nicht {count}.")
        if not isinstance(seed, int):
            raise CommandError(f"--seed muss eine ganze Zahl sein, nicht {seed!r}.")
        start = time.perf_counter()
        try:
            report = synthetic.generate(count, seed=seed, region=region, progress=self.stdout.write)
        except synthetic.SyntheticDataError as error:
            raise CommandError(f"Nichts erzeugt: {error}") from error
        for line in report.lines():
            self.stdout.write(line)
        seconds = time.perf_counter() - start
        self.stdout.write(
            self.style.SUCCESS(
                f"{report.offers} synthetische Angebote erzeugt (Seed {seed}) in {seconds:.1f} s."
            )
        )
