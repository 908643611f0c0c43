"""The load run of the search page: gunicorn on loopback, PostgreSQL, 100,000 synthetic offers.

1. Database: ``--database-url``, else ``DATABASE_URL`` when it is PostgreSQL, else the local
   cluster's database ``wegweiser_bench`` (role and database created through
   ``runuser -u postgres -- psql`` when missing, a fresh random password each run). Migrate, load
   the reference data and, unless the marker table says they are there, generate the synthetic
   offers (``wegweiser generate_offers --count 100000 --seed 1``); then ``VACUUM ANALYZE``.
2. gunicorn in production mode (``WEGWEISER_DEBUG=0``, a random ``SECRET_KEY``,
   ``ALLOWED_HOSTS=127.0.0.1``) on 127.0.0.1 and a free port: 2 workers × 4 threads (gthread).
3. After a warm-up with 200 other searches: open loop, 16 simulated users, each waiting 1 s
   after every answer, through the seeded mix of distinct searches (``bench/queries.py``), each
   search once (bounded in time), so the words of the mix meet a server that has not matched
   them yet. Closed loop: 16 connections without waiting, the same mix over and over, for a
   fixed time. Serial, last: one connection without waiting, the mix once more (the service
   time of a warm search without any queue). Python threads with ``http.client`` keep-alive
   connections; any answer but 200 is an error.
4. Where the time goes: a few sample searches in-process with ``CaptureQueriesContext`` (number
   and time of the queries, each once cold and then warm), and ``EXPLAIN (ANALYZE, BUFFERS)`` of
   the cold text match of one word and of the slowest warm query against the bench database.

Results: ``bench/results/search-load-<date>.json``, ``search-load-latest.json`` and the plans
``search-load-<date>-explain-*.txt`` (and ``-latest-``). Traffic goes to 127.0.0.1 only.

    .venv/bin/python bench/load.py [--duration 60] [--users 16] [--count 100000] …
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import http.client
import itertools
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
from queries import Search, search_mix

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
PG_PORT = 5432
BENCH_NAME = "wegweiser_bench"
STATIC_ROOT = Path(tempfile.gettempdir()) / "wegweiser-bench-static"
MARKER_TABLE = "wegweiser_bench_marker"
TARGET_P95_MS = 50.0
# What the synthetic data depends on: a change to one of them generates the data again.
GENERATOR_SOURCES = [
    ROOT / "src/wegweiser/directory/synthetic.py",
    ROOT / "src/wegweiser/directory/search/index.py",
    ROOT / "src/wegweiser/directory/search/text.py",
]
# Searches profiled in-process: browsing, a common word, a synonym, a typo, facets, paging.
SAMPLES = [
    "/de/angebote/",
    "/de/angebote/?q=Beratung",
    "/de/angebote/?q=Deutschkurs",
    "/de/angebote/?q=Integratonskurs",
    "/de/angebote/?q=Hausaufgabenhilfe&region=stadt-kassel&district=11",
    "/de/angebote/?q=Frauencaf%C3%A9&language=ar&age=erwachsene&free=1",
    "/de/angebote/?area=sprachfoerderung&language=uk&sort=verified",
    "/de/angebote/?q=Sprachkurs+A1&page=2",
]


STARTED = time.monotonic()


def say(message: str) -> None:
    sys.stdout.write(f"[{time.monotonic() - STARTED:6.0f} s] {message}\n")
    sys.stdout.flush()


class BenchError(Exception):
    """The run cannot go on; the message says why (German, like the product's messages)."""


# --- Database ------------------------------------------------------------------------------------


def _as_postgres(sql: str, database: str = "postgres") -> str:
    """Run ``sql`` as the ``postgres`` superuser over the local socket (peer authentication)."""
    if os.geteuid() != 0 or shutil.which("runuser") is None:
        raise BenchError(
            "Ohne DATABASE_URL legt bench/load.py die Datenbank als root über "
            "`runuser -u postgres -- psql` an; als root ausführen oder DATABASE_URL=postgres://… "
            "setzen."
        )
    completed = subprocess.run(
        [
            "runuser",
            "-u",
            "postgres",
            "--",
            "psql",
            "-X",
            "-q",
            "-At",
            "-v",
            "ON_ERROR_STOP=1",
            "-d",
            database,
        ],
        input=sql,
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise BenchError(f"psql als postgres fehlgeschlagen: {completed.stderr.strip()}")
    return completed.stdout


def _pg_ready() -> bool:
    with contextlib.suppress(OSError), socket.create_connection((HOST, PG_PORT), timeout=2):
        return True
    return False


def local_database_url(reset: bool) -> str:
    """The local cluster's bench database, created when missing; a fresh password each run."""
    if not _pg_ready():
        versions = sorted(Path("/etc/postgresql").glob("*"), key=lambda p: p.name)
        if not versions or shutil.which("pg_ctlcluster") is None:
            raise BenchError("PostgreSQL läuft nicht auf 127.0.0.1:5432 und ist nicht installiert.")
        say(f"PostgreSQL läuft nicht; starte Cluster {versions[-1].name}/main.")
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", versions[-1].name, "main", "start"],
            check=False,
        )
        for _ in range(30):
            if _pg_ready():
                break
            time.sleep(1)
        else:
            raise BenchError("PostgreSQL startet nicht.")
    password = secrets.token_hex(16)
    drop = f"DROP DATABASE IF EXISTS {BENCH_NAME} WITH (FORCE);\n" if reset else ""
    # Constant names and a random hex password: nothing from outside goes into this SQL.
    script = f"""
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{BENCH_NAME}') THEN
    CREATE ROLE {BENCH_NAME} LOGIN PASSWORD '{password}';
  ELSE
    ALTER ROLE {BENCH_NAME} LOGIN PASSWORD '{password}';
  END IF;
END
$$;
{drop}SELECT 'CREATE DATABASE {BENCH_NAME} OWNER {BENCH_NAME}'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '{BENCH_NAME}')
\\gexec
"""  # noqa: S608
    _as_postgres(script)
    return f"postgres://{BENCH_NAME}:{password}@{HOST}:{PG_PORT}/{BENCH_NAME}"


def database_url(options: argparse.Namespace) -> str:
    url = options.database_url or os.environ.get("DATABASE_URL", "")
    if url and not url.startswith(("postgres://", "postgresql://")):
        say(f"DATABASE_URL ist nicht PostgreSQL ({url.split(':')[0]}); nehme {BENCH_NAME}.")
        url = ""
    if not url:
        return local_database_url(options.reset)
    name = urlsplit(url).path.lstrip("/")
    if "bench" not in name and not options.allow_any_database:
        raise BenchError(
            f"Die Datenbank {name!r} heißt nicht *bench*: bench/load.py schreibt "
            f"{options.count} synthetische Angebote hinein. Eine Bench-Datenbank angeben oder "
            "--allow-any-database."
        )
    return url


def redacted(url: str) -> str:
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    user = f"{parts.username}@" if parts.username else ""
    return f"{parts.scheme}://{user}{host}{port}{parts.path}"


def connect(url: str) -> Any:
    import psycopg

    return psycopg.connect(url.replace("postgres://", "postgresql://", 1), autocommit=True)


def server_environment(url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": url,
        "WEGWEISER_DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "0",
        "WEGWEISER_PLAIN_STATIC": "1",
        "WEGWEISER_LOG_LEVEL": "warning",
        # Benchmarks measure the server, not the API's per-client rate limit.
        "WEGWEISER_API_RATE_LIMIT": "0",
        "DJANGO_SETTINGS_MODULE": "wegweiser.settings",
        "PYTHONUNBUFFERED": "1",
        # Nothing collected: the load run asks for pages, never for static files.
        "WEGWEISER_STATIC_ROOT": str(STATIC_ROOT),
    }


def wegweiser(env: dict[str, str], *args: str) -> None:
    command = [str(BIN / "wegweiser"), *args]
    say("$ wegweiser " + " ".join(args))
    completed = subprocess.run(command, env=env, cwd=ROOT, check=False)
    if completed.returncode != 0:
        raise BenchError(f"`wegweiser {' '.join(args)}` endete mit {completed.returncode}.")


def generator_version() -> str:
    digest = hashlib.sha256()
    for path in GENERATOR_SOURCES:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def prepare_database(url: str, env: dict[str, str], options: argparse.Namespace) -> dict[str, Any]:
    wegweiser(env, "migrate", "--no-input", "-v", "0")
    wegweiser(env, "load_demo", "--reference-only")
    wanted = json.dumps(
        {"count": options.count, "seed": options.seed, "generator": generator_version()},
        sort_keys=True,
    )
    with connect(url) as db:
        db.execute(
            f"CREATE TABLE IF NOT EXISTS {MARKER_TABLE} (name text PRIMARY KEY, value text NOT NULL)"
        )
        row = db.execute(f"SELECT value FROM {MARKER_TABLE} WHERE name = 'synthetic'").fetchone()  # noqa: S608
        present = db.execute(
            "SELECT count(*) FROM directory_offer WHERE external_id LIKE %s "
            "AND status = 'published'",
            ["synthetic-%"],
        ).fetchone()[0]
    info: dict[str, Any] = {"offers": options.count, "seed": options.seed}
    if row and row[0] == wanted and present == options.count:
        say(f"{present} synthetische Angebote sind schon da (Marker {MARKER_TABLE}).")
        info["generated_now"] = False
    else:
        start = time.perf_counter()
        wegweiser(
            env, "generate_offers", "--count", str(options.count), "--seed", str(options.seed)
        )
        info["generated_now"] = True
        info["generate_seconds"] = round(time.perf_counter() - start, 1)
        with connect(url) as db:
            db.execute(
                f"INSERT INTO {MARKER_TABLE} (name, value) VALUES ('synthetic', %s) "  # noqa: S608
                "ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value",
                [wanted],
            )
    say("VACUUM ANALYZE")
    with connect(url) as db:
        db.execute("VACUUM ANALYZE")
        info["published_offers"] = db.execute(
            "SELECT count(*) FROM directory_offer WHERE status = 'published'"
        ).fetchone()[0]
        info["search_documents"] = db.execute(
            "SELECT count(*) FROM directory_offersearchdocument"
        ).fetchone()[0]
        info["search_words"] = db.execute("SELECT count(*) FROM directory_searchword").fetchone()[0]
        info["database_size_mb"] = round(
            db.execute("SELECT pg_database_size(current_database())").fetchone()[0] / 2**20, 1
        )
        info["postgresql"] = db.execute("SHOW server_version").fetchone()[0]
        info["postgresql_settings"] = {
            name: db.execute(f"SHOW {name}").fetchone()[0]
            for name in ("shared_buffers", "work_mem", "effective_cache_size", "jit")
        }
    return info


# --- gunicorn ------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    port: int
    log: Path
    settings: dict[str, Any]

    def stop(self) -> None:
        if self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


@contextlib.contextmanager
def gunicorn(env: dict[str, str], options: argparse.Namespace, log: Path) -> Iterator[Server]:
    port = free_port()
    settings = {
        "workers": options.workers,
        "threads": options.threads,
        "worker_class": "gthread",
        "keep_alive_s": 5,
        "bind": f"{HOST}:{port}",
    }
    command = [
        str(BIN / "gunicorn"),
        "wegweiser.wsgi:application",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(options.workers),
        "--threads",
        str(options.threads),
        "--worker-class",
        "gthread",
        "--keep-alive",
        "5",
        "--timeout",
        "60",
        "--graceful-timeout",
        "10",
        "--log-level",
        "warning",
        "--error-logfile",
        str(log),
    ]
    say(f"gunicorn auf {HOST}:{port}: {options.workers} Worker × {options.threads} Threads")
    with log.open("ab") as output:
        process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=output, stderr=output)
    server = Server(process, port, log, settings)
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise BenchError(f"gunicorn beendet sich (Code {process.returncode}), siehe {log}.")
            with contextlib.suppress(OSError, http.client.HTTPException):
                connection = http.client.HTTPConnection(HOST, port, timeout=5)
                connection.request("GET", "/de/angebote/?q=Deutschkurs")
                response = connection.getresponse()
                response.read()
                connection.close()
                if response.status == 200:
                    break
                raise BenchError(f"gunicorn antwortet {response.status} auf die Suche.")
            if time.monotonic() > deadline:
                raise BenchError("gunicorn antwortet nach 60 s noch nicht.")
            time.sleep(0.25)
        yield server
    finally:
        server.stop()


