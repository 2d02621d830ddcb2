"""The periodic reports of DOMAIN.md section 6: the plan's Table 1 per year, and recaps of a
month, quarter, half-year or year per unit, category, kecamatan, channel and type. Every
figure is read from the rollups (`reporting/rollups.py`); nothing here reads a report.

Table 1 is the customer's plan's own table (Rencana Aksi SP4N-LAPOR! Kabupaten Luwu
2020-2024): the reports received in the year, the average per month, how many of them are
resolved and how many are still in process, with their shares of the received, rounded to
whole numbers half up as the plan prints them (6 reports: 0.5 a month shows as 1; 5 of 6
resolved as 83%, 1 of 6 in process as 17%). For the current year the average is over the
months begun so far. Reports forwarded or archived are neither resolved nor in process, so
the two shares add up to 100% only when there are none (as in the plan's years).

The section "Perbaikan layanan" (issue 12 item 7) holds the causes units recorded on the
resolutions of the period (kept on the resolution's event) and the improvements proposed in it
with the leader's decision. For the whole instansi the causes are read from the rollups' cause
cells (one per cause and period); for a scope limited to units they are counted from the
resolution events of the period (the (kind, created_at) index of the event log), as a report
resolved by two of its units must count once. The proposals are the improvements of the
instansi proposed in the period.
Proposals and decisions are staff text: the periodic report is a staff and leader document
(console, its files, the leaders' monthly e-mail) and no public page builds a recap.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.db.models import Count
from django.db.models.fields.json import KT
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from aduan.complaints.choices import Cause, Channel, EventKind, ImprovementStatus, ReportType
from aduan.complaints.models import ComplaintEvent, Improvement
from aduan.core import clock
from aduan.organisation.models import Category, Instansi, Region, Unit
from aduan.reporting.models import Dimension
from aduan.reporting.oversight import Scope
from aduan.reporting.rollups import Tally, cause_counts, rollups_refreshed_at, tallies
from aduan.reporting.selectors import _median_days

PERIOD_KINDS = ("month", "quarter", "half", "year")
_MONTHS_OF = {"month": 1, "quarter": 3, "half": 6, "year": 12}
EARLIEST_YEAR = 2000
LATEST_YEAR = 2100


def half_up(numerator: int, denominator: int) -> int:
    """numerator / denominator rounded to a whole number, halves up (as the plan rounds)."""
    if denominator == 0:
        return 0
    return int((Decimal(numerator) / Decimal(denominator)).quantize(0, rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class YearFigures:
    """One column of the plan's Table 1."""

    instansi_code: str
    instansi_name: str
    year: int
    received: int
    average_per_month: int
    resolved: int
    resolved_percent: int
    in_process: int
    in_process_percent: int
    refreshed_at: datetime | None


def _today(instansi: Instansi) -> date:
    return clock.now().astimezone(ZoneInfo(instansi.time_zone)).date()


def yearly_figures(*, instansi: Instansi, year: int) -> YearFigures:
    """Table 1 of one year (the reports received in it, as they stand now)."""
    total = Tally()
    for tally in tallies(
        instansi=instansi,
        month_from=date(year, 1, 1),
        month_to=date(year, 12, 1),
        dimension=Dimension.ALL,
        histograms=(),  # Table 1 shows counts only
    ).values():
        total.add(tally)
    today = _today(instansi)
    if year > today.year:
        months = 0
    elif year == today.year:
        months = today.month
    else:
        months = 12
    return YearFigures(
        instansi_code=instansi.code,
        instansi_name=instansi.name,
        year=year,
        received=total.received,
        average_per_month=half_up(total.received, months),
        resolved=total.resolved,
        resolved_percent=half_up(100 * total.resolved, total.received),
        in_process=total.in_process,
        in_process_percent=half_up(100 * total.in_process, total.received),
        refreshed_at=rollups_refreshed_at(),
    )


# ---------------------------------------------------------------- recaps


