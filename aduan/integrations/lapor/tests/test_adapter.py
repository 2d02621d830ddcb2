"""The SP4N-LAPOR! adapter against the fake national server: forward out and status back,
dispositions in (once, even when delivered twice) and follow-ups back, a day-long outage
survived with everything delivered exactly once, a refused message, the manual fallback and
the reconciler finding a broken item."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
import time_machine

from aduan.complaints.choices import Channel, Status
from aduan.complaints.models import Complaint
from aduan.complaints.services import ReporterInput
from aduan.core.errors import Conflict, PermissionDenied
from aduan.integrations.errors import TransportError
from aduan.integrations.lapor.client import HttpLapor
from aduan.integrations.lapor.models import (
    DifferenceKind,
    Direction,
    LaporLink,
    LaporMessage,
    MessageStatus,
    Repair,
    UnitMapping,
)
from aduan.integrations.lapor.services import (
    lapor_pass,
    lapor_pull,
    lapor_reconcile,
    lapor_refresh,
    national_id_record,
    reconcile_repair,
    reconcile_run,
)
from aduan.integrations.lapor.tests.fake_lapor import FakeLapor, fake_lapor
from aduan.workflow import services as workflow

pytestmark = pytest.mark.django_db


@pytest.fixture
def lapor() -> Iterator[FakeLapor]:
    with fake_lapor() as fake:
        yield fake


@pytest.fixture
def api(lapor: FakeLapor) -> HttpLapor:
    return HttpLapor(lapor.url, lapor.token)


def _forwarded(submit, admin, **overrides) -> Complaint:
    complaint = submit(**overrides).complaint
    return workflow.complaint_forward(
        actor=admin, complaint=complaint, reason="Jalan nasional", to_lapor=True
    )


def test_a_forwarded_report_reaches_lapor_and_its_status_comes_back(lapor, api, submit, admin):
    report = _forwarded(submit, admin)

    result = lapor_pass(api=api, worker_id="w1")

    assert result.sent == 1
    link = LaporLink.objects.get(complaint=report)
    assert link.direction == Direction.OUT
    national = lapor.reports[link.national_id]
    assert national["nomor_lokal"] == report.tracking_number
    assert national["pelapor"]["nama"] == "Andi Baso"
    # LAPOR! works on it; the reporter's tracking data is refreshed from there.
    national["status"] = "Sedang Diproses"
    national["tindak_lanjut"].append({"isi": "Diteruskan ke BBPJN", "waktu": "2026-12-05"})
    assert lapor_refresh(api=api) == 1
    link.refresh_from_db()
    assert link.national_status == "Sedang Diproses"
    assert link.national_followups == [{"text": "Diteruskan ke BBPJN", "at": "2026-12-05"}]


def test_an_anonim_report_goes_without_identity_and_rahasia_stays_rahasia(
    lapor, api, submit, admin
):
    _forwarded(
        submit,
        admin,
        is_anonymous=True,
        is_confidential=True,
        reporter=ReporterInput(name="Rahmawati Said", phone="0813 1111 2222"),
    )

    lapor_pass(api=api, worker_id="w1")

    (national,) = lapor.reports.values()
    assert national["anonim"] is True
    assert national["rahasia"] is True
    assert "pelapor" not in national
    assert "Rahmawati" not in str(national)


def test_dispositions_come_in_once_and_follow_ups_go_back(
    lapor, api, luwu, road_category, pupr, admin, officer
):
    road_category.lapor_topic_id = "T-45"
    road_category.save(update_fields=["lapor_topic_id"])
    UnitMapping.objects.create(unit=pupr, lapor_id="INST-PUPR")
    item = {
        "id": "LAPOR-9001",
        "judul": "Jembatan putus di Bua",
        "isi": "Jembatan penghubung dua desa putus sejak banjir.",
        "kategori_id": "T-45",
        "unit_id": "INST-PUPR",
        "anonim": False,
        "rahasia": False,
        "pelapor": {"nama": "Basri"},
    }
    other = {**item, "id": "LAPOR-9002", "anonim": True, "pelapor": {"nama": "Rahasia Sekali"}}
    # The same item delivered twice, on two pages, and again on the next pull.
    lapor.dispositions = [item, other, item]

    first = lapor_pull(api=api, instansi=luwu)
    again = lapor_pull(api=api, instansi=luwu)

    assert len(first.filed) == 2
    assert first.duplicates == 1
    assert again.filed == []
    report = Complaint.objects.get(tracking_number=first.filed[0])
    assert report.channel == Channel.LAPOR
    assert report.category == road_category
    assert report.target_unit == pupr
    assert report.status == Status.SUBMITTED  # in the coordinator's inbox
    anonim = Complaint.objects.get(tracking_number=first.filed[1])
    assert anonim.is_anonymous
    assert anonim.reporter is None or anonim.reporter.name == ""

    # Handled here like any other report; the public steps go back to LAPOR!.
    workflow.complaint_verify(actor=admin, complaint=report, units=[pupr])
    workflow.dispatch_accept(actor=officer, complaint=report)
    workflow.followup_add(actor=officer, complaint=report, text="Tim survei ke lokasi")
    workflow.followup_add(actor=officer, complaint=report, text="Catatan dalam", is_public=False)
    workflow.complaint_resolve(actor=officer, complaint=report, summary="Jembatan darurat dibangun")
    lapor.reports["LAPOR-9001"] = {
        "id": "LAPOR-9001",
        "status": "Sudah Didisposisi",
        "tindak_lanjut": [],
    }
    lapor_pass(api=api, worker_id="w1")

    national = lapor.reports["LAPOR-9001"]
    assert [f["isi"] for f in national["tindak_lanjut"]] == [
        "Tim survei ke lokasi",
        "Jembatan darurat dibangun",
    ]
    assert national["status"] == "Selesai"


def test_lapor_down_for_a_day_then_everything_arrives_exactly_once(lapor, api, submit, admin):
    lapor.down = True
    with time_machine.travel("2026-12-07 01:00:00+00:00", tick=False) as traveller:
        reports = [_forwarded(submit, admin) for _ in range(3)]
        for _ in range(24 * 4):  # the worker keeps turning every 15 minutes for a day
            lapor_pass(api=api, worker_id="w1")
            traveller.shift(timedelta(minutes=15))
        assert LaporMessage.objects.filter(status=MessageStatus.PENDING).count() == 3
        assert not lapor.reports
        tries = LaporMessage.objects.get(complaint=reports[0]).attempts
        assert 20 < tries < 40  # backoff, capped at an hour: not 96 tries, not 5

        lapor.down = False
        traveller.shift(timedelta(hours=1))
        lapor_pass(api=api, worker_id="w1")
        lapor_pass(api=api, worker_id="w1")

    assert LaporMessage.objects.filter(status=MessageStatus.SENT).count() == 3
    assert len(lapor.reports) == 3
    assert {r["nomor_lokal"] for r in lapor.reports.values()} == {
        r.tracking_number for r in reports
    }
    assert LaporLink.objects.count() == 3


def test_a_lost_answer_is_retried_without_a_second_national_report(lapor, api, submit, admin):
    report = _forwarded(submit, admin)
    lapor_pass(api=api, worker_id="w1")
    message = LaporMessage.objects.get()
    national_id = LaporLink.objects.get(complaint=report).national_id
    # As if the answer had been lost: the same message is sent again with its key.
    LaporMessage.objects.filter(pk=message.pk).update(status=MessageStatus.PENDING)
    LaporLink.objects.all().delete()

    lapor_pass(api=api, worker_id="w1")

    assert len(lapor.reports) == 1
    assert LaporLink.objects.get(complaint=report).national_id == national_id


@pytest.mark.parametrize("status", [429, 500, 502])
def test_429_and_5xx_are_retried(lapor, api, submit, admin, status):
    _forwarded(submit, admin)
    lapor.answers = [status]

    first = lapor_pass(api=api, worker_id="w1")
    with time_machine.travel(timedelta(minutes=2)):
        second = lapor_pass(api=api, worker_id="w1")

    assert (first.retried, second.sent) == (1, 1)
    assert len(lapor.reports) == 1


def test_a_refused_message_fails_and_the_reconciler_lists_it(lapor, api, submit, admin):
    report = _forwarded(submit, admin)
    lapor.answers = [422]

    result = lapor_pass(api=api, worker_id="w1")
    differences = lapor_reconcile(api=api)

    assert result.failed == 1
    assert LaporMessage.objects.get().status == MessageStatus.FAILED
    (difference,) = differences
    assert (difference.kind, difference.tracking_number) == (
        DifferenceKind.MISSING_NATIONALLY,
        report.tracking_number,
    )
    assert difference.error == "refused: HTTP 422"
    assert difference.repair == Repair.RESEND

    # Sent again as it was, with its own key: LAPOR! kept nothing of the refused attempt.
    run = reconcile_run(api=api)
    assert reconcile_repair(actor=admin, run=run, index=0) == 1
    assert reconcile_repair(actor=admin, run=run, index=0) == 0
    assert lapor_pass(api=api, worker_id="w1").sent == 1
    assert LaporLink.objects.filter(complaint=report).exists()
    assert lapor_reconcile(api=api) == []


def test_the_reconciler_finds_a_link_lapor_does_not_know(lapor, api, submit, admin):
    good = _forwarded(submit, admin)
    lapor_pass(api=api, worker_id="w1")
    broken = _forwarded(submit, admin)
    national_id_record(actor=admin, complaint=broken, national_id="LAPOR-NOPE")

    differences = lapor_reconcile(api=api)

    assert [(d.tracking_number, d.national_id) for d in differences] == [
        (broken.tracking_number, "LAPOR-NOPE")
    ]
    assert good.tracking_number not in {d.tracking_number for d in differences}


def test_the_manual_fallback_is_for_coordinators_and_forwarded_reports(
    submit, admin, officer, lapor
):
    forwarded = _forwarded(submit, admin)
    open_report = submit().complaint

    link = national_id_record(actor=admin, complaint=forwarded, national_id=" LAPOR-77 ")

    assert (link.national_id, link.manual) == ("LAPOR-77", True)
    with pytest.raises(PermissionDenied):
        national_id_record(actor=officer, complaint=forwarded, national_id="LAPOR-78")
    with pytest.raises(Conflict):
        national_id_record(actor=admin, complaint=open_report, national_id="LAPOR-79")
    assert LaporLink.objects.count() == 1


def test_a_wrong_token_is_a_retryable_error_and_pulls_stop(lapor, luwu):
    with pytest.raises(TransportError) as refused:
        lapor_pull(api=HttpLapor(lapor.url, "wrong"), instansi=luwu)

    assert not refused.value.permanent
    assert "401" in str(refused.value)
    assert Complaint.objects.count() == 0


def test_slow_answers_still_arrive(lapor, api, submit, admin):
    lapor.delay = 0.3
    _forwarded(submit, admin)

    assert lapor_pass(api=api, worker_id="w1").sent == 1


def test_the_tracking_page_shows_and_links_the_national_id(
    lapor, api, submit, admin, anon_client, settings
):
    settings.ADUAN_LAPOR_TRACK_URL = "https://lapor.example/laporan/{id}"
    filed = submit()
    report = workflow.complaint_forward(
        actor=admin, complaint=filed.complaint, reason="Jalan nasional", to_lapor=True
    )
    lapor_pass(api=api, worker_id="w1")
    national_id = LaporLink.objects.get(complaint=report).national_id
    lapor.reports[national_id]["status"] = "Sedang Diproses"
    lapor_refresh(api=api)

    # The reporter's own view, with the access code: a report forwarded before anyone
    # published it is not public (issue 14), but its reporter follows it.
    opened = anon_client.post(
        f"/lacak/{report.tracking_number}/akses/", {"access_code": filed.access_code}
    )
    assert opened.status_code == 302
    page = anon_client.get(f"/lacak/{report.tracking_number}/", HTTP_ACCEPT_LANGUAGE="id")

    html = page.content.decode()
    assert page.status_code == 200
    assert f'href="https://lapor.example/laporan/{national_id}"' in html
    assert "Sedang Diproses" in html


def test_coordinators_record_a_national_id_on_the_console_page(submit, admin, officer):
    from django.test import Client

    from aduan.accounts.testing import sign_in_verified

    report = _forwarded(submit, admin)
    client = Client(HTTP_ACCEPT_LANGUAGE="id")
    sign_in_verified(client, admin)
    liaison = Client()
    sign_in_verified(liaison, officer)

    page = client.get("/konsol/lapor/")
    bad = client.post("/konsol/lapor/catat/", {"number": "NOPE-1", "national_id": "LAPOR-5"})
    done = client.post(
        "/konsol/lapor/catat/", {"number": report.tracking_number, "national_id": "LAPOR-5"}
    )

    assert page.status_code == 200
    assert bad.status_code == 400
    assert done.status_code == 302
    assert LaporLink.objects.get(complaint=report).national_id == "LAPOR-5"
    assert liaison.get("/konsol/lapor/").status_code == 404


def test_the_daily_reconciliation_is_listed_on_the_console(lapor, api, submit, admin):
    from django.test import Client

    from aduan.accounts.testing import sign_in_verified

    broken = _forwarded(submit, admin)
    national_id_record(actor=admin, complaint=broken, national_id="LAPOR-NOPE")
    run = reconcile_run(api=api)
    client = Client(HTTP_ACCEPT_LANGUAGE="id")
    sign_in_verified(client, admin)

    html = client.get("/konsol/lapor/").content.decode()

    assert [d["national_id"] for d in run.differences] == ["LAPOR-NOPE"]
    assert "LAPOR-NOPE" in html
    assert broken.tracking_number in html


def test_the_worker_loop_pulls_and_sends_when_lapor_is_configured(
    lapor, submit, admin, luwu, settings
):
    from aduan.notifications.services import worker_pass

    settings.ADUAN_LAPOR_URL = lapor.url
    settings.ADUAN_LAPOR_TOKEN = lapor.token
    lapor.dispositions = [{"id": "LAPOR-1", "judul": "Air PDAM mati", "isi": "Tiga hari."}]
    _forwarded(submit, admin)

    result = worker_pass(worker_id="w1", sweep=True)

    assert result.lapor is not None
    assert result.lapor.sent == 1
    assert LaporLink.objects.filter(national_id="LAPOR-1", direction=Direction.IN).exists()
    assert len(lapor.reports) == 1


def test_a_reports_follow_ups_arrive_in_order_even_after_a_retry(
    lapor, api, luwu, pupr, admin, officer, road_category
):
    lapor.dispositions = [{"id": "LAPOR-77", "judul": "Sampah menumpuk", "isi": "Di pasar."}]
    (number,) = lapor_pull(api=api, instansi=luwu).filed
    report = Complaint.objects.get(tracking_number=number)
    lapor.reports["LAPOR-77"] = {"id": "LAPOR-77", "status": "", "tindak_lanjut": []}
    workflow.complaint_verify(actor=admin, complaint=report, units=[pupr], category=road_category)
    for text in ("Satu", "Dua", "Tiga"):
        workflow.followup_add(actor=officer, complaint=report, text=text)
    lapor.answers = [503]  # the first follow-up's first attempt fails

    with time_machine.travel(timedelta(0)) as traveller:
        lapor_pass(api=api, worker_id="w1")
        assert lapor.reports["LAPOR-77"]["tindak_lanjut"] == []  # the others waited
        traveller.shift(timedelta(minutes=2))
        for _ in range(3):
            lapor_pass(api=api, worker_id="w1")

    assert [f["isi"] for f in lapor.reports["LAPOR-77"]["tindak_lanjut"]] == [
        "Satu",
        "Dua",
        "Tiga",
    ]
