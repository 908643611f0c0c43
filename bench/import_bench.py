"""Import benchmark: a generated XLSX of 10,000 offers imported with history and audit entries.

    .venv/bin/python bench/import_bench.py                  # SQLite in a temporary folder
    .venv/bin/python bench/import_bench.py --rows 500       # a quick check that it works
    .venv/bin/python bench/import_bench.py --database-url postgres://…/wegweiser_bench

The target of issue 4 is at most 15 s for 10,000 rows on each database. The run generates the
workbook (seeded: same rows every time), imports it into a fresh region as the command line
would (one version and one audit entry per offer, one location per address, the search index),
then imports the same file again (every row unchanged), then a second workbook that changes
every row (title, languages, age groups, and for about half the rows the address). Each import
notes its wall time, the CPU time of this process (the database server's is not in it) and the
load average before and after (the machine may be shared: wall time under load is longer than
the CPU time). It writes
``bench/results/import-<database>-<date>.json`` and ``import-<database>-latest.json``.
A PostgreSQL database must have "bench" in its name (the run writes into it) unless
``--allow-any-database``.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import random
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

RESULTS = Path(__file__).resolve().parent / "results"
REGION = "bench-import"

PROVIDER_WORDS = ["Caritas", "Diakonie", "Verein", "Initiative", "Treff", "Bildungswerk", "Forum"]
TITLE_WORDS = [
    "Sprachcafé",
    "Deutschkurs",
    "Beratung",
    "Hausaufgabenhilfe",
    "Frauentreff",
    "Fußball",
]


def workbook(rows: int, seed: int, revision: int = 0) -> bytes:
    """An XLSX in the import template with ``rows`` offers of ~rows/50 providers; a
    ``revision`` > 0 changes every offer's title and lists and about half of the addresses."""
    from openpyxl import Workbook

    from wegweiser.directory.models import AgeGroup, Area, District, Language, ProviderType
    from wegweiser.editorial.transfer.columns import COLUMNS

    rng = random.Random(seed)  # noqa: S311 (seeded sample data, no secret)
    # The lists and addresses of a revision: another stream, so the rest stays the same.
    lists = random.Random(seed * 1000 + revision) if revision else rng  # noqa: S311
    areas = list(Area.objects.values_list("code", flat=True))
    ages = list(AgeGroup.objects.values_list("code", flat=True))
    languages = list(Language.objects.values_list("code", flat=True))
    types = list(ProviderType.objects.values_list("code", flat=True))
    districts = list(District.objects.filter(region__slug=REGION).values_list("code", flat=True))
    providers = [
        (f"{rng.choice(PROVIDER_WORDS)} Bench {number}", rng.choice(types))
        for number in range(max(1, rows // 50))
    ]
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Angebote")
    sheet.append(list(COLUMNS))
    for number in range(rows):
        provider, provider_type = rng.choice(providers)
        kind = rng.choice(["regelangebot", "projekt", "kurs"])
        values = {
            "angebot_id": f"bench-{number}",
            "traeger": provider,
            "traegerart": provider_type,
            "titel": f"{rng.choice(TITLE_WORDS)} {number}"
            + (f" (Stand {revision})" if revision else ""),
            "beschreibung": "Ein Angebot für alle, die Deutsch lernen und Menschen treffen wollen.",
            "bereich": rng.choice(areas),
            "art": kind,
            "altersgruppen": ", ".join(lists.sample(ages, lists.randint(1, 3))),
            "geschlecht": rng.choice(["alle", "alle", "frauen", "maenner"]),
            "sprachen": ", ".join(lists.sample(languages, lists.randint(1, 3))),
            "stadtteile": "00"
            if rng.random() < 0.3
            else ", ".join(rng.sample(districts, rng.randint(1, 3))),
            "strasse": f"Bench-Straße {lists.randint(1, rows // 4 + 1)}",
            "plz": "34117",
            "ort": "Kassel",
            "kosten": rng.choice(["kostenlos", "ermaessigt", ""]),
            "barrierefrei": rng.choice(["ja", "nein", ""]),
            "beginn": 45658 if kind == "projekt" else None,
            "ende": 46022 if kind == "projekt" else None,
            "stunden": 645 if kind == "kurs" else None,
            "kontakt_email": f"kontakt{number}@example.org",
            "kontakt_telefon": "0561 123456",
            "website": "https://www.example.org",
        }
        sheet.append([values.get(column) for column in COLUMNS])
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def prepare_region() -> object:
    """A fresh region with three districts; offers, locations and providers of an earlier run
    are removed first (so that every run creates the same)."""
    from wegweiser.directory.models import District, Location, Offer, Provider, Region
    from wegweiser.directory.search import index

    region, _ = Region.objects.get_or_create(slug=REGION, defaults={"name": "Bench-Import"})
    with index.batch():
        Offer.objects.filter(region=region).delete()
        Location.objects.filter(region=region).delete()
        Provider.objects.filter(home_region=region).delete()
    for code in ("01", "02", "03"):
        District.objects.get_or_create(
            region=region, code=code, defaults={"name": f"Bezirk {code}"}
        )
    return region


def run(rows: int, seed: int) -> dict[str, object]:
    from django.db import connection

    from wegweiser.directory import demo
    from wegweiser.directory.models import Offer
    from wegweiser.editorial.models import AuditEntry
    from wegweiser.editorial.transfer import services
    from wegweiser.editorial.transfer.validation import Importer
    from wegweiser.editorial.transfer.writing import Actor

    demo.load(reference_only=True)
    region = prepare_region()
    start = time.perf_counter()
    data = workbook(rows, seed)
    changed = workbook(rows, seed, revision=1)
    generated = time.perf_counter() - start

    def once(data: bytes) -> dict[str, object]:
        versions_before = Offer.history.count()
        audit_before = AuditEntry.objects.count()
        load_before = os.getloadavg()
        start, cpu = time.perf_counter(), time.process_time()
        result = services.import_offers(
            data,
            "bench.xlsx",
            region=region,  # type: ignore[arg-type]
            importer=Importer(status="published"),
            actor=Actor(None, "Kommandozeile", "command"),
        )
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        if not result.ok:
            raise SystemExit("\n".join(str(problem) for problem in result.problems[:20]))
        return {
            "seconds": round(seconds, 2),
            "cpu_seconds_of_this_process": round(cpu, 2),
            "load_average_before": [round(value, 2) for value in load_before],
            "load_average_after": [round(value, 2) for value in os.getloadavg()],
            "counts": result.counts(),
            "versions_written": Offer.history.count() - versions_before,
            "audit_entries_written": AuditEntry.objects.count() - audit_before,
        }

    first = once(data)
    again = once(data)
    update = once(changed)
    return {
        "python": platform.python_version(),
        "database": connection.vendor,
        "cpus": os.cpu_count(),
        "time": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "rows": rows,
        "file_bytes": len(data),
        "generate_seconds": round(generated, 2),
        "import_seconds": first["seconds"],
        "import": first,
        "reimport_unchanged_seconds": again["seconds"],
        "reimport_unchanged": again,
        "reimport_changed_seconds": update["seconds"],
        "reimport_changed": update,
        "target_seconds_for_10000_rows": 15,
        "rows_per_second": round(rows / float(first["seconds"]), 1),  # type: ignore[arg-type]
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--rows", type=int, default=10_000, help="Zeilen der Datei (Standard 10000)"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database-url", help="Standard: SQLite in einem temporären Ordner")
    parser.add_argument("--allow-any-database", action="store_true")
    args = parser.parse_args()
    if args.rows < 1:
        parser.error("--rows muss mindestens 1 sein")
    url = (
        args.database_url
        or f"sqlite:///{tempfile.mkdtemp(prefix='wegweiser-import-bench-')}/bench.sqlite3"
    )
    name = urlparse(url).path.rsplit("/", 1)[-1]
    if url.startswith("postgres") and "bench" not in name and not args.allow_any_database:
        parser.error(f"Datenbank „{name}“ enthält nicht „bench“ im Namen (--allow-any-database)")
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("WEGWEISER_DEBUG", "1")
    os.environ.setdefault("WEGWEISER_LOG_LEVEL", "warning")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wegweiser.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    results = run(args.rows, args.seed)
    RESULTS.mkdir(exist_ok=True)
    text = json.dumps(results, indent=2, ensure_ascii=False) + "\n"
    database = str(results["database"])
    (RESULTS / f"import-{database}-{time.strftime('%Y-%m-%d')}.json").write_text(
        text, encoding="utf-8"
    )
    (RESULTS / f"import-{database}-latest.json").write_text(text, encoding="utf-8")
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
