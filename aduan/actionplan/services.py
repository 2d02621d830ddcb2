"""Writes of the action plan: each edit is one atomic service that checks the actor may edit
the plan and writes a `PlanChange` row (the plan's audit trail; reports are not involved, so
no ComplaintEvent). `actor=None` is the system itself (the reference loader)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from aduan.accounts.models import User
from aduan.actionplan.choices import ActivityState, Aspect, Measure, TeamRole, TrainingKind
from aduan.actionplan.features import feature_for
from aduan.actionplan.figures import FIGURES
from aduan.actionplan.models import (
    Activity,
    ActivityStatus,
    Assessment,
    BudgetLine,
    Entry,
    EvidenceFile,
    Indicator,
    Minutes,
    MonevNote,
    Plan,
    PlanChange,
    Priority,
    Programme,
    Score,
    Statement,
    StatementTemplate,
    Target,
    TeamMember,
    Training,
)
from aduan.actionplan.selectors import can_edit, indicator_rows
from aduan.core import clock
from aduan.core.errors import Conflict, PermissionDenied, ValidationFailed
from aduan.organisation.models import Instansi


def _require_editor(actor: User | None, plan: Plan) -> None:
    if actor is not None and not can_edit(actor, plan):
        raise PermissionDenied(_("Only the coordinator and the plan's team may change the plan."))


def _log(plan: Plan, actor: User | None, action: str, **detail: Any) -> None:
    PlanChange.objects.create(
        plan=plan, actor=actor, action=action, detail=detail, created_at=clock.now()
    )


def _require_year(plan: Plan, year: int) -> None:
    if not plan.year_start <= year <= plan.year_end:
        raise ValidationFailed(
            _("The year must lie in the plan's period (%(start)s-%(end)s).")
            % {"start": plan.year_start, "end": plan.year_end}
        )


def _require_aspects(aspects: Iterable[str]) -> list[str]:
    found = list(aspects)
    if not found or any(a not in Aspect.values for a in found):
        raise ValidationFailed(_("Each statement needs one or more of the five aspects."))
    return found


def _require_evidence_of(plan: Plan, evidence_file: EvidenceFile | None) -> None:
    if evidence_file is not None and evidence_file.plan_id != plan.pk:
        raise ValidationFailed(_("Choose a document of this plan as evidence."))


# ---------------------------------------------------------------- evidence

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
# What a team keeps as evidence: scans and documents as PDF, photos as JPEG or PNG.
_EVIDENCE_SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)


@transaction.atomic
def evidence_upload(
    *, actor: User | None, plan: Plan, title: str, upload: File[bytes]
) -> EvidenceFile:
    """Keep a document as evidence of the plan (PDF, JPEG or PNG, 10 MB at most; the type is
    read from the content, not the name)."""
    _require_editor(actor, plan)
    size = upload.size or 0
    if size > MAX_EVIDENCE_BYTES:
        raise ValidationFailed(_("Each file may be at most 10 MB."))
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    content_type = next((kind for sig, kind in _EVIDENCE_SIGNATURES if head.startswith(sig)), None)
    if content_type is None:
        raise ValidationFailed(_("Evidence can be a PDF document or a JPEG or PNG photo."))
    evidence = EvidenceFile(
        plan=plan,
        title=title.strip() or (upload.name or "")[-200:],
        original_name=(upload.name or "file")[-200:],
        content_type=content_type,
        size=size,
        uploaded_by=actor,
        uploaded_at=clock.now(),
    )
    evidence.file.save(f"{plan.pk}-{clock.now():%Y%m%d%H%M%S%f}", upload, save=False)
    try:
        evidence.save(force_insert=True)
        _log(plan, actor, "evidence_upload", title=evidence.title, size=size)
    except BaseException:
        default_storage.delete(evidence.file.name)  # no row, no file
        raise
    return evidence


# ---------------------------------------------------------------- the method's template


@transaction.atomic
def template_create(
    *, actor: User | None, name: str, statements: Sequence[tuple[str, Sequence[str]]]
) -> StatementTemplate:
    """A version of the self-assessment's statements: (text, aspects) in the matrix's order."""
    if not statements:
        raise ValidationFailed(_("A template needs at least one statement."))
    if StatementTemplate.objects.filter(name=name).exists():
        raise Conflict(_("A template of this name exists already."))
    template = StatementTemplate.objects.create(name=name, created_at=clock.now())
    Statement.objects.bulk_create(
        Statement(template=template, number=n, text=text, aspects=_require_aspects(aspects))
        for n, (text, aspects) in enumerate(statements, start=1)
    )
    return template


@transaction.atomic
def template_revise(
    *,
    actor: User | None,
    template: StatementTemplate,
    name: str,
    changes: Mapping[int, tuple[str, Sequence[str]]],
) -> StatementTemplate:
    """A new version of `template` with some statements reworded or remapped (by number).
    The old version stays as it is: the assessments made with it keep their wording."""
    statements = [(s.text, list(s.aspects)) for s in template.statements.order_by("number")]
    for number, change in changes.items():
        if not 1 <= number <= len(statements):
            raise ValidationFailed(_("There is no statement %(n)s.") % {"n": number})
        statements[number - 1] = (change[0], list(change[1]))
    return template_create(actor=actor, name=name, statements=statements)


# ---------------------------------------------------------------- the plan


@transaction.atomic
def plan_create(
    *,
    actor: User | None,
    instansi: Instansi,
    title: str,
    year_start: int,
    year_end: int,
    template: StatementTemplate,
    previous: Plan | None = None,
    **texts: Any,
) -> Plan:
    if year_end < year_start or year_end - year_start > 9:
        raise ValidationFailed(_("A plan runs from its first year to a later one, ten at most."))
    if Plan.objects.filter(instansi=instansi, year_start=year_start, year_end=year_end).exists():
        raise Conflict(_("This instansi has a plan for these years already."))
    allowed = {
        "introduction",
        "goal",
        "strategic_target",
        "closing",
        "decree_number",
        "decree_date",
    }
    if set(texts) - allowed:
        raise ValidationFailed(_("Unknown field."))
    plan = Plan.objects.create(
        instansi=instansi,
        title=title,
        year_start=year_start,
        year_end=year_end,
        template=template,
        previous=previous,
        created_at=clock.now(),
        **texts,
    )
    _log(plan, actor, "plan_create", years=f"{year_start}-{year_end}")
    return plan


PLAN_TEXT_FIELDS = ("introduction", "goal", "strategic_target", "closing", "decree_number")


@transaction.atomic
def plan_update(*, actor: User | None, plan: Plan, decree_date: date | None, **texts: str) -> Plan:
    """Change the plan's texts (goal, targets, chapters I and V) and its decree; the decree's
    date is always given (None clears it), the texts only where they change."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    _require_editor(actor, plan)
    changed = []
    for name, value in texts.items():
        if name not in PLAN_TEXT_FIELDS:
            raise ValidationFailed(_("Unknown field."))
        if getattr(plan, name) != value:
            setattr(plan, name, value)
            changed.append(name)
    if decree_date != plan.decree_date:
        plan.decree_date = decree_date
        changed.append("decree_date")
    if changed:
        plan.save(update_fields=changed)
        _log(plan, actor, "plan_update", fields=changed)
    return plan


