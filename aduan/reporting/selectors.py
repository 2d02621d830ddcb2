"""Public statistics of an instansi over a period (DOMAIN.md section 6).

Every figure is about the reports *received* in the period (a cohort): how many, how many of
them are resolved, how many were resolved by their completion deadline, and the median days
from submission to verification, to the first public follow-up and to resolution. Broken down
per month of submission, per unit the report was dispatched to (a report sent to two units
counts for both; hand-backs do not count), per top-level category and per kecamatan. Counts
include rahasia reports (DOMAIN.md section 4), and nothing here carries any report's text;
spam is left out. Medians are whole hours turned into days.

Whole months: the rollups (`reporting/rollups.py`) count per month of submission, so a period
is widened to the months it touches (`month_span`). Cost (`statistics_compute`): a few indexed
range reads of rollup cells (one per dimension and month, a few hundred rows for a year),
however many reports there are; see docs/performance.md. The figures lag the worker's pass
(`rollups_refreshed_at`), and `statistics_for` keeps them in the cache for
STATISTICS_CACHE_SECONDS on top of that.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import cache
from django.http import Http404
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from aduan.core import clock
from aduan.organisation.models import Category, Instansi, Region, Unit
from aduan.reporting.models import Dimension
from aduan.reporting.rollups import Tally, rollups_refresh, rollups_refreshed_at, tallies

STATISTICS_CACHE_SECONDS = 600
MAX_PERIOD_DAYS = 1827  # five years: sixty months of rollup cells


@dataclass(frozen=True)
class Figures:
    """The numbers of one group of reports."""

    received: int
    resolved: int
    resolved_on_time: int
    median_days_to_verification: float | None
    median_days_to_first_followup: float | None
    median_days_to_resolution: float | None


@dataclass(frozen=True)
class Row:
    """One line of a breakdown: a month ("2026-03"), unit, category or kecamatan."""

    key: str
    label: str
    figures: Figures


@dataclass(frozen=True)
class Statistics:
    instansi_code: str
    instansi_name: str
    date_from: date
    date_to: date
    computed_at: datetime
    total: Figures
    by_month: list[Row]
    by_unit: list[Row]
    by_category: list[Row]
    by_district: list[Row]
    figures_as_of: datetime | None = None  # the worker's last pass over the event log


def _median_days(hours: Counter[int]) -> float | None:
    """The median of a histogram of whole hours, in days rounded to one decimal."""
    n = hours.total()
    if n == 0:
        return None
    lower, upper = (n - 1) // 2, n // 2  # the same position when n is odd
    low = high = 0
    seen = 0
    for value in sorted(hours):
        if seen <= lower < seen + hours[value]:
            low = value
        if seen <= upper < seen + hours[value]:
            high = value
            break
        seen += hours[value]
    return round((low + high) / 2 / 24, 1)


def default_period(instansi: Instansi, today: date | None = None) -> tuple[date, date]:
    """The last twelve months, the current one included."""
    today = today or clock.now().astimezone(ZoneInfo(instansi.time_zone)).date()
    month = today.year * 12 + today.month - 1 - 11
    return date(month // 12, month % 12 + 1, 1), today


def instansi_for(code: str | None) -> Instansi:
    """The instansi named by `code`, else the deployment's default one, else the first."""
    found = Instansi.objects.filter(code=code or settings.ADUAN_DEFAULT_INSTANSI).first()
    if found is None and not code:
        found = Instansi.objects.order_by("pk").first()
    if found is None:
        raise Http404
    return found


_EARLIEST = date(2000, 1, 1)
_LATEST = date(2100, 12, 31)


def period_of(
    instansi: Instansi, date_from: date | None, date_to: date | None
) -> tuple[date, date]:
    """The period asked for; missing ends default to the last twelve months."""
    default_from, default_to = default_period(instansi)
    # Dates far outside any report's life are clamped, so no date or time arithmetic
    # (local midnight to UTC, minus the cap) leaves the calendar's range.
    date_to = min(max(date_to or default_to, _EARLIEST), _LATEST)
    earliest = date_to - timedelta(days=MAX_PERIOD_DAYS)
    date_from = min(max(date_from or default_from, earliest, _EARLIEST), _LATEST)
    return min(date_from, date_to), date_to


