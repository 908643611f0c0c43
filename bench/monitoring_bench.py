"""Benchmark of the integration monitoring: the whole run on 1,000,000 and 10,000,000 residents.

Targets (issue 6, Quality): ``wegweiser monitoring_run`` (validate, derive, indicators,
segregation, suppression, the published table written) on 1,000,000 residents in at most 8 s,
on 10,000,000 in at most 90 s with a peak memory of at most 4 GB, on 2 cores; next to it the
floor, a bare DuckDB scan of the same file (every column read once, 2 threads), and the aim of
the whole run within 5× of it.

Each measurement runs in a child process of its own; its wall time and peak resident memory
(``os.wait4``) are recorded, with the load average before and after (the machine may be shared:
a run under load is indicative only). The extracts are generated once into ``--directory``
(default ``var/bench/monitoring``, never into git): 1,000,000 residents with
``generate_register`` (seed 1, stichtag 2024-12-31, CSV), and 10,000,000 as ten copies of that
city with distinct pids (parent links kept within each copy), written by DuckDB, since the
generator holds its whole population in memory. The run uses a SQLite database with the
reference data in the same directory. Results: ``bench/results/monitoring-latest.json`` and
``bench/results/monitoring-<date>.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
WEGWEISER = Path(sys.executable).with_name("wegweiser")
TARGETS = {1_000_000: {"seconds": 8.0}, 10_000_000: {"seconds": 90.0, "peak_rss_mb": 4096.0}}
FLOOR_FACTOR = 5.0

SCAN = """
import duckdb, sys
con = duckdb.connect(config={"threads": 2, "memory_limit": "2.5GB"})
columns = [row[0] for row in con.execute(
    "DESCRIBE SELECT * FROM read_csv(?, header = true, all_varchar = true)", [sys.argv[1]]
).fetchall()]
counts = ", ".join(f'count("{c}")' for c in columns)
print(con.execute(
    f"SELECT count(*), {counts} FROM read_csv(?, header = true, all_varchar = true)",
    [sys.argv[1]],
).fetchone()[0])
"""

REPLICATE = """
import duckdb, sys
source, target, copies = sys.argv[1], sys.argv[2], int(sys.argv[3])
con = duckdb.connect(config={"threads": 2, "memory_limit": "2.5GB"})
columns = [row[0] for row in con.execute(
    "DESCRIBE SELECT * FROM read_csv(?, header = true, all_varchar = true)", [source]
).fetchall()]
renamed = {"pid", "mutter_pid", "vater_pid"}
select = ", ".join(
    f"CASE WHEN \\"{c}\\" IS NULL THEN NULL ELSE 'R' || k || '-' || \\"{c}\\" END AS \\"{c}\\""
    if c in renamed else f'"{c}"'
    for c in columns
)
con.execute(
    f"COPY (SELECT {select} FROM range({copies}) AS r(k), "
    f"read_csv(?, header = true, all_varchar = true) ORDER BY k) TO '{target}' (FORMAT csv, HEADER true)",
    [source],
)
"""


def child(command: list[str], env: dict[str, str]) -> dict[str, float]:
    """Run the command as a child process; its wall time and peak resident memory."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    out, err = process.stdout.read(), process.stderr.read()  # type: ignore[union-attr]
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{out.decode()}\n{err.decode()}")
    return {"seconds": round(seconds, 2), "peak_rss_mb": round(usage.ru_maxrss / 1024, 1)}


def prepare(directory: Path, env: dict[str, str]) -> dict[int, Path]:
    directory.mkdir(parents=True, exist_ok=True)
    database = directory / "bench.sqlite3"
    if not database.exists():
        subprocess.run([str(WEGWEISER), "migrate", "--no-input"], env=env, check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip
        subprocess.run([str(WEGWEISER), "load_demo", "--reference-only"], env=env, check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip
    one = directory / "register-1000000-seed1-2024-12-31.csv"
    ten = directory / "register-10000000-seed1-2024-12-31.csv"
    generation: dict[str, float] = {}
    if not one.exists():
        generation["generate_1000000"] = child(
            [str(WEGWEISER), "generate_register", "--residents", "1000000", "--stichtag",
             "2024-12-31", "--seed", "1", "--output", str(one)], env,
        )["seconds"]  # fmt: skip
    if not ten.exists():
        generation["replicate_10000000"] = child(
            [sys.executable, "-c", REPLICATE, str(one), str(ten), "10"], env
        )["seconds"]
    if generation:
        print("Eingaben erzeugt:", generation)
    return {1_000_000: one, 10_000_000: ten}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--directory", type=Path, default=ROOT / "var" / "bench" / "monitoring")
    parser.add_argument("--sizes", default="1000000,10000000", help="Komma-getrennt")
    arguments = parser.parse_args()
    directory: Path = arguments.directory.resolve()
    env = {
        **os.environ,
        "WEGWEISER_DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{directory / 'bench.sqlite3'}",
        "WEGWEISER_VAR_DIR": str(directory / "var"),
    }
    files = prepare(directory, env)
    load_before = os.getloadavg()
    runs = []
    for size in (int(s) for s in arguments.sizes.split(",")):
        path = files[size]
        scan = child([sys.executable, "-c", SCAN, str(path)], env)
        out = directory / f"indikatoren-{size}.csv"
        run = child(
            [str(WEGWEISER), "monitoring_run", str(path), "--indicators-out", str(out)], env
        )
        target = TARGETS.get(size, {})
        entry = {
            "residents": size,
            "file": path.name,
            "file_mb": round(path.stat().st_size / 1024 / 1024, 1),
            "bare_scan": scan,
            "whole_run": run,
            "ratio_to_scan": round(run["seconds"] / scan["seconds"], 2),
            "targets": {**target, "ratio_to_scan": FLOOR_FACTOR},
            "met": {
                "seconds": run["seconds"] <= target.get("seconds", float("inf")),
                "peak_rss_mb": run["peak_rss_mb"] <= target.get("peak_rss_mb", float("inf")),
                "ratio_to_scan": run["seconds"] <= FLOOR_FACTOR * scan["seconds"],
            },
        }
        runs.append(entry)
        print(json.dumps(entry, ensure_ascii=False))
    result = {
        "benchmark": "monitoring",
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform()},
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "note": "Die Maschine ist geteilt: unter Last gemessene Zeiten sind nur Anhaltswerte.",
        "runs": runs,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    text = json.dumps(result, indent=2, ensure_ascii=False) + "\n"
    (RESULTS / "monitoring-latest.json").write_text(text, encoding="utf-8")
    (RESULTS / f"monitoring-{dt.datetime.now(dt.UTC).date().isoformat()}.json").write_text(
        text, encoding="utf-8"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
