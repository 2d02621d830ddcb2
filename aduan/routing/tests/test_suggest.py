"""The routing assistant: useful from the first report, accepted through the same service,
learning from the coordinators' decisions and never promoting a worse model."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from aduan.accounts.models import User
from aduan.complaints.choices import EventKind, Status
from aduan.complaints.models import ComplaintEvent
from aduan.complaints.services import Submitted
from aduan.organisation.models import Instansi, Unit
from aduan.routing.choices import Scope
from aduan.routing.models import RoutingModel, SuggestionDecision
from aduan.routing.selectors import suggest_text, suggestion_for
from aduan.routing.services import routing_model_train, routing_models_train_due
from aduan.workflow import services as workflow
from aduan.workflow.tests.console_helpers import staff_client

pytestmark = pytest.mark.django_db
WITA = ZoneInfo("Asia/Makassar")


def _codes(instansi: Instansi, text: str) -> list[str]:
    return [u.unit.code for u in suggest_text(instansi, text).units]


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("Jalan poros desa rusak berlubang dan aspal mengelupas, mohon diperbaiki", "pupr"),
        ("Pengurusan KTP elektronik dan kartu keluarga sudah tiga bulan belum jadi", "dukcapil"),
        ("Lampu lalu lintas di perempatan mati dan angkutan umum ngetem sembarangan", "dishub"),
        ("Sampah menumpuk di pasar dan tidak diangkut truk kebersihan seminggu", "dlh"),
        ("Guru honorer di sekolah dasar belum menerima gaji dan dana BOS", "disdikbud"),
    ],
)
def test_the_first_report_gets_a_useful_unit_without_any_history(luwu, text, unit):
    codes = _codes(luwu, text)
    assert len(codes) == 3
    assert unit in codes


def test_scope_tells_a_bpjs_matter_from_the_regencys(luwu):
    bpjs = suggest_text(luwu, "Kartu BPJS Kesehatan saya tidak aktif padahal iuran sudah dibayar")
    road = suggest_text(luwu, "Jalan kabupaten di desa kami rusak parah, mohon dinas perbaiki")
    assert bpjs.scope == Scope.BPJS
    assert road.scope == Scope.REGIONAL
    assert 0 < bpjs.scope_confidence <= 1


def test_the_place_named_in_the_text_is_found_in_its_usual_spellings(luwu):
    village = suggest_text(luwu, "Banjir di Ds. Kanna Utara sejak kemarin").place
    assert village is not None
    assert village.code == "73.17.01.2006"
    found = suggest_text(luwu, "jembatan putus di kec.basse sangtempe").place
    assert found is not None
    assert (found.code, found.level) == ("73.17.01", "district")
    assert suggest_text(luwu, "Pelayanan di kantor lambat sekali").place is None


def test_a_kecamatan_office_is_suggested_only_for_its_own_kecamatan(luwu):
    text = "Kantor camat tutup di jam kerja, pelayanan surat pindah di kecamatan Bua terlambat"
    suggestion = suggest_text(luwu, text)
    offices = [u.unit for u in suggestion.units if u.unit.kind == "district_office"]
    assert all(unit.region is not None and unit.region.name == "Bua" for unit in offices)


def test_the_command_reads_and_writes_json_lines(luwu, monkeypatch):
    lines = [
        json.dumps({"id": 1, "text": "Jalan berlubang di Desa Kanna Utara"}),
        "not json",
        json.dumps({"id": "x2", "text": "KTP saya hilang, mohon dibantu pengurusan"}),
    ]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(lines) + "\n"))
    out = io.StringIO()
    call_command("suggest", "--instansi", "luwu", stdout=out)
    answers = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [a.get("id") for a in answers] == [1, None, "x2"]
    assert "error" in answers[1]
    assert len(answers[0]["units"]) == 3
    assert answers[0]["region_code"] == "73.17.01.2006"
    assert answers[2]["region_code"] is None
    assert answers[0]["scope"] in Scope.values
    assert all(
        Unit.objects.filter(instansi=luwu, code__in=a["units"]).count() == 3
        for a in (answers[0], answers[2])
    )


def test_the_coordinator_sees_suggestions_and_accepts_one(submit, admin, officer):
    complaint = submit(title="Jalan berlubang", description="Aspal jalan rusak berlubang").complaint
    coordinator = staff_client(admin)
    page = coordinator.get(f"/konsol/laporan/{complaint.tracking_number}/").content.decode()
    assert 'id="suggestions"' in page
    best = suggestion_for(complaint).units[0].unit
    assert f'data-suggestion="{best.code}"' in page
    liaison = staff_client(officer)
    assert liaison.post(
        f"/konsol/laporan/{complaint.tracking_number}/saran/terima/", {"rank": "0"}
    ).status_code in (403, 404)

    response = coordinator.post(
        f"/konsol/laporan/{complaint.tracking_number}/saran/terima/", {"rank": "0"}
    )
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == Status.DISPATCHED
    assert list(complaint.dispatches.values_list("unit__code", flat=True)) == [best.code]
    dispatched = ComplaintEvent.objects.get(complaint=complaint, kind=EventKind.DISPATCHED)
    assert dispatched.actor == admin
    decision = SuggestionDecision.objects.get(complaint=complaint)
    assert (decision.accepted, decision.chosen, decision.actor) == (True, [best.code], admin)
    # Once verified the page shows no suggestion.
    page = coordinator.get(f"/konsol/laporan/{complaint.tracking_number}/").content.decode()
    assert 'id="suggestions"' not in page


def _decide(
    submit: Callable[..., Submitted], admin: User, unit: Unit, text: str, at: datetime
) -> None:
    with time_machine.travel(at, tick=False):
        complaint = submit(title=text[:60], description=text).complaint
        workflow.complaint_verify(actor=admin, complaint=complaint, units=[unit])


ROADS = "Jalan aspal rusak berlubang dan drainase tersumbat di ruas poros {}"
HEALTH = "Puskesmas kekurangan obat dan bidan jarang datang ke posyandu {}"


def test_learning_from_decisions_and_never_promoting_a_worse_model(submit, admin, pupr, dinkes):
    start = datetime(2026, 11, 2, 9, 0, tzinfo=WITA)
    for i in range(20):
        _decide(submit, admin, pupr, ROADS.format(i), start.replace(minute=i))
        _decide(submit, admin, dinkes, HEALTH.format(i), start.replace(minute=30 + i))
    first = routing_model_train(instansi=admin.memberships.first().instansi)
    assert (first.version, first.promoted) == (1, True)
    assert RoutingModel.objects.get(version=1).in_use

    # A spell of mistaken dispatches (roads to health, health to roads), then the latest
    # decisions right again: a model trained mostly on the mistakes does worse on the latest.
    later = datetime(2026, 11, 3, 9, 0, tzinfo=WITA)
    for i in range(30):
        _decide(submit, admin, dinkes, ROADS.format(f"b{i}"), later.replace(minute=i))
        _decide(submit, admin, pupr, HEALTH.format(f"b{i}"), later.replace(minute=30 + i))
    last = datetime(2026, 11, 4, 9, 0, tzinfo=WITA)
    for i in range(12):
        _decide(submit, admin, pupr, ROADS.format(f"c{i}"), last.replace(minute=i))
        _decide(submit, admin, dinkes, HEALTH.format(f"c{i}"), last.replace(minute=30 + i))
    second = routing_model_train(instansi=admin.memberships.first().instansi)
    assert (second.version, second.promoted) == (2, False)
    assert list(RoutingModel.objects.filter(in_use=True).values_list("version", flat=True)) == [1]
    candidate, in_use = second.figures["candidate"], second.figures["in_use"]
    assert isinstance(candidate, dict)
    assert isinstance(in_use, dict)
    assert candidate["top1"] < in_use["top1"]


def test_the_worker_retrains_on_its_schedule(submit, admin, pupr, dinkes, settings):
    settings.ADUAN_ROUTING_RETRAIN_DAYS = 7
    start = datetime(2026, 11, 2, 9, 0, tzinfo=WITA)
    for i in range(16):
        _decide(submit, admin, pupr, ROADS.format(i), start.replace(minute=i))
        _decide(submit, admin, dinkes, HEALTH.format(i), start.replace(minute=30 + i))
    with time_machine.travel(datetime(2026, 11, 5, 9, 0, tzinfo=WITA), tick=False) as traveller:
        assert [t.version for t in routing_models_train_due()] == [1]
        traveller.move_to(datetime(2026, 11, 11, 9, 0, tzinfo=WITA))
        assert routing_models_train_due() == []  # six days: not yet
        traveller.move_to(datetime(2026, 11, 12, 9, 1, tzinfo=WITA))
        assert [t.version for t in routing_models_train_due()] == [2]