# --- Load ----------------------------------------------------------------------------------------


@dataclass
class Sample:
    search: Search
    started: float
    ms: float
    status: int  # 0: no answer (connection error)
    size: int
    results: int | None  # the number of offers found, as the page says


RESULTS_HEADING = re.compile(rb'id="results-heading">\s*(\d+)')


def result_size(results: int | None) -> str:
    if results is None:
        return "unknown"
    for limit in (0, 100, 1_000, 10_000):
        if results <= limit:
            return f"≤ {limit:,}".replace(",", ".")
    return "> 10.000"


@dataclass
class Connection:
    port: int
    reconnects: int = 0
    _connection: http.client.HTTPConnection | None = None

    def get(self, url: str) -> tuple[int, int, int | None]:
        """Status, body size and number of results of GET ``url``; one retry when the
        kept-alive socket was closed."""
        for attempt in range(2):
            if self._connection is None:
                self._connection = http.client.HTTPConnection(HOST, self.port, timeout=120)
            try:
                self._connection.request(
                    "GET", url, headers={"Accept-Language": "de", "User-Agent": "wegweiser-bench"}
                )
                response = self._connection.getresponse()
                body = response.read()
                if response.will_close:
                    self.close()
                found = RESULTS_HEADING.search(body)
                return response.status, len(body), int(found.group(1)) if found else None
            except (ConnectionError, http.client.HTTPException, TimeoutError, OSError):
                self.close()
                self.reconnects += 1
                if attempt == 1:
                    return 0, 0, None
        return 0, 0, None

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