@transaction.atomic
def plan_publish(*, actor: User | None, plan: Plan, published: bool) -> Plan:
    """Show (or hide) the plan's summary on the public page of the instansi."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    _require_editor(actor, plan)
    if plan.published != published:
        plan.published = published
        plan.save(update_fields=["published"])
        _log(plan, actor, "plan_publish", published=published)
    return plan


@transaction.atomic
def team_member_add(
    *,
    actor: User | None,
    plan: Plan,
    role: str,
    position: str,
    name: str = "",
    user: User | None = None,
) -> TeamMember:
    _require_editor(actor, plan)
    if role not in TeamRole.values:
        raise ValidationFailed(_("Unknown role in the team."))
    member = TeamMember.objects.create(
        plan=plan,
        role=role,
        position=position,
        name=name,
        user=user,
        order=plan.team.count() + 1,
    )
    _log(plan, actor, "team_member_add", role=role, position=position, user=user and user.pk)
    return member


# ---------------------------------------------------------------- self-assessment and priorities


@dataclass(frozen=True)
class ScoreInput:
    value: int
    note: str = ""
    evidence_url: str = ""
    evidence_file: EvidenceFile | None = None


@transaction.atomic
def assessment_record(
    *,
    actor: User | None,
    plan: Plan,
    year: int,
    assessed_on: date,
    assessed_by: str,
    scores: Mapping[int, ScoreInput],
) -> Assessment:
    """Record (or redo) the year's self-assessment: a score 1-4 for every statement of the
    plan's template, by statement number."""
    _require_editor(actor, plan)
    _require_year(plan, year)
    statements = list(plan.template.statements.order_by("number"))
    missing = [s.number for s in statements if s.number not in scores]
    if missing or len(scores) != len(statements):
        raise ValidationFailed(_("Score every statement of the matrix, from 1 to 4."))
    if any(not 1 <= score.value <= 4 for score in scores.values()):
        raise ValidationFailed(_("Each score lies between 1 (lowest) and 4 (highest)."))
    for score in scores.values():
        _require_evidence_of(plan, score.evidence_file)
    assessment, created = Assessment.objects.update_or_create(
        plan=plan,
        year=year,
        defaults={"assessed_on": assessed_on, "assessed_by": assessed_by, "created_by": actor},
    )
    assessment.scores.all().delete()  # a redone assessment replaces its scores
    Score.objects.bulk_create(
        Score(
            assessment=assessment,
            statement=s,
            value=scores[s.number].value,
            note=scores[s.number].note,
            evidence_url=scores[s.number].evidence_url,
            evidence_file=scores[s.number].evidence_file,
        )
        for s in statements
    )
    _log(
        plan,
        actor,
        "assessment_record" if created else "assessment_redo",
        year=year,
        scores={str(n): s.value for n, s in sorted(scores.items())},
    )
    return assessment


