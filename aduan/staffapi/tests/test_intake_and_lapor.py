"""Staff intake through the API (the console's operator entry: letters, calls, walk-ins, the
complaint box, with files in base64) and the SP4N-LAPOR! manual fallback through the API:
the console's permission outcomes, the same service and screening, `via` recorded, and a
refusal that changes nothing."""

from __future__ import annotations

import base64
import io
import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.test import Client
from PIL import Image

from aduan.complaints import codes
from aduan.complaints.choices import ActorKind, Audience, Channel, EventKind
from aduan.complaints.events import verify_chain
from aduan.complaints.models import Attachment, Complaint, ComplaintEvent, Reporter
from aduan.integrations.lapor.models import LaporLink
from aduan.staffapi.models import ApiToken
from aduan.staffapi.services import token_hash
from aduan.staffapi.tests.conftest import StaffApi
from aduan.workflow import services as workflow
from aduan.workflow.tests.states import snapshot

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _png(side: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (side, side), (90, 120, 40)).save(out, format="PNG", optimize=True)
    return out.getvalue()


def _letter(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "channel": "letter",
        "type": "complaint",
        "title": "Jembatan gantung Dusun Kanna rusak",
        "description": "Surat warga: papan jembatan lepas. Hubungi 0813 5555 1234.",
        "region_code": "73.17.01.2005",
        "address": "Dusun Kanna",
        "reporter": {"name": "Hasna Daeng", "phone": "0813 5555 1234"},
        "letter_number": "005/123/Desa-Kanna/I/2026",
        "letter_date": "2026-01-05",
        "letter_received_on": "2026-01-07",
        "attachments": [{"name": "surat-warga.pdf", "content_base64": _b64(PDF)}],
    }
    body.update(overrides)
    return body


def _token_id(raw: str) -> int:
    return ApiToken.objects.get(key_hash=token_hash(raw)).pk


def _files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _nothing_filed() -> None:
    assert Complaint.objects.count() == 0
    assert Reporter.objects.count() == 0
    assert Attachment.objects.count() == 0
    assert ComplaintEvent.objects.count() == 0
    assert _files() == []


# ---------------------------------------------------------------- intake


def test_an_operator_enters_a_letter_with_its_scan_through_the_api(operator, token_for, village):
    raw = token_for(operator)
    api = StaffApi(raw)

    response = api.post("/reports", _letter())

    assert response.status_code == 201, response.content
    body = response.json()
    complaint = Complaint.objects.get()
    assert body["tracking_number"] == complaint.tracking_number
    assert body["channel"] == {"code": "letter", "label": "Surat"}
    assert body["attachments"] == 1
    assert codes.access_code_matches(
        complaint.tracking_number, body["access_code"], complaint.access_code_hash
    )
    assert (complaint.channel, complaint.created_by, complaint.region) == (
        Channel.LETTER,
        operator,
        village,
    )
    assert (
        complaint.letter_number,
        str(complaint.letter_date),
        str(complaint.letter_received_on),
    ) == (
        "005/123/Desa-Kanna/I/2026",
        "2026-01-05",
        "2026-01-07",
    )
    # The same screening as every intake: the public text has the phone number masked.
    assert "0813" not in complaint.public_description
    event = ComplaintEvent.objects.get(complaint=complaint)
    assert (event.kind, event.actor, event.actor_kind, event.via) == (
        EventKind.SUBMITTED,
        operator,
        ActorKind.STAFF,
        f"token:{_token_id(raw)}",
    )
    attachment = Attachment.objects.get(complaint=complaint)
    assert (attachment.content_type, attachment.original_name) == (
        "application/pdf",
        "surat-warga.pdf",
    )
    assert Reporter.objects.get().phone == "+6281355551234"
    assert verify_chain(complaint) == []
    # The operator reads what they entered; the access code is not in it.
    page = api.get(f"/reports/{complaint.tracking_number}")
    assert page.status_code == 200
    assert body["access_code"] not in page.content.decode()


def test_a_phone_call_keeps_its_time_in_the_governments_zone(operator, token_for):
    api = StaffApi(token_for(operator))
    body = _letter(
        channel="phone",
        type="aspiration",
        letter_number="",
        letter_date=None,
        letter_received_on=None,
        attachments=[],
        call_at="2026-01-05T09:30:00",
    )

    response = api.post("/reports", body)

    assert response.status_code == 201, response.content
    complaint = Complaint.objects.get()
    assert complaint.channel == Channel.PHONE
    assert complaint.call_at == datetime(2026, 1, 5, 9, 30, tzinfo=ZoneInfo("Asia/Makassar"))