@dataclass
class RunResult:
    name: str
    samples: list[Sample]
    seconds: float
    reconnects: int
    settings: dict[str, Any] = field(default_factory=dict)


def run_load(
    name: str,
    port: int,
    searches: Sequence[Search],
    *,
    users: int,
    think: float,
    duration: float,
    each_once: bool,
) -> RunResult:
    """``users`` threads with one keep-alive connection each.

    ``each_once``: every search of the mix is requested once, then the run ends (``duration``
    is only a bound); otherwise the mix repeats until ``duration`` is over.
    """
    lock = threading.Lock()
    source: Iterator[Search] = iter(searches) if each_once else itertools.cycle(searches)
    samples: list[Sample] = []
    connections = [Connection(port) for _ in range(users)]
    start = time.perf_counter()
    end = start + duration

    def user(number: int) -> None:
        connection = connections[number]
        # Users start spread over the first think time, as people would arrive.
        time.sleep(think * number / users if think else 0)
        while time.perf_counter() < end:
            with lock:
                search = next(source, None)
            if search is None:
                break
            began = time.perf_counter()
            status, size, found = connection.get(search.url)
            elapsed = (time.perf_counter() - began) * 1000
            with lock:
                samples.append(Sample(search, began - start, elapsed, status, size, found))
            if think:
                time.sleep(think)
        connection.close()

    threads = [threading.Thread(target=user, args=(n,), daemon=True) for n in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=duration + 120)
    seconds = time.perf_counter() - start
    return RunResult(
        name,
        samples,
        seconds,
        sum(c.reconnects for c in connections),
        {
            "users": users,
            "think_s": think,
            "duration_limit_s": duration,
            "each_once": each_once,
            "mix_size": len(searches),
        },
    )


