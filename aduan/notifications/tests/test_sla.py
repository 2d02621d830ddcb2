"""The clock sweep with time moved forward over real holidays: each clock once, to the right
people; auto-close with its warning; the Ombudsman notice."""

from __future__ import annotations

from collections import Counter

import pytest
import time_machine

from aduan.complaints.choices import Status
from aduan.complaints.models import Dispatch
from aduan.core.clock import now
from aduan.notifications.choices import ClockKind, EscalationLevel, NotifyChannel, RecipientKind
from aduan.notifications.models import Escalation, Notification
from aduan.notifications.services import notifications_from_events, sla_tick
from aduan.notifications.tests.conftest import REPORTER, at
from aduan.organisation.choices import SlaTier
from aduan.organisation.clocks import ClockState, clock_state
from aduan.workflow import services

pytestmark = pytest.mark.django_db


def _staff_messages(key: str) -> Counter[str]:
    return Counter(
        Notification.objects.filter(template_key=key, channel=NotifyChannel.CONSOLE).values_list(
            "recipient_user__username", flat=True
        )
    )


def _sweep(times: int = 1) -> None:
    for _ in range(times):
        sla_tick()


def test_a_late_dispatch_reminds_breaches_and_escalates_once_around_idul_fitri(
    reach, officer, admin, auditor, pupr_leader, luwu
):
    # Monday 16 March 2026; Nyepi and Idul Fitri with cuti bersama take 18-24 March off.
    with time_machine.travel(at(2026, 3, 16, 9, 0), tick=False) as traveller:
        complaint = reach(Status.DISPATCHED, reporter=REPORTER)
        dispatch = Dispatch.objects.get(complaint=complaint)
        assert dispatch.followup_due_at == at(2026, 3, 30, 23, 59, 59, 999999)

        traveller.move_to(at(2026, 3, 26, 9, 0))  # two working days left: no reminder yet
        _sweep()
        assert not _staff_messages("due_soon")
        # Friday morning: a working day and a half left, more than a fifth of the clock's
        # five working days. The console shows it on track; no reminder.
        traveller.move_to(at(2026, 3, 27, 9, 0))
        _sweep()
        assert not _staff_messages("due_soon")
        assert clock_state(luwu, dispatch.dispatched_at, dispatch.followup_due_at, now()) == (
            ClockState.ON_TRACK
        )
        # Saturday: only Monday is left, one working day of five: at risk, and reminded.
        traveller.move_to(at(2026, 3, 28, 9, 0))
        assert clock_state(luwu, dispatch.dispatched_at, dispatch.followup_due_at, now()) == (
            ClockState.AT_RISK
        )
        _sweep(3)
        assert _staff_messages("due_soon") == {"officer": 1}

        traveller.move_to(at(2026, 3, 30, 23, 0))  # the last day: not late yet
        _sweep()
        assert not _staff_messages("breached")

        traveller.move_to(at(2026, 3, 31, 9, 0))
        _sweep(3)
        assert _staff_messages("breached") == {"officer": 1}  # the liaison first
        assert not _staff_messages("escalated")

        traveller.move_to(at(2026, 4, 1, 9, 0))  # a working day later: up the chain
        _sweep(3)
        assert _staff_messages("escalated") == {"admin": 1, "kadis_pupr": 1}
        traveller.move_to(at(2026, 4, 2, 9, 0))
        _sweep(3)

    assert _staff_messages("breached") == {"officer": 1}
    assert _staff_messages("escalated") == {"admin": 1, "kadis_pupr": 1}
    assert Counter(
        Escalation.objects.filter(dispatch=dispatch).values_list("level", flat=True)
    ) == {EscalationLevel.DUE_SOON: 1, EscalationLevel.BREACHED: 1, EscalationLevel.ESCALATED: 1}
    # Staff with an email address get it by email too, once.
    emails = Notification.objects.filter(template_key="breached", channel=NotifyChannel.EMAIL)
    assert list(emails.values_list("address", flat=True)) == [officer.email]
    # Nothing of this goes to the reporter.
    assert not Notification.objects.filter(
        recipient_kind=RecipientKind.REPORTER, template_key__in=["breached", "escalated"]
    ).exists()


