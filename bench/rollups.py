"""`python -m bench.rollups`: statistics, dashboards and periodic reports read from the rollups
(docs/performance.md, "Rollups").

    python -m bench.rollups --db sqlite --reports 100000
    python -m bench.rollups --db postgres --reports 100000

Loads the reports with bench/load.py (five years of history), builds the rollups once
(`rollups_rebuild`, what `aduan rollups --rebuild` runs), then times every read uncached:
the public statistics for one, two and five years, the periodic recaps of a month, quarter,
half-year and year, Table 1, the oversight dashboard's open work and unit times, a worker
pass with nothing new, a worker pass over 1,000 changed reports, and `rollups_verify`.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from collections.abc import Callable
from datetime import date
from typing import Any

from bench.database import VAR_DIR, Target, configure_environment


def _timed(call: Callable[[], object], *, repeats: int) -> dict[str, float]:
    """Median wall time and median CPU time of this process (on a machine shared by others,
    wall time waits for the CPU; with SQLite the database's work is in this process, with
    PostgreSQL it is not)."""
    call()
    wall, cpu = [], []
    for _ in range(repeats):
        began, began_cpu = time.perf_counter(), time.process_time()
        call()
        wall.append(time.perf_counter() - began)
        cpu.append(time.process_time() - began_cpu)
    return {
        "wall_median_ms": round(statistics.median(wall) * 1000, 1),
        "cpu_median_ms": round(statistics.median(cpu) * 1000, 1),
        "wall_min_ms": round(min(wall) * 1000, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.rollups")
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument(
        "--keep", action="store_true", help="do not rebuild when the rollups exist already"
    )
    args = parser.parse_args(argv)
    target = Target(args.db, args.reports)
    configure_environment(target)
    import django

    django.setup()

    from django.db import connection

    from aduan.complaints.models import Complaint
    from aduan.organisation.models import Instansi
    from aduan.reporting import oversight
    from aduan.reporting.models import ReportFact, RollupCell
    from aduan.reporting.periodic import Period, recap_build, yearly_figures
    from aduan.reporting.rollups import (
        rollups_apply,
        rollups_rebuild,
        rollups_refresh,
        rollups_verify,
    )
    from aduan.reporting.selectors import statistics_compute
    from bench import load
    from bench.database import prepare_schema_and_reference

    staff = prepare_schema_and_reference()
    load.load(total=target.reports, staff=staff, vendor=target.vendor)
    instansi = Instansi.objects.get(code="luwu")
    results: dict[str, Any] = {
        "database": args.db,
        "reports": Complaint.objects.count(),
        "load_average": os.getloadavg(),
    }

    began = time.perf_counter()
    if not (args.keep and RollupCell.objects.exists()):
        results["cells"] = rollups_rebuild()
        results["rebuild_seconds"] = round(time.perf_counter() - began, 1)
    if connection.vendor == "postgresql":
        # The rebuild's updates left dead row versions and no planner statistics; the worker's
        # steady updates leave that to autovacuum, a benchmark must not wait for it.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE) reporting_rollupcell")
    results["facts"] = ReportFact.objects.count()
    results["cells_stored"] = RollupCell.objects.count()
    print(json.dumps(results), flush=True)

    end = load.NOW.date()
    scope = oversight.Scope(instansi, None)
    reads = {
        "statistics_1y": lambda: statistics_compute(
            instansi=instansi, date_from=date(end.year - 1, end.month, 1), date_to=end
        ),
        "statistics_2y": lambda: statistics_compute(
            instansi=instansi, date_from=date(end.year - 2, end.month, 1), date_to=end
        ),
        "statistics_5y": lambda: statistics_compute(
            instansi=instansi, date_from=date(end.year - 5, end.month, 1), date_to=end
        ),
        "recap_month": lambda: recap_build(scope=scope, period=Period("month", 2026, 10)),
        "recap_quarter": lambda: recap_build(scope=scope, period=Period("quarter", 2026, 3)),
        "recap_half": lambda: recap_build(scope=scope, period=Period("half", 2026, 1)),
        "recap_year": lambda: recap_build(scope=scope, period=Period("year", 2025, 1)),
        "table1_year": lambda: yearly_figures(instansi=instansi, year=2025),
        "dashboard_open_work": lambda: oversight.open_work_per_unit(scope, now=load.NOW),
        "dashboard_unit_times_1y": lambda: oversight.unit_times_compute(
            scope, date_from=date(end.year - 1, end.month, 1), date_to=end, now=load.NOW
        ),
        "worker_pass_idle": rollups_refresh,
    }
    timings = {}
    for name, call in reads.items():  # every read here is uncached (no statistics_for)
        timings[name] = _timed(call, repeats=args.repeats)
        print(f"  {name}: {json.dumps(timings[name])}", flush=True)
    results["reads_ms"] = timings

    ids = list(Complaint.objects.order_by("-pk").values_list("pk", flat=True)[:1000])
    # Facts are compared with the reports: unchanged ones cost the read and the diff only.
    began = time.perf_counter()
    rollups_apply(complaint_ids=ids)
    results["apply_1000_ms"] = round((time.perf_counter() - began) * 1000, 1)
    began = time.perf_counter()
    differences = rollups_verify()
    results["verify_seconds"] = round(time.perf_counter() - began, 1)
    results["verify_differences"] = len(differences)
    print(json.dumps({k: v for k, v in results.items() if k != "reads_ms"}), flush=True)
    out = VAR_DIR / f"rollups-{args.db}-{args.reports}.json"
    out.write_text(json.dumps(results, indent=2, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