def percentiles(values: Sequence[float]) -> dict[str, float]:
    if not values:
        return {}
    ordered = sorted(values)
    if len(ordered) == 1:
        cuts = [ordered[0]] * 99
    else:
        cuts = statistics.quantiles(ordered, n=100, method="inclusive")
    return {
        "p50_ms": round(cuts[49], 1),
        "p95_ms": round(cuts[94], 1),
        "p99_ms": round(cuts[98], 1),
        "mean_ms": round(statistics.fmean(ordered), 1),
        "max_ms": round(ordered[-1], 1),
    }


def _group(samples: Sequence[Sample], key: Callable[[Sample], str]) -> dict[str, dict[str, Any]]:
    groups: dict[str, list[float]] = {}
    for sample in samples:
        groups.setdefault(key(sample), []).append(sample.ms)
    return {
        name: {"requests": len(values), **percentiles(values)}
        for name, values in sorted(groups.items())
    }


def _sort_of(search: Search) -> str:
    match = re.search(r"[?&]sort=(\w+)", search.url)
    return match.group(1) if match else "relevance"


def summarize(result: RunResult) -> dict[str, Any]:
    samples = result.samples
    ok = [s for s in samples if s.status == 200]
    errors: dict[str, int] = {}
    for sample in samples:
        if sample.status != 200:
            errors[str(sample.status)] = errors.get(str(sample.status), 0) + 1
    summary: dict[str, Any] = {
        **result.settings,
        "requests": len(samples),
        "distinct_searches": len({s.search.url for s in samples}),
        "seconds": round(result.seconds, 1),
        "requests_per_s": round(len(samples) / result.seconds, 1) if result.seconds else 0,
        "errors": len(samples) - len(ok),
        "error_statuses": errors,
        "reconnects": result.reconnects,
        "mean_response_kb": round(statistics.fmean(s.size for s in ok) / 1024, 1) if ok else 0,
        **percentiles([s.ms for s in samples]),
    }
    summary["breakdown"] = {
        "by_words": _group(
            samples, lambda s: f"{s.search.words} words" if s.search.words else "no text"
        ),
        "by_facets": _group(samples, lambda s: f"{s.search.facets} facets"),
        "by_typo": _group(samples, lambda s: "with typo" if s.search.typo else "no typo"),
        "by_sort": _group(samples, lambda s: _sort_of(s.search)),
        "by_page": _group(samples, lambda s: "page 2" if "page=2" in s.search.url else "page 1"),
        "by_results": _group(samples, lambda s: f"results {result_size(s.results)}"),
    }
    by_word: dict[str, list[float]] = {}
    for sample in samples:
        query = re.search(r"[?&]q=([^&]*)", sample.search.url)
        for word in unquote(query.group(1).replace("+", " ")).split() if query else ["(none)"]:
            by_word.setdefault(word, []).append(sample.ms)
    slow_words = sorted(
        ((word, statistics.median(values), len(values)) for word, values in by_word.items()),
        key=lambda item: -item[1],
    )
    summary["slowest_words_by_median"] = [
        {"word": word, "median_ms": round(ms, 1), "requests": count}
        for word, ms, count in slow_words[:15]
    ]
    summary["slowest_requests"] = [
        {
            "ms": round(s.ms, 1),
            "status": s.status,
            "results": s.results,
            "category": s.search.category,
            "url": s.search.url,
        }
        for s in sorted(samples, key=lambda s: -s.ms)[:15]
    ]
    return summary


