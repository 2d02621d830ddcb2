"""In-process cost of one API submission (POST /api/v1/reports) through the Django test client.

    ADUAN_VAR_DIR=var/h12 .venv/bin/python -m bench.api_submit [--requests 300] [--copy-of FILE]
        [--profile]

Builds a fresh SQLite database under $ADUAN_VAR_DIR (bench-api-submit.sqlite3: migrated, cache
table, Kabupaten Luwu), then files the body `bench.web` sends, each request with its own
Idempotency-Key and the intake limits far above the load (so the counters are still paid for).
Prints milliseconds per request (median and mean, timed without query capture) and queries per
request (counted separately). Never touches the development database.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = "bench-api-submit.sqlite3"
UNLIMITED = "1000000000"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.api_submit")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument(
        "--copy-of", help="start from a copy of this SQLite file (e.g. a bench.run database)"
    )
    parser.add_argument("--show-queries", action="store_true", help="print the last one's SQL")
    parser.add_argument("--profile", action="store_true", help="cProfile the measured requests")
    args = parser.parse_args(argv)

    var_dir = Path(os.environ.get("ADUAN_VAR_DIR", ROOT / "var" / "bench"))
    var_dir.mkdir(parents=True, exist_ok=True)
    database = var_dir / DB_NAME
    database.unlink(missing_ok=True)
    if args.copy_of:
        shutil.copyfile(args.copy_of, database)
    os.environ["ADUAN_VAR_DIR"] = str(var_dir)
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "aduan.settings"
    os.environ["ADUAN_INTAKE_PER_IP_PER_HOUR"] = UNLIMITED
    os.environ["ADUAN_INTAKE_PER_PHONE_PER_DAY"] = UNLIMITED
    os.environ.setdefault("LOG_LEVEL", "WARNING")

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from aduan.organisation.models import Instansi
    from aduan.organisation.reference import luwu_load
    from bench.web.__main__ import REPORT_BODY

    call_command("migrate", verbosity=0, interactive=False)
    call_command("createcachetable", verbosity=0)
    if not Instansi.objects.filter(code="luwu").exists():
        luwu_load()
    setup_test_environment()  # 'testserver' in ALLOWED_HOSTS

    client = Client(REMOTE_ADDR="10.1.2.3")
    body = json.dumps(REPORT_BODY)
    counter = 0

    def post() -> None:
        nonlocal counter
        counter += 1
        response = client.post(
            "/api/v1/reports",
            body,
            content_type="application/json",
            headers={"Idempotency-Key": f"bench-{counter}"},
        )
        if response.status_code != 201:
            raise SystemExit(f"HTTP {response.status_code}: {response.content[:300]!r}")

    for _ in range(args.warmup):
        post()
    samples = []
    profiler = cProfile.Profile() if args.profile else None
    for _ in range(args.requests):
        start = time.perf_counter()
        if profiler is not None:
            profiler.runcall(post)
        else:
            post()
        samples.append((time.perf_counter() - start) * 1000)
    if profiler is not None:
        stats = pstats.Stats(profiler)
        stats.sort_stats("cumulative").print_stats(45)
        if os.environ.get("BENCH_PROFILE_OUT"):
            stats.dump_stats(os.environ["BENCH_PROFILE_OUT"])
    queries = []
    for _ in range(20):
        with CaptureQueriesContext(connection) as captured:
            post()
        queries.append(len(captured))
    if args.show_queries:
        for q in captured.captured_queries:
            print(q["sql"][:160])
    print(
        f"API submission, {args.requests} requests: "
        f"median {statistics.median(samples):.2f} ms, mean {statistics.fmean(samples):.2f} ms, "
        f"p99 {sorted(samples)[int(0.99 * (len(samples) - 1))]:.2f} ms; "
        f"{statistics.fmean(queries):.1f} queries/request"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
