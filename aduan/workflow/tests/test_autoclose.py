"""Auto-close: a resolved report the reporter leaves unanswered for 10 working days."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from aduan.complaints.choices import ActorKind, EventKind, Status
from aduan.core.errors import Conflict
from aduan.workflow import services
from aduan.workflow.tests.states import snapshot

WITA = ZoneInfo("Asia/Makassar")
DUE = datetime(2027, 1, 4, 23, 59, 59, 999999, tzinfo=WITA)


@pytest.fixture
def resolved(submit, admin, officer, pupr):
    complaint = services.complaint_verify(actor=admin, complaint=submit().complaint, units=[pupr])
    # Wednesday 16 December 2026: ten working days run past Christmas and New Year.
    with time_machine.travel(datetime(2026, 12, 16, 10, 0, tzinfo=WITA), tick=False):
        services.complaint_resolve(actor=officer, complaint=complaint, summary="Ditambal")
    complaint.refresh_from_db()
    assert complaint.autoclose_at == DUE
    return complaint


def test_nothing_closes_before_the_reporter_s_time_is_up(resolved):
    before = snapshot(resolved)
    assert services.complaints_autoclose_due(now=datetime(2027, 1, 4, 23, 0, tzinfo=WITA)) == 0
    with pytest.raises(Conflict):
        services.complaint_autoclose(complaint=resolved, now=datetime(2027, 1, 4, tzinfo=WITA))
    assert snapshot(resolved) == before


def test_unanswered_report_closes_automatically(resolved):
    with time_machine.travel(datetime(2027, 1, 5, 0, 5, tzinfo=WITA), tick=False):
        assert services.complaints_autoclose_due() == 1
    resolved.refresh_from_db()
    assert resolved.status == Status.CLOSED
    assert resolved.autoclose_at is None
    event = resolved.events.latest("seq")
    assert (event.kind, event.actor, event.actor_kind) == (
        EventKind.AUTO_CLOSED,
        None,
        ActorKind.SYSTEM,
    )
    assert services.complaints_autoclose_due(now=datetime(2027, 2, 1, tzinfo=WITA)) == 0


def test_reporter_reply_stops_the_auto_close(resolved):
    with time_machine.travel(datetime(2026, 12, 30, 10, 0, tzinfo=WITA), tick=False):
        services.complaint_reporter_reply(complaint=resolved, text="Belum rapi")
    assert services.complaints_autoclose_due(now=datetime(2027, 2, 1, tzinfo=WITA)) == 0
    resolved.refresh_from_db()
    assert (resolved.status, resolved.autoclose_at) == (Status.IN_PROGRESS, None)
