"""The load run of ``GET /api/v1/offers``: the public search's mix sent to the API.

Everything as ``bench/load.py`` (gunicorn in production mode on loopback, PostgreSQL with
100,000 synthetic offers, the seeded mix of ``bench/queries.py``, 16 users waiting 1 s, then a
closed loop), only the URLs are the API's: ``/de/angebote/?q=…&area=…`` becomes
``/api/v1/offers?q=…&area=…`` (the parameters have the same names), 20 offers per page.
No response cache; the API's rate limit is off. Target: open-loop p95 ≤ 50 ms.

    .venv/bin/python bench/api_load.py --database-url postgres://…/<db with bench in its name>

Results: ``bench/results/api-load-<date>.json`` and ``api-load-latest.json``.
"""

from __future__ import annotations

import dataclasses
import json
import os
import platform
import sys
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import load
from queries import PATH, Search, search_mix

API_PATH = "/api/v1/offers"


def to_api(search: Search) -> Search:
    query = search.url.removeprefix(PATH).removeprefix("?")
    return dataclasses.replace(search, url=f"{API_PATH}?{query}" if query else API_PATH)


def main(argv: Sequence[str]) -> int:
    options = load.arguments(argv)
    load.RESULTS.mkdir(parents=True, exist_ok=True)
    load.STATIC_ROOT.mkdir(exist_ok=True)
    stamp = time.strftime("%Y-%m-%d")
    try:
        url = load.database_url(options)
        env = load.server_environment(url)
        setup = load.prepare_database(url, env, options)
        searches = [to_api(s) for s in search_mix(options.searches, options.mix_seed)]
        warmup = [to_api(s) for s in search_mix(200, options.mix_seed + 1000)]
        log = load.STATIC_ROOT.parent / "wegweiser-bench-api-gunicorn.log"
        log.unlink(missing_ok=True)
        load_before = os.getloadavg()
        with load.gunicorn(env, options, log) as server:
            load.say("Aufwärmen: 200 Anfragen über 8 Verbindungen")
            load.run_load(
                "warmup", server.port, warmup, users=8, think=0, duration=120, each_once=True
            )
            load.say(f"Offener Lauf: {options.users} Nutzer, {options.think} s Wartezeit")
            open_run = load.run_load(
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
                load.say(f"Geschlossener Lauf: {options.users} Verbindungen, {options.duration} s")
                closed_run = load.run_load(
                    "closed_loop",
                    server.port,
                    searches[::-1],
                    users=options.users,
                    think=0,
                    duration=options.duration,
                    each_once=False,
                )
            load_after = os.getloadavg()
            gunicorn_settings = server.settings
    except load.BenchError as error:
        sys.stderr.write(f"bench/api_load.py: {error}\n")
        return 1
    open_summary = load.summarize(open_run)
    results = {
        "benchmark": "api-load",
        "endpoint": API_PATH,
        "time": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "git_commit": load.git_commit(),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_average_1m": {
            "before": round(load_before[0], 2),
            "after_open_loop": round(load_mid[0], 2),
            "after_closed_loop": round(load_after[0], 2),
        },
        "note": "the machine is shared with other work: figures under load are indicative",
        "database": {"url": load.redacted(url), **setup},
        "gunicorn": gunicorn_settings,
        "mix": {"distinct_searches": len(searches), "seed": options.mix_seed},
        "target": {
            "open_loop_p95_ms": load.TARGET_P95_MS,
            "met": bool(open_summary.get("p95_ms", 1e9) <= load.TARGET_P95_MS)
            and open_summary["errors"] == 0,
        },
        "open_loop": open_summary,
        "closed_loop": load.summarize(closed_run) if closed_run else None,
    }
    text = json.dumps(results, indent=2, ensure_ascii=False) + "\n"
    (load.RESULTS / f"api-load-{stamp}.json").write_text(text, encoding="utf-8")
    (load.RESULTS / "api-load-latest.json").write_text(text, encoding="utf-8")
    for name, summary in (("offen", open_summary), ("geschlossen", results["closed_loop"])):
        if summary:
            load.say(
                f"{name}: {summary['requests']} Anfragen, {summary['requests_per_s']}/s, "
                f"p50 {summary['p50_ms']} ms, p95 {summary['p95_ms']} ms, Fehler {summary['errors']}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
