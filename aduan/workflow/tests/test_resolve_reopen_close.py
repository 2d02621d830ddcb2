"""Resolving, the reporter's confirmation or reply (re-open), and closing."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from aduan.complaints.choices import ActorKind, DispatchStatus, EventKind, Status
from aduan.complaints.models import Dispatch
from aduan.core.errors import ValidationFailed
from aduan.workflow import services
from aduan.workflow.tests.states import snapshot

WITA = ZoneInfo("Asia/Makassar")


@pytest.fixture
def two_units(submit, admin, officer, other_officer, pupr, dinkes):
    complaint = services.complaint_verify(
        actor=admin, complaint=submit().complaint, units=[pupr, dinkes]
    )
    services.dispatch_accept(actor=officer, complaint=complaint)
    services.dispatch_accept(actor=other_officer, complaint=complaint)
    return complaint


def test_report_is_resolved_when_the_last_unit_is_done(two_units, officer, other_officer):
    services.complaint_resolve(actor=officer, complaint=two_units, summary="Jalan ditambal")
    two_units.refresh_from_db()
    assert two_units.status == Status.IN_PROGRESS
    assert two_units.autoclose_at is None
    with time_machine.travel(datetime(2026, 12, 16, 10, 0, tzinfo=WITA), tick=False):
        services.complaint_resolve(actor=other_officer, complaint=two_units, summary="Obat dikirim")
    two_units.refresh_from_db()
    assert two_units.status == Status.RESOLVED
    assert two_units.resolved_at is not None
    assert two_units.next_due_at is None
    # Ten working days for the reporter; Christmas and New Year 2027 are days off.
    assert two_units.autoclose_at == datetime(2027, 1, 4, 23, 59, 59, 999999, tzinfo=WITA)
    assert set(Dispatch.objects.filter(complaint=two_units).values_list("status", flat=True)) == {
        DispatchStatus.DONE
    }


def test_coordinator_resolve_closes_every_dispatch(two_units, admin):
    services.complaint_resolve(actor=admin, complaint=two_units, summary="Selesai bersama")
    two_units.refresh_from_db()
    assert two_units.status == Status.RESOLVED


def test_resolve_needs_a_summary(two_units, officer):
    before = snapshot(two_units)
    with pytest.raises(ValidationFailed):
        services.complaint_resolve(actor=officer, complaint=two_units, summary=" ")
    assert snapshot(two_units) == before


def test_reporter_reply_reopens_a_resolved_report(two_units, admin):
    services.complaint_resolve(actor=admin, complaint=two_units, summary="Selesai")
    services.complaint_reporter_reply(complaint=two_units, text="Lubangnya muncul lagi")
    two_units.refresh_from_db()
    assert two_units.status == Status.IN_PROGRESS
    assert (two_units.resolved_at, two_units.autoclose_at) == (None, None)
    assert two_units.next_due_at == two_units.complete_due_at
    assert set(Dispatch.objects.filter(complaint=two_units).values_list("status", flat=True)) == {
        DispatchStatus.ACCEPTED
    }
    event = two_units.events.latest("seq")
    assert (event.kind, event.actor_kind, event.note) == (
        EventKind.REOPENED,
        ActorKind.REPORTER,
        "Lubangnya muncul lagi",
    )


def test_reopen_after_a_unit_was_dispatched_twice(two_units, admin, officer, other_officer, pupr):
    services.complaint_resolve(actor=officer, complaint=two_units, summary="Ditambal")
    services.complaint_dispatch(actor=admin, complaint=two_units, units=[pupr])  # once more
    services.complaint_resolve(actor=officer, complaint=two_units, summary="Ditambal lagi")
    services.complaint_resolve(actor=other_officer, complaint=two_units, summary="Selesai")
    services.complaint_reporter_reply(complaint=two_units, text="Masih rusak")
    two_units.refresh_from_db()
    assert two_units.status == Status.IN_PROGRESS
    active = Dispatch.objects.filter(complaint=two_units, status=DispatchStatus.ACCEPTED)
    assert sorted(d.unit.code for d in active) == ["dinkes", "pupr"]


def test_reporter_message_while_in_progress_joins_the_timeline(two_units):
    services.complaint_reporter_reply(complaint=two_units, text="Kapan dikerjakan?")
    two_units.refresh_from_db()
    assert two_units.status == Status.IN_PROGRESS
    assert two_units.events.latest("seq").kind == EventKind.REPORTER_MESSAGE


def test_reporter_confirmation_closes_the_report(two_units, admin, citizen):
    services.complaint_resolve(actor=admin, complaint=two_units, summary="Selesai")
    services.complaint_confirm(complaint=two_units, note="Terima kasih", user=citizen)
    two_units.refresh_from_db()
    assert two_units.status == Status.CLOSED
    assert two_units.closed_at is not None
    assert two_units.events.latest("seq").kind == EventKind.CONFIRMED


def test_coordinator_closes_a_resolved_report(two_units, admin):
    services.complaint_resolve(actor=admin, complaint=two_units, summary="Selesai")
    services.complaint_close(actor=admin, complaint=two_units, note="Pelapor dihubungi")
    two_units.refresh_from_db()
    assert (two_units.status, two_units.autoclose_at) == (Status.CLOSED, None)
    assert two_units.events.latest("seq").kind == EventKind.CLOSED


def test_reply_must_say_something(two_units):
    before = snapshot(two_units)
    for text in ("   ", "x" * 5001):
        with pytest.raises(ValidationFailed):
            services.complaint_reporter_reply(complaint=two_units, text=text)
    assert snapshot(two_units) == before
