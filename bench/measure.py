"""The measurements: submissions through the service layer, a bare insert for comparison,
and the overdue and inbox queries with their query plans."""

from __future__ import annotations

import cProfile
import io
import pstats
import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from aduan.accounts.models import User
from aduan.complaints.choices import Channel, ReportType
from aduan.complaints.models import Complaint, ComplaintEvent, Dispatch, Reporter
from aduan.complaints.selectors import coordinator_inbox, overdue
from aduan.complaints.services import ReporterInput, ReportInput, complaint_submit
from aduan.core import clock
from aduan.organisation.models import Category, Instansi, Region
from bench.database import Staff
from bench.load import FIRST_NAMES, LAST_NAMES, NOW, SUBJECTS


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def summary(samples: list[float]) -> dict[str, float]:
    """Median, 95th percentile and extremes of durations, in milliseconds."""
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "runs": len(ordered),
        "median_ms": _ms(statistics.median(ordered)),
        "p95_ms": _ms(p95),
        "min_ms": _ms(ordered[0]),
        "max_ms": _ms(ordered[-1]),
    }


# ---------------------------------------------------------------- the data set


def dataset_facts(instansi: Instansi) -> dict[str, Any]:
    by_status = dict(
        Complaint.objects.values_list("status").annotate(n=Count("pk")).order_by("status")
    )
    return {
        "reports": sum(by_status.values()),
        "by_status": by_status,
        "overdue_at_now": Complaint.objects.filter(instansi=instansi, next_due_at__lt=NOW).count(),
        "events": ComplaintEvent.objects.count(),
        "dispatches": Dispatch.objects.count(),
        "reporters": Reporter.objects.count(),
    }


# ---------------------------------------------------------------- queries


def time_query(call: Callable[[], object], *, repeats: int, warmup: int = 3) -> dict[str, float]:
    for _ in range(warmup):
        call()
    samples = []
    for _ in range(repeats):
        began = time.perf_counter()
        call()
        samples.append(time.perf_counter() - began)
    return summary(samples)


def explain(call: Callable[[], object]) -> list[dict[str, str]]:
    """The plan of every statement `call` runs, as the database executes it."""
    with CaptureQueriesContext(connection) as captured:
        call()
    plans = []
    for query in captured.captured_queries:
        sql = query["sql"]
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                plan = "\n".join(row[0] for row in cursor.fetchall())
            else:
                cursor.execute("EXPLAIN QUERY PLAN " + sql)
                plan = "\n".join(str(row[-1]) for row in cursor.fetchall())
        plans.append({"sql": sql, "plan": plan})
    return plans


def queries(instansi: Instansi, *, repeats: int) -> dict[str, Any]:
    def overdue_list() -> object:
        return overdue(instansi_id=instansi.pk, now=NOW)

    def inbox() -> object:
        return coordinator_inbox(instansi_id=instansi.pk)

    count, first = overdue(instansi_id=instansi.pk, now=NOW)
    return {
        "overdue": {
            **time_query(overdue_list, repeats=repeats),
            "count": count,
            "rows": len(first),
            "plans": explain(overdue_list),
        },
        "inbox": {
            **time_query(inbox, repeats=repeats),
            "rows": len(inbox()),  # type: ignore[arg-type]
            "plans": explain(inbox),
        },
    }


# ---------------------------------------------------------------- writes


def baseline_inserts(count: int) -> dict[str, Any]:
    """A bare single-row INSERT, each in its own transaction: the machine's ceiling."""
    pk = "integer PRIMARY KEY" if connection.vendor == "sqlite" else "bigserial PRIMARY KEY"
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_baseline")
        cursor.execute(f"CREATE TABLE bench_baseline (id {pk}, note varchar(100))")
    try:
        began = time.perf_counter()
        for n in range(count):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("INSERT INTO bench_baseline (note) VALUES (%s)", [f"row {n}"])
        elapsed = time.perf_counter() - began
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE bench_baseline")
    return {"count": count, "seconds": round(elapsed, 3), "per_second": round(count / elapsed)}


@dataclass
class SubmissionInputs:
    instansi: Instansi
    items: list[tuple[ReportInput, User | None]]


