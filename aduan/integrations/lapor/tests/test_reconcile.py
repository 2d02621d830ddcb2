"""The reconciler compares the content of both sides against the fake SP4N-LAPOR!: for every
linked report its status (mapped through mapping.py) and its follow-ups, over every page of
the national list; each difference is listed with its kind, and "send again" through the
outbox fixes what a push can fix, exactly once."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import Client

from aduan.accounts.testing import sign_in_verified
from aduan.complaints.models import Complaint
from aduan.integrations.lapor.client import HttpLapor
from aduan.integrations.lapor.models import (
    DifferenceKind,
    LaporMessage,
    MessageKind,
    MessageStatus,
    Repair,
)
from aduan.integrations.lapor.services import (
    lapor_pass,
    lapor_pull,
    lapor_reconcile,
    lapor_refresh,
    reconcile_repair,
    reconcile_run,
)
from aduan.integrations.lapor.tests.fake_lapor import PAGE_SIZE, FakeLapor, fake_lapor
from aduan.workflow import services as workflow

pytestmark = pytest.mark.django_db


@pytest.fixture
def lapor() -> Iterator[FakeLapor]:
    with fake_lapor() as fake:
        yield fake


@pytest.fixture
def api(lapor: FakeLapor) -> HttpLapor:
    return HttpLapor(lapor.url, lapor.token)


def _drain(api: HttpLapor) -> None:
    for _ in range(20):
        if not lapor_pass(api=api, worker_id="w1").sent:
            break
    assert not LaporMessage.objects.exclude(status=MessageStatus.SENT).exists()


@pytest.fixture
def handled(lapor, api, luwu, pupr, admin, officer, road_category) -> list[Complaint]:
    """Five reports disposed by LAPOR! (three pages of the national list), handled here with
    a public follow-up each, everything delivered; and one report forwarded there, read back."""
    for n in range(1, 6):
        lapor.dispose({"id": f"LAPOR-{n}", "judul": f"Laporan {n}", "isi": "Jalan rusak."})
    numbers = lapor_pull(api=api, instansi=luwu).filed
    reports = list(Complaint.objects.filter(tracking_number__in=numbers).order_by("pk"))
    for report in reports:
        workflow.complaint_verify(
            actor=admin, complaint=report, units=[pupr], category=road_category
        )
        workflow.dispatch_accept(actor=officer, complaint=report)
        workflow.followup_add(actor=officer, complaint=report, text=f"Survei {report.pk}")
        workflow.followup_add(actor=officer, complaint=report, text="Catatan", is_public=False)
    workflow.complaint_resolve(actor=officer, complaint=reports[0], summary="Sudah ditambal")
    _drain(api)
    return reports


def test_healthy_items_do_not_differ_and_every_national_page_is_read(lapor, api, handled):
    lapor.paths.clear()

    assert lapor_reconcile(api=api) == []

    pages = [p for p in lapor.paths if p.startswith("GET /api/v1/laporan?page=")]
    assert len(pages) == -(-len(lapor.reports) // PAGE_SIZE) == 3
    assert not [p for p in lapor.paths if p.startswith("GET /api/v1/laporan/")]  # all listed


def test_a_broken_status_and_broken_follow_ups_are_listed_and_sent_again(
    lapor, api, handled, admin
):
    first, last = handled[0], handled[-1]  # the last one is on the national list's last page
    assert lapor.reports["LAPOR-1"]["status"] == "Selesai"
    lapor.reports["LAPOR-1"]["status"] = "Sedang Diproses"  # lost there
    lapor.reports["LAPOR-5"]["tindak_lanjut"].clear()

    run = reconcile_run(api=api)

    listed = {(d["tracking_number"], d["kind"]): d for d in run.differences}
    assert set(listed) == {
        (first.tracking_number, DifferenceKind.STATUS),
        (last.tracking_number, DifferenceKind.FOLLOWUPS),
    }
    status = listed[(first.tracking_number, DifferenceKind.STATUS)]
    assert (status["here"], status["there"], status["repair"]) == (
        "Selesai",
        "Sedang Diproses",
        Repair.STATUS,
    )
    followups = listed[(last.tracking_number, DifferenceKind.FOLLOWUPS)]
    assert followups["here"].startswith("1 · ")
    assert followups["there"] == "0"
    assert followups["repair"] == Repair.FOLLOWUPS

    # Send again: queued once however often it is asked for, delivered, and both agree.
    index = run.differences.index(status)
    assert reconcile_repair(actor=admin, run=run, index=index) == 1
    assert reconcile_repair(actor=admin, run=run, index=index) == 0
    assert reconcile_repair(actor=admin, run=run, index=run.differences.index(followups)) == 1
    _drain(api)

    assert lapor.reports["LAPOR-1"]["status"] == "Selesai"
    assert [f["isi"] for f in lapor.reports["LAPOR-5"]["tindak_lanjut"]] == [f"Survei {last.pk}"]
    assert lapor_reconcile(api=api) == []
    again = LaporMessage.objects.filter(idempotency_key__contains="-again-")
    assert sorted(again.values_list("kind", flat=True)) == [
        MessageKind.FOLLOWUP,
        MessageKind.STATUS,
    ]


def test_a_status_change_here_goes_to_lapor_on_its_own(
    lapor, api, luwu, pupr, admin, officer, road_category
):
    lapor.dispose({"id": "LAPOR-6", "judul": "Air keruh", "isi": "Sejak seminggu."})
    (number,) = lapor_pull(api=api, instansi=luwu).filed
    report = Complaint.objects.get(tracking_number=number)
    workflow.complaint_verify(actor=admin, complaint=report, units=[pupr], category=road_category)
    workflow.dispatch_accept(actor=officer, complaint=report)  # no follow-up yet
    assert lapor_reconcile(api=api) == []  # on its way: not compared yet

    _drain(api)

    assert lapor.reports["LAPOR-6"]["status"] == "Sedang Diproses"
    assert list(LaporMessage.objects.filter(complaint=report).values_list("kind", flat=True)) == [
        MessageKind.STATUS
    ]  # verification keeps LAPOR!'s "Sudah Didisposisi": no message
    workflow.complaint_hold(actor=officer, complaint=report, question="Di dusun mana?")
    _drain(api)
    assert LaporMessage.objects.filter(complaint=report).count() == 1  # the same national label
    assert lapor_reconcile(api=api) == []


def test_missing_locally_and_a_stale_copy_of_a_forwarded_report(lapor, api, handled, submit, admin):
    forwarded = workflow.complaint_forward(
        actor=admin, complaint=submit().complaint, reason="Jalan nasional", to_lapor=True
    )
    _drain(api)
    lapor_refresh(api=api)
    lapor.dispose({"id": "LAPOR-99", "judul": "Baru", "isi": "Belum ditarik."})
    (national_id,) = [k for k, r in lapor.reports.items() if r.get("nomor_lokal")]
    lapor.reports[national_id]["status"] = "Sedang Diproses"  # read again at the next sweep

    differences = {(d.kind, d.national_id): d for d in lapor_reconcile(api=api)}

    assert set(differences) == {
        (DifferenceKind.MISSING_LOCALLY, "LAPOR-99"),
        (DifferenceKind.STATUS, national_id),
    }
    stale = differences[(DifferenceKind.STATUS, national_id)]
    assert (stale.tracking_number, stale.repair) == (forwarded.tracking_number, "")
    assert differences[(DifferenceKind.MISSING_LOCALLY, "LAPOR-99")].repair == ""


def test_the_console_lists_the_kinds_and_sends_again(lapor, api, handled, admin, officer):
    lapor.reports["LAPOR-2"]["status"] = "Selesai"
    run = reconcile_run(api=api)
    client = Client(HTTP_ACCEPT_LANGUAGE="id")
    sign_in_verified(client, admin)
    liaison = Client()
    sign_in_verified(liaison, officer)

    html = client.get("/konsol/lapor/").content.decode()
    refused = liaison.post(f"/konsol/lapor/kirim-ulang/{run.pk}/0/")
    done = client.post(f"/konsol/lapor/kirim-ulang/{run.pk}/0/")
    missing = client.post(f"/konsol/lapor/kirim-ulang/{run.pk}/7/")

    assert handled[1].tracking_number in html
    assert 'data-kind="status"' in html
    assert "Status berbeda" in html
    assert f'action="/konsol/lapor/kirim-ulang/{run.pk}/0/"' in html
    assert refused.status_code == 404
    assert done.status_code == 302
    assert missing.status_code == 400
    assert LaporMessage.objects.filter(idempotency_key__contains="-again-").count() == 1
