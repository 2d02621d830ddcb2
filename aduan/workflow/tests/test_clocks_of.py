from datetime import datetime
from zoneinfo import ZoneInfo

import time_machine
from django.utils import translation

from aduan.organisation.clocks import ClockState
from aduan.workflow import services
from aduan.workflow.selectors import clocks_of

WITA = ZoneInfo("Asia/Makassar")


def test_new_report_has_one_verification_clock_that_ages(submit):
    with time_machine.travel(datetime(2026, 11, 2, 9, 0, tzinfo=WITA), tick=False):  # Monday
        complaint = submit().complaint
    (clock,) = clocks_of(complaint, now=datetime(2026, 11, 2, 10, 0, tzinfo=WITA))
    assert clock.due_at == datetime(2026, 11, 5, 23, 59, 59, 999999, tzinfo=WITA)  # Thursday
    assert clock.state == ClockState.ON_TRACK
    assert clocks_of(complaint, now=datetime(2026, 11, 5, 12, 0, tzinfo=WITA))[0].state == (
        ClockState.AT_RISK
    )
    assert clocks_of(complaint, now=datetime(2026, 11, 6, 0, 1, tzinfo=WITA))[0].state == (
        ClockState.BREACHED
    )


def test_dispatched_report_runs_completion_and_follow_up_clocks(submit, admin, pupr, officer):
    with time_machine.travel(datetime(2026, 11, 2, 9, 0, tzinfo=WITA), tick=False):
        complaint = submit().complaint
        services.complaint_verify(actor=admin, complaint=complaint, units=[pupr])
    complaint.refresh_from_db()
    now = datetime(2026, 11, 3, 9, 0, tzinfo=WITA)
    clocks = clocks_of(complaint, now=now)
    with translation.override("en"):
        labels = [(str(c.label), c.unit_name) for c in clocks]
    assert labels == [
        ("First follow-up", "Dinas PUPR"),
        ("Completion", ""),
    ]
    # Roads are "tidak berkadar pengawasan": 14 working days from verification.
    assert clocks[1].due_at.date() == datetime(2026, 11, 20, tzinfo=WITA).date()
    with time_machine.travel(datetime(2026, 11, 3, 9, 0, tzinfo=WITA), tick=False):
        services.followup_add(actor=officer, complaint=complaint, text="Tim meninjau lokasi.")
    complaint.refresh_from_db()
    with translation.override("en"):
        assert [str(c.label) for c in clocks_of(complaint, now=now)] == ["Completion"]


def test_no_clock_runs_on_hold(submit, admin):
    complaint = submit().complaint
    services.complaint_hold(actor=admin, complaint=complaint, question="Di RT berapa?")
    complaint.refresh_from_db()
    assert clocks_of(complaint, now=complaint.updated_at) == []
    assert complaint.next_due_at is None