# --- Where the time goes -------------------------------------------------------------------------


@dataclass
class Query:
    ms: float
    what: str
    sql: str


def _label(sql: str) -> str:
    """What a query of the results page does, for the breakdown."""
    text = " ".join(sql.lower().split())
    with_text = " + text match" if "to_tsquery" in text else ""
    if "directory_offersearchdocument" in text and "to_tsquery" in text:
        return "text match (one group of words)"
    if text.startswith("set local"):
        return "planner setting of the text match"
    if "directory_searchgeneration" in text:
        return "search data generation"
    if "similarity(" in text:
        return "similar words (pg_trgm)"
    if "directory_searchword" in text:
        return "word known? (prefix)"
    if text.startswith("select count("):
        return f"count{with_text}"
    if "count(" in text and "group by" in text:
        column = re.search(r"^select ([\w\".]+)", text)
        name = column.group(1).replace('"', "") if column else "?"
        return f"facet counts by {name}{with_text}"
    if "count(" in text:
        return f"count{with_text}"
    if "_prefetch_related_val" in text or re.search(r"where \S+ in \(\d", text):
        table = re.search(r'from "(\w+)"', text)
        return f"load {table.group(1) if table else '?'}"
    table = re.search(r'from "(\w+)"', text)
    return f"select {table.group(1) if table else '?'}{with_text}"


