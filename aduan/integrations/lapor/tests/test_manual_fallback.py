"""The manual fallback of the SP4N-LAPOR! link: a coordinator records, changes or clears a
national tracking id by hand, and every change is a public event of the report's chain;
a bad id is refused in Indonesian and writes nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from aduan.accounts.testing import sign_in_verified
from aduan.complaints.choices import ActorKind, Audience, EventKind
from aduan.complaints.events import verify_chain
from aduan.complaints.models import Complaint, ComplaintEvent
from aduan.complaints.selectors import public_events_of
from aduan.core.errors import Conflict, PermissionDenied, ValidationFailed
from aduan.integrations.lapor.models import Direction, LaporLink
from aduan.integrations.lapor.services import national_id_clear, national_id_record
from aduan.workflow import services as workflow
from aduan.workflow.tests.states import snapshot

pytestmark = pytest.mark.django_db


def _forwarded(submit, admin) -> Complaint:
    complaint = submit().complaint
    return workflow.complaint_forward(
        actor=admin, complaint=complaint, reason="Jalan nasional", to_lapor=True
    )


def _lapor_events(complaint: Complaint) -> list[ComplaintEvent]:
    return list(complaint.events.filter(kind=EventKind.LAPOR_ID_RECORDED).order_by("seq"))


def _log_intact() -> str:
    out = StringIO()
    call_command("verify-events", stdout=out)
    return out.getvalue()


def test_recording_changing_and_clearing_an_id_are_public_events(submit, admin):
    report = _forwarded(submit, admin)

    national_id_record(actor=admin, complaint=report, national_id=" LAPOR-77 ")
    national_id_record(actor=admin, complaint=report, national_id="LAPOR-77")  # the same: no-op
    national_id_record(actor=admin, complaint=report, national_id="LAPOR-78")
    national_id_clear(actor=admin, complaint=report)

    events = _lapor_events(report)
    assert [(e.old, e.new) for e in events] == [
        ({"national_id": ""}, {"national_id": "LAPOR-77"}),
        ({"national_id": "LAPOR-77"}, {"national_id": "LAPOR-78"}),
        ({"national_id": "LAPOR-78"}, {"national_id": ""}),
    ]
    for event in events:
        assert (event.actor, event.actor_kind, event.via) == (admin, ActorKind.STAFF, "")
        assert (event.audience, event.is_public, event.note) == (Audience.PUBLIC, True, "")
    assert not LaporLink.objects.filter(complaint=report).exists()
    report.refresh_from_db()
    assert report.event_count == events[-1].seq
    assert verify_chain(report) == []
    assert "Event log intact" in _log_intact()


def test_the_public_timeline_of_a_published_report_shows_the_entry(submit, admin, pupr):
    report = submit().complaint
    workflow.complaint_verify(actor=admin, complaint=report, units=[pupr])  # published
    # A published report cannot be forwarded any more; it was forwarded outside aduan and
    # the flag set, as an older deployment did.
    Complaint.objects.filter(pk=report.pk).update(forwarded_to_lapor=True)
    national_id_record(actor=admin, complaint=report, national_id="LAPOR-90")

    shown = [e for e in public_events_of(report) if e.kind == EventKind.LAPOR_ID_RECORDED]

    assert [e.new for e in shown] == [{"national_id": "LAPOR-90"}]


@pytest.mark.parametrize(
    ("national_id", "message"),
    [
        ("", "Isikan nomor lacak SP4N-LAPOR!."),
        ("   ", "Isikan nomor lacak SP4N-LAPOR!."),
        ("L" * 61, "Isikan nomor lacak SP4N-LAPOR!."),
        ("LAPOR 77", "hanya berisi huruf, angka"),
        ("<b>77</b>", "hanya berisi huruf, angka"),
        ("LAPOR-OTHER", "milik laporan lain"),
    ],
)
def test_a_bad_id_is_refused_in_indonesian_and_writes_nothing(submit, admin, national_id, message):
    other = _forwarded(submit, admin)
    national_id_record(actor=admin, complaint=other, national_id="LAPOR-OTHER")
    report = _forwarded(submit, admin)
    national_id_record(actor=admin, complaint=report, national_id="LAPOR-1")
    before = snapshot(report)
    links = list(LaporLink.objects.values_list("complaint_id", "national_id").order_by("pk"))

    with translation.override("id"), pytest.raises(ValidationFailed) as refused:
        national_id_record(actor=admin, complaint=report, national_id=national_id)

    assert message in str(refused.value)
    assert refused.value.code == "national_id"
    assert snapshot(report) == before
    assert list(LaporLink.objects.values_list("complaint_id", "national_id").order_by("pk")) == (
        links
    )


def test_only_coordinators_and_forwarded_reports_and_ids_recorded_by_hand(
    submit, admin, officer, operator, leader, auditor
):
    report = _forwarded(submit, admin)
    open_report = submit().complaint
    sent = _forwarded(submit, admin)
    # The id LAPOR! answered through the outbox (lapor_pass): not recorded by hand.
    LaporLink.objects.create(
        complaint=sent,
        national_id="LAPOR-SENT",
        direction=Direction.OUT,
        created_at=report.updated_at,
    )
    before = [snapshot(c) for c in (report, open_report, sent)]

    for user in (officer, operator, leader, auditor):
        with pytest.raises(PermissionDenied):
            national_id_record(actor=user, complaint=report, national_id="LAPOR-5")
        with pytest.raises(PermissionDenied):
            national_id_clear(actor=user, complaint=sent)
    with pytest.raises(Conflict):
        national_id_record(actor=admin, complaint=open_report, national_id="LAPOR-6")
    with pytest.raises(Conflict):
        national_id_clear(actor=admin, complaint=report)  # nothing to clear
    with pytest.raises(Conflict):
        national_id_clear(actor=admin, complaint=sent)  # LAPOR!'s own answer stays

    assert [snapshot(c) for c in (report, open_report, sent)] == before
    assert list(LaporLink.objects.values_list("national_id", flat=True)) == ["LAPOR-SENT"]
    # A coordinator may still correct the id LAPOR! answered: it is then one recorded by hand.
    link = national_id_record(actor=admin, complaint=sent, national_id="LAPOR-SENT-2")
    assert link.manual
    assert [e.new for e in _lapor_events(sent)] == [{"national_id": "LAPOR-SENT-2"}]


def test_the_console_records_and_clears_with_an_event_and_refuses_in_indonesian(submit, admin):
    report = _forwarded(submit, admin)
    client = Client(HTTP_ACCEPT_LANGUAGE="id")
    sign_in_verified(client, admin)
    number = report.tracking_number

    bad = client.post("/konsol/lapor/catat/", {"number": number, "national_id": "LAPOR 5"})
    assert bad.status_code == 400
    assert "hanya berisi huruf, angka" in bad.content.decode()
    assert _lapor_events(report) == []

    done = client.post("/konsol/lapor/catat/", {"number": number, "national_id": "LAPOR-5"})
    cleared = client.post("/konsol/lapor/catat/", {"number": number, "clear": "on"})

    assert (done.status_code, cleared.status_code) == (302, 302)
    assert [e.new["national_id"] for e in _lapor_events(report)] == ["LAPOR-5", ""]
    assert not LaporLink.objects.filter(complaint=report).exists()