def _months(date_from: date, date_to: date) -> list[tuple[str, str]]:
    """Each month of the period: its key ("2026-03") and its name in the active language."""
    months = []
    month = date_from.year * 12 + date_from.month - 1
    while month <= date_to.year * 12 + date_to.month - 1:
        first = date(month // 12, month % 12 + 1, 1)
        months.append((f"{first:%Y-%m}", date_format(first, "YEAR_MONTH_FORMAT")))
        month += 1
    return months


def month_span(date_from: date, date_to: date) -> tuple[date, date]:
    """The whole months a period covers: the first day of the first month, the last of the
    last (the rollups count per month)."""
    last = date_to.year * 12 + date_to.month  # the month after, zero-based
    return date(date_from.year, date_from.month, 1), date(last // 12, last % 12 + 1, 1) - timedelta(
        days=1
    )


def figures_of(tally: Tally) -> Figures:
    return Figures(
        received=tally.received,
        resolved=tally.resolved,
        resolved_on_time=tally.resolved_on_time,
        median_days_to_verification=_median_days(tally.histograms["verification"]),
        median_days_to_first_followup=_median_days(tally.histograms["followup"]),
        median_days_to_resolution=_median_days(tally.histograms["resolution"]),
    )


def statistics_compute(*, instansi: Instansi, date_from: date, date_to: date) -> Statistics:
    """The statistics of the whole months from `date_from` to `date_to`, read from the
    rollups (a few indexed range reads of summary rows, however many reports there are);
    `statistics_for` caches them."""
    date_from, date_to = month_span(date_from, date_to)

    def cut(dimension: str, by_month: bool = False) -> dict[str, Tally]:
        return tallies(
            instansi=instansi,
            month_from=date_from,
            month_to=date_to,
            dimension=dimension,
            by_month=by_month,
        )

    per_month = cut(Dimension.ALL, by_month=True)
    total = Tally()
    for tally in per_month.values():  # the months add up to the period: no second read
        total.add(tally)
    by_unit = {int(k): t for k, t in cut(Dimension.UNIT).items()}
    by_district = {int(k) if k else None: t for k, t in cut(Dimension.DISTRICT).items()}
    top_category = dict(Category.objects.filter(instansi=instansi).values_list("pk", "parent_id"))
    by_category: defaultdict[int | None, Tally] = defaultdict(Tally)
    for key, tally in cut(Dimension.CATEGORY).items():
        leaf = int(key) if key else None
        by_category[(top_category.get(leaf) or leaf) if leaf else None].add(tally)

    unit_names = dict(Unit.objects.filter(pk__in=list(by_unit)).values_list("pk", "name"))
    category_names = dict(
        Category.objects.filter(pk__in=[k for k in by_category if k]).values_list("pk", "name")
    )
    district_names = dict(
        Region.objects.filter(pk__in=[k for k in by_district if k]).values_list("pk", "name")
    )
    not_stated = _("Not stated")

    def rows(
        tallies: dict[int | None, Tally] | dict[int, Tally], names: dict[int, str]
    ) -> list[Row]:
        found = [
            Row(key=str(key or ""), label=names.get(key, "") if key else not_stated,
                figures=figures_of(tally))
            for key, tally in tallies.items()
        ]  # fmt: skip
        return sorted(found, key=lambda row: (-row.figures.received, row.label))

    return Statistics(
        instansi_code=instansi.code,
        instansi_name=instansi.name,
        date_from=date_from,
        date_to=date_to,
        computed_at=clock.now(),
        total=figures_of(total),
        by_month=[
            Row(key=key, label=label, figures=figures_of(per_month.get(key, Tally())))
            for key, label in _months(date_from, date_to)
        ],
        by_unit=rows(by_unit, unit_names),
        by_category=rows(dict(by_category), category_names),
        by_district=rows(by_district, district_names),
        figures_as_of=rollups_refreshed_at(),
    )


def statistics_for(*, instansi: Instansi, date_from: date, date_to: date) -> Statistics:
    """The statistics of an instansi and period, from the cache when computed in the last
    STATISTICS_CACHE_SECONDS (one entry per language, for the month names and "Not stated")."""
    found: Statistics | None = cache.get(_cache_key(instansi, date_from, date_to))
    if found is None:
        found = statistics_refresh(instansi=instansi, date_from=date_from, date_to=date_to)
    return found


def _cache_key(instansi: Instansi, date_from: date, date_to: date) -> str:
    period = f"{date_from.isoformat()}:{date_to.isoformat()}"
    # One entry per language: the month names and "Not stated" are translated.
    return f"reporting:statistics:v1:{instansi.pk}:{period}:{get_language() or ''}"


def statistics_refresh(*, instansi: Instansi, date_from: date, date_to: date) -> Statistics:
    """Compute the figures now and keep them for STATISTICS_CACHE_SECONDS (active language)."""
    found = statistics_compute(instansi=instansi, date_from=date_from, date_to=date_to)
    cache.set(_cache_key(instansi, date_from, date_to), found, STATISTICS_CACHE_SECONDS)
    return found


def statistics_warm() -> int:
    """Refresh the default period (the page without a filter) of every instansi in every
    language, so that visitors never wait for the scan; the worker calls it every
    ADUAN_STATISTICS_REFRESH_SECONDS, well inside STATISTICS_CACHE_SECONDS. Returns how many
    entries were computed."""
    rollups_refresh()  # the worker does it each pass anyway; here so the cache is never behind
    done = 0
    for instansi in Instansi.objects.order_by("pk"):
        date_from, date_to = default_period(instansi)
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                statistics_refresh(instansi=instansi, date_from=date_from, date_to=date_to)
            done += 1
    return done
