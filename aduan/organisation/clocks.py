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


DAY_SECONDS = 86400


def _day_start(instansi: Instansi, day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(instansi.time_zone))


def working_seconds(instansi: Instansi, start: datetime, end: datetime) -> float:
    """Working time between two moments, in seconds: only the hours that fall on working days
    of the instansi (in its time zone) count."""
    if end <= start:
        return 0.0
    calendar = calendar_for(instansi)
    first, last = local_date(instansi, start), local_date(instansi, end)
    if first == last:
        return (end - start).total_seconds() if calendar.is_working_day(first) else 0.0
    total = 0.0
    if calendar.is_working_day(first):
        total += (_day_start(instansi, first + timedelta(days=1)) - start).total_seconds()
    if calendar.is_working_day(last):
        total += (end - _day_start(instansi, last)).total_seconds()
    # Whole working days strictly between the two dates.
    between = calendar.count(first, last) - (1 if calendar.is_working_day(last) else 0)
    return total + between * DAY_SECONDS


def working_time_after(instansi: Instansi, start: datetime, seconds: float) -> datetime:
    """The moment `seconds` of working time after `start` (the inverse of working_seconds)."""
    calendar = calendar_for(instansi)
    day = local_date(instansi, start)
    moment = start
    left = seconds
    while True:
        next_day = _day_start(instansi, day + timedelta(days=1))
        if calendar.is_working_day(day):
            room = (next_day - moment).total_seconds()
            if left <= room:
                return moment + timedelta(seconds=left)
            left -= room
        day += timedelta(days=1)
        moment = next_day


def clock_length(instansi: Instansi, start: datetime, due: datetime) -> int:
    """A clock's length in working days: the working days after its start day up to its due
    day (a clock of n working days has length n)."""
    return calendar_for(instansi).count(local_date(instansi, start), local_date(instansi, due))


def at_risk_seconds(instansi: Instansi, length_days: int) -> float:
    """How much working time is left when a clock of `length_days` turns at risk."""
    return length_days * DAY_SECONDS * instansi.at_risk_percent / 100


def clock_state(instansi: Instansi, start: datetime, due: datetime, now: datetime) -> ClockState:
    """On track, at risk or breached. At risk: the working time left is at most
    at_risk_percent of the clock's length in working days (weekends and holidays never count,
    so a clock does not turn at risk over a long weekend). The clock sweep's reminders use the
    same measure (notifications.services)."""
    if now > due:
        return ClockState.BREACHED
    risk = at_risk_seconds(instansi, clock_length(instansi, start, due))
    if risk and working_seconds(instansi, now, due) <= risk:
        return ClockState.AT_RISK
    return ClockState.ON_TRACK
