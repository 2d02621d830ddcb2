"""Working-day arithmetic over the real Indonesian days off (holidays package, both categories)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aduan.core.workdays import WorkCalendar
from aduan.organisation.selectors import national_days_off

INDONESIA = WorkCalendar(national_days_off)
DAYS = st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31))
SPANS = st.integers(min_value=1, max_value=70)
FAST = settings(max_examples=150, deadline=None)


def _is_off(day: date) -> bool:
    return day.weekday() >= 5 or day in national_days_off(day.year)


@FAST
@given(DAYS, SPANS)
def test_a_due_date_is_never_a_weekend_or_a_holiday(start, n):
    due = INDONESIA.add(start, n)
    assert due > start
    assert not _is_off(due)


@FAST
@given(DAYS, SPANS)
def test_adding_n_working_days_and_counting_back_gives_n(start, n):
    due = INDONESIA.add(start, n)
    assert INDONESIA.count(start, due) == n
    # ... and it is the first such day: one day earlier only n - 1 have passed.
    assert INDONESIA.count(start, due - timedelta(days=1)) == n - 1


@FAST
@given(DAYS, SPANS, SPANS)
def test_working_days_add_up(start, a, b):
    assert INDONESIA.add(INDONESIA.add(start, a), b) == INDONESIA.add(start, a + b)


@FAST
@given(DAYS)
def test_zero_days_is_the_first_working_day_on_or_after(start):
    first = INDONESIA.add(start, 0)
    assert not _is_off(first)
    assert all(_is_off(start + timedelta(days=i)) for i in range((first - start).days))


@pytest.mark.parametrize(
    ("start", "n", "due"),
    [
        (date(2026, 3, 17), 1, date(2026, 3, 25)),  # Nyepi and Idul Fitri 2026, cuti bersama
        (date(2026, 12, 23), 1, date(2026, 12, 28)),  # Christmas Eve (cuti) and Christmas
        (date(2026, 12, 23), 5, date(2027, 1, 4)),  # ... and New Year 2027, across the year
        (date(2026, 11, 6), 1, date(2026, 11, 9)),  # Friday to Monday
        (date(2026, 11, 7), 0, date(2026, 11, 9)),  # a Saturday starts on Monday
    ],
)
def test_known_dates_around_indonesian_holidays(start, n, due):
    assert INDONESIA.add(start, n) == due


def test_counting_an_empty_or_backward_interval_gives_zero():
    assert INDONESIA.count(date(2026, 11, 9), date(2026, 11, 9)) == 0
    assert INDONESIA.count(date(2026, 11, 9), date(2026, 11, 2)) == 0


def test_negative_days_are_refused():
    with pytest.raises(ValueError, match="n must be"):
        INDONESIA.add(date(2026, 11, 9), -1)


def test_extra_days_off_and_working_days_are_respected():
    saturday = date(2026, 11, 7)
    monday = date(2026, 11, 9)
    calendar = WorkCalendar(lambda year: {monday}, extra_working_days={saturday})
    assert calendar.is_working_day(saturday)
    assert not calendar.is_working_day(monday)
    assert calendar.add(date(2026, 11, 6), 2) == date(2026, 11, 10)


def test_days_off_of_the_next_year_are_loaded_when_a_clock_crosses_into_it():
    asked: list[int] = []

    def days_off(year: int) -> set[date]:
        asked.append(year)
        return {date(year, 1, 1)}

    calendar = WorkCalendar(days_off)
    assert calendar.add(date(2026, 12, 31), 1) == date(2027, 1, 4)  # 1 Jan 2027 is a Friday
    assert 2027 in asked