@dataclass(frozen=True)
class Period:
    """A month, quarter, half-year or year: `index` counts from 1 within the year."""

    kind: str
    year: int
    index: int

    @property
    def first_month(self) -> date:
        return date(self.year, (self.index - 1) * _MONTHS_OF[self.kind] + 1, 1)

    @property
    def last_month(self) -> date:
        return date(self.year, self.index * _MONTHS_OF[self.kind], 1)

    @property
    def label(self) -> str:
        if self.kind == "month":
            return date_format(self.first_month, "YEAR_MONTH_FORMAT")
        if self.kind == "quarter":
            return _("Quarter %(n)d %(year)d") % {"n": self.index, "year": self.year}
        if self.kind == "half":
            return _("Half-year %(n)d %(year)d") % {"n": self.index, "year": self.year}
        return _("Year %(year)d") % {"year": self.year}

    @property
    def slug(self) -> str:
        return f"{self.year}-{self.kind}-{self.index}"

    def previous(self) -> Period:
        if self.index > 1:
            return Period(self.kind, self.year, self.index - 1)
        return Period(self.kind, self.year - 1, 12 // _MONTHS_OF[self.kind])


def period_parse(kind: str | None, year: int | None, index: int | None, today: date) -> Period:
    """The period asked for; missing parts default to the month before `today`'s."""
    kind = kind if kind in PERIOD_KINDS else "month"
    if year is None:
        return (
            Period("month", today.year, today.month).previous()
            if kind == "month"
            else (Period(kind, today.year, 1))
        )
    count = 12 // _MONTHS_OF[kind]
    return Period(kind, year, min(max(index or 1, 1), count))


@dataclass(frozen=True)
class RecapRow:
    """One line of a recap."""

    key: str
    label: str
    received: int
    resolved: int
    resolved_percent: int
    in_process: int
    resolved_on_time: int
    on_time_percent: int | None  # of the resolved
    mean_days_to_resolution: float | None
    median_days_to_resolution: float | None

    @classmethod
    def of(cls, key: str, label: str, tally: Tally) -> RecapRow:
        count = tally.counts["resolution"]
        return cls(
            key=key,
            label=label,
            received=tally.received,
            resolved=tally.resolved,
            resolved_percent=half_up(100 * tally.resolved, tally.received),
            in_process=tally.in_process,
            resolved_on_time=tally.resolved_on_time,
            on_time_percent=(
                half_up(100 * tally.resolved_on_time, tally.resolved) if tally.resolved else None
            ),
            mean_days_to_resolution=(
                round(tally.hours["resolution"] / count / 24, 1) if count else None
            ),
            median_days_to_resolution=_median_days(tally.histograms["resolution"]),
        )


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    rows: list[RecapRow]


@dataclass(frozen=True)
class Recap:
    """A periodic report of one scope and period."""

    instansi: Instansi
    period: Period
    whole_instansi: bool
    total: RecapRow | None  # None for a scope limited to units (a report may count twice)
    table1: YearFigures | None  # the year's Table 1 (whole-instansi scopes only)
    sections: list[Section]
    refreshed_at: datetime | None
    improvements: ImprovementSection


def _rows(tallies_by_key: dict[str, Tally], names: dict[str, str]) -> list[RecapRow]:
    not_stated = _("Not stated")
    found = [
        RecapRow.of(key, names.get(key, key) if key else not_stated, tally)
        for key, tally in tallies_by_key.items()
        if tally.received
    ]
    return sorted(found, key=lambda row: (-row.received, row.label))


def recap_build(*, scope: Scope, period: Period) -> Recap:
    """The recap of a period for what the scope oversees: the whole instansi, or only the rows
    of its units."""
    instansi = scope.instansi

    def cut(dimension: str, keys: list[str] | None = None) -> dict[str, Tally]:
        return tallies(
            instansi=instansi,
            month_from=period.first_month,
            month_to=period.last_month,
            dimension=dimension,
            keys=keys,
            histograms=("resolution",),  # the one median a recap row shows
        )

    unit_keys = None if scope.unit_ids is None else [str(u) for u in scope.unit_ids]
    by_unit = cut(Dimension.UNIT, unit_keys)
    unit_names = {
        str(pk): name
        for pk, name in Unit.objects.filter(pk__in=[int(k) for k in by_unit]).values_list(
            "pk", "name"
        )
    }
    sections = [Section("unit", _("Per unit"), _rows(by_unit, unit_names))]
    improvements = improvements_of(scope=scope, period=period)
    if scope.unit_ids is not None:
        return Recap(
            instansi, period, False, None, None, sections, rollups_refreshed_at(), improvements
        )

    total = Tally()
    for tally in cut(Dimension.ALL).values():
        total.add(tally)
    parents = dict(Category.objects.filter(instansi=instansi).values_list("pk", "parent_id"))
    by_category: dict[str, Tally] = {}
    for key, tally in cut(Dimension.CATEGORY).items():
        top = str(parents.get(int(key)) or key) if key else ""
        by_category.setdefault(top, Tally()).add(tally)
    category_names = {
        str(pk): name
        for pk, name in Category.objects.filter(
            pk__in=[int(k) for k in by_category if k]
        ).values_list("pk", "name")
    }
    by_district = cut(Dimension.DISTRICT)
    district_names = {
        str(pk): name
        for pk, name in Region.objects.filter(
            pk__in=[int(k) for k in by_district if k]
        ).values_list("pk", "name")
    }
    sections += [
        Section("category", _("Per category"), _rows(by_category, category_names)),
        Section("district", _("Per kecamatan"), _rows(by_district, district_names)),
        Section(
            "channel",
            _("Per channel"),
            _rows(
                cut(Dimension.CHANNEL),
                {value: str(label) for value, label in Channel.choices},
            ),
        ),
        Section(
            "type",
            _("Per type"),
            _rows(
                cut(Dimension.TYPE),
                {value: str(label) for value, label in ReportType.choices},
            ),
        ),
    ]
    return Recap(
        instansi=instansi,
        period=period,
        whole_instansi=True,
        total=RecapRow.of("", _("All reports"), total),
        table1=yearly_figures(instansi=instansi, year=period.year),
        sections=sections,
        refreshed_at=rollups_refreshed_at(),
        improvements=improvements,
    )


# ---------------------------------------------------------------- service improvements


@dataclass(frozen=True)
class CauseRow:
    """How many reports were resolved in the period with this cause recorded."""

    cause: str
    label: str
    resolved: int


@dataclass(frozen=True)
class ImprovementRow:
    """One improvement proposed in the period, as it stands now. Dates are the instansi's."""

    proposed_on: date
    unit: str
    tracking_number: str
    cause: str  # the label
    proposal: str
    status: str
    status_label: str
    decided_on: date | None
    decision_note: str
    done_on: date | None
    done_note: str


@dataclass(frozen=True)
class ImprovementSection:
    """The "Perbaikan layanan" section: the eight causes (zeros included, in the choices'
    order) and the improvements proposed in the period, oldest first."""

    causes: list[CauseRow]
    proposals: list[ImprovementRow]

    @property
    def any_cause(self) -> bool:
        return any(row.resolved for row in self.causes)


def _period_bounds(instansi: Instansi, period: Period) -> tuple[datetime, datetime]:
    """The period's first and first-after instants in the instansi's time zone."""
    zone = ZoneInfo(instansi.time_zone)
    last = period.last_month
    after = date(last.year + 1, 1, 1) if last.month == 12 else date(last.year, last.month + 1, 1)
    return (
        datetime.combine(period.first_month, time.min, tzinfo=zone),
        datetime.combine(after, time.min, tzinfo=zone),
    )


def causes_counted_live(*, scope: Scope, start: datetime, end: datetime) -> dict[str, int]:
    """How many reports were resolved for each cause from `start` to `end` (each report once
    per cause), counted from the resolution events; by the scope's units when it has them."""
    resolutions = ComplaintEvent.objects.filter(
        kind=EventKind.RESOLVED,
        created_at__gte=start,
        created_at__lt=end,
        complaint__instansi=scope.instansi,
    )
    if scope.unit_ids is not None:
        resolutions = resolutions.filter(unit_id__in=scope.unit_ids)
    return dict(
        resolutions.filter(new__cause__in=Cause.values)
        .annotate(cause=KT("new__cause"))
        .values("cause")
        .annotate(n=Count("complaint_id", distinct=True))
        .values_list("cause", "n")
    )


def improvements_of(*, scope: Scope, period: Period) -> ImprovementSection:
    """The causes recorded on the resolutions of the period (a report counts once per cause,
    however often it was resolved), and the improvements proposed in it. A scope limited to
    units sees its units' resolutions and proposals only (a coordinator's own resolution has
    no unit, so it counts for the whole instansi only)."""
    instansi = scope.instansi
    start, end = _period_bounds(instansi, period)
    zone = ZoneInfo(instansi.time_zone)

    proposed = Improvement.objects.filter(
        unit__instansi=instansi, proposed_at__gte=start, proposed_at__lt=end
    )
    if scope.unit_ids is None:
        # The rollups: a year's resolutions counted live took 300-420 ms at 1,000,000 reports.
        counted = cause_counts(instansi=instansi, kind=period.kind, first_month=period.first_month)
    else:
        proposed = proposed.filter(unit_id__in=scope.unit_ids)
        counted = causes_counted_live(scope=scope, start=start, end=end)
    causes = [
        CauseRow(cause=value, label=str(label), resolved=counted.get(value, 0))
        for value, label in Cause.choices
    ]

    def local(moment: datetime | None) -> date | None:
        return None if moment is None else timezone.localtime(moment, zone).date()

    proposals = [
        ImprovementRow(
            proposed_on=timezone.localtime(item.proposed_at, zone).date(),
            unit=item.unit.name,
            tracking_number=item.complaint.tracking_number,
            cause=item.get_cause_display(),
            proposal=item.proposal,
            status=item.status,
            status_label=str(ImprovementStatus(item.status).label),
            decided_on=local(item.decided_at),
            decision_note=item.decision_note,
            done_on=local(item.done_at),
            done_note=item.done_note,
        )
        for item in proposed.select_related("unit", "complaint").order_by("proposed_at", "pk")
    ]
    return ImprovementSection(causes=causes, proposals=proposals)
