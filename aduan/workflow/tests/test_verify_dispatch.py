"""Verification and dispatch (disposisi), *kelola*, and the clocks they start."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from aduan.complaints.choices import DispatchStatus, EventKind, Status
from aduan.complaints.models import Dispatch
from aduan.complaints.selectors import overdue
from aduan.core.errors import Conflict, ValidationFailed
from aduan.organisation.clocks import ClockState, clock_state, local_date
from aduan.organisation.models import Category, Instansi, Unit
from aduan.organisation.selectors import calendar_for
from aduan.workflow import services
from aduan.workflow.tests.states import snapshot

WITA = ZoneInfo("Asia/Makassar")


def _end_of(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 23, 59, 59, 999999, tzinfo=WITA)


def test_verification_clock_runs_three_working_days_across_idul_fitri(submit):
    # Tuesday before Nyepi and Idul Fitri 2026: 18-20 and 23-24 March are days off.
    with time_machine.travel(datetime(2026, 3, 17, 10, 0, tzinfo=WITA), tick=False):
        complaint = submit().complaint
    assert complaint.verify_due_at == _end_of(date(2026, 3, 27))
    assert complaint.next_due_at == complaint.verify_due_at
    assert complaint.complete_due_at is None


def test_dispatch_starts_follow_up_and_completion_clocks(submit, admin, pupr):
    with time_machine.travel(datetime(2026, 3, 17, 10, 0, tzinfo=WITA), tick=False):
        complaint = submit().complaint
    with time_machine.travel(datetime(2026, 3, 25, 9, 0, tzinfo=WITA), tick=False):
        complaint = services.complaint_verify(actor=admin, complaint=complaint, units=[pupr])
    complaint.refresh_from_db()
    dispatch = Dispatch.objects.get(complaint=complaint)
    assert dispatch.followup_due_at == _end_of(date(2026, 4, 1))  # 5 working days
    # Roads are "tidak berkadar pengawasan": 14 working days; Good Friday (3 April) is off.
    assert complaint.complete_due_at == _end_of(date(2026, 4, 15))
    assert complaint.next_due_at == dispatch.followup_due_at  # the earliest running deadline
    assert [e.kind for e in complaint.events.order_by("seq")] == [
        EventKind.SUBMITTED,
        EventKind.VERIFIED,
        EventKind.DISPATCHED,
    ]


@pytest.mark.parametrize(
    ("category_code", "working_days"),
    [
        ("kesehatan-gizi", 2),  # ringan
        ("adminduk-ktp", 5),  # normatif
        ("infrastruktur-jalan", 14),  # tidak berkadar pengawasan
        ("aparatur-pungli", 60),  # berkadar pengawasan
    ],
)
def test_completion_clock_follows_the_sla_tier_of_the_category(
    submit, admin, pupr, luwu, category_code, working_days
):
    category = Category.objects.get(instansi=luwu, code=category_code)
    with time_machine.travel(datetime(2026, 12, 21, 8, 0, tzinfo=WITA), tick=False):
        complaint = submit(category=category).complaint
    verified_at = datetime(2026, 12, 23, 15, 0, tzinfo=WITA)
    with time_machine.travel(verified_at, tick=False):
        complaint = services.complaint_verify(actor=admin, complaint=complaint, units=[pupr])
    due = complaint.complete_due_at
    assert due is not None
    assert due.astimezone(WITA).time() == _end_of(date(2026, 1, 1)).time()
    calendar = calendar_for(luwu)
    assert calendar.is_working_day(local_date(luwu, due))
    assert calendar.count(date(2026, 12, 23), local_date(luwu, due)) == working_days


def test_category_fixed_at_verification_sets_the_completion_clock(submit, admin, pupr, luwu):
    light = Category.objects.get(instansi=luwu, code="kesehatan-gizi")
    with time_machine.travel(datetime(2026, 11, 2, 9, 0, tzinfo=WITA), tick=False):  # Monday
        complaint = submit().complaint
        services.complaint_verify(
            actor=admin, complaint=complaint, units=[pupr], category=light, title="Gizi buruk"
        )
    complaint.refresh_from_db()
    assert complaint.complete_due_at == _end_of(date(2026, 11, 4))
    edited = complaint.events.get(kind=EventKind.EDITED)
    assert edited.old["category"] != edited.new["category"] == light.pk
    assert edited.new["title"] == "Gizi buruk"


def test_configured_verification_days_are_used(submit, luwu):
    Instansi.objects.filter(pk=luwu.pk).update(verify_days=1)
    luwu.refresh_from_db()
    with time_machine.travel(datetime(2026, 11, 2, 9, 0, tzinfo=WITA), tick=False):
        complaint = submit().complaint
    assert complaint.verify_due_at == _end_of(date(2026, 11, 3))


def test_verify_to_several_units_gives_each_a_dispatch(submit, admin, pupr, dinkes):
    complaint = services.complaint_verify(
        actor=admin, complaint=submit().complaint, units=[pupr, dinkes], instruction="Koordinasi"
    )
    rows = Dispatch.objects.filter(complaint=complaint).order_by("unit__code")
    assert [(d.unit, d.status, d.instruction) for d in rows] == [
        (dinkes, DispatchStatus.PENDING, "Koordinasi"),
        (pupr, DispatchStatus.PENDING, "Koordinasi"),
    ]
    assert all(d.followup_due_at for d in rows)


def test_verify_refuses_a_report_without_category(submit, admin, pupr, road_category):
    complaint = submit(category=None).complaint
    before = snapshot(complaint)
    with pytest.raises(ValidationFailed):
        services.complaint_verify(actor=admin, complaint=complaint, units=[pupr])
    assert snapshot(complaint) == before
    services.complaint_verify(
        actor=admin, complaint=complaint, units=[pupr], category=road_category
    )
    complaint.refresh_from_db()
    assert complaint.status == Status.DISPATCHED


def test_verify_refuses_units_of_another_instansi_or_none(submit, admin, pupr):
    palopo = Instansi.objects.create(code="palopo", name="Pemkot Palopo", tracking_prefix="PLP")
    foreign = Unit.objects.create(instansi=palopo, code="pupr", name="PUPR Palopo", kind="opd")
    closed = Unit.objects.create(
        instansi=pupr.instansi, code="upt-lama", name="UPT lama", kind="sub_unit", is_active=False
    )
    complaint = submit().complaint
    before = snapshot(complaint)
    for units in ([], [foreign], [pupr, closed]):
        with pytest.raises(ValidationFailed):
            services.complaint_verify(actor=admin, complaint=complaint, units=units)
        assert snapshot(complaint) == before, units


def test_redispatch_after_hand_back_keeps_the_completion_clock(
    submit, admin, officer, pupr, dinkes
):
    with time_machine.travel(datetime(2026, 11, 2, 9, 0, tzinfo=WITA), tick=False):
        complaint = services.complaint_verify(
            actor=admin, complaint=submit().complaint, units=[pupr]
        )
    first_due = complaint.complete_due_at
    with time_machine.travel(datetime(2026, 11, 4, 9, 0, tzinfo=WITA), tick=False):
        services.dispatch_return(actor=officer, complaint=complaint, reason="Jalan provinsi")
        complaint = services.complaint_dispatch(actor=admin, complaint=complaint, units=[dinkes])
    complaint.refresh_from_db()
    assert complaint.status == Status.DISPATCHED
    assert complaint.complete_due_at == first_due  # counted from the first verification
    assert complaint.events.filter(kind=EventKind.VERIFIED).count() == 1


def test_dispatch_to_a_unit_that_already_has_it_is_a_conflict(submit, admin, pupr):
    complaint = services.complaint_verify(actor=admin, complaint=submit().complaint, units=[pupr])
    before = snapshot(complaint)
    with pytest.raises(Conflict):
        services.complaint_dispatch(actor=admin, complaint=complaint, units=[pupr])
    assert snapshot(complaint) == before


def test_coordinator_handles_a_report_in_its_own_unit(submit, admin, diskominfo):
    complaint = services.complaint_handle(
        actor=admin, complaint=submit().complaint, note="Kami tangani"
    )
    complaint.refresh_from_db()
    (dispatch,) = Dispatch.objects.filter(complaint=complaint)
    assert (dispatch.unit, dispatch.status) == (diskominfo, DispatchStatus.ACCEPTED)
    assert complaint.status == Status.IN_PROGRESS
    assert complaint.verified_at is not None
    assert complaint.events.latest("seq").kind == EventKind.HANDLED_BY_COORDINATOR


def test_overdue_lists_reports_past_their_earliest_deadline(submit, admin, pupr, luwu):
    with time_machine.travel(datetime(2026, 11, 2, 9, 0, tzinfo=WITA), tick=False):  # Monday
        late = submit().complaint
        handled = submit().complaint
    assert overdue(instansi_id=luwu.pk, now=datetime(2026, 11, 5, 23, 0, tzinfo=WITA)) == (0, [])
    with time_machine.travel(datetime(2026, 11, 5, 10, 0, tzinfo=WITA), tick=False):
        services.complaint_verify(actor=admin, complaint=handled, units=[pupr])
    count, rows = overdue(instansi_id=luwu.pk, now=datetime(2026, 11, 6, 0, 1, tzinfo=WITA))
    assert (count, rows) == (1, [late])
    # PUPR's first follow-up was due five working days after dispatch (Thursday 12 November).
    count, rows = overdue(instansi_id=luwu.pk, now=datetime(2026, 11, 13, 0, 1, tzinfo=WITA))
    assert (count, [r.pk for r in rows]) == (2, [late.pk, handled.pk])


def test_verification_clock_is_on_track_then_at_risk_then_breached(submit, luwu):
    with time_machine.travel(datetime(2026, 11, 2, 9, 0, tzinfo=WITA), tick=False):
        complaint = submit().complaint
    start, due = complaint.submitted_at, complaint.verify_due_at
    assert due is not None
    states = [
        clock_state(luwu, start, due, datetime(2026, 11, 3, 9, 0, tzinfo=WITA)),
        clock_state(luwu, start, due, datetime(2026, 11, 5, 12, 0, tzinfo=WITA)),
        clock_state(luwu, start, due, datetime(2026, 11, 6, 0, 0, tzinfo=WITA)),
    ]
    assert states == [ClockState.ON_TRACK, ClockState.AT_RISK, ClockState.BREACHED]
