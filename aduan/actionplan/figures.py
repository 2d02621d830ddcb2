"""The registry of figures aduan measures for an action plan's indicators.

A measured indicator names one of these figures (`Indicator.figure`); its achievement for a
year or a quarter is the figure of that period, computed live. Binding a new figure (IKM once
the surveys app exists, the number of applications integrated with SP4N-LAPOR!) is one
function decorated with `@figure(...)`; until then such indicators are *reported*.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from aduan.accounts.choices import Role
from aduan.actionplan.models import Plan, Training
from aduan.organisation.models import Membership
from aduan.reporting.figures import complaint_counts

Compute = Callable[[Plan, date, date], Decimal | None]


@dataclass(frozen=True)
class Figure:
    code: str
    label: Promise
    unit: str
    compute: Compute


FIGURES: dict[str, Figure] = {}


def figure(code: str, label: Promise, unit: str) -> Callable[[Compute], Compute]:
    """Register `compute(plan, date_from, date_to)` as the figure `code`."""

    def register(compute: Compute) -> Compute:
        FIGURES[code] = Figure(code, label, unit, compute)
        return compute

    return register


def _percent(part: int, whole: int) -> Decimal | None:
    if whole == 0:
        return None  # nothing to divide: no share, rather than 0% or 100%
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@figure("complaints_received", _("Reports received"), "pengaduan")
def complaints_received(plan: Plan, date_from: date, date_to: date) -> Decimal | None:
    counts = complaint_counts(instansi=plan.instansi, date_from=date_from, date_to=date_to)
    return Decimal(counts.received)


@figure("share_resolved", _("Share of reports resolved"), "%")
def share_resolved(plan: Plan, date_from: date, date_to: date) -> Decimal | None:
    counts = complaint_counts(instansi=plan.instansi, date_from=date_from, date_to=date_to)
    return _percent(counts.resolved, counts.received)


@figure("share_on_time", _("Share of reports resolved by their deadline"), "%")
def share_on_time(plan: Plan, date_from: date, date_to: date) -> Decimal | None:
    counts = complaint_counts(instansi=plan.instansi, date_from=date_from, date_to=date_to)
    return _percent(counts.resolved_on_time, counts.received)


STAFF_ROLES = (Role.COORDINATOR, Role.LIAISON, Role.OPERATOR)


@figure("staff_trained", _("Share of complaint-handling staff trained"), "%")
def staff_trained(plan: Plan, date_from: date, date_to: date) -> Decimal | None:
    """Staff who handle complaints (coordinators, liaisons, operators of the instansi) with at
    least one training, refresher or study visit of the plan's register up to `date_to`."""
    staff = set(
        Membership.objects.filter(
            instansi=plan.instansi, role__in=STAFF_ROLES, user__is_active=True
        ).values_list("user_id", flat=True)
    )
    trained = set(
        Training.objects.filter(plan=plan, user_id__in=staff, held_on__lte=date_to).values_list(
            "user_id", flat=True
        )
    )
    return _percent(len(trained), len(staff))


def figure_value(code: str, plan: Plan, date_from: date, date_to: date) -> Decimal | None:
    """The figure `code` for the period, or None when it is unknown or has no value."""
    found = FIGURES.get(code)
    return None if found is None else found.compute(plan, date_from, date_to)
