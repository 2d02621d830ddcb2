"""Working-day arithmetic over a set of days off. Pure: no database, no clock.

A `WorkCalendar` says which dates are working days: Monday to Friday, minus the days off
(national holidays, cuti bersama, regional days off), plus days an administrator declared
working. The organisation app builds one per instansi (`organisation.selectors.calendar_for`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, timedelta

ONE_DAY = timedelta(days=1)


class WorkCalendar:
    """Working days = weekdays - days off + extra working days.

    `holidays_for_year(year)` gives the days off of a year (national holidays, cuti bersama,
    the instansi's own days off); years are loaded on first use, so any date works.
    """

    def __init__(
        self,
        holidays_for_year: Callable[[int], Iterable[date]] = lambda year: (),
        extra_working_days: Iterable[date] = (),
    ) -> None:
        self._holidays_for_year = holidays_for_year
        self._days_off: set[date] = set()
        self._loaded_years: set[int] = set()
        self.extra_working_days = frozenset(extra_working_days)

    def _load(self, year: int) -> None:
        self._days_off.update(self._holidays_for_year(year))
        self._loaded_years.add(year)

    def is_working_day(self, day: date) -> bool:
        if day.year not in self._loaded_years:
            self._load(day.year)
        if day in self.extra_working_days:
            return True
        return day.weekday() < 5 and day not in self._days_off

    def add(self, start: date, n: int) -> date:
        """The n-th working day after `start` (n >= 1); `start` itself never counts.

        With n == 0, the first working day on or after `start`.
        """
        if n < 0:
            raise ValueError("n must be >= 0")
        day = start
        if n == 0:
            while not self.is_working_day(day):
                day += ONE_DAY
            return day
        remaining = n
        while remaining:
            day += ONE_DAY
            if self.is_working_day(day):
                remaining -= 1
        return day

    def count(self, start: date, end: date) -> int:
        """Working days in the half-open interval (start, end]: how far `end` is from `start`.

        count(d, add(d, n)) == n for every d and n >= 1.
        """
        if end <= start:
            return 0
        total = 0
        day = start + ONE_DAY
        while day <= end:
            if self.is_working_day(day):
                total += 1
            day += ONE_DAY
        return total

    def working_days(self, start: date, end: date) -> Iterable[date]:
        day = start
        while day <= end:
            if self.is_working_day(day):
                yield day
            day += ONE_DAY