def submission_inputs(instansi: Instansi, staff: Staff, count: int) -> SubmissionInputs:
    """What the web form, WhatsApp and the front desk hand to `complaint_submit`."""
    rng = random.Random(7)
    categories = list(Category.objects.filter(instansi=instansi))
    regions = list(
        Region.objects.filter(code__startswith="73.17.", level__in=["district", "village"])
    )
    operator = User.objects.get(pk=staff.operator_id)
    channels = [(Channel.WEB, None)] * 6 + [(Channel.WHATSAPP, None)] * 2
    channels += [(Channel.WALK_IN, operator), (Channel.PHONE, operator)]
    items = []
    for n in range(count):
        channel, actor = rng.choice(channels)
        subject, body = rng.choice(SUBJECTS)
        nik = ""
        if rng.random() < 0.3:
            nik = f"731701{rng.randrange(1, 29):02d}{rng.randrange(1, 13):02d}85{n % 9000 + 1:04d}"
        reporter = ReporterInput()
        if rng.random() < 0.9:
            reporter = ReporterInput(
                name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                phone=f"0812-{rng.randrange(1000, 9999)}-{rng.randrange(1000, 9999)}",
                nik=nik,
                gender=rng.choice(("female", "male", "")),
            )
        items.append(
            (
                ReportInput(
                    type=ReportType.COMPLAINT if rng.random() < 0.85 else ReportType.INFO_REQUEST,
                    title=f"{subject} di desa kami",
                    description=f"{body}. Mohon segera ditindaklanjuti.",
                    channel=channel,
                    incident_date=(NOW - timedelta(days=rng.randrange(0, 10))).date(),
                    region=rng.choice(regions),
                    category=rng.choice(categories) if rng.random() < 0.7 else None,
                    is_anonymous=rng.random() < 0.1,
                    reporter=reporter,
                ),
                actor,
            )
        )
    return SubmissionInputs(instansi, items)


def _high_water_marks() -> dict[type, int]:
    marks = {}
    for model in (Complaint, ComplaintEvent, Dispatch, Reporter):
        last = model.objects.order_by("-pk").values_list("pk", flat=True).first()  # type: ignore[attr-defined]
        marks[model] = last or 0
    return marks


def _remove_rows_above(marks: dict[type, int]) -> None:
    """Put the database back as loaded, so that every run measures the same thing."""
    with transaction.atomic(), connection.cursor() as cursor:
        for model in (ComplaintEvent, Dispatch, Complaint, Reporter):
            cursor.execute(
                f"DELETE FROM {model._meta.db_table} WHERE id > %s",  # noqa: S608 (a model's table)
                [marks[model]],
            )


def submissions(
    instansi: Instansi, staff: Staff, *, count: int, rounds: int, profile: bool
) -> dict[str, Any]:
    """`complaint_submit` called one report at a time, each its own transaction (autocommit
    outside, as under gunicorn), with the clock pinned to NOW."""
    warmup = 50
    inputs = submission_inputs(instansi, staff, warmup + count)
    marks = _high_water_marks()
    result: dict[str, Any] = {"count": count}
    try:
        with clock.pinned(NOW):
            for data, actor in inputs.items[:warmup]:
                complaint_submit(instansi=instansi, data=data, actor=actor)
            per_round = count // rounds
            latencies: list[float] = []
            round_rates: list[float] = []
            began = time.perf_counter()
            for r in range(rounds):
                round_began = time.perf_counter()
                for data, actor in inputs.items[
                    warmup + r * per_round : warmup + (r + 1) * per_round
                ]:
                    t0 = time.perf_counter()
                    complaint_submit(instansi=instansi, data=data, actor=actor)
                    latencies.append(time.perf_counter() - t0)
                round_rates.append(per_round / (time.perf_counter() - round_began))
            elapsed = time.perf_counter() - began
            result.update(
                seconds=round(elapsed, 3),
                per_second=round(len(latencies) / elapsed),
                round_per_second=[round(x) for x in round_rates],
                latency=summary(latencies),
            )
            if profile:
                result["profile"] = _profile(instansi, inputs.items[warmup : warmup + 1000])
    finally:
        _remove_rows_above(marks)
    return result


def _profile(instansi: Instansi, items: list[tuple[ReportInput, User | None]]) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    for data, actor in items:
        complaint_submit(instansi=instansi, data=data, actor=actor)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(25)
    stats.sort_stats("cumulative").print_stats(40)
    return out.getvalue()