@transaction.atomic
def priority_set(
    *, actor: User | None, plan: Plan, aspect: str, level: int, reason: str
) -> Priority:
    _require_editor(actor, plan)
    if aspect not in Aspect.values:
        raise ValidationFailed(_("Unknown aspect."))
    if not 1 <= level <= 5:
        raise ValidationFailed(_("A priority lies between 1 and 5."))
    priority, _created = Priority.objects.update_or_create(
        plan=plan, aspect=aspect, defaults={"level": level, "reason": reason}
    )
    _log(plan, actor, "priority_set", aspect=aspect, level=level)
    return priority


@transaction.atomic
def minutes_save(
    *,
    actor: User | None,
    plan: Plan,
    held_on: date,
    place: str,
    summary: str,
    attendees: Sequence[tuple[str, str]],
    signed_by: str = "",
) -> Minutes:
    """The berita acara of the assessment meeting: attendees as (name, affiliation)."""
    _require_editor(actor, plan)
    people = [{"name": n.strip(), "affiliation": a.strip()} for n, a in attendees if n.strip()]
    if not people:
        raise ValidationFailed(_("List at least one attendee."))
    minutes, _created = Minutes.objects.update_or_create(
        plan=plan,
        defaults={
            "held_on": held_on,
            "place": place,
            "summary": summary,
            "attendees": people,
            "signed_by": signed_by,
        },
    )
    _log(plan, actor, "minutes_save", held_on=held_on.isoformat(), attendees=len(people))
    return minutes


# ---------------------------------------------------------------- programmes and activities


@transaction.atomic
def programme_add(
    *, actor: User | None, plan: Plan, name: str, parties: str = "", aspect: str = ""
) -> Programme:
    _require_editor(actor, plan)
    number = plan.programmes.count() + 1
    programme = Programme.objects.create(
        plan=plan, number=number, name=name, parties=parties, aspect=aspect
    )
    _log(plan, actor, "programme_add", name=name)
    return programme


@transaction.atomic
def activity_add(
    *,
    actor: User | None,
    programme: Programme,
    name: str,
    years: Iterable[int],
    parties: str = "",
) -> Activity:
    plan = programme.plan
    _require_editor(actor, plan)
    scheduled = sorted(set(years))
    for year in scheduled:
        _require_year(plan, year)
    activity = Activity.objects.create(
        programme=programme,
        number=programme.activities.count() + 1,
        name=name,
        years=scheduled,
        parties=parties,
        feature=feature_for(name),
    )
    _log(plan, actor, "activity_add", name=name, years=scheduled)
    return activity


