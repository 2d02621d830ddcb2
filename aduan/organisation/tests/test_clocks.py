"""Deadlines of an instansi: its calendar (with administrators' days), pauses and clock states."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aduan.organisation.choices import CalendarDayKind
from aduan.organisation.clocks import (
    ClockState,
    clock_state,
    deadline_after,
    local_date,
    paused_working_days,
    shift_deadline,
    working_seconds,
    working_time_after,
)
from aduan.organisation.models import Instansi
from aduan.organisation.selectors import calendar_for, national_days_off
from aduan.organisation.services import calendar_day_remove, calendar_day_set

WITA = ZoneInfo("Asia/Makassar")
MOMENTS = st.datetimes(
    min_value=datetime(2025, 1, 1),  # noqa: DTZ001 (hypothesis wants naive bounds)
    max_value=datetime(2027, 6, 30),  # noqa: DTZ001
    timezones=st.just(WITA),
)
WITH_DB = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@WITH_DB
@given(start=MOMENTS, n=st.integers(1, 60))
def test_a_deadline_ends_a_working_day_of_the_instansi(luwu, start, n):
    due = deadline_after(luwu, start, n)
    day = local_date(luwu, due)
    assert day.weekday() < 5
    assert day not in national_days_off(day.year)
    assert due.astimezone(WITA).time().hour == 23
    assert calendar_for(luwu).count(local_date(luwu, start), day) == n


@WITH_DB
@given(
    start=MOMENTS,
    n=st.integers(1, 60),
    hold_after=st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=40)),
    held_for=st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=40)),
)
def test_pausing_moves_the_due_date_by_exactly_the_paused_working_days(
    luwu, start, n, hold_after, held_for
):
    due = deadline_after(luwu, start, n)
    hold_start = start + hold_after
    resumed = hold_start + held_for
    paused = paused_working_days(luwu, hold_start, resumed)
    moved = shift_deadline(luwu, due, paused)
    calendar = calendar_for(luwu)
    assert calendar.count(local_date(luwu, due), local_date(luwu, moved)) == paused
    assert calendar.is_working_day(local_date(luwu, moved))
    assert paused == calendar.count(local_date(luwu, hold_start), local_date(luwu, resumed))


def test_local_date_is_the_instansi_s_date_not_utc(luwu):
    # 16:30 UTC on Monday is 00:30 WITA on Tuesday: the clock starts from Tuesday.
    start = datetime(2026, 11, 2, 16, 30, tzinfo=UTC)
    assert local_date(luwu, start) == date(2026, 11, 3)
    assert deadline_after(luwu, start, 1) == datetime(2026, 11, 4, 23, 59, 59, 999999, tzinfo=WITA)


def test_a_day_off_added_by_an_administrator_is_skipped(luwu):
    start = datetime(2026, 7, 3, 10, 0, tzinfo=WITA)  # Friday
    assert local_date(luwu, deadline_after(luwu, start, 1)) == date(2026, 7, 6)
    calendar_day_set(
        instansi=Instansi.objects.get(pk=luwu.pk),
        day=date(2026, 7, 6),
        kind=CalendarDayKind.OFF,
        description="Hari jadi Luwu",
    )
    luwu.refresh_from_db()
    assert not calendar_for(luwu).is_working_day(date(2026, 7, 6))
    assert local_date(luwu, deadline_after(luwu, start, 1)) == date(2026, 7, 7)


def test_a_holiday_an_administrator_turns_into_a_working_day_counts(luwu):
    start = datetime(2026, 12, 23, 10, 0, tzinfo=WITA)
    assert local_date(luwu, deadline_after(luwu, start, 1)) == date(2026, 12, 28)
    calendar_day_set(
        instansi=luwu,
        day=date(2026, 12, 24),
        kind=CalendarDayKind.WORKING,
        description="Cuti bersama dibatalkan",
    )
    assert local_date(luwu, deadline_after(luwu, start, 1)) == date(2026, 12, 24)
    calendar_day_remove(instansi=luwu, day=date(2026, 12, 24))
    assert local_date(luwu, deadline_after(luwu, start, 1)) == date(2026, 12, 28)


def test_each_instansi_has_its_own_calendar(luwu):
    palopo = Instansi.objects.create(code="palopo", name="Pemkot Palopo", tracking_prefix="PLP")
    calendar_day_set(
        instansi=palopo, day=date(2026, 7, 6), kind=CalendarDayKind.OFF, description="Lokal"
    )
    assert calendar_for(luwu).is_working_day(date(2026, 7, 6))
    assert not calendar_for(palopo).is_working_day(date(2026, 7, 6))


@pytest.mark.parametrize(
    ("now", "state"),
    [
        (datetime(2026, 11, 2, 9, 0, tzinfo=WITA), ClockState.ON_TRACK),
        (datetime(2026, 11, 5, 4, 0, tzinfo=WITA), ClockState.ON_TRACK),
        (datetime(2026, 11, 5, 10, 0, tzinfo=WITA), ClockState.AT_RISK),  # last 20%
        (datetime(2026, 11, 5, 23, 59, 59, tzinfo=WITA), ClockState.AT_RISK),
        (datetime(2026, 11, 6, 0, 0, 1, tzinfo=WITA), ClockState.BREACHED),
    ],
)
def test_clock_is_on_track_at_risk_or_breached(luwu, now, state):
    start = datetime(2026, 11, 2, 0, 0, tzinfo=WITA)
    due = datetime(2026, 11, 5, 23, 59, 59, 999999, tzinfo=WITA)  # 96 hours later
    assert clock_state(luwu, start, due, now) == state


def test_at_risk_share_is_configurable(luwu):
    # A clock of three working days (3, 4, 5 November): half of it is a day and a half.
    luwu.at_risk_percent = 50
    start = datetime(2026, 11, 2, 0, 0, tzinfo=WITA)
    due = datetime(2026, 11, 5, 23, 59, 59, 999999, tzinfo=WITA)
    assert clock_state(luwu, start, due, datetime(2026, 11, 4, 11, 0, tzinfo=WITA)) == (
        ClockState.ON_TRACK
    )
    assert clock_state(luwu, start, due, datetime(2026, 11, 4, 13, 0, tzinfo=WITA)) == (
        ClockState.AT_RISK
    )
    luwu.at_risk_percent = 0
    assert clock_state(luwu, start, due, datetime(2026, 11, 5, 23, 0, tzinfo=WITA)) == (
        ClockState.ON_TRACK
    )


def test_at_risk_is_measured_in_working_time_over_a_weekend(luwu):
    # Three working days from Thursday 5 November: Friday, Monday, Tuesday 10 November. A
    # fifth of three working days is 14.4 working hours: the clock turns at risk on Tuesday
    # at 09:36, not over the weekend as a share of calendar time would have it.
    start = datetime(2026, 11, 5, 9, 0, tzinfo=WITA)
    due = deadline_after(luwu, start, 3)
    assert due == datetime(2026, 11, 10, 23, 59, 59, 999999, tzinfo=WITA)
    states = [
        clock_state(luwu, start, due, datetime(2026, 11, day, hour, minute, tzinfo=WITA))
        for day, hour, minute in ((8, 12, 0), (9, 22, 0), (10, 9, 35), (10, 9, 37))
    ]
    assert states == [
        ClockState.ON_TRACK,
        ClockState.ON_TRACK,
        ClockState.ON_TRACK,
        ClockState.AT_RISK,
    ]


def test_working_seconds_skip_days_off_and_invert(luwu):
    friday_noon = datetime(2026, 11, 6, 12, 0, tzinfo=WITA)
    monday_noon = datetime(2026, 11, 9, 12, 0, tzinfo=WITA)
    assert working_seconds(luwu, friday_noon, monday_noon) == 24 * 3600
    assert working_time_after(luwu, friday_noon, 24 * 3600) == monday_noon
    # Christmas Day and the cuti bersama after it are days off too.
    before = datetime(2026, 12, 23, 12, 0, tzinfo=WITA)
    later = working_time_after(luwu, before, 36 * 3600)
    assert working_seconds(luwu, before, later) == 36 * 3600
    assert later.date() > date(2026, 12, 26)
