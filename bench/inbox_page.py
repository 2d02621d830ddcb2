"""`python -m bench.inbox_page`: the coordinator's inbox, in one process, with the test client.

    python -m bench.inbox_page                  # median and p90 CPU time, 60 requests
    python -m bench.inbox_page --requests 200 --db var/bench/aduan_bench.sqlite3

Runs against the 1,000,000-report SQLite database that `python -m bench.run --load-only` built,
as the benchmark coordinator that `python -m bench.web` creates (`bench-coordinator`; run it
once first). Writes only the session row of the signed-in client. Measures the whole request
(middleware, view, queries, template), as gunicorn would run it, minus the socket.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATABASE = "var/bench/aduan_bench.sqlite3"
URL = "/konsol/verifikasi/"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.inbox_page")
    parser.add_argument("--db", default=DATABASE, help="relative to the repository")
    parser.add_argument("--requests", type=int, default=60, help="measured requests")
    args = parser.parse_args(argv)
    database = ROOT / args.db
    if not database.exists():
        print(f"{args.db} is missing: python -m bench.run --db sqlite --load-only")
        return 2
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("ADUAN_VAR_DIR", "var/bench")
    os.environ["DJANGO_SETTINGS_MODULE"] = "aduan.settings"
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    from aduan.accounts.models import User
    from aduan.accounts.testing import sign_in_verified

    settings.ALLOWED_HOSTS = ["testserver"]
    user = User.objects.filter(username="bench-coordinator").first()
    if user is None:
        print("no bench-coordinator: run `python -m bench.web --db sqlite --only inbox` once")
        return 2
    client = Client()
    sign_in_verified(client, user)
    for _ in range(5):
        assert client.get(URL).status_code == 200
    cpu = []
    for _ in range(args.requests):
        began = time.process_time()
        response = client.get(URL)
        cpu.append((time.process_time() - began) * 1000)
        assert response.status_code == 200
    cpu.sort()
    rows = response.content.count(b"<tr data-number")
    p90 = cpu[int(len(cpu) * 0.9) - 1]
    median = statistics.median(cpu)
    print(f"{URL}: {rows} rows, CPU per request median {median:.1f} ms, p90 {p90:.1f} ms")
    client.logout()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
