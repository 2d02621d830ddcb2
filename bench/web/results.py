"""What a web benchmark run leaves behind (nothing: rows are removed) and what it reports."""

from __future__ import annotations

import os
import platform
from typing import Any

from django.db import connection, transaction

from aduan.complaints.models import IdempotencyKey
from bench import measure
from bench.database import Target
from bench.web.bareapp.models import BareRow


def high_water_marks() -> dict[type, int]:
    marks = measure._high_water_marks()
    marks[IdempotencyKey] = _last(IdempotencyKey.objects.order_by("-pk"))
    marks[BareRow] = _last(BareRow.objects.order_by("-pk"))
    return marks


def _last(rows: Any) -> int:
    return rows.values_list("pk", flat=True).first() or 0


def remove_rows_above(marks: dict[type, int]) -> None:
    """Delete what the run filed, so the next run (and bench.run) sees the loaded data."""
    with transaction.atomic():
        IdempotencyKey.objects.filter(pk__gt=marks[IdempotencyKey]).delete()
        BareRow.objects.filter(pk__gt=marks[BareRow]).delete()
    measure._remove_rows_above(marks)


def summarise(
    *, target: Target, runs: dict[str, dict[str, Any]], duration: int, seconds: float
) -> dict[str, Any]:
    import django

    submit_ratio = runs["api_submit"]["per_second"] / runs["bare_insert"]["per_second"]
    feed_ratio = runs["feed"]["per_second"] / runs["bare_list"]["per_second"]
    return {
        "database": target.vendor,
        "name": target.name,
        "reports": target.reports,
        "duration_s": duration,
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "django": django.get_version(),
            "database_vendor": connection.vendor,
            "load_average": os.getloadavg(),
        },
        "runs": runs,
        "ratios": {"submit": round(submit_ratio, 3), "feed": round(feed_ratio, 3)},
        "checks": {
            "submit_ratio": submit_ratio >= 0.30,
            "feed_ratio": feed_ratio >= 0.50,
            "submit_p99": (runs["api_submit"]["p99_ms"] or 1e9) < 100,
            "feed_p99": (runs["feed"]["p99_ms"] or 1e9) < 100,
            "no_errors": all(r["non_2xx"] == 0 and not r["socket_errors"] for r in runs.values()),
        },
        "total_seconds": round(seconds, 1),
    }


def report(figures: dict[str, Any], targets: dict[str, float]) -> str:
    runs, ratios, checks = figures["runs"], figures["ratios"], figures["checks"]
    mark = {True: "met", False: "MISSED"}
    lines = [f"== {figures['database']}: {figures['reports']:,} reports"]
    for name in ("bare_insert", "api_submit", "bare_list", "feed"):
        r = runs[name]
        lines.append(
            f"  {name:12} {r['per_second']:8,.0f} req/s  p50 {r['p50_ms']} ms  "
            f"p99 {r['p99_ms']} ms  non-2xx {r['non_2xx']}"
        )
    lines.append(
        f"  API submission / bare insert: {ratios['submit']:.0%} "
        f"(target {targets['submit_ratio']:.0%}) {mark[checks['submit_ratio']]}; "
        f"p99 < {targets['p99_ms']:.0f} ms {mark[checks['submit_p99']]}"
    )
    lines.append(
        f"  feed page / bare list: {ratios['feed']:.0%} "
        f"(target {targets['feed_ratio']:.0%}) {mark[checks['feed_ratio']]}; "
        f"p99 < {targets['p99_ms']:.0f} ms {mark[checks['feed_p99']]}"
    )
    lines.append(f"  no errors: {mark[checks['no_errors']]}")
    return "\n".join(lines)
