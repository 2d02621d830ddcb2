"""Small figures of an instansi's reports over a period, for other apps (the action plan's
measured indicators). They read the public statistics (`statistics_for`, cached), so a change
of how statistics are kept (rollups) changes them in one place."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from aduan.organisation.models import Instansi
from aduan.reporting.selectors import statistics_for


@dataclass(frozen=True)
class Counts:
    """How many reports were received in a period, resolved, and resolved by their deadline."""

    received: int
    resolved: int
    resolved_on_time: int


def complaint_counts(*, instansi: Instansi, date_from: date, date_to: date) -> Counts:
    """The counts of the reports received from `date_from` to `date_to` (inclusive)."""
    total = statistics_for(instansi=instansi, date_from=date_from, date_to=date_to).total
    return Counts(
        received=total.received, resolved=total.resolved, resolved_on_time=total.resolved_on_time
    )
