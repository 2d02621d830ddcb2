"""The plan's services: rules, the audit trail, and that refused input changes nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from aduan.accounts.models import User
from aduan.actionplan import selectors, services
from aduan.actionplan.choices import ActivityState, Aspect, Measure, TrainingKind
from aduan.actionplan.models import (
    ActivityStatus,
    Assessment,
    Entry,
    Plan,
    PlanChange,
    Score,
    StatementTemplate,
)
from aduan.actionplan.reference import luwu_plan_load
from aduan.core.errors import Conflict, PermissionDenied, ValidationFailed
from aduan.organisation.models import Instansi


@pytest.fixture
def plan(luwu: Instansi) -> Plan:
    return luwu_plan_load(luwu)


def _scores(value: int = 3) -> dict[int, services.ScoreInput]:
    return {n: services.ScoreInput(value) for n in range(1, 23)}


def test_a_second_assessment_is_compared_with_the_first(plan, admin):
    scores = _scores(3)
    scores[21] = services.ScoreInput(4, "Sudah terhubung ke SP4N-LAPOR!", "https://lapor.go.id")
    services.assessment_record(
        actor=admin,
        plan=plan,
        year=2022,
        assessed_on=date(2022, 9, 1),
        assessed_by="Tim Renaksi",
        scores=scores,
    )
    comparison = selectors.assessment_comparison(plan)
    assert [a.year for a in comparison.assessments] == [2021, 2022]
    data = next(row for row in comparison.aspects if row.aspect == Aspect.DATA)
    # 2021: statements 1, 6, 7, 16, 17, 21, 22 scored 4, 3, 3, 3, 4, 1, 1.
    assert data.scores == [Decimal("2.71"), Decimal("3.14")]
    assert data.priority == 3
    row21 = comparison.statements[20]
    assert [s.value if s else None for s in row21.scores] == [1, 4]
    second = row21.scores[1]
    assert second is not None
    assert second.evidence_url == "https://lapor.go.id"
    change = PlanChange.objects.filter(plan=plan, action="assessment_record").latest("pk")
    assert change.actor == admin
    assert change.detail["year"] == 2022
    assert change.detail["scores"]["21"] == 4


def test_an_incomplete_or_out_of_range_assessment_changes_nothing(plan, admin):
    before = (Assessment.objects.count(), Score.objects.count(), PlanChange.objects.count())
    missing = _scores()
    del missing[5]
    out_of_range = _scores()
    out_of_range[3] = services.ScoreInput(5)
    for scores, year in ((missing, 2022), (out_of_range, 2022), (_scores(), 2019)):
        with translation.override("id"), pytest.raises(ValidationFailed) as error:
            services.assessment_record(
                actor=admin,
                plan=plan,
                year=year,
                assessed_on=date(2022, 1, 1),
                assessed_by="Tim",
                scores=scores,
            )
        assert str(error.value)  # a message for the user, in Indonesian
    assert (Assessment.objects.count(), Score.objects.count(), PlanChange.objects.count()) == (
        before
    )


def test_redoing_a_year_replaces_its_scores(plan, admin):
    services.assessment_record(
        actor=admin,
        plan=plan,
        year=2021,
        assessed_on=date(2021, 10, 1),
        assessed_by="Tim",
        scores=_scores(2),
    )
    assessment = plan.assessments.get()
    assert set(assessment.scores.values_list("value", flat=True)) == {2}
    assert assessment.scores.count() == 22
    assert PlanChange.objects.filter(plan=plan, action="assessment_redo").exists()


def test_readers_and_outsiders_cannot_edit(plan, leader, auditor, other_officer):
    count = PlanChange.objects.count()
    for user in (leader, auditor, other_officer):
        with pytest.raises(PermissionDenied):
            services.priority_set(actor=user, plan=plan, aspect="data", level=1, reason="x")
    assert PlanChange.objects.count() == count
    assert plan.priorities.get(aspect="data").level == 3


def test_a_team_member_with_an_account_edits(plan, other_officer, admin):
    assert not selectors.can_edit(other_officer, plan)
    services.team_member_add(
        actor=admin,
        plan=plan,
        role="member",
        position="Kasubag Program Dinkes",
        user=other_officer,
    )
    services.priority_set(actor=other_officer, plan=plan, aspect="data", level=5, reason="Baru")
    assert plan.priorities.get(aspect="data").level == 5
    assert list(selectors.plans_visible_to(other_officer)) == [plan]


def test_reported_indicators_take_entries_measured_ones_do_not(plan, admin):
    measured = plan.indicators.get(figure="complaints_received")
    reported = plan.indicators.filter(measure=Measure.REPORTED).first()
    with translation.override("id"), pytest.raises(ValidationFailed):
        services.entry_add(actor=admin, indicator=measured, year=2022, quarter=0, value=Decimal(10))
    services.entry_add(
        actor=admin,
        indicator=reported,
        year=2022,
        quarter=0,
        value=Decimal(60),
        evidence_url="https://luwukab.go.id/laporan",
    )
    services.entry_add(actor=admin, indicator=reported, year=2022, quarter=0, value=Decimal(70))
    assert selectors.achievement(reported, 2022) == 70  # the latest entry
    assert selectors.achievement(reported, 2023) is None
    assert Entry.objects.filter(indicator=measured).count() == 0


def test_a_dropped_activity_needs_a_reason(plan, admin):
    activity = plan.programmes.get(number=3).activities.get(number=1)  # Integrasi, 2022
    with pytest.raises(ValidationFailed):
        services.activity_status_set(
            actor=admin, activity=activity, year=2022, state=ActivityState.DROPPED
        )
    assert not ActivityStatus.objects.exists()
    services.activity_status_set(
        actor=admin,
        activity=activity,
        year=2022,
        state=ActivityState.DONE,
        evidence_url="https://x.id/ba",
    )
    assert activity.statuses.get(year=2022).state == ActivityState.DONE


def test_monev_lists_done_open_and_late_activities(plan, admin):
    integration = plan.programmes.get(number=3).activities.get(number=1)  # 2022 only
    survey = plan.programmes.get(number=3).activities.get(number=2)  # 2022-2024
    services.activity_status_set(
        actor=admin, activity=integration, year=2022, state=ActivityState.DONE
    )
    services.activity_status_set(
        actor=admin, activity=survey, year=2022, state=ActivityState.RUNNING, due_quarter=2
    )
    services.monev_note_save(
        actor=admin,
        plan=plan,
        year=2022,
        quarter=3,
        notes="Survei tertunda.",
        decisions="Survei di triwulan IV.",
    )
    report = selectors.monev(plan, year=2022, quarter=3, today=date(2022, 8, 1))
    assert [a.activity.name for a in report.done] == [integration.name]
    open_by_name = {a.activity.name: a for a in report.open}
    assert open_by_name[survey.name].late  # due by the end of June
    sosialisasi = plan.programmes.get(number=1).activities.get(number=1).name
    assert not open_by_name[sosialisasi].late  # due by the end of the year
    assert report.note is not None
    assert report.note.decisions == "Survei di triwulan IV."
    # 2021 has neither activity: they are not listed for it.
    names_2021 = {
        a.activity.name
        for a in selectors.monev(plan, year=2021, quarter=0, today=date(2022, 1, 1)).open
    }
    assert integration.name not in names_2021
    assert survey.name not in names_2021


def test_budget_realisation_against_the_90_percent_target(plan, admin):
    services.budget_line_save(
        actor=admin,
        plan=plan,
        year=2021,
        name="Kegiatan Pelayanan Informasi Publik (Bidang Layanan Komunikasi dan Informatika)",
        allocated=Decimal(50_000_000),
        realised=Decimal(44_000_000),
    )
    services.budget_line_save(
        actor=admin,
        plan=plan,
        year=2022,
        name="Bimtek",
        allocated=Decimal(10_000_000),
        realised=Decimal(9_500_000),
    )
    years = {b.year: b for b in selectors.budget_years(plan)}
    assert years[2021].percent == Decimal("88.0")
    assert years[2021].meets_target is False
    assert years[2022].percent == Decimal("95.0")
    assert years[2022].meets_target is True
    with pytest.raises(ValidationFailed):
        services.budget_line_save(
            actor=admin, plan=plan, year=2022, name="Bimtek", allocated=Decimal(0), realised=None
        )
    assert plan.budget_lines.get(year=2022).allocated == Decimal(10_000_000)


def test_new_plan_from_the_previous_one(plan, admin):
    services.training_add(
        actor=admin,
        plan=plan,
        person="Andi",
        kind=TrainingKind.BIMTEK,
        title="Bimtek",
        held_on=date(2024, 3, 1),
    )
    reported = plan.indicators.filter(measure=Measure.REPORTED).first()
    services.entry_add(actor=admin, indicator=reported, year=2024, quarter=0, value=Decimal(80))
    new = services.plan_copy_forward(actor=admin, plan=plan, year_start=2025, year_end=2029)
    assert (new.year_start, new.year_end, new.previous) == (2025, 2029, plan)
    assert new.goal == plan.goal
    assert new.template == plan.template
    assert new.team.count() == 20
    assert [p.name for p in new.programmes.all()] == [p.name for p in plan.programmes.all()]
    # 2021-2024 moved by five years: 2026-2029; the activities keep their parties.
    rakor = new.programmes.get(number=1).activities.get(number=2)
    assert rakor.years == [2026, 2027, 2029]
    assert "inspektorat" in rakor.parties
    # Baselines: the old plan's 2024 achievement, measured (no report in 2024) or reported.
    received = new.indicators.get(figure="complaints_received")
    assert (received.baseline_year, received.baseline) == (2024, Decimal(0))
    assert new.indicators.get(name=reported.name).baseline == Decimal(80)
    assert not received.targets.exists()
    assert new.indicators.count() == plan.indicators.count()
    assert not new.assessments.exists()
    assert not new.priorities.exists()
    assert not new.trainings.exists()
    assert PlanChange.objects.filter(plan=new, action="plan_copied_from").exists()
    with pytest.raises(Conflict):
        services.plan_copy_forward(actor=admin, plan=plan, year_start=2025, year_end=2029)
    assert Plan.objects.count() == 2


def test_a_revised_template_leaves_the_old_one_as_it_was(plan):
    old = plan.template
    new = services.template_revise(
        actor=None,
        template=old,
        name="KemenPANRB 2025",
        changes={22: ("Pengelola terhubung dengan platform pembelajaran SP4N.", ["people"])},
    )
    assert new.statements.count() == 22
    assert new.statements.get(number=22).aspects == ["people"]
    assert old.statements.get(number=22).aspects == ["data"]
    with pytest.raises(ValidationFailed):
        services.template_revise(actor=None, template=old, name="X", changes={23: ("a", ["data"])})
    with pytest.raises(ValidationFailed):
        services.template_create(actor=None, name="Y", statements=[("a", ["nothing"])])
    assert StatementTemplate.objects.count() == 2


def test_publishing_is_logged(plan, admin: User):
    services.plan_publish(actor=admin, plan=plan, published=True)
    services.plan_publish(actor=admin, plan=plan, published=True)  # no change, no row
    plan.refresh_from_db()
    assert plan.published
    assert PlanChange.objects.filter(plan=plan, action="plan_publish").count() == 1
