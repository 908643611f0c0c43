"""Benchmarks of Wegweiser: writes bench/results/latest.json and a dated copy.

Runs against a fresh SQLite database in a temporary folder (or ``DATABASE_URL`` when given), so
that it never touches the demo database. Each figure is the median (and p95) of repeated runs.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import sys
import tempfile
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
        "median_ms": round(statistics.median(timings), 2),
        "p95_ms": round(timings[min(len(timings) - 1, int(len(timings) * 0.95))], 2),
    }


def main() -> int:
    workdir = tempfile.mkdtemp(prefix="wegweiser-bench-")
    os.environ.setdefault("WEGWEISER_DEBUG", "1")
    os.environ.setdefault("WEGWEISER_LOG_LEVEL", "warning")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wegweiser.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from wegweiser.directory import demo

    call_command("migrate", verbosity=0)
    results: dict[str, object] = {
        "python": platform.python_version(),
        "database": connection.vendor,
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "time": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    start = time.perf_counter()
    demo.load()
    results["load_demo_first_run_ms"] = round((time.perf_counter() - start) * 1000, 1)
    results["load_demo_again"] = measure(demo.load, repeat=3)

    client = Client(HTTP_HOST="127.0.0.1")

    def home_page() -> None:
        response = client.get("/de/")
        if response.status_code != 200:
            raise SystemExit(f"home page answered {response.status_code}")

    home_page()
    results["home_page"] = measure(home_page, repeat=200)
    with CaptureQueriesContext(connection) as queries:
        client.get("/de/")
    results["home_page_queries"] = len(queries.captured_queries)

    RESULTS.mkdir(parents=True, exist_ok=True)
    text = json.dumps(results, indent=2) + "\n"
    (RESULTS / "latest.json").write_text(text, encoding="utf-8")
    (RESULTS / f"{time.strftime('%Y-%m-%d')}-{connection.vendor}.json").write_text(
        text, encoding="utf-8"
    )
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
