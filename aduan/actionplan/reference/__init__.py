"""Reference plans: Kabupaten Luwu's 2020-2024 plan, loaded by `aduan load_action_plan` (which
`aduan load_reference` calls) so the customer sees its own plan on the first run."""

from __future__ import annotations

from django.db import transaction

from aduan.actionplan import services
from aduan.actionplan.models import Plan, StatementTemplate
from aduan.actionplan.reference import luwu_2020_2024 as luwu
from aduan.organisation.models import Instansi

LUWU_CODE = "luwu"


@transaction.atomic
def luwu_plan_load(instansi: Instansi) -> Plan:
    """Load the plan as the document has it (safe to run again: an existing plan is kept)."""
    found = Plan.objects.filter(
        instansi=instansi, year_start=luwu.YEAR_START, year_end=luwu.YEAR_END
    ).first()
    if found is not None:
        return found
    template = StatementTemplate.objects.filter(name=luwu.TEMPLATE_NAME).first()
    if template is None:
        template = services.template_create(
            actor=None,
            name=luwu.TEMPLATE_NAME,
            statements=[(text, aspects) for _n, text, _score, aspects in luwu.STATEMENTS],
        )
    plan = services.plan_create(
        actor=None,
        instansi=instansi,
        title=luwu.TITLE,
        year_start=luwu.YEAR_START,
        year_end=luwu.YEAR_END,
        template=template,
        introduction=luwu.INTRODUCTION,
        goal=luwu.GOAL,
        strategic_target=luwu.STRATEGIC_TARGET,
        closing=luwu.CLOSING,
        decree_number=luwu.DECREE_NUMBER,
        decree_date=luwu.DECREE_DATE,
    )
    for role, position in luwu.TEAM:
        services.team_member_add(actor=None, plan=plan, role=role, position=position)
    services.assessment_record(
        actor=None,
        plan=plan,
        year=luwu.ASSESSMENT_YEAR,
        assessed_on=luwu.ASSESSED_ON,
        assessed_by=luwu.ASSESSED_BY,
        scores={n: services.ScoreInput(score) for n, _text, score, _a in luwu.STATEMENTS},
    )
    for aspect, (level, reason) in luwu.PRIORITIES.items():
        services.priority_set(actor=None, plan=plan, aspect=aspect, level=level, reason=reason)
    services.minutes_save(
        actor=None,
        plan=plan,
        held_on=luwu.MINUTES_HELD_ON,
        place=luwu.MINUTES_PLACE,
        summary=luwu.MINUTES_SUMMARY,
        attendees=luwu.ATTENDEES,
        signed_by=luwu.MINUTES_SIGNED_BY,
    )
    for name, unit, figure, baseline, targets in luwu.INDICATORS:
        services.indicator_add(
            actor=None,
            plan=plan,
            name=name,
            unit=unit,
            figure=figure,
            baseline_year=luwu.YEAR_START,
            baseline=baseline,
            targets=targets,
        )
    for name, parties, activities in luwu.PROGRAMMES:
        programme = services.programme_add(actor=None, plan=plan, name=name, parties=parties)
        for activity, years, activity_parties in activities:
            services.activity_add(
                actor=None,
                programme=programme,
                name=activity,
                years=years,
                parties=activity_parties,
            )
        for indicator, figure in luwu.SUCCESS_INDICATORS.get(name, []):
            services.indicator_add(
                actor=None,
                plan=plan,
                programme=programme,
                name=indicator,
                unit="%" if figure else "",
                figure=figure,
            )
    for year, name, allocated in luwu.BUDGET:
        services.budget_line_save(
            actor=None, plan=plan, year=year, name=name, allocated=allocated, realised=None
        )
    return plan
