"""*Tunda*: every clock stops while the reporter is asked, and moves by the paused working days."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from aduan.complaints.choices import EventKind, Status
from aduan.complaints.models import Dispatch
from aduan.complaints.selectors import overdue
from aduan.core.errors import ValidationFailed
from aduan.workflow import services
from aduan.workflow.tests.states import snapshot

WITA = ZoneInfo("Asia/Makassar")


def _end_of(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 23, 59, 59, 999999, tzinfo=WITA)


def _at(day: date, hour: int = 10):
    return time_machine.travel(
        datetime(day.year, day.month, day.day, hour, tzinfo=WITA), tick=False
    )


@pytest.fixture
def dispatched_on_16_march(submit, admin, pupr):
    with _at(date(2026, 3, 16), 9):  # Monday before Nyepi and Idul Fitri 2026
        complaint = services.complaint_verify(
            actor=admin, complaint=submit().complaint, units=[pupr]
        )
    complaint.refresh_from_db()
    assert complaint.complete_due_at == _end_of(date(2026, 4, 13))
    assert Dispatch.objects.get(complaint=complaint).followup_due_at == _end_of(date(2026, 3, 30))
    return complaint


def test_hold_stops_every_clock(dispatched_on_16_march, officer, luwu):
    with _at(date(2026, 3, 17)):
        services.complaint_hold(
            actor=officer, complaint=dispatched_on_16_march, question="Nomor rumah?"
        )
    complaint = dispatched_on_16_march
    complaint.refresh_from_db()
    assert (complaint.status, complaint.status_before_hold) == (Status.ON_HOLD, Status.DISPATCHED)
    assert complaint.next_due_at is None
    # Months later it is still not overdue: nobody can act before the reporter answers.
    assert overdue(instansi_id=luwu.pk, now=datetime(2026, 9, 1, tzinfo=WITA)) == (0, [])


def test_reporter_answer_moves_each_deadline_by_the_paused_working_days(
    dispatched_on_16_march, officer
):
    complaint = dispatched_on_16_march
    with _at(date(2026, 3, 17)):
        services.complaint_hold(actor=officer, complaint=complaint, question="Nomor rumah?")
    # Nine calendar days later, but only 25 and 26 March were working days.
    with _at(date(2026, 3, 26)):
        services.complaint_reporter_reply(complaint=complaint, text="Nomor 12, dekat masjid")
    complaint.refresh_from_db()
    dispatch = Dispatch.objects.get(complaint=complaint)
    assert complaint.status == Status.DISPATCHED
    assert complaint.hold_started_at is None
    assert dispatch.followup_due_at == _end_of(date(2026, 4, 1))
    assert complaint.complete_due_at == _end_of(date(2026, 4, 15))
    assert complaint.next_due_at == dispatch.followup_due_at
    resumed = complaint.events.latest("seq")
    assert resumed.kind == EventKind.RESUMED
    assert resumed.new["paused_working_days"] == 2


def test_hold_and_answer_on_the_same_day_moves_nothing(dispatched_on_16_march, admin):
    complaint = dispatched_on_16_march
    before = (complaint.complete_due_at, Dispatch.objects.get(complaint=complaint).followup_due_at)
    with _at(date(2026, 3, 17), 9):
        services.complaint_hold(actor=admin, complaint=complaint, question="Foto lagi?")
    with _at(date(2026, 3, 17), 15):
        services.complaint_resume(actor=admin, complaint=complaint, note="Dijawab lewat telepon")
    complaint.refresh_from_db()
    after = (complaint.complete_due_at, Dispatch.objects.get(complaint=complaint).followup_due_at)
    assert after == before


def test_hold_before_verification_moves_the_verification_clock(submit, admin):
    with _at(date(2026, 11, 2), 9):  # Monday; due Thursday 5 November
        complaint = submit().complaint
    with _at(date(2026, 11, 3)):
        services.complaint_hold(actor=admin, complaint=complaint, question="Lokasi?")
    with _at(date(2026, 11, 9)):  # four working days later
        services.complaint_resume(actor=admin, complaint=complaint)
    complaint.refresh_from_db()
    assert complaint.status == Status.SUBMITTED
    assert complaint.verify_due_at == _end_of(date(2026, 11, 11))
    assert complaint.next_due_at == complaint.verify_due_at


def test_hold_needs_a_question(dispatched_on_16_march, admin):
    before = snapshot(dispatched_on_16_march)
    with pytest.raises(ValidationFailed):
        services.complaint_hold(actor=admin, complaint=dispatched_on_16_march, question="  ")
    assert snapshot(dispatched_on_16_march) == before