def profile_in_process(env: dict[str, str]) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """Run the sample searches through Django's test client and capture their queries.

    Each sample is run once "cold" (the catalog's kept matches of words cleared, as after any
    change of the data: the text match goes to the database) and then warm (the words' matches
    are kept for the current generation of the data; see docs/search.md). Returns the profile
    and the SQL of the cold text match of ``?q=Beratung`` and of the slowest query.
    """
    os.environ.update(env)
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from wegweiser.directory.search import catalog

    client = Client(HTTP_HOST=HOST, HTTP_ACCEPT_LANGUAGE="de")
    profile: list[dict[str, Any]] = []
    explain_sql: dict[str, str] = {}
    client.get("/de/angebote/")  # builds the catalog, opens the connection
    for url in SAMPLES:
        shelf = catalog.current()
        shelf.terms.clear()
        shelf.words.clear()
        with CaptureQueriesContext(connection) as cold:
            began = time.perf_counter()
            client.get(url)
            cold_ms = (time.perf_counter() - began) * 1000
        cold_queries = [
            Query(round(float(q["time"]) * 1000, 2), _label(q["sql"]), q["sql"])
            for q in cold.captured_queries
        ]
        timings = []
        for _ in range(3):
            began = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - began) * 1000)
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            response = client.get(url)
            total = (time.perf_counter() - began) * 1000
        queries = [
            Query(round(float(q["time"]) * 1000, 2), _label(q["sql"]), q["sql"])
            for q in captured.captured_queries
        ]
        db_ms = sum(q.ms for q in queries)
        by_what: dict[str, dict[str, float]] = {}
        for query in queries:
            entry = by_what.setdefault(query.what, {"queries": 0, "ms": 0.0})
            entry["queries"] += 1
            entry["ms"] = round(entry["ms"] + query.ms, 2)
        profile.append(
            {
                "url": url,
                "status": response.status_code,
                "cold_ms": round(cold_ms, 1),
                "cold_queries": len(cold_queries),
                "cold_db_ms": round(sum(q.ms for q in cold_queries), 1),
                "cold_slowest_queries": [
                    {"ms": q.ms, "what": q.what, "sql": q.sql[:600]}
                    for q in sorted(cold_queries, key=lambda q: -q.ms)[:3]
                ],
                "median_of_3_ms": round(statistics.median(timings), 1),
                "captured_request_ms": round(total, 1),
                "queries": len(queries),
                "db_ms": round(db_ms, 1),
                "python_ms": round(total - db_ms, 1),
                "by_kind": dict(sorted(by_what.items(), key=lambda item: -item[1]["ms"])),
                "slowest_queries": [
                    {"ms": q.ms, "what": q.what, "sql": q.sql[:600]}
                    for q in sorted(queries, key=lambda q: -q.ms)[:5]
                ],
            }
        )
        if url == "/de/angebote/?q=Beratung":
            for query in cold_queries:
                if query.what.startswith("text match"):
                    explain_sql.setdefault("text_search", query.sql)
            slowest = max(queries, key=lambda q: q.ms)
            if slowest.sql not in explain_sql.values():
                explain_sql["slowest_warm"] = slowest.sql
    connection.close()
    return profile, explain_sql


def _exclusive_times(plan: dict[str, Any], out: list[dict[str, Any]]) -> None:
    children = plan.get("Plans", [])
    total = plan.get("Actual Total Time", 0.0) * plan.get("Actual Loops", 1)
    inner = sum(c.get("Actual Total Time", 0.0) * c.get("Actual Loops", 1) for c in children)
    out.append(
        {
            "node": plan.get("Node Type"),
            "relation": plan.get("Relation Name") or plan.get("Index Name") or "",
            "exclusive_ms": round(max(total - inner, 0.0), 2),
            "rows": plan.get("Actual Rows", 0) * plan.get("Actual Loops", 1),
        }
    )
    for child in children:
        _exclusive_times(child, out)


