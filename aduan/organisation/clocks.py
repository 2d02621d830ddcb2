"""Deadlines in working days of an instansi: from a moment to an aware due time, and back.

A clock of n working days started at moment t is due at the end (23:59:59 local) of the
n-th working day after t's local date. Every clock of DOMAIN.md section 5 goes through here.
"""

from __future__ import annotations

import enum
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from aduan.organisation.models import Instansi
from aduan.organisation.selectors import calendar_for

END_OF_DAY = time(23, 59, 59, 999999)


class ClockState(enum.StrEnum):
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    BREACHED = "breached"


# A clock's state in words for staff pages (never shown by colour alone).
CLOCK_STATE_LABELS: dict[ClockState, Promise] = {
    ClockState.ON_TRACK: gettext_lazy("On track"),
    ClockState.AT_RISK: gettext_lazy("At risk"),
    ClockState.BREACHED: gettext_lazy("Breached"),
}


def local_date(instansi: Instansi, moment: datetime) -> date:
    return moment.astimezone(ZoneInfo(instansi.time_zone)).date()


def end_of_day(instansi: Instansi, day: date) -> datetime:
    return datetime.combine(day, END_OF_DAY, tzinfo=ZoneInfo(instansi.time_zone))


def deadline_after(instansi: Instansi, start: datetime, working_days: int) -> datetime:
    """The due moment of a clock of `working_days` started at `start`."""
    due_day = calendar_for(instansi).add(local_date(instansi, start), working_days)
    return end_of_day(instansi, due_day)


def paused_working_days(instansi: Instansi, hold_start: datetime, resumed: datetime) -> int:
    """Working days a clock stood still: after the day it stopped, up to the day it resumed."""
    return calendar_for(instansi).count(
        local_date(instansi, hold_start), local_date(instansi, resumed)
    )


def shift_deadline(instansi: Instansi, due: datetime, working_days: int) -> datetime:
    """Move a deadline later by `working_days` (after a pause or an extension)."""
    if working_days == 0:
        return due
    return end_of_day(instansi, calendar_for(instansi).add(local_date(instansi, due), working_days))


def clock_state(instansi: Instansi, start: datetime, due: datetime, now: datetime) -> ClockState:
    """On track, at risk (in the last at_risk_percent of the clock) or breached."""
    if now > due:
        return ClockState.BREACHED
    span = due - start
    if now >= due - timedelta(seconds=span.total_seconds() * instansi.at_risk_percent / 100):
        return ClockState.AT_RISK
    return ClockState.ON_TRACK
