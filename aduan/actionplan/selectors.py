"""Reads of the action plan: who may see and edit a plan, and the tables its pages show.

Access (issue 13): the instansi's coordinators and the plan's team members (linked to a staff
account) edit; its leaders and auditors read; anyone else gets 404, as for a report they may
not see. The public sees only the summary of a plan the instansi has published.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from aduan.accounts.choices import Role
from aduan.accounts.models import User
from aduan.actionplan.choices import ActivityState, Aspect, Measure
from aduan.actionplan.features import feature_url
from aduan.actionplan.figures import figure_value
from aduan.actionplan.models import (
    Activity,
    ActivityStatus,
    Assessment,
    BudgetLine,
    Entry,
    EvidenceFile,
    Indicator,
    MonevNote,
    Plan,
    Programme,
    Score,
)
from aduan.core import clock
from aduan.organisation.clocks import local_date
from aduan.organisation.selectors import grants_of, has_role

EDIT_ROLES = (Role.COORDINATOR,)
READ_ROLES = (Role.COORDINATOR, Role.LEADER, Role.AUDITOR)


def _team_user(user: User | AnonymousUser, plan: Plan) -> bool:
    if not isinstance(user, User) or not user.is_active:
        return False
    return plan.team.filter(user_id=user.pk).exists()


def can_edit(user: User | AnonymousUser, plan: Plan) -> bool:
    """The instansi's coordinators and the plan's team members may change the plan."""
    return has_role(user, EDIT_ROLES, instansi_id=plan.instansi_id) or _team_user(user, plan)


def plans_visible_to(user: User | AnonymousUser) -> QuerySet[Plan]:
    """The plans the user may read: of the instansi where they coordinate, lead or audit, and
    those whose team they are on."""
    if not isinstance(user, User) or not user.is_active:
        return Plan.objects.none()
    instansi_ids = {g.instansi_id for g in grants_of(user) if g.role in READ_ROLES}
    return (
        Plan.objects.filter(Q(instansi_id__in=instansi_ids) | Q(team__user_id=user.pk))
        .distinct()
        .select_related("instansi")
        .order_by("instansi__name", "-year_start")
    )


def plan_get_for_user(*, user: User | AnonymousUser, plan_id: int) -> Plan:
    """The plan if the user may read it; 404 whether it is missing or not theirs."""
    plan = plans_visible_to(user).select_related("template").filter(pk=plan_id).first()
    if plan is None:
        raise Http404
    return plan


def plan_published(*, instansi_code: str) -> Plan:
    """The instansi's newest published plan (its public summary), else 404."""
    plan = (
        Plan.objects.filter(instansi__code=instansi_code, published=True)
        .select_related("instansi")
        .order_by("-year_start")
        .first()
    )
    if plan is None:
        raise Http404
    return plan


# ---------------------------------------------------------------- self-assessment


