"""From complaints to improvements: the unit records the cause when it resolves a report and
may propose an improvement; the leader decides; the unit reports it done. Every step is an
event of the report; a refused step changes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from aduan.complaints.choices import EventKind, ImprovementStatus, Status
from aduan.complaints.models import Improvement
from aduan.core.errors import PermissionDenied, ValidationFailed
from aduan.workflow import services
from aduan.workflow.tests.console_helpers import staff_client

pytestmark = pytest.mark.django_db


def _resolve_on_the_page(client: Any, complaint: Any, **extra: str) -> Any:
    return client.post(
        reverse("workflow:console_resolve", args=[complaint.tracking_number]),
        {"summary": "Lubang sudah diaspal.", **extra},
    )


def test_resolving_records_the_cause_and_the_proposal(reach, officer, pupr):
    complaint = reach(Status.IN_PROGRESS)

    response = _resolve_on_the_page(
        staff_client(officer),
        complaint,
        cause="time",
        improvement="Jadwal tambal jalan bulanan untuk jalan kabupaten.",
    )

    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == Status.RESOLVED
    resolved = complaint.events.get(kind=EventKind.RESOLVED)
    assert resolved.new["cause"] == "time"
    improvement = Improvement.objects.get()
    assert (improvement.unit, improvement.cause, improvement.status) == (
        pupr,
        "time",
        ImprovementStatus.PROPOSED,
    )
    proposed = complaint.events.get(kind=EventKind.IMPROVEMENT)
    assert proposed.is_public is False
    assert proposed.new["improvement"] == improvement.pk


@pytest.mark.parametrize(
    "extra",
    [
        {"cause": "weather"},  # not a cause
        {"improvement": "Tanpa sebab."},  # a proposal needs its cause
    ],
)
def test_a_bad_cause_or_proposal_refuses_the_resolution_and_changes_nothing(reach, officer, extra):
    complaint = reach(Status.IN_PROGRESS)
    events = complaint.event_count

    _resolve_on_the_page(staff_client(officer), complaint, **extra)

    complaint.refresh_from_db()
    assert complaint.status == Status.IN_PROGRESS
    assert complaint.event_count == events
    assert not Improvement.objects.exists()


@pytest.fixture
def proposed(reach: Any, officer: Any) -> Improvement:
    complaint = reach(Status.IN_PROGRESS)
    services.complaint_resolve(
        actor=officer,
        complaint=complaint,
        summary="Selesai.",
        cause="procedure",
        improvement="Formulir izin disederhanakan.",
    )
    return Improvement.objects.get()


def test_the_leader_approves_and_the_unit_reports_it_done(proposed, leader, officer):
    leader_page = staff_client(leader)
    listed = leader_page.get(reverse("workflow:improvements"))
    assert "Formulir izin disederhanakan." in listed.content.decode()

    leader_page.post(
        reverse("workflow:improvement_decide", args=[proposed.pk]),
        {"decision": "approve", "note": "Setuju, mulai bulan depan."},
    )
    staff_client(officer).post(
        reverse("workflow:improvement_complete", args=[proposed.pk]),
        {"note": "Formulir baru dipakai sejak 1 April."},
    )

    proposed.refresh_from_db()
    assert proposed.status == ImprovementStatus.DONE
    assert proposed.decided_by == leader
    assert proposed.done_note == "Formulir baru dipakai sejak 1 April."
    steps = [
        (e.old.get("status"), e.new.get("status"))
        for e in proposed.complaint.events.filter(kind=EventKind.IMPROVEMENT).order_by("seq")
    ]
    assert steps == [(None, "proposed"), ("proposed", "approved"), ("approved", "done")]


def test_turning_down_needs_a_reason(proposed, leader):
    with pytest.raises(ValidationFailed):
        services.improvement_decide(actor=leader, improvement=proposed, approve=False)
    proposed.refresh_from_db()
    assert proposed.status == ImprovementStatus.PROPOSED


def test_a_unit_cannot_decide_nor_finish_what_is_not_approved(proposed, officer):
    with pytest.raises(PermissionDenied):
        services.improvement_decide(actor=officer, improvement=proposed, approve=True)
    client = staff_client(officer)
    assert (
        client.post(
            reverse("workflow:improvement_decide", args=[proposed.pk]), {"decision": "approve"}
        ).status_code
        == 404
    )
    client.post(reverse("workflow:improvement_complete", args=[proposed.pk]), {"note": "x"})
    proposed.refresh_from_db()
    assert proposed.status == ImprovementStatus.PROPOSED


def test_another_unit_neither_sees_nor_reaches_it(proposed, other_officer):
    client = staff_client(other_officer)

    listed = client.get(reverse("workflow:improvements")).content.decode()
    done = client.post(reverse("workflow:improvement_complete", args=[proposed.pk]), {"note": "x"})

    assert "Formulir izin disederhanakan." not in listed
    assert done.status_code == 404


@pytest.mark.parametrize("who", ["operator", "citizen"])
def test_the_list_is_404_for_other_roles(request, luwu, who):
    client = staff_client(request.getfixturevalue(who))
    assert client.get(reverse("workflow:improvements")).status_code == 404