def test_a_breached_supervisory_report_also_goes_to_the_auditor(
    reach, road_category, officer, auditor
):
    road_category.sla_tier = SlaTier.SUPERVISORY
    road_category.save()
    with time_machine.travel(at(2026, 11, 2, 9, 0), tick=False) as traveller:
        reach(Status.DISPATCHED)
        traveller.move_to(at(2026, 11, 10, 9, 0))  # 5 working days after Monday 2 November
        _sweep(2)
    assert _staff_messages("breached") == {"officer": 1, "auditor": 1}


def test_a_late_verification_goes_to_the_coordinator(reach, admin):
    with time_machine.travel(at(2026, 11, 2, 9, 0), tick=False) as traveller:
        reach(Status.SUBMITTED)
        traveller.move_to(at(2026, 11, 6, 9, 0))
        _sweep(2)
    assert _staff_messages("breached") == {"admin": 1}
    assert Escalation.objects.get(level=EscalationLevel.BREACHED).clock == ClockKind.VERIFY


def test_an_unanswered_resolution_is_warned_then_closed_after_christmas(reach, officer):
    with time_machine.travel(at(2026, 12, 1, 9, 0), tick=False) as traveller:
        complaint = reach(Status.IN_PROGRESS, reporter=REPORTER)
        # Wednesday 16 December: ten working days skip Christmas (24-25) and New Year.
        traveller.move_to(at(2026, 12, 16, 10, 0))
        services.complaint_resolve(actor=officer, complaint=complaint, summary="Ditambal")
        complaint.refresh_from_db()
        assert complaint.autoclose_at == at(2027, 1, 4, 23, 59, 59, 999999)

        traveller.move_to(at(2026, 12, 29, 9, 0))
        _sweep()
        assert not Notification.objects.filter(template_key="autoclose_warning").exists()
        traveller.move_to(at(2026, 12, 30, 9, 0))  # two working days before: 31 Dec, 4 Jan
        _sweep(3)
        (warning,) = Notification.objects.filter(template_key="autoclose_warning")
        assert (warning.address, warning.recipient_kind) == (REPORTER.email, "reporter")

        traveller.move_to(at(2027, 1, 4, 23, 0))
        assert sla_tick().autoclosed == 0
        traveller.move_to(at(2027, 1, 5, 0, 5))
        assert sla_tick().autoclosed == 1
        assert sla_tick().autoclosed == 0
    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED


def test_a_reply_reopens_and_nothing_closes(reach, officer):
    with time_machine.travel(at(2026, 12, 16, 10, 0), tick=False) as traveller:
        complaint = reach(Status.RESOLVED)
        traveller.move_to(at(2027, 1, 4, 9, 0))
        services.complaint_reporter_reply(complaint=complaint, text="Belum, masih berlubang")
        traveller.move_to(at(2027, 1, 6, 9, 0))
        assert sla_tick().autoclosed == 0
    complaint.refresh_from_db()
    assert complaint.status == Status.IN_PROGRESS


def test_after_sixty_days_the_reporter_hears_of_the_ombudsman_once(reach):
    with time_machine.travel(at(2026, 8, 3, 9, 0), tick=False) as traveller:
        reach(Status.IN_PROGRESS, reporter=REPORTER)
        notifications_from_events()
        traveller.move_to(at(2026, 10, 1, 9, 0))
        _sweep()
        assert not Notification.objects.filter(template_key="ombudsman").exists()
        traveller.move_to(at(2026, 10, 2, 9, 30))
        _sweep(3)
        traveller.move_to(at(2026, 10, 20, 9, 30))
        _sweep()
    (notice,) = Notification.objects.filter(template_key="ombudsman")
    assert notice.address == REPORTER.email
    assert "Ombudsman" in notice.body or "ombudsman" in notice.body


def test_a_backlog_is_worked_off_in_bounded_sweeps(reach, settings):
    with time_machine.travel(at(2026, 11, 2, 9, 0), tick=False) as traveller:
        for _ in range(3):
            reach(Status.SUBMITTED)
        traveller.move_to(at(2026, 11, 9, 9, 0))
        assert sla_tick(limit=2).escalations == 2
        assert sla_tick(limit=2).escalations == 2
        assert sla_tick(limit=2).escalations == 2
        assert sla_tick(limit=2).escalations == 0
    # 3 reports x (breached, escalated) of the verification clock.
    assert Escalation.objects.count() == 6