@transaction.atomic
def activity_status_set(
    *,
    actor: User | None,
    activity: Activity,
    year: int,
    state: str,
    due_quarter: int = 4,
    evidence_url: str = "",
    evidence_file: EvidenceFile | None = None,
    note: str = "",
) -> ActivityStatus:
    plan = activity.programme.plan
    _require_editor(actor, plan)
    _require_year(plan, year)
    _require_evidence_of(plan, evidence_file)
    if state not in ActivityState.values:
        raise ValidationFailed(_("Unknown status."))
    if not 1 <= due_quarter <= 4:
        raise ValidationFailed(_("A quarter is 1 to 4."))
    if state == ActivityState.DROPPED and not note.strip():
        raise ValidationFailed(_("Say why the activity was dropped."))
    status, _created = ActivityStatus.objects.update_or_create(
        activity=activity,
        year=year,
        defaults={
            "state": state,
            "due_quarter": due_quarter,
            "evidence_url": evidence_url,
            "evidence_file": evidence_file,
            "note": note,
            "updated_at": clock.now(),
        },
    )
    _log(plan, actor, "activity_status_set", activity=activity.pk, year=year, state=state)
    return status


# ---------------------------------------------------------------- indicators


@transaction.atomic
def indicator_add(
    *,
    actor: User | None,
    plan: Plan,
    name: str,
    unit: str = "",
    figure: str = "",
    programme: Programme | None = None,
    baseline_year: int | None = None,
    baseline: Decimal | None = None,
    targets: Mapping[int, Decimal] | None = None,
) -> Indicator:
    """A strategic indicator (no programme) or a programme's success indicator; measured when
    it names a registered figure, else reported."""
    _require_editor(actor, plan)
    if figure and figure not in FIGURES:
        raise ValidationFailed(_("aduan does not measure this figure."))
    siblings = plan.indicators.filter(programme=programme)
    indicator = Indicator.objects.create(
        plan=plan,
        programme=programme,
        number=siblings.count() + 1,
        name=name,
        unit=unit,
        measure=Measure.MEASURED if figure else Measure.REPORTED,
        figure=figure,
        baseline_year=baseline_year,
        baseline=baseline,
    )
    for year, value in (targets or {}).items():
        _require_year(plan, year)
        Target.objects.create(indicator=indicator, year=year, value=value)
    _log(plan, actor, "indicator_add", name=name, figure=figure)
    return indicator


@transaction.atomic
def target_set(*, actor: User | None, indicator: Indicator, year: int, value: Decimal) -> Target:
    plan = indicator.plan
    _require_editor(actor, plan)
    _require_year(plan, year)
    if value < 0:
        raise ValidationFailed(_("A target cannot be negative."))
    target, _created = Target.objects.update_or_create(
        indicator=indicator, year=year, defaults={"value": value}
    )
    _log(plan, actor, "target_set", indicator=indicator.pk, year=year, value=str(value))
    return target


@transaction.atomic
def entry_add(
    *,
    actor: User | None,
    indicator: Indicator,
    year: int,
    quarter: int,
    value: Decimal,
    evidence_url: str = "",
    evidence_file: EvidenceFile | None = None,
    note: str = "",
) -> Entry:
    """Report a reported indicator's achievement for a year (quarter 0) or a quarter."""
    plan = indicator.plan
    _require_editor(actor, plan)
    _require_year(plan, year)
    _require_evidence_of(plan, evidence_file)
    if indicator.measure == Measure.MEASURED:
        raise ValidationFailed(_("aduan measures this indicator itself; it takes no entries."))
    if not 0 <= quarter <= 4:
        raise ValidationFailed(_("A quarter is 1 to 4."))
    if value < 0:
        raise ValidationFailed(_("An achievement cannot be negative."))
    entry = Entry.objects.create(
        indicator=indicator,
        year=year,
        quarter=quarter,
        value=value,
        evidence_url=evidence_url,
        evidence_file=evidence_file,
        note=note,
        entered_by=actor,
        entered_at=clock.now(),
    )
    _log(plan, actor, "entry_add", indicator=indicator.pk, year=year, quarter=quarter,
         value=str(value))  # fmt: skip
    return entry


# ---------------------------------------------------------------- capacity


@transaction.atomic
def training_add(
    *,
    actor: User | None,
    plan: Plan,
    person: str,
    kind: str,
    title: str,
    held_on: date,
    user: User | None = None,
    organiser: str = "",
) -> Training:
    _require_editor(actor, plan)
    if kind not in TrainingKind.values:
        raise ValidationFailed(_("Unknown kind of training."))
    if not person.strip() and user is not None:
        person = user.get_full_name() or user.username
    if not person.strip():
        raise ValidationFailed(_("Name who attended."))
    training = Training.objects.create(
        plan=plan, user=user, person=person, kind=kind, title=title, held_on=held_on,
        organiser=organiser,
    )  # fmt: skip
    _log(plan, actor, "training_add", person=person, kind=kind, held_on=held_on.isoformat())
    return training


