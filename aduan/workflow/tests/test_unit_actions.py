"""What a unit does with a dispatch: accept, hand back, follow up."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from aduan.complaints.choices import DispatchStatus, EventKind, Status
from aduan.complaints.models import Dispatch
from aduan.core.errors import ValidationFailed
from aduan.workflow import services
from aduan.workflow.tests.states import snapshot

WITA = ZoneInfo("Asia/Makassar")


def _end_of(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 23, 59, 59, 999999, tzinfo=WITA)


@pytest.fixture
def dispatched(submit, admin, pupr):
    with time_machine.travel(datetime(2026, 11, 2, 9, 0, tzinfo=WITA), tick=False):
        complaint = submit().complaint
        return services.complaint_verify(actor=admin, complaint=complaint, units=[pupr])


def test_accept_puts_the_report_in_progress(dispatched, officer, pupr):
    services.dispatch_accept(actor=officer, complaint=dispatched)
    dispatched.refresh_from_db()
    dispatch = Dispatch.objects.get(complaint=dispatched)
    assert dispatched.status == Status.IN_PROGRESS
    assert (dispatch.status, dispatch.accepted_at is not None) == (DispatchStatus.ACCEPTED, True)
    event = dispatched.events.latest("seq")
    assert (event.kind, event.unit, event.actor) == (EventKind.DISPATCH_ACCEPTED, pupr, officer)


def test_hand_back_returns_the_report_to_the_coordinator_with_a_fresh_clock(dispatched, officer):
    with time_machine.travel(datetime(2026, 11, 4, 14, 0, tzinfo=WITA), tick=False):
        services.dispatch_return(actor=officer, complaint=dispatched, reason="Jalan provinsi")
    dispatched.refresh_from_db()
    dispatch = Dispatch.objects.get(complaint=dispatched)
    assert dispatched.status == Status.SUBMITTED
    assert (dispatch.status, dispatch.return_reason) == (DispatchStatus.RETURNED, "Jalan provinsi")
    assert dispatch.followup_due_at is None
    assert dispatched.verify_due_at == _end_of(date(2026, 11, 9))  # 3 working days from Wed
    assert dispatched.events.latest("seq").note == "Jalan provinsi"


def test_hand_back_by_one_of_two_units_leaves_the_other_working(
    submit, admin, officer, pupr, dinkes
):
    complaint = services.complaint_verify(
        actor=admin, complaint=submit().complaint, units=[pupr, dinkes]
    )
    services.dispatch_return(actor=officer, complaint=complaint, reason="Urusan kesehatan")
    complaint.refresh_from_db()
    assert complaint.status == Status.DISPATCHED
    still = Dispatch.objects.get(complaint=complaint, unit=dinkes)
    assert complaint.next_due_at == still.followup_due_at


def test_hand_back_needs_a_reason(dispatched, officer):
    before = snapshot(dispatched)
    with pytest.raises(ValidationFailed):
        services.dispatch_return(actor=officer, complaint=dispatched, reason=" ")
    assert snapshot(dispatched) == before


def test_first_public_follow_up_stops_the_units_clock(dispatched, officer):
    services.followup_add(actor=officer, complaint=dispatched, text="Tim sudah ke lokasi")
    dispatched.refresh_from_db()
    dispatch = Dispatch.objects.get(complaint=dispatched)
    # A pending dispatch is accepted by its first follow-up.
    assert dispatch.status == DispatchStatus.ACCEPTED
    assert dispatch.followup_due_at is None
    assert dispatch.first_followup_at is not None
    assert dispatched.first_followup_at == dispatch.first_followup_at
    assert dispatched.next_due_at == dispatched.complete_due_at
    followup = dispatched.events.latest("seq")
    assert (followup.kind, followup.is_public) == (EventKind.FOLLOWUP, True)


def test_internal_note_does_not_stop_the_clock(dispatched, officer):
    due = Dispatch.objects.get(complaint=dispatched).followup_due_at
    event = services.followup_add(
        actor=officer, complaint=dispatched, text="Anggaran belum ada", is_public=False
    )
    assert not event.is_public
    dispatch = Dispatch.objects.get(complaint=dispatched)
    assert dispatch.followup_due_at == due
    assert dispatch.first_followup_at is None


def test_follow_up_needs_text(dispatched, officer):
    before = snapshot(dispatched)
    with pytest.raises(ValidationFailed):
        services.followup_add(actor=officer, complaint=dispatched, text="")
    assert snapshot(dispatched) == before