def _mean(values: list[int]) -> Decimal | None:
    if not values:
        return None
    return (Decimal(sum(values)) / len(values)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def aspect_scores(assessment: Assessment) -> dict[str, Decimal | None]:
    """The mean score (1-4) of the statements mapped to each aspect; None for an aspect that
    no statement counts towards."""
    per_aspect: dict[str, list[int]] = {a: [] for a in Aspect.values}
    for score in assessment.scores.select_related("statement"):
        for aspect in score.statement.aspects:
            per_aspect[aspect].append(score.value)
    return {aspect: _mean(values) for aspect, values in per_aspect.items()}


@dataclass(frozen=True)
class AspectRow:
    aspect: str
    label: str
    scores: list[Decimal | None]  # one per assessment, in year order
    priority: int | None
    reason: str


@dataclass(frozen=True)
class StatementRow:
    number: int
    text: str
    aspects: list[str]
    scores: list[Score | None]


@dataclass(frozen=True)
class Comparison:
    assessments: list[Assessment]
    aspects: list[AspectRow]
    statements: list[StatementRow]


def assessment_comparison(plan: Plan) -> Comparison:
    """Every assessment of the plan side by side: per aspect and per statement."""
    assessments = list(
        plan.assessments.order_by("year").prefetch_related(
            Prefetch("scores", queryset=Score.objects.select_related("statement"))
        )
    )
    priorities = {p.aspect: p for p in plan.priorities.all()}
    per_year = [aspect_scores(a) for a in assessments]
    aspects = [
        AspectRow(
            aspect=value,
            label=str(label),
            scores=[scores[value] for scores in per_year],
            priority=priorities[value].level if value in priorities else None,
            reason=priorities[value].reason if value in priorities else "",
        )
        for value, label in Aspect.choices
    ]
    by_statement = [{s.statement.number: s for s in a.scores.all()} for a in assessments]
    labels = dict(Aspect.choices)
    statements = [
        StatementRow(
            number=s.number,
            text=s.text,
            aspects=[str(labels[a]) for a in s.aspects],
            scores=[found.get(s.number) for found in by_statement],
        )
        for s in plan.template.statements.order_by("number")
    ]
    return Comparison(assessments=assessments, aspects=aspects, statements=statements)


# ---------------------------------------------------------------- indicators


def period_dates(year: int, quarter: int = 0) -> tuple[date, date]:
    """The first and last day of a year (quarter 0) or of one of its quarters."""
    if quarter == 0:
        return date(year, 1, 1), date(year, 12, 31)
    first = date(year, 3 * quarter - 2, 1)
    last = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return first, date.fromordinal(last.toordinal() - 1)


def achievement(
    indicator: Indicator, year: int, quarter: int = 0, entries: list[Entry] | None = None
) -> Decimal | None:
    """A measured indicator's figure for the period, live (None before the period begins, in
    the instansi's calendar); a reported one's latest entry."""
    if indicator.measure == Measure.MEASURED:
        date_from, date_to = period_dates(year, quarter)
        if date_from > local_date(indicator.plan.instansi, clock.now()):
            return None  # a year still to come has no achievement yet, rather than 0
        return figure_value(indicator.figure, indicator.plan, date_from, date_to)
    found = entries if entries is not None else list(indicator.entries.all())
    matching = [e for e in found if e.year == year and e.quarter == quarter]
    return max(matching, key=lambda e: e.entered_at).value if matching else None


def percent_of(achieved: Decimal | None, target: Decimal | None) -> Decimal | None:
    if achieved is None or not target:
        return None
    return (Decimal(100) * achieved / target).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass(frozen=True)
class YearCell:
    year: int
    target: Decimal | None
    achieved: Decimal | None
    percent: Decimal | None


@dataclass(frozen=True)
class IndicatorRow:
    indicator: Indicator
    cells: list[YearCell]


def indicator_rows(plan: Plan, *, programmes: bool = False, quarter: int = 0,
                   years: list[int] | None = None) -> list[IndicatorRow]:  # fmt: skip
    """Each strategic indicator (or, with `programmes`, each success indicator) with its
    target, achievement and percentage of achievement for each year of the plan."""
    indicators = (
        plan.indicators.filter(programme__isnull=not programmes)
        .select_related("programme", "plan__instansi")
        .prefetch_related("targets", "entries")
    )
    rows = []
    for indicator in indicators:
        targets = {t.year: t.value for t in indicator.targets.all()}
        entries = list(indicator.entries.all())
        cells = []
        for year in years or plan.years:
            achieved = achievement(indicator, year, quarter, entries)
            target = targets.get(year)
            cells.append(YearCell(year, target, achieved, percent_of(achieved, target)))
        rows.append(IndicatorRow(indicator, cells))
    return rows


# ---------------------------------------------------------------- programmes and activities


@dataclass(frozen=True)
class ActivityRow:
    activity: Activity
    statuses: dict[int, ActivityStatus]
    feature_url: str | None


@dataclass(frozen=True)
class ProgrammeRow:
    programme: Programme
    activities: list[ActivityRow]


def programme_rows(plan: Plan) -> list[ProgrammeRow]:
    programmes = plan.programmes.prefetch_related(
        Prefetch("activities", queryset=Activity.objects.prefetch_related("statuses"))
    )
    return [
        ProgrammeRow(
            programme=p,
            activities=[
                ActivityRow(
                    activity=a,
                    statuses={s.year: s for s in a.statuses.all()},
                    feature_url=feature_url(a.feature) if a.feature else None,
                )
                for a in p.activities.all()
            ],
        )
        for p in programmes
    ]


def activity_get(*, plan: Plan, activity_id: int) -> Activity:
    found = Activity.objects.filter(programme__plan=plan, pk=activity_id).first()
    if found is None:
        raise Http404
    return found


def evidence_get(*, plan: Plan, file_id: int) -> EvidenceFile:
    """A document of the plan (the caller checked the plan's access); 404 otherwise."""
    found = plan.evidence_files.filter(pk=file_id).first()
    if found is None:
        raise Http404
    return found


def indicator_get(*, plan: Plan, indicator_id: int) -> Indicator:
    found = plan.indicators.filter(pk=indicator_id).select_related("plan").first()
    if found is None:
        raise Http404
    return found


# ---------------------------------------------------------------- monitoring and evaluation


@dataclass(frozen=True)
class ActivityDue:
    programme: str
    activity: Activity
    status: ActivityStatus | None
    late: bool


@dataclass(frozen=True)
class Monev:
    year: int
    quarter: int
    date_from: date
    date_to: date
    strategic: list[IndicatorRow]
    success: list[IndicatorRow]
    done: list[ActivityDue]
    open: list[ActivityDue]
    dropped: list[ActivityDue]
    note: MonevNote | None


def monev(plan: Plan, *, year: int, quarter: int, today: date) -> Monev:
    """The year's (quarter 0) or a quarter's monitoring: each indicator's target and
    achievement in the period, the activities of the year done, still open (late once the
    quarter they are due in has ended by `today`) and dropped, and the monev note."""
    date_from, date_to = period_dates(year, quarter)
    done, still_open, dropped = [], [], []
    for row in programme_rows(plan):
        for a in row.activities:
            if year not in a.activity.years:
                continue
            status = a.statuses.get(year)
            state = status.state if status else ActivityState.PLANNED
            due_quarter = status.due_quarter if status else 4
            due_end = period_dates(year, due_quarter)[1]
            item = ActivityDue(row.programme.name, a.activity, status, late=due_end < today)
            if state == ActivityState.DONE:
                done.append(item)
            elif state == ActivityState.DROPPED:
                dropped.append(item)
            else:
                still_open.append(item)
    return Monev(
        year=year,
        quarter=quarter,
        date_from=date_from,
        date_to=date_to,
        strategic=indicator_rows(plan, quarter=quarter, years=[year]),
        success=indicator_rows(plan, programmes=True, quarter=quarter, years=[year]),
        done=done,
        open=still_open,
        dropped=dropped,
        note=MonevNote.objects.filter(plan=plan, year=year, quarter=quarter).first(),
    )


# ---------------------------------------------------------------- capacity


@dataclass(frozen=True)
class BudgetYear:
    year: int
    lines: list[BudgetLine]
    allocated: Decimal
    realised: Decimal
    percent: Decimal | None
    meets_target: bool | None  # the plan's >= 90% realisation; None before any realisation


REALISATION_TARGET = Decimal(90)


def budget_years(plan: Plan) -> list[BudgetYear]:
    lines = list(plan.budget_lines.all())
    found = []
    for year in plan.years:
        of_year = [line for line in lines if line.year == year]
        if not of_year:
            continue
        allocated = sum((line.allocated for line in of_year), Decimal(0))
        reported = [line.realised for line in of_year if line.realised is not None]
        realised = sum(reported, Decimal(0))
        percent = percent_of(realised, allocated) if reported else None
        found.append(
            BudgetYear(year, of_year, allocated, realised, percent,
                       None if percent is None else percent >= REALISATION_TARGET)
        )  # fmt: skip
    return found