@transaction.atomic
def budget_line_save(
    *,
    actor: User | None,
    plan: Plan,
    year: int,
    name: str,
    allocated: Decimal,
    realised: Decimal | None,
) -> BudgetLine:
    """Add a budget line of a year, or change the allocation and realisation of one."""
    _require_editor(actor, plan)
    _require_year(plan, year)
    if allocated <= 0 or (realised is not None and realised < 0):
        raise ValidationFailed(_("Give a positive allocation and a realisation of 0 or more."))
    line, _created = BudgetLine.objects.update_or_create(
        plan=plan, year=year, name=name, defaults={"allocated": allocated, "realised": realised}
    )
    _log(plan, actor, "budget_line_save", year=year, name=name, allocated=str(allocated),
         realised=None if realised is None else str(realised))  # fmt: skip
    return line


@transaction.atomic
def monev_note_save(
    *, actor: User | None, plan: Plan, year: int, quarter: int, notes: str, decisions: str
) -> MonevNote:
    """The notes and follow-up decisions of a year's (quarter 0) or a quarter's monev."""
    _require_editor(actor, plan)
    _require_year(plan, year)
    if not 0 <= quarter <= 4:
        raise ValidationFailed(_("A quarter is 1 to 4."))
    note, _created = MonevNote.objects.update_or_create(
        plan=plan,
        year=year,
        quarter=quarter,
        defaults={"notes": notes, "decisions": decisions, "updated_at": clock.now()},
    )
    _log(plan, actor, "monev_note_save", year=year, quarter=quarter)
    return note


# ---------------------------------------------------------------- the next plan


@transaction.atomic
def plan_copy_forward(*, actor: User | None, plan: Plan, year_start: int, year_end: int) -> Plan:
    """A new plan from `plan`: its texts, team, programmes and activities (their years moved
    by the distance between the periods, kept inside the new one), and its indicators with the
    old plan's last-year achievement as their baseline and no targets yet. The new plan starts
    with no assessment, priorities, statuses or entries: the team does them anew."""
    _require_editor(actor, plan)
    baselines = {
        row.indicator.pk: row.cells[0].achieved
        for programmes in (False, True)
        for row in indicator_rows(plan, programmes=programmes, years=[plan.year_end])
    }
    shift = year_start - plan.year_start
    try:
        new = plan_create(
            actor=actor,
            instansi=plan.instansi,
            title=plan.title,
            year_start=year_start,
            year_end=year_end,
            template=plan.template,
            previous=plan,
            introduction=plan.introduction,
            goal=plan.goal,
            strategic_target=plan.strategic_target,
            closing=plan.closing,
        )
    except IntegrityError as error:  # the period check of the database
        raise ValidationFailed(_("Check the years of the new plan.")) from error
    TeamMember.objects.bulk_create(
        TeamMember(plan=new, role=m.role, position=m.position, name=m.name, user=m.user,
                   order=m.order)
        for m in plan.team.all()
    )  # fmt: skip
    programmes: dict[int, Programme] = {}
    for old in plan.programmes.prefetch_related("activities"):
        programmes[old.pk] = Programme.objects.create(
            plan=new, number=old.number, name=old.name, parties=old.parties, aspect=old.aspect
        )
        for activity in old.activities.all():
            years = sorted({min(max(y + shift, year_start), year_end) for y in activity.years})
            Activity.objects.create(
                programme=programmes[old.pk], number=activity.number, name=activity.name,
                years=years, parties=activity.parties, feature=activity.feature,
            )  # fmt: skip
    for indicator in plan.indicators.all():
        Indicator.objects.create(
            plan=new,
            programme=programmes.get(indicator.programme_id or 0),
            number=indicator.number,
            name=indicator.name,
            unit=indicator.unit,
            measure=indicator.measure,
            figure=indicator.figure,
            baseline_year=plan.year_end,
            baseline=baselines.get(indicator.pk),
        )
    _log(plan, actor, "plan_copy_forward", new_plan=new.pk)
    _log(new, actor, "plan_copied_from", previous_plan=plan.pk)
    return new
