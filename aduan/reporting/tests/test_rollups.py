"""The rollups stay exact: after any sequence of transitions (refreshed at any points), every
cell equals the figure recomputed from the reports; `--verify` finds a tampered cell and
`--rebuild` repairs it."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aduan.complaints.choices import ArchiveReason, Cause, Channel, ReportType
from aduan.complaints.models import Complaint
from aduan.core.errors import DomainError
from aduan.organisation.models import Category
from aduan.reporting import rollups
from aduan.reporting.models import Dimension, RollupCell
from aduan.reporting.oversight import Scope
from aduan.reporting.periodic import Period, _period_bounds, causes_counted_live
from aduan.reporting.rollups import (
    CAUSE_DIMENSIONS,
    Tally,
    _segments,
    cause_counts,
    hour_bucket,
    rollups_refresh,
    rollups_verify,
    tallies,
)
from aduan.reporting.selectors import statistics_compute
from aduan.workflow import services

pytestmark = pytest.mark.django_db
WITA = ZoneInfo("Asia/Makassar")

ACTIONS = (
    "submit",
    "verify",
    "followup",
    "resolve",
    "reply",
    "confirm",
    "hold",
    "resume",
    "return",
    "archive_spam",
    "archive_unclear",
    "forward",
    "refresh",
)

step = st.tuples(
    st.sampled_from(ACTIONS),
    st.integers(min_value=0, max_value=5),  # which report
    st.integers(min_value=0, max_value=2),  # which unit / channel / type
    st.integers(min_value=1, max_value=400),  # hours until the next step
)


def _run(world: dict[str, Any], steps: list[tuple[str, int, int, int]]) -> None:
    reports: list[Complaint] = []
    units = world["units"]
    with time_machine.travel(world["start"], tick=False) as traveller:
        for action, which, choice, hours in steps:
            traveller.shift(timedelta(hours=hours))
            if action == "refresh":
                rollups_refresh()
                continue
            if action == "submit" or not reports:
                reports.append(
                    world["submit"](
                        channel=(Channel.WEB, Channel.WHATSAPP, Channel.LETTER)[choice],
                        type=(ReportType.COMPLAINT, ReportType.COMPLAINT, ReportType.ASPIRATION)[
                            choice
                        ],
                        category=world["categories"][choice],
                        region=world["village"] if choice else None,
                        actor=world["admin"] if choice == 2 else None,  # a letter: staff enter it
                    ).complaint
                )
                continue
            report = reports[which % len(reports)]
            report.refresh_from_db()
            admin, officer = world["admin"], world["officers"][report.pk % 2]
            try:
                if action == "verify":
                    services.complaint_verify(
                        actor=admin, complaint=report, units=units[: 1 + choice % 2]
                    )
                elif action == "followup":
                    services.followup_add(actor=officer, complaint=report, text="Dicek.")
                elif action == "resolve":
                    services.complaint_resolve(
                        actor=officer,
                        complaint=report,
                        summary="Selesai.",
                        cause=(Cause.TIME, Cause.COST, "")[choice],
                    )
                elif action == "reply":
                    services.complaint_reporter_reply(complaint=report, text="Belum beres.")
                elif action == "confirm":
                    services.complaint_confirm(complaint=report)
                elif action == "hold":
                    services.complaint_hold(actor=admin, complaint=report, question="Lokasi?")
                elif action == "resume":
                    services.complaint_resume(actor=admin, complaint=report)
                elif action == "return":
                    services.dispatch_return(actor=officer, complaint=report, reason="Bukan kami.")
                elif action == "archive_spam":
                    services.complaint_archive(
                        actor=admin, complaint=report, reason=ArchiveReason.SPAM
                    )
                elif action == "archive_unclear":
                    services.complaint_archive(
                        actor=admin, complaint=report, reason=ArchiveReason.UNCLEAR
                    )
                elif action == "forward":
                    services.complaint_forward(
                        actor=admin, complaint=report, reason="Wewenang provinsi.", to_lapor=True
                    )
            except DomainError:
                pass  # not allowed in this state (or for this actor): nothing changed
        rollups_refresh()


@pytest.fixture
def world(submit, admin, officer, other_officer, pupr, dinkes, village, luwu):
    categories = list(Category.objects.filter(instansi=luwu).order_by("pk")[:3])
    return {
        "submit": submit,
        "admin": admin,
        "officers": [officer, other_officer],
        "units": [pupr, dinkes],
        "categories": categories,
        "village": village,
        "start": datetime(2025, 1, 27, 8, tzinfo=WITA),
    }


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(step, min_size=1, max_size=14))
def test_every_rollup_equals_the_recomputed_figure(world, steps):
    # The database keeps the reports of earlier examples: the check covers them all.
    _run(world, steps)

    assert rollups_verify() == []
    _reads_equal_the_cells(world)
    _causes_equal_the_live_count(world)


def _causes_equal_the_live_count(world: dict[str, Any]) -> None:
    """The cause cells give, for every month, quarter, half-year and year, what counting the
    resolution events of the period gives (`periodic.causes_counted_live`)."""
    instansi = world["units"][0].instansi
    whole = Scope(instansi, None)
    for year in (2025, 2026):
        for kind, count in (("month", 12), ("quarter", 4), ("half", 2), ("year", 1)):
            for index in range(1, count + 1):
                period = Period(kind, year, index)
                start, end = _period_bounds(instansi, period)
                assert cause_counts(
                    instansi=instansi, kind=kind, first_month=period.first_month
                ) == causes_counted_live(scope=whole, start=start, end=end), period


def _reads_equal_the_cells(world: dict[str, Any]) -> None:
    """`tallies` (sums and histograms added up by the database) equals the cells added up in
    Python, per key and per month, for every dimension."""
    instansi = world["units"][0].instansi
    # Whole years (year cells), months around them, and a span inside one year.
    for span in ((date(2024, 1, 1), date(2027, 12, 1)), (date(2024, 11, 1), date(2026, 2, 1)),
                 (date(2025, 2, 1), date(2025, 9, 1))):  # fmt: skip
        _reads_equal_over(instansi, span)


def _reads_equal_over(instansi: Any, span: tuple[date, date]) -> None:
    for dimension in Dimension.values:
        if dimension in CAUSE_DIMENSIONS:
            continue  # read per span by cause_counts, never summed
        for by_month in (False, True):
            expected: dict[str, Tally] = {}
            cells = RollupCell.objects.filter(
                instansi=instansi,
                dimension=dimension,
                yearly=False,
                month__gte=span[0],
                month__lte=span[1],
            )
            for cell in cells:
                group = f"{cell.month:%Y-%m}" if by_month else cell.key
                expected.setdefault(group, Tally()).add(Tally.of_cell(cell))
            found = tallies(
                instansi=instansi,
                month_from=span[0],
                month_to=span[1],
                dimension=dimension,
                by_month=by_month,
            )
            assert {k: t.comparable() for k, t in found.items()} == {
                k: t.comparable() for k, t in expected.items()
            }
            # A reader that shows one median reads that histogram only, and the same sums.
            only = tallies(
                instansi=instansi,
                month_from=span[0],
                month_to=span[1],
                dimension=dimension,
                by_month=by_month,
                histograms=("resolution",),
            )
            assert {k: (t.received, t.hours, t.histograms) for k, t in only.items()} == {
                k: (t.received, t.hours, {**t.histograms, "verification": {}, "followup": {}})
                for k, t in found.items()
            }


def test_reading_twice_changes_nothing_and_statistics_match(world):
    _run(world, [("submit", 0, 1, 1), ("verify", 0, 1, 5), ("followup", 0, 0, 20),
                 ("resolve", 0, 0, 30), ("submit", 1, 2, 2), ("refresh", 0, 0, 1),
                 ("reply", 0, 0, 3)])  # fmt: skip
    before = sorted(RollupCell.objects.values_list("dimension", "key", "received", "resolved"))

    assert rollups_refresh() == 0
    assert sorted(RollupCell.objects.values_list("dimension", "key", "received", "resolved")) == (
        before
    )
    stats = statistics_compute(
        instansi=world["units"][0].instansi,
        date_from=world["start"].date(),
        date_to=world["start"].date(),
    )
    assert stats.total.received == 2
    assert stats.total.resolved == 0  # the reporter's reply re-opened it
    assert {row.label for row in stats.by_unit} == {u.name for u in world["units"]}


def test_verify_lists_a_tampered_cell_and_rebuild_repairs_it(world):
    _run(world, [("submit", 0, 0, 1), ("verify", 0, 0, 5), ("resolve", 0, 0, 5)])
    RollupCell.objects.filter(dimension=Dimension.ALL).update(received=99)
    out, err = io.StringIO(), io.StringIO()

    with pytest.raises(SystemExit) as exit_info:
        call_command("rollups", "--verify", stdout=out, stderr=err)

    assert exit_info.value.code == 1
    assert "dimension" not in out.getvalue()
    assert "all=- : stored received=99" in out.getvalue().replace("all=-:", "all=- :")
    call_command("rollups", "--rebuild", stdout=io.StringIO())
    out = io.StringIO()
    call_command("rollups", "--verify", stdout=out)
    assert "rollups match the reports" in out.getvalue()
    assert RollupCell.objects.get(dimension=Dimension.ALL, yearly=False).received == 1
    assert RollupCell.objects.get(dimension=Dimension.ALL, yearly=True).received == 1


def test_a_rebuild_in_chunks_stays_exact_when_the_worker_runs_in_the_middle(world, monkeypatch):
    # Six reports in several states; the rebuild reads them two at a time and adds to the
    # cells every three reports. Between its first and second chunk two reports change and the
    # worker reads them: one the rebuild has stored already, one it has not reached yet.
    _run(world, [("submit", 0, 0, 1), ("submit", 0, 1, 1), ("submit", 0, 2, 1),
                 ("submit", 0, 0, 1), ("submit", 0, 1, 1), ("verify", 0, 0, 2),
                 ("verify", 4, 1, 2), ("submit", 0, 2, 1)])  # fmt: skip
    reports = list(Complaint.objects.order_by("pk"))
    calls = {"n": 0}
    real_facts_of = rollups.facts_of

    def facts_of_with_a_worker_pass(ids, places):
        calls["n"] += 1
        if calls["n"] == 2:
            with time_machine.travel(world["start"] + timedelta(days=3), tick=False):
                services.complaint_verify(
                    actor=world["admin"], complaint=reports[1], units=world["units"][:1]
                )
                services.dispatch_return(
                    actor=world["officers"][0], complaint=reports[4], reason="Bukan kami."
                )
                rollups_refresh()
        return real_facts_of(ids, places)

    monkeypatch.setattr(rollups, "facts_of", facts_of_with_a_worker_pass)

    rollups.rollups_rebuild(chunk=2, flush_every=3)

    assert calls["n"] == 4  # three chunks of the rebuild and the worker's pass
    assert rollups_verify() == []
    assert RollupCell.objects.get(dimension=Dimension.ALL, yearly=True).received == 6
    pupr, dinkes = (str(unit.pk) for unit in world["units"])
    per_unit = dict(
        RollupCell.objects.filter(dimension=Dimension.UNIT, yearly=True).values_list(
            "key", "received"
        )
    )
    assert per_unit == {pupr: 2, dinkes: 1}  # the first two reports; the fifth was handed back
    _reads_equal_the_cells(world)


def test_a_hand_back_takes_the_report_out_of_the_units_cells(world, officer):
    pupr = world["units"][0]
    with time_machine.travel(world["start"], tick=False):
        report = world["submit"]().complaint
        services.complaint_verify(actor=world["admin"], complaint=report, units=[pupr])
        rollups_refresh()
        assert RollupCell.objects.filter(dimension=Dimension.UNIT, key=str(pupr.pk)).exists()
        services.dispatch_return(actor=officer, complaint=report, reason="Bukan wewenang kami.")
        rollups_refresh()

    assert not RollupCell.objects.filter(dimension=Dimension.UNIT, key=str(pupr.pk)).exists()
    assert RollupCell.objects.get(dimension=Dimension.ALL, yearly=False).received == 1
    assert RollupCell.objects.get(dimension=Dimension.ALL, yearly=True).received == 1


def test_a_period_reads_year_cells_for_whole_years_and_month_cells_around_them():
    assert _segments(date(2021, 11, 1), date(2026, 11, 1), by_month=False) == [
        (True, date(2022, 1, 1), date(2025, 1, 1)),
        (False, date(2021, 11, 1), date(2021, 12, 1)),
        (False, date(2026, 1, 1), date(2026, 11, 1)),
    ]
    assert _segments(date(2025, 1, 1), date(2025, 12, 1), by_month=False) == [
        (True, date(2025, 1, 1), date(2025, 1, 1))
    ]
    assert _segments(date(2025, 2, 1), date(2025, 12, 1), by_month=False) == [
        (False, date(2025, 2, 1), date(2025, 12, 1))
    ]
    assert _segments(date(2025, 1, 1), date(2025, 12, 1), by_month=True) == [
        (False, date(2025, 1, 1), date(2025, 12, 1))
    ]
    assert _segments(date(2025, 3, 1), date(2025, 2, 1), by_month=False) == []


def test_hour_buckets_are_exact_for_three_days_then_widen():
    assert [hour_bucket(h) for h in (0, 5, 71)] == [0, 5, 71]
    assert hour_bucket(72) == hour_bucket(77) == 75
    assert hour_bucket(14 * 24) == 14 * 24 + 12
    assert hour_bucket(120 * 24) == 120 * 24 - (120 * 24) % 168 + 84


def test_a_report_resolved_twice_for_a_cause_counts_once_in_each_span(world, officer):
    pupr, instansi = world["units"][0], world["units"][0].instansi

    def resolved(day: datetime, cause: str, report: Complaint | None = None) -> Complaint:
        with time_machine.travel(day, tick=False) as traveller:
            if report is None:
                report = world["submit"]().complaint
                services.complaint_verify(actor=world["admin"], complaint=report, units=[pupr])
            else:
                services.complaint_reporter_reply(complaint=report, text="Belum beres.")
            traveller.shift(3600)
            services.complaint_resolve(
                actor=officer, complaint=report, summary="Selesai.", cause=cause
            )
        return report

    twice = resolved(datetime(2025, 3, 28, 9, tzinfo=WITA), Cause.TIME)
    resolved(datetime(2025, 4, 2, 9, tzinfo=WITA), Cause.TIME, twice)
    resolved(datetime(2025, 4, 3, 9, tzinfo=WITA), Cause.COST, twice)
    # 00:30 on 1 April in Luwu is still 31 March in UTC: April's.
    resolved(datetime(2025, 3, 31, 23, 30, tzinfo=WITA), Cause.TIME)
    rollups_refresh()

    def counts(kind: str, first_month: date) -> dict[str, int]:
        return cause_counts(instansi=instansi, kind=kind, first_month=first_month)

    assert counts("month", date(2025, 3, 1)) == {"time": 1}
    assert counts("month", date(2025, 4, 1)) == {"time": 2, "cost": 1}
    assert counts("quarter", date(2025, 1, 1)) == {"time": 1}
    assert counts("quarter", date(2025, 4, 1)) == {"time": 2, "cost": 1}
    assert counts("half", date(2025, 1, 1)) == {"time": 2, "cost": 1}
    assert counts("year", date(2025, 1, 1)) == {"time": 2, "cost": 1}
    _causes_equal_the_live_count(world)
    assert rollups_verify() == []
