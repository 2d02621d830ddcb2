"""Reads for the lifecycle: the running clocks of a report, each with its state."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from aduan.complaints.choices import ACTIVE_DISPATCH_STATUSES, Status
from aduan.complaints.models import Complaint
from aduan.organisation.clocks import ClockState, clock_state


@dataclass(frozen=True)
class Clock:
    """One deadline of a report: what it is for, when it started, when it is due, its state."""

    label: str | Promise
    started_at: datetime
    due_at: datetime
    state: ClockState
    unit_name: str = ""


def clocks_of(complaint: Complaint, *, now: datetime) -> list[Clock]:
    """The clocks that run now (none while on hold or once resolved), nearest deadline first."""
    instansi = complaint.instansi
    clocks: list[Clock] = []
    if complaint.status == Status.SUBMITTED and complaint.verify_due_at:
        clocks.append(
            Clock(
                _("Verification and dispatch"),
                complaint.submitted_at,
                complaint.verify_due_at,
                clock_state(instansi, complaint.submitted_at, complaint.verify_due_at, now),
            )
        )
    running = complaint.status in (Status.SUBMITTED, Status.DISPATCHED, Status.IN_PROGRESS)
    if running and complaint.complete_due_at:
        start = complaint.verified_at or complaint.submitted_at
        clocks.append(
            Clock(
                _("Completion"),
                start,
                complaint.complete_due_at,
                clock_state(instansi, start, complaint.complete_due_at, now),
            )
        )
    if complaint.status in (Status.DISPATCHED, Status.IN_PROGRESS):
        for dispatch in complaint.dispatches.filter(
            status__in=ACTIVE_DISPATCH_STATUSES, followup_due_at__isnull=False
        ).select_related("unit"):
            assert dispatch.followup_due_at is not None
            clocks.append(
                Clock(
                    _("First follow-up"),
                    dispatch.dispatched_at,
                    dispatch.followup_due_at,
                    clock_state(instansi, dispatch.dispatched_at, dispatch.followup_due_at, now),
                    unit_name=str(dispatch.unit),
                )
            )
    return sorted(clocks, key=lambda c: c.due_at)
