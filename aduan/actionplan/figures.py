"""The registry of figures aduan measures for an action plan's indicators.

A measured indicator names one of these figures (`Indicator.figure`); its achievement for a
year or a quarter is the figure of that period, computed live. Binding a new figure is one
function decorated with `@figure(...)`; an indicator no figure measures is *reported*.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from aduan.accounts.choices import Role
from aduan.actionplan.models import Plan, Training
from aduan.integrations.lapor.models import LaporLink
from aduan.integrations.open311.models import PartnerKey
from aduan.integrations.webhooks.models import Subscription
from aduan.organisation.models import Membership
from aduan.reporting.figures import complaint_counts
from aduan.surveys.selectors import survey_results

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


@figure("ikm", _("Community satisfaction index (IKM)"), "indeks")
def ikm(plan: Plan, date_from: date, date_to: date) -> Decimal | None:
    """The IKM (25 to 100, 2 decimals) of every survey response about a unit of the plan's
    instansi submitted in the period, pooled as the survey console shows the whole instansi
    (`surveys.selectors.survey_results`); None while an element has no answer."""
    return survey_results(instansi=plan.instansi, date_from=date_from, date_to=date_to).ikm


@figure("applications_integrated", _("Other applications integrated"), "aplikasi")
def applications_integrated(plan: Plan, date_from: date, date_to: date) -> Decimal | None:
    """The applications linked with the instansi's complaint handling at the end of the period:

    - SP4N-LAPOR!, once: when the worker's link serves this instansi (`ADUAN_LAPOR_URL` set
      and the instansi is `ADUAN_DEFAULT_INSTANSI`, as `notifications.services.worker_pass`
      sweeps it), or when a report of the instansi was linked with a national report by then
      (forwarded, disposed in, or recorded by hand);
    - each partner application with an Open311 key of the instansi issued by then and not
      revoked by then, once per application name (a re-issued key is the same application);
    - each receiving host of the instansi's active webhook subscriptions created by then, once
      per host (one application may subscribe for several units).

    A subscription and the LAPOR! setting keep no history: a past period sees them as they
    stand now. Open311 keys and national links carry their dates, so those are exact."""
    instansi = plan.instansi
    end = datetime.combine(
        date_to + timedelta(days=1), time.min, tzinfo=ZoneInfo(instansi.time_zone)
    )
    lapor = (
        bool(settings.ADUAN_LAPOR_URL) and instansi.code == settings.ADUAN_DEFAULT_INSTANSI
    ) or LaporLink.objects.filter(complaint__instansi=instansi, created_at__lt=end).exists()
    partners = {
        name.strip().casefold()
        for name in PartnerKey.objects.filter(instansi=instansi, created_at__lt=end)
        .filter(Q(revoked_at__isnull=True) | Q(revoked_at__gte=end))
        .values_list("name", flat=True)
    }
    hosts = {
        (urlsplit(url).hostname or url).casefold()
        for url in Subscription.objects.filter(
            instansi=instansi, is_active=True, created_at__lt=end
        ).values_list("url", flat=True)
    }
    return Decimal(int(lapor) + len(partners) + len(hosts))


def figure_value(code: str, plan: Plan, date_from: date, date_to: date) -> Decimal | None:
    """The figure `code` for the period, or None when it is unknown or has no value."""
    found = FIGURES.get(code)
    return None if found is None else found.compute(plan, date_from, date_to)
