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

INBOX_P99_MS = 150.0  # the coordinator's inbox (issue 4), at 16 connections


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


def session_remove(cookie: str) -> None:
    """Delete the coordinator's session the run signed in with (`name=key`)."""
    from django.contrib.sessions.models import Session

    Session.objects.filter(session_key=cookie.partition("=")[2]).delete()


def summarise(
    *, target: Target, runs: dict[str, dict[str, Any]], duration: int, seconds: float
) -> dict[str, Any]:
    import django

    # A run of some scenarios only (--only) has the ratios and checks of the pairs it measured.
    pairs = {
        "submit": ("api_submit", "bare_insert"),
        "feed": ("feed", "bare_list"),
        "open311": ("open311", "bare_list"),
    }
    ratios = {
        name: round(runs[page]["per_second"] / runs[bare]["per_second"], 3)
        for name, (page, bare) in pairs.items()
        if page in runs and bare in runs
    }
    checks = {f"{name}_ratio": ratio >= limit for name, ratio, limit in _ratio_targets(ratios)}
    checks |= {
        f"{name}_p99": (runs[page]["p99_ms"] or 1e9) < 100
        for name, (page, _bare) in pairs.items()
        if page in runs
    }
    if "inbox" in runs:
        checks["inbox_p99"] = (runs["inbox"]["p99_ms"] or 1e9) < INBOX_P99_MS
    checks["no_errors"] = all(r["non_2xx"] == 0 and not r["socket_errors"] for r in runs.values())
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
        "ratios": ratios,
        "checks": checks,
        "total_seconds": round(seconds, 1),
    }


def _ratio_targets(ratios: dict[str, float]) -> list[tuple[str, float, float]]:
    limits = {"submit": 0.30, "feed": 0.50, "open311": 0.50}
    return [(name, ratio, limits[name]) for name, ratio in ratios.items()]


def report(figures: dict[str, Any], targets: dict[str, float]) -> str:
    runs, ratios, checks = figures["runs"], figures["ratios"], figures["checks"]
    mark = {True: "met", False: "MISSED"}
    lines = [f"== {figures['database']}: {figures['reports']:,} reports"]
    for name, r in runs.items():
        lines.append(
            f"  {name:12} {r['per_second']:8,.0f} req/s  p50 {r['p50_ms']} ms  "
            f"p99 {r['p99_ms']} ms  non-2xx {r['non_2xx']}"
        )
    if "submit" in ratios:
        lines.append(
            f"  API submission / bare insert: {ratios['submit']:.0%} "
            f"(target {targets['submit_ratio']:.0%}) {mark[checks['submit_ratio']]}; "
            f"p99 < {targets['p99_ms']:.0f} ms {mark[checks['submit_p99']]}"
        )
    if "feed" in ratios:
        lines.append(
            f"  feed page / bare list: {ratios['feed']:.0%} "
            f"(target {targets['feed_ratio']:.0%}) {mark[checks['feed_ratio']]}; "
            f"p99 < {targets['p99_ms']:.0f} ms {mark[checks['feed_p99']]}"
        )
    if "open311" in ratios:
        lines.append(
            f"  Open311 requests.json / bare list: {ratios['open311']:.0%} "
            f"(target {targets['open311_ratio']:.0%}) {mark[checks['open311_ratio']]}; "
            f"p99 < {targets['p99_ms']:.0f} ms {mark[checks['open311_p99']]}"
        )
    if "inbox_p99" in checks:
        lines.append(
            f"  coordinator inbox: p99 < {targets['inbox_p99_ms']:.0f} ms "
            f"{mark[checks['inbox_p99']]}"
        )
    lines.append(f"  no errors: {mark[checks['no_errors']]}")
    return "\n".join(lines)
