"""`python -m bench.feed_page`: the public feed page, in one process, with the test client.

    python -m bench.feed_page                   # median and p95 per URL, 200 requests each
    python -m bench.feed_page --profile         # and cProfile's top functions for /laporan/
    python -m bench.feed_page --requests 500 --db var/bench/aduan_bench.sqlite3
    python -m bench.feed_page --postgres         # the PostgreSQL benchmark database instead
    python -m bench.feed_page --search           # searches only, ranked and newest first

Read-only GETs against the 1,000,000-report database that `python -m bench.run --load-only`
built: no row is written. Measures the whole request (middleware, view, queries,
template), as gunicorn would run it, minus the socket.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.database import FULL_SIZE

ROOT = Path(__file__).resolve().parent.parent
DESCRIPTION = "The public feed page in one process, with the test client."
DATABASE = "var/bench/aduan_bench.sqlite3"
URLS = {
    "first page": "/laporan/",
    "page 3": "/laporan/?page=3",
    "status filter": "/laporan/?status=in_progress",
    "query": "/laporan/?q=jalan+berlubang",
}
# Search (issue 15): with words the feed ranks by relevance unless `sort=newest`. Common words
# (`jalan` matches about a fifth of the reports), a rarer one and one that matches nothing.
SEARCHES = ("jalan", "jalan berlubang", "puskesmas", "lampu", "air", "keruh")
SEARCH_URLS = {
    f"{words} {order}": f"/laporan/?q={words.replace(' ', '+')}{suffix}"
    for words in SEARCHES
    for order, suffix in (("ranked", ""), ("newest", "&sort=newest"))
}


def _recorder(queries: list[str]) -> Callable[..., Any]:
    def record(execute: Callable[..., Any], sql: str, *rest: Any) -> Any:
        queries.append(sql)
        return execute(sql, *rest)

    return record


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.feed_page", description=DESCRIPTION)
    parser.add_argument("--db", default=DATABASE, help="relative to the repository")
    parser.add_argument("--requests", type=int, default=200, help="measured requests per URL")
    parser.add_argument("--profile", action="store_true", help="cProfile the first page")
    parser.add_argument("--postgres", action="store_true", help="the PostgreSQL bench database")
    parser.add_argument("--search", action="store_true", help="the searches, both orders")
    args = parser.parse_args(argv)
    if args.postgres:
        from bench.database import POSTGRES_SERVER, Target

        args.db = Target("postgres", FULL_SIZE).name
        os.environ["DATABASE_URL"] = f"{POSTGRES_SERVER}/{args.db}"
    else:
        database = ROOT / args.db
        if not database.exists():
            print(f"{args.db} is missing: python -m bench.run --db sqlite --load-only")
            return 2
        os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("ADUAN_VAR_DIR", "var/h13")
    os.environ["DJANGO_SETTINGS_MODULE"] = "aduan.settings"
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    if not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
        # {% static %} reads the manifest, as under gunicorn
        call_command("collectstatic", verbosity=0, interactive=False)
    client = Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT_LANGUAGE="id")
    print(f"== {args.db}, {args.requests} requests per URL")
    searchable = True
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE name = 'complaints_complaint_search'"
            )
            searchable = cursor.fetchone() is not None
    for name, url in (SEARCH_URLS if args.search else URLS).items():
        if "q=" in url and not searchable:
            print(f"  {name:<24} {url:<42} skipped: no search index in this database")
            continue
        for _ in range(10):  # warm-up: templates, translations, connection, caches
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
        queries: list[str] = []
        with connection.execute_wrapper(_recorder(queries)):
            client.get(url)
        samples, cpu = [], []
        for _ in range(args.requests):
            began, began_cpu = time.perf_counter(), time.process_time()
            client.get(url)
            samples.append((time.perf_counter() - began) * 1000)
            cpu.append((time.process_time() - began_cpu) * 1000)
        ordered = sorted(samples)
        p95 = ordered[round(0.95 * (len(ordered) - 1))]
        # CPU time counts this process only: steadier than the wall clock on a shared machine.
        print(
            f"  {name:<24} {url:<42} median {statistics.median(samples):6.2f} ms"
            f"  p95 {p95:6.2f} ms  cpu {statistics.median(cpu):6.2f} ms"
            f"  {len(queries)} queries  {len(response.content):,} bytes"
        )
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(100):
            client.get(URLS["first page"])
        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(40)
        print(out.getvalue().replace(f"{ROOT}/", ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
