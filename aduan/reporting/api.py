"""GET /api/v1/statistics: the numbers of the statistics page as JSON, and /statistics/yearly:
the plan's Table 1 (mounted in aduan.api)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, timedelta

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router

from aduan.core.errors import ValidationFailed
from aduan.reporting.periodic import EARLIEST_YEAR, LATEST_YEAR, yearly_figures
from aduan.reporting.schemas import FiguresOut, RowOut, StatisticsOut, YearlyOut
from aduan.reporting.selectors import (
    MAX_PERIOD_DAYS,
    Row,
    Statistics,
    instansi_for,
    period_of,
    statistics_for,
)

router = Router(tags=["statistics"])


def _rows(rows: list[Row]) -> list[RowOut]:
    return [
        RowOut(key=row.key, label=row.label, figures=FiguresOut(**asdict(row.figures)))
        for row in rows
    ]


def statistics_out(stats: Statistics) -> StatisticsOut:
    return StatisticsOut(
        instansi=stats.instansi_code,
        instansi_name=stats.instansi_name,
        date_from=stats.date_from,
        date_to=stats.date_to,
        computed_at=stats.computed_at,
        total=FiguresOut(**asdict(stats.total)),
        by_month=_rows(stats.by_month),
        by_unit=_rows(stats.by_unit),
        by_category=_rows(stats.by_category),
        by_district=_rows(stats.by_district),
        figures_as_of=stats.figures_as_of,
    )


@router.get("", response=StatisticsOut, summary="Statistics of reports received in a period")
def statistics(
    request: HttpRequest,
    instansi: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> StatisticsOut:
    """Counts and median days of the reports received from `date_from` to `date_to` (local
    dates, both included; default the last twelve months), in total and per month, unit,
    category and kecamatan; the period is widened to whole months (at most five years).
    Counts include confidential reports; no report text is given. Recomputed at most every
    ten minutes from summary tables that the background worker updates every few seconds
    (`figures_as_of`)."""
    if date_from and date_to:
        if date_from > date_to:
            raise ValidationFailed(_("The end of the period is before its start."), code="date_to")
        if date_to - date_from > timedelta(days=MAX_PERIOD_DAYS):
            raise ValidationFailed(_("Choose a period of at most five years."), code="date_to")
    found = instansi_for(instansi)
    start, end = period_of(found, date_from, date_to)
    return statistics_out(statistics_for(instansi=found, date_from=start, date_to=end))


@router.get("/yearly", response=YearlyOut, summary="The plan's Table 1 for one year")
def statistics_yearly(request: HttpRequest, year: int, instansi: str | None = None) -> YearlyOut:
    """The reports received in `year` (the instansi's local time): how many, the average per
    month, how many are resolved and how many still in process, with their shares of the
    received, rounded to whole numbers halves up as the action plan prints them. Counts
    include confidential reports. `refreshed_at` is when the background worker last added the
    newest changes (figures lag it by its poll interval)."""
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise ValidationFailed(
            _("Choose a year from %(first)d to %(last)d.")
            % {"first": EARLIEST_YEAR, "last": LATEST_YEAR},
            code="year",
        )
    figures = yearly_figures(instansi=instansi_for(instansi), year=year)
    return YearlyOut(
        instansi=figures.instansi_code,
        instansi_name=figures.instansi_name,
        year=figures.year,
        received=figures.received,
        average_per_month=figures.average_per_month,
        resolved=figures.resolved,
        resolved_percent=figures.resolved_percent,
        in_process=figures.in_process,
        in_process_percent=figures.in_process_percent,
        refreshed_at=figures.refreshed_at,
    )
