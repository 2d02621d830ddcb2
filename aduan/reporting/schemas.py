"""The shape of the statistics in the JSON API (explicit; never a dump of the dataclasses)."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Schema


class FiguresOut(Schema):
    received: int
    resolved: int
    resolved_on_time: int
    median_days_to_verification: float | None
    median_days_to_first_followup: float | None
    median_days_to_resolution: float | None


class RowOut(Schema):
    key: str
    label: str
    figures: FiguresOut


class StatisticsOut(Schema):
    instansi: str
    instansi_name: str
    date_from: date
    date_to: date
    computed_at: datetime
    total: FiguresOut
    by_month: list[RowOut]
    by_unit: list[RowOut]
    by_category: list[RowOut]
    by_district: list[RowOut]
    figures_as_of: datetime | None  # when the background worker last counted changes


class YearlyOut(Schema):
    """The plan's Table 1 for one year: whole numbers and whole per cents, halves rounded up."""

    instansi: str
    instansi_name: str
    year: int
    received: int
    average_per_month: int
    resolved: int
    resolved_percent: int
    in_process: int
    in_process_percent: int
    refreshed_at: datetime | None