def explain(url: str, statements: dict[str, str], stamp: str) -> dict[str, Any]:
    results: dict[str, Any] = {}
    with connect(url) as db:
        for name, sql in statements.items():
            # As the search runs it (directory.search.backends.PostgresBackend.match).
            setting = "off" if name == "text_search" else "on"
            db.execute(f"SET enable_seqscan = {setting}")
            text_plan = "\n".join(
                row[0] for row in db.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}").fetchall()
            )
            json_plan = db.execute(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {sql}").fetchone()[0]
            root = json_plan[0]
            nodes: list[dict[str, Any]] = []
            _exclusive_times(root["Plan"], nodes)
            nodes.sort(key=lambda node: -node["exclusive_ms"])
            document = f"-- {name}\n{sql}\n\n{text_plan}\n"
            for suffix in (stamp, "latest"):
                (RESULTS / f"search-load-{suffix}-explain-{name}.txt").write_text(
                    document, encoding="utf-8"
                )
            results[name] = {
                "file": f"bench/results/search-load-{stamp}-explain-{name}.txt",
                "execution_ms": round(root.get("Execution Time", 0.0), 2),
                "planning_ms": round(root.get("Planning Time", 0.0), 2),
                "top_nodes": nodes[:6],
            }
    return results


# --- Main ----------------------------------------------------------------------------------------


def git_commit() -> str:
    head = ROOT / ".git" / "HEAD"
    with contextlib.suppress(OSError):
        ref = head.read_text().strip()
        if ref.startswith("ref: "):
            return (ROOT / ".git" / ref[5:]).read_text().strip()
        return ref
    return ""


def arguments(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--database-url", default="", help="PostgreSQL-URL (sonst DATABASE_URL)")
    parser.add_argument("--allow-any-database", action="store_true")
    parser.add_argument("--reset", action="store_true", help="Bench-Datenbank neu anlegen")
    parser.add_argument("--count", type=int, default=100_000, help="synthetische Angebote")
    parser.add_argument("--seed", type=int, default=1, help="Seed der Angebote")
    parser.add_argument("--searches", type=int, default=1200, help="verschiedene Suchen im Mix")
    parser.add_argument("--mix-seed", type=int, default=1)
    parser.add_argument("--users", type=int, default=16)
    parser.add_argument("--think", type=float, default=1.0, help="Wartezeit je Nutzer (s)")
    parser.add_argument(
        "--open-limit", type=float, default=300, help="Obergrenze des offenen Laufs (s)"
    )
    parser.add_argument("--duration", type=float, default=60, help="Dauer des geschlossenen Laufs")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument(
        "--serial-duration",
        type=float,
        default=120,
        help="Dauer des Laufs mit einer Verbindung (Bedienzeit ohne Warteschlange)",
    )
    parser.add_argument("--skip-closed", action="store_true")
    options = parser.parse_args(argv)
    if options.count < 1 or options.searches < 1000 or options.users < 1:
        parser.error("--count ≥ 1, --searches ≥ 1000 und --users ≥ 1")
    return options


def main(argv: Sequence[str]) -> int:
    options = arguments(argv)
    RESULTS.mkdir(parents=True, exist_ok=True)
    STATIC_ROOT.mkdir(exist_ok=True)
    stamp = time.strftime("%Y-%m-%d")
    try:
        url = database_url(options)
        env = server_environment(url)
        setup = prepare_database(url, env, options)
        searches = search_mix(options.searches, options.mix_seed)
        warmup = search_mix(200, options.mix_seed + 1000)
        log = STATIC_ROOT.parent / "wegweiser-bench-gunicorn.log"
        log.unlink(missing_ok=True)
        load_before = os.getloadavg()
        commit = git_commit()  # the code gunicorn loads
        with gunicorn(env, options, log) as server:
            say("Aufwärmen: 200 Suchen über 8 Verbindungen")
            run_load("warmup", server.port, warmup, users=8, think=0, duration=120, each_once=True)
            say(
                f"Offener Lauf: {options.users} Nutzer, {options.think} s Wartezeit, "
                f"{len(searches)} Suchen je einmal"
            )
            open_run = run_load(
                "open_loop",
                server.port,
                searches,
                users=options.users,
                think=options.think,
                duration=options.open_limit,
                each_once=True,
            )
            load_mid = os.getloadavg()
            closed_run = None
            if not options.skip_closed:
                say(
                    f"Geschlossener Lauf: {options.users} Verbindungen ohne Pause, "
                    f"{options.duration:.0f} s"
                )
                closed_run = run_load(
                    "closed_loop",
                    server.port,
                    searches[::-1],
                    users=options.users,
                    think=0,
                    duration=options.duration,
                    each_once=False,
                )
            load_after = os.getloadavg()
            # Last: it sends the open loop's searches again, which are warm by now.
            say(f"Einzeln: 1 Verbindung ohne Pause, höchstens {options.serial_duration:.0f} s")
            serial_run = run_load(
                "serial",
                server.port,
                searches,
                users=1,
                think=0,
                duration=options.serial_duration,
                each_once=True,
            )
            gunicorn_settings = server.settings
        # The load figures are written even when a diagnosis fails (say, the code changed
        # under the run); the failure is recorded instead.
        profile: list[dict[str, Any]] | dict[str, str] = []
        plans: dict[str, Any] = {}
        try:
            say("Profil einzelner Suchen im Prozess (CaptureQueriesContext)")
            profile, statements = profile_in_process(env)
            say("EXPLAIN (ANALYZE, BUFFERS)")
            plans = explain(url, statements, stamp)
        except Exception as error:  # any failure of a diagnosis is reported
            say(f"Diagnose fehlgeschlagen: {type(error).__name__}: {error}")
            failure = {"error": f"{type(error).__name__}: {error}"}
            profile = profile or failure
            plans = plans or failure
    except BenchError as error:
        sys.stderr.write(f"bench/load.py: {error}\n")
        return 1

    open_summary = summarize(open_run)
    results: dict[str, Any] = {
        "benchmark": "search-load",
        "time": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "git_commit": commit,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "load_average_1m": {
            "before": round(load_before[0], 2),
            "after_open_loop": round(load_mid[0], 2),
            "after_closed_loop": round(load_after[0], 2),
        },
        "database": {"url": redacted(url), **setup},
        "gunicorn": gunicorn_settings,
        "client": "Python threads, http.client keep-alive connections, same machine",
        "mix": {
            "distinct_searches": len(searches),
            "seed": options.mix_seed,
            "generator": "bench/queries.py",
        },
        "target": {
            "open_loop_p95_ms": TARGET_P95_MS,
            "met": bool(open_summary.get("p95_ms", 1e9) <= TARGET_P95_MS)
            and open_summary["errors"] == 0,
        },
        "serial": summarize(serial_run),
        "open_loop": open_summary,
        "closed_loop": summarize(closed_run) if closed_run else None,
        "gunicorn_log_tail": log.read_text(errors="replace").splitlines()[-20:]
        if log.exists()
        else [],
        "in_process": profile,
        "explain": plans,
    }
    text = json.dumps(results, indent=2, ensure_ascii=False) + "\n"
    (RESULTS / f"search-load-{stamp}.json").write_text(text, encoding="utf-8")
    (RESULTS / "search-load-latest.json").write_text(text, encoding="utf-8")
    for name, summary in (
        ("einzeln", results["serial"]),
        ("offen", open_summary),
        ("geschlossen", results["closed_loop"]),
    ):
        if summary:
            say(
                f"{name}: {summary['requests']} Anfragen, {summary['requests_per_s']}/s, "
                f"p50 {summary['p50_ms']} ms, p95 {summary['p95_ms']} ms, "
                f"p99 {summary['p99_ms']} ms, Fehler {summary['errors']}"
            )
    say(
        f"Ziel p95 ≤ {TARGET_P95_MS:.0f} ms (offen): {'erreicht' if results['target']['met'] else 'verfehlt'}"
    )
    say(f"Ergebnisse: bench/results/search-load-{stamp}.json")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
