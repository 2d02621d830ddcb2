"""The oversight dashboard, the overdue list and the unit times: the numbers match the data,
a unit-limited leader sees its subtree only, and the lists take a fixed number of queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.utils import translation

from aduan.complaints.choices import ACTIVE_DISPATCH_STATUSES
from aduan.complaints.models import Complaint, Dispatch
from aduan.complaints.selectors import complaints_visible_to
from aduan.reporting.oversight import UnitWork, oversight_scopes, scoped_complaints
from aduan.reporting.rollups import rollups_refresh
from aduan.reporting.tests.conftest import NOW, client_of
from aduan.workflow import services

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def _work(response) -> dict[int, UnitWork]:
    return {w.unit_id: w for w in response.context["work"]}


def test_the_dashboard_counts_open_work_per_unit(scene, admin, pupr, dinkes):
    response = client_of(admin).get("/konsol/pengawasan/")
    assert response.status_code == 200
    work = _work(response)
    assert set(work) == {pupr.pk, dinkes.pk, scene.pkm.pk}
    assert (work[pupr.pk].pending, work[pupr.pk].accepted) == (1, 0)  # the resolved one is done
    assert work[pupr.pk].followup_overdue == 1
    assert (work[scene.pkm.pk].pending, work[scene.pkm.pk].followup_overdue) == (1, 1)
    assert (work[dinkes.pk].accepted, work[dinkes.pk].followup_overdue) == (1, 0)
    # The same numbers straight from the data.
    active = Dispatch.objects.filter(status__in=ACTIVE_DISPATCH_STATUSES)
    assert response.context["work_total"].total == active.count() == 3
    assert response.context["awaiting"] == 1  # the unverified one
    overdue = Complaint.objects.filter(next_due_at__lt=NOW)
    assert response.context["overdue_count"] == overdue.count()
    shown = {row["complaint"].pk for row in response.context["overdue"]}
    assert shown == set(overdue.values_list("pk", flat=True))
    assert {scene.late_pupr.pk, scene.late_pkm.pk, scene.unverified.pk} <= shown
    assert scene.resolved.pk not in shown


def test_the_overdue_list_names_the_clock_and_the_units(scene, leader, pupr):
    with translation.override("en"):
        response = client_of(leader).get("/konsol/pengawasan/terlambat/")
    assert response.status_code == 200
    rows = {row["complaint"].pk: row for row in response.context["rows"]}
    assert rows[scene.unverified.pk]["clock"] == "Verification"
    assert rows[scene.late_pupr.pk]["clock"] == "First follow-up"
    assert rows[scene.late_pupr.pk]["units"] == str(pupr)
    assert rows[scene.late_pupr.pk]["days_late"] > 0
    body = response.content.decode()
    assert scene.late_pupr.tracking_number in body
    # Filtered to one unit.
    response = client_of(leader).get(f"/konsol/pengawasan/terlambat/?unit={pupr.pk}")
    assert {row["complaint"].pk for row in response.context["rows"]} == {scene.late_pupr.pk}


def test_a_unit_limited_leader_sees_only_its_subtree(scene, dinkes_leader, dinkes, pupr):
    client = client_of(dinkes_leader)
    response = client.get("/konsol/pengawasan/")
    assert response.status_code == 200
    assert set(_work(response)) == {dinkes.pk, scene.pkm.pk}
    assert response.context["awaiting"] is None  # not theirs: nothing is dispatched yet
    shown = {row["complaint"].pk for row in response.context["overdue"]}
    assert scene.late_pkm.pk in shown
    assert not shown & {scene.late_pupr.pk, scene.unverified.pk}
    body = response.content.decode()
    assert scene.late_pupr.tracking_number not in body
    overdue = client.get("/konsol/pengawasan/terlambat/")
    assert scene.late_pupr.tracking_number not in overdue.content.decode()
    assert client.get(f"/konsol/pengawasan/terlambat/?unit={pupr.pk}").status_code == 400
    times = client.get("/konsol/pengawasan/unit/?date_from=2025-01-01&date_to=2025-02-28")
    assert {t.unit_id for t in times.context["times"]} == {dinkes.pk, scene.pkm.pk}


def test_the_scope_never_goes_beyond_the_access_selector(
    scene, admin, leader, auditor, dinkes_leader
):
    for user in (admin, leader, auditor, dinkes_leader):
        (scope,) = oversight_scopes(user)
        mine = set(scoped_complaints(scope).values_list("pk", flat=True))
        assert mine
        assert mine <= set(complaints_visible_to(user).values_list("pk", flat=True))


def test_unit_times_are_computed_from_the_period(scene, auditor, pupr, dinkes):
    client = client_of(auditor)
    response = client.get("/konsol/pengawasan/unit/?date_from=2025-02-01&date_to=2025-02-28")
    assert response.status_code == 200
    times = {t.unit_id: t for t in response.context["times"]}
    road = times[pupr.pk]
    assert (road.dispatched, road.followed_up, road.followup_missing_late) == (2, 1, 1)
    assert (road.resolved, road.resolved_on_time, road.resolved_on_time_percent) == (1, 1, 100.0)
    assert road.mean_days_to_followup == 1.0  # dispatched at T0+1h, followed up at T0+25h
    assert (road.followup_on_time, road.followup_on_time_percent) == (1, 100.0)
    assert road.mean_days_to_resolution == 2.0
    assert (times[dinkes.pk].dispatched, times[dinkes.pk].resolved) == (1, 0)
    assert times[dinkes.pk].mean_days_to_resolution is None
    # A period before anything was dispatched.
    response = client.get("/konsol/pengawasan/unit/?date_from=2024-01-01&date_to=2024-12-31")
    assert response.context["times"] == []


def test_a_period_ending_before_it_starts_is_refused(scene, auditor):
    response = client_of(auditor).get(
        "/konsol/pengawasan/unit/?date_from=2025-03-01&date_to=2025-02-01"
    )
    assert response.status_code == 400
    assert "date_to" in response.context["form"].errors


def test_the_lists_take_a_fixed_number_of_queries(
    scene, submit, admin, pupr, dinkes, django_assert_max_num_queries
):
    def more_overdue(n: int) -> None:
        with time_machine.travel(NOW - timedelta(days=20), tick=False):
            for i in range(n):
                complaint = submit(title=f"Laporan {i}").complaint
                services.complaint_verify(actor=admin, complaint=complaint, units=[pupr, dinkes])

    client = client_of(admin)
    urls = ("/konsol/pengawasan/", "/konsol/pengawasan/terlambat/", "/konsol/pengawasan/unit/")
    more_overdue(10)  # more than the dashboard shows, so it counts them
    budget = {}
    for url in urls:
        client.get(url)  # warm the session and the calendar
        cache.clear()  # the unit times are cached: measure the computation
        with django_assert_max_num_queries(20) as captured:
            client.get(url)
        budget[url] = len(captured.captured_queries)
    more_overdue(20)
    for url in urls:
        cache.clear()
        with django_assert_max_num_queries(budget[url]):
            response = client.get(url)
        assert response.status_code == 200


def test_a_late_first_follow_up_counts_as_late(submit, admin, officer, pupr, auditor):
    from datetime import timedelta

    import time_machine

    from aduan.complaints.models import Dispatch
    from aduan.reporting.tests.conftest import T0
    from aduan.workflow import services

    with time_machine.travel(T0, tick=False) as traveller:
        complaint = submit().complaint
        services.complaint_verify(actor=admin, complaint=complaint, units=[pupr])
        due = Dispatch.objects.get(complaint=complaint).followup_due_at
        assert due is not None
        traveller.move_to(due + timedelta(hours=1))  # one hour past the five working days
        services.followup_add(actor=officer, complaint=complaint, text="Maaf terlambat.")
    dispatch = Dispatch.objects.get(complaint=complaint)
    assert dispatch.followup_due_at is None  # the clock stopped
    assert dispatch.followup_was_due_at == due  # and the deadline it had is kept
    rollups_refresh()
    response = client_of(auditor).get(
        "/konsol/pengawasan/unit/?date_from=2025-02-01&date_to=2025-02-28"
    )
    road = {t.unit_id: t for t in response.context["times"]}[pupr.pk]
    assert (road.followed_up, road.followup_on_time, road.followup_on_time_percent) == (1, 0, 0.0)


def test_the_late_count_equals_counting_the_dispatches_of_the_period(
    scene, submit, admin, officer, pupr, dinkes, luwu
):
    from datetime import date

    from django.db.models import Count

    from aduan.complaints.choices import DispatchStatus
    from aduan.reporting.oversight import Scope, period_bounds, unit_times_compute
    from aduan.reporting.selectors import month_span
    from aduan.reporting.tests.conftest import T0

    # January: one report to both units (both late by NOW); February: one handed back.
    with time_machine.travel(T0 - timedelta(days=20), tick=False):
        january = submit(title="Jalan berlubang").complaint
        services.complaint_verify(actor=admin, complaint=january, units=[pupr, dinkes])
    with time_machine.travel(T0 + timedelta(hours=2), tick=False):
        back = submit(title="Bukan urusan PUPR").complaint
        services.complaint_verify(actor=admin, complaint=back, units=[pupr])
        services.dispatch_return(actor=officer, complaint=back, reason="Bukan wewenang kami.")
    rollups_refresh()
    scope = Scope(luwu, None)

    # February: the scene's two late dispatches; January: this one's two.
    for date_from, date_to, late in (
        (date(2025, 2, 1), date(2025, 2, 28), 2),
        (date(2025, 1, 1), date(2025, 2, 28), 4),
        (date(2025, 1, 1), date(2025, 1, 31), 2),
    ):
        start, end = period_bounds(luwu, *month_span(date_from, date_to))
        expected = dict(
            Dispatch.objects.filter(
                first_followup_at__isnull=True,
                followup_due_at__lt=NOW,
                dispatched_at__gte=start,
                dispatched_at__lt=end,
            )
            .exclude(status=DispatchStatus.RETURNED)
            .values("unit_id")
            .annotate(n=Count("pk"))
            .order_by()
            .values_list("unit_id", "n")
        )
        times = unit_times_compute(scope, date_from=date_from, date_to=date_to, now=NOW)
        found = {t.unit_id: t.followup_missing_late for t in times if t.followup_missing_late}
        assert found == expected
        assert sum(found.values()) == late
