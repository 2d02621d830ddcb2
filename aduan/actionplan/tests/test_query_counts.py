"""The plan's pages cost a fixed number of queries: more statuses, entries or trainings do not
add any (no N+1). Measured indicators read the cached statistics once per indicator and year."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from aduan.accounts.testing import sign_in_verified
from aduan.actionplan import services
from aduan.actionplan.choices import ActivityState, Measure, TrainingKind
from aduan.actionplan.reference import luwu_plan_load

BUDGET = {
    "overview": 25,
    "assessment": 12,
    "priorities": 12,
    "indicators": 40,
    "programmes": 12,
    "monev": 25,
    "capacity": 25,
    "evidence": 8,
}


def _counts(client: Client, plan_id: int) -> dict[str, int]:
    found = {}
    for name in BUDGET:
        url = reverse(f"actionplan:{name}", args=[plan_id])
        client.get(url)  # the statistics' cache warm, as it is for visitors
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        found[name] = len(queries.captured_queries)
    return found


def test_pages_stay_within_their_query_budget_as_the_plan_fills(luwu, admin, officer):
    plan = luwu_plan_load(luwu)
    client = Client()
    sign_in_verified(client, admin)
    before = _counts(client, plan.pk)
    for name, budget in BUDGET.items():
        assert before[name] <= budget, (name, before[name])
    for activity in [a for p in plan.programmes.all() for a in p.activities.all()][:8]:
        services.activity_status_set(
            actor=admin,
            activity=activity,
            year=activity.years[0],
            state=ActivityState.DONE,
            note="Selesai",
        )
    for indicator in plan.indicators.filter(measure=Measure.REPORTED)[:6]:
        services.entry_add(
            actor=admin, indicator=indicator, year=2022, quarter=0, value=Decimal(50)
        )
    for day in range(1, 6):
        services.training_add(
            actor=admin,
            plan=plan,
            person="",
            user=officer,
            kind=TrainingKind.REFRESHER,
            title="Refreshing",
            held_on=date(2022, 3, day),
        )
    assert _counts(client, plan.pk) == before
