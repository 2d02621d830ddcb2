"""The accountability pages' figures (the plan's *kompetisi* between units): each unit's
on-time share and median times from the public statistics, published only where they cannot
point at a person (core.suppression: fewer than five reports show "< 5" and no share)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from aduan.core.suppression import SMALL, suppress_count
from aduan.organisation.models import Instansi, Unit
from aduan.reporting.selectors import Figures, statistics_for


@dataclass(frozen=True)
class UnitStanding:
    """What the public sees of one unit over a period."""

    unit: Unit
    received: str  # "< 5" under five
    resolved: str
    on_time_percent: Decimal | None  # of the resolved; None under five resolved
    median_days_to_first_followup: float | None
    median_days_to_resolution: float | None

    @property
    def published(self) -> bool:
        return self.on_time_percent is not None


def _standing(unit: Unit, figures: Figures) -> UnitStanding:
    enough = figures.received >= SMALL
    share = None
    if figures.resolved >= SMALL:
        share = (Decimal(100 * figures.resolved_on_time) / figures.resolved).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )
    return UnitStanding(
        unit=unit,
        received=suppress_count(figures.received).text,
        resolved=suppress_count(figures.resolved).text,
        on_time_percent=share,
        median_days_to_first_followup=figures.median_days_to_first_followup if enough else None,
        median_days_to_resolution=(
            figures.median_days_to_resolution if figures.resolved >= SMALL else None
        ),
    )


def unit_standings(*, instansi: Instansi, date_from: date, date_to: date) -> list[UnitStanding]:
    """Every active unit with reports dispatched to it in the period: the best on-time share
    first, then those too small to rank, by name."""
    stats = statistics_for(instansi=instansi, date_from=date_from, date_to=date_to)
    units = Unit.objects.in_bulk([int(row.key) for row in stats.by_unit if row.key.isdigit()])
    standings = [
        _standing(units[int(row.key)], row.figures)
        for row in stats.by_unit
        if row.key.isdigit() and int(row.key) in units and units[int(row.key)].is_active
    ]
    return sorted(
        standings,
        key=lambda s: (s.on_time_percent is None, -(s.on_time_percent or 0), str(s.unit)),
    )


def unit_standing(*, unit: Unit, date_from: date, date_to: date) -> UnitStanding:
    for standing in unit_standings(instansi=unit.instansi, date_from=date_from, date_to=date_to):
        if standing.unit.pk == unit.pk:
            return standing
    return _standing(unit, Figures(0, 0, 0, None, None, None))