def test_a_body_over_the_form_limit_carries_files_while_other_endpoints_keep_it(
    operator, admin, token_for, submit
):
    """Django's 2.5 MB limit on a JSON body is lifted for the intake only (after the token
    is checked), up to ADUAN_MAX_REQUEST_MB like the console's uploads."""
    big_pdf = PDF + b"%" + b"0" * (3 * 1024 * 1024)

    filed = StaffApi(token_for(operator)).post(
        "/reports", _letter(attachments=[{"name": "surat.pdf", "content_base64": _b64(big_pdf)}])
    )
    report = submit().complaint
    other = StaffApi(token_for(admin)).post(
        f"/reports/{report.tracking_number}/close", {"note": "x" * (3 * 1024 * 1024)}
    )

    assert filed.status_code == 201, filed.content
    assert Attachment.objects.get().size == len(big_pdf)
    assert other.status_code == 413


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": ""}, "title", None),
        ({"channel": "web"}, "channel", None),  # the citizen's own channels are not offered
        ({"channel": "lapor"}, "channel", None),
        ({"unknown": 1}, "unknown", None),
        ({"channel": "walk_in"}, "letter_number", "Rincian surat hanya untuk surat."),
        ({"letter_received_on": "2026-01-01"}, "letter_received_on", None),
        ({"reporter": {"phone": "12"}}, "reporter.phone", None),
        ({"region_code": "99.99"}, "region_code", None),
        ({"unit_code": "nope"}, "unit_code", "Tidak ada unit dengan kode ini."),
        (
            {"attachments": [{"name": "surat.pdf", "content_base64": _b64(EXE)}]},
            "attachments",
            None,
        ),
        (
            {"attachments": [{"name": "surat.pdf", "content_base64": "bukan base64!"}]},
            "attachments",
            "“surat.pdf” bukan base64 yang sah.",
        ),
        (
            {"attachments": [{"name": "foto.png", "content_base64": _b64(_png(7000))}]},
            "attachments",
            "megapiksel",
        ),
        (
            {"attachments": [{"name": f"{i}.pdf", "content_base64": _b64(PDF)} for i in range(6)]},
            "attachments",
            "Paling banyak 5 berkas dapat dilampirkan.",
        ),
    ],
)
def test_a_refused_entry_answers_in_indonesian_and_files_nothing(
    operator, token_for, overrides, field, message
):
    response = StaffApi(token_for(operator)).post("/reports", _letter(**overrides))

    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert field in error["fields"], error
    if message:
        assert message in error["fields"][field], error
    _nothing_filed()


def test_the_api_takes_json_only(operator, token_for):
    raw = token_for(operator)
    response = Client().post(
        "/api/v1/staff/reports",
        {"title": "x"},
        headers={"Authorization": f"Bearer {raw}"},
    )
    assert response.status_code == 415
    _nothing_filed()


@pytest.mark.parametrize("who", ["admin", "officer", "other_officer", "leader", "auditor"])
def test_only_operators_enter_reports_as_on_the_console(request, token_for, who):
    """test_operator_entry.py: every other role gets 404 on /konsol/entri/; so here."""
    api = StaffApi(token_for(request.getfixturevalue(who)))

    response = api.post("/reports", _letter())

    assert response.status_code == 404
    _nothing_filed()


def test_no_token_no_entry():
    response = Client().post(
        "/api/v1/staff/reports", json.dumps(_letter()), content_type="application/json"
    )
    assert response.status_code == 401
    _nothing_filed()


# ---------------------------------------------------------------- SP4N-LAPOR! id


def _forwarded(submit: Callable[..., Any], admin: Any) -> Complaint:
    return workflow.complaint_forward(
        actor=admin, complaint=submit().complaint, reason="Jalan nasional", to_lapor=True
    )


def test_the_coordinator_records_changes_and_clears_the_national_id(submit, admin, token_for):
    report = _forwarded(submit, admin)
    raw = token_for(admin)
    api = StaffApi(raw)
    url = f"/reports/{report.tracking_number}/lapor-id"

    recorded = api.post(url, {"national_id": " LAPOR-77 "})
    changed = api.post(url, {"national_id": "LAPOR-78"})
    cleared = api.post(url, {"national_id": None})

    assert [r.status_code for r in (recorded, changed, cleared)] == [200, 200, 200]
    assert recorded.json()["national_id"] == "LAPOR-77"
    assert recorded.json()["manual"] is True
    assert cleared.json()["national_id"] is None
    events = list(report.events.filter(kind=EventKind.LAPOR_ID_RECORDED).order_by("seq"))
    assert [e.new["national_id"] for e in events] == ["LAPOR-77", "LAPOR-78", ""]
    assert {(e.actor, e.via, e.audience) for e in events} == {
        (admin, f"token:{_token_id(raw)}", Audience.PUBLIC)
    }
    assert cleared.json()["event_count"] == events[-1].seq
    report.refresh_from_db()
    assert verify_chain(report) == []
    assert not LaporLink.objects.exists()


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"national_id": "LAPOR 77"}, 400, "national_id"),
        ({"national_id": ""}, 400, "national_id"),
        ({"national_id": "L" * 61}, 400, "national_id"),
        ({}, 400, "national_id"),
    ],
)
def test_a_bad_national_id_is_refused_and_writes_nothing(
    submit, admin, token_for, body, status, field
):
    report = _forwarded(submit, admin)
    before = snapshot(report)

    response = StaffApi(token_for(admin)).post(f"/reports/{report.tracking_number}/lapor-id", body)

    assert response.status_code == status
    assert field in response.json()["error"]["fields"]
    assert snapshot(report) == before
    assert not LaporLink.objects.exists()


def test_the_national_id_answers_as_the_console_page(request, submit, admin, token_for):
    """/konsol/lapor/ is the coordinator's: every other role gets 404 there, and here; a
    report not forwarded to LAPOR! is a conflict, as in the service."""
    report = _forwarded(submit, admin)
    open_report = submit().complaint
    before = snapshot(report)
    for who in ("officer", "other_officer", "operator", "leader", "auditor"):
        api = StaffApi(token_for(request.getfixturevalue(who)))
        response = api.post(f"/reports/{report.tracking_number}/lapor-id", {"national_id": "L-1"})
        assert response.status_code == 404, who
    not_forwarded = StaffApi(token_for(admin)).post(
        f"/reports/{open_report.tracking_number}/lapor-id", {"national_id": "L-1"}
    )
    nothing_to_clear = StaffApi(token_for(admin)).post(
        f"/reports/{report.tracking_number}/lapor-id", {"national_id": None}
    )

    assert not_forwarded.status_code == 409
    assert nothing_to_clear.status_code == 409
    assert snapshot(report) == before
    assert not LaporLink.objects.exists()
