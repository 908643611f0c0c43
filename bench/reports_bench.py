"""Benchmarks of the reports: the worst cross-table and the council report, on PostgreSQL.

Targets (issue 5), each in a warm process:
- district × language (totals and sums included) over 100,000 published offers: ≤ 200 ms;
- the council report as PDF and as XLSX over 50,000 published offers: ≤ 5 s.

Needs a PostgreSQL database that it may fill: ``DATABASE_URL`` (its name must contain ``bench``
or ``reports``, or pass ``--allow-any-database``; created when missing, if the URL's user may).
``make bench`` passes ``postgres://postgres@127.0.0.1:5432/wegweiser_bench_reports`` unless
``REPORTS_BENCH_DATABASE_URL`` says otherwise. It migrates, loads the reference data and
replaces the synthetic offers with ``wegweiser generate_offers`` (50,000, then 100,000, in
``stadt-kassel``). Results: ``bench/results/reports-latest.json`` and a dated copy, with the load
average before and after (the machine may be shared).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def measure(function: Callable[[], object], repeat: int) -> dict[str, float]:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    return {
        "runs": repeat,
        "median_ms": round(statistics.median(timings), 1),
        "p95_ms": round(timings[min(len(timings) - 1, int(len(timings) * 0.95))], 1),
        "max_ms": round(timings[-1], 1),
    }


def once(function: Callable[[], object]) -> float:
    start = time.perf_counter()
    function()
    return round((time.perf_counter() - start) * 1000, 1)


def page_of(region: object) -> Callable[[], object]:
    """The staff page /staff/berichte/ with district × language: form, table and SVG chart, as a
    signed-in administrator gets it (Django's test client, in this process)."""
    from django.test import Client

    from wegweiser.accounts.models import User

    user, _created = User.objects.get_or_create(
        email="bench-reports@example.org", defaults={"is_superuser": True, "is_staff": True}
    )
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    query = {"region": region.slug, "rows": "district", "cols": "language"}  # type: ignore[attr-defined]

    def get() -> None:
        response = client.get("/staff/berichte/", query)
        assert response.status_code == 200, response.status_code

    get()  # the page's first request loads the templates
    return get


def ensure_database(url: str) -> None:
    """Create the database named in ``url`` when it does not exist (as the URL's user, through the
    maintenance database ``postgres``)."""
    import re
    from urllib.parse import urlsplit, urlunsplit

    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not re.fullmatch(r"[a-z0-9_]+", name):
        raise SystemExit(f"Datenbankname {name!r}: nur a–z, 0–9 und _.")
    maintenance = urlunsplit(parts._replace(path="/postgres", query=""))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            sys.stdout.write(f"Datenbank {name} angelegt.\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--allow-any-database", action="store_true")
    parser.add_argument("--council-count", type=int, default=50_000)
    parser.add_argument("--crosstab-count", type=int, default=100_000)
    arguments = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        raise SystemExit("DATABASE_URL muss eine PostgreSQL-Datenbank nennen.")
    name = url.rsplit("/", 1)[-1]
    if not arguments.allow_any_database and "bench" not in name and "reports" not in name:
        raise SystemExit(f"Datenbank {name!r}: Name ohne 'bench'/'reports' (--allow-any-database).")
    ensure_database(url)
    os.environ.setdefault("WEGWEISER_DEBUG", "1")
    os.environ.setdefault("WEGWEISER_LOG_LEVEL", "warning")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wegweiser.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from wegweiser.directory.models import Region
    from wegweiser.reports import council, sources
    from wegweiser.reports.engine import offers_report

    results: dict[str, object] = {
        "python": platform.python_version(),
        "database": connection.vendor,
        "cpus": os.cpu_count(),
        "time": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "load_average_1m_before": round(os.getloadavg()[0], 2),
    }
    call_command("migrate", verbosity=0)
    call_command("load_demo", reference_only=True, verbosity=0)
    region = Region.objects.get(slug="stadt-kassel")

    def generate(count: int) -> None:
        call_command("generate_offers", count=count, seed=1, region="stadt-kassel", verbosity=0)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")

    # --- council report over 50,000 offers --------------------------------------------------
    generate(arguments.council_count)
    sources.clear_cache()
    count = offers_report(region, "area").total
    results["council_offers"] = count

    def council_pdf() -> None:
        council.render_file(council.build(region), "pdf")

    def council_xlsx() -> None:
        council.render_file(council.build(region, with_charts=False), "xlsx")

    results["council_pdf_cold_ms"] = once(council_pdf)
    results["council_pdf"] = measure(council_pdf, repeat=3)
    results["council_xlsx"] = measure(council_xlsx, repeat=3)
    results["council_pdf_and_xlsx_median_ms"] = round(
        results["council_pdf"]["median_ms"] + results["council_xlsx"]["median_ms"],  # type: ignore[index]
        1,
    )

    # --- district × language over 100,000 offers --------------------------------------------
    generate(arguments.crosstab_count)
    sources.clear_cache()

    def district_by_language() -> None:
        table = offers_report(region, "district", "language")
        assert table.sum_cells >= table.total

    results["crosstab_offers"] = offers_report(region, "area").total
    sources.clear_cache()
    results["district_by_language_cold_ms"] = once(district_by_language)
    results["district_by_language_warm"] = measure(district_by_language, repeat=30)
    filtered = {"gender": ["frauen"], "age_group": ["erwachsene"]}
    results["district_by_language_filtered_warm"] = measure(
        lambda: offers_report(region, "district", "language", filters=filtered), repeat=30
    )
    results["district_by_language_page_warm"] = measure(page_of(region), repeat=30)
    results["load_average_1m_after"] = round(os.getloadavg()[0], 2)

    RESULTS.mkdir(parents=True, exist_ok=True)
    text = json.dumps(results, indent=2) + "\n"
    (RESULTS / "reports-latest.json").write_text(text, encoding="utf-8")
    (RESULTS / f"reports-{time.strftime('%Y-%m-%d')}.json").write_text(text, encoding="utf-8")
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
