"""Publication and screening through the staff API (issue 14, as on the console's report page):
the publication decision at verify and handle, publish and withdraw, masks by hand and their
undoing, the screening's matches. The public reads only what was decided (the shared leak
checks), every change is attributed to the token, and bad input changes nothing."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from aduan.complaints.choices import EventKind
from aduan.complaints.models import Attachment, Complaint, ComplaintEvent
from aduan.complaints.tests.leaks import assert_not_public, assert_public
from aduan.staffapi.models import ApiToken
from aduan.staffapi.services import token_hash
from aduan.staffapi.tests.conftest import StaffApi
from aduan.workflow import services
from aduan.workflow.tests.states import snapshot

pytestmark = pytest.mark.django_db

PII_TEXT = "Lubang besar. Hubungi saya di 0812 3456 7890 atau andi@example.id."


def _png() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(out, "PNG")
    return SimpleUploadedFile("foto.png", out.getvalue(), content_type="image/png")


@pytest.fixture
def coordinator(admin, token_for) -> tuple[StaffApi, str]:
    raw = token_for(admin)
    return StaffApi(raw), f"token:{ApiToken.objects.get(key_hash=token_hash(raw)).pk}"


def _last(complaint: Complaint, kind: EventKind) -> ComplaintEvent:
    event = complaint.events.filter(kind=kind).order_by("-seq").first()
    assert event is not None, kind
    return event


def test_verify_takes_the_publication_decision(submit, coordinator, anon_client):
    api, via = coordinator
    kept_back = submit(title="Jembatan gantung Desa Salu putus").complaint
    with_photo = submit(attachments=[_png(), _png()]).complaint
    photos = list(Attachment.objects.filter(complaint=with_photo).order_by("pk"))

    unpublished = api.post(
        f"/reports/{kept_back.tracking_number}/verify", {"units": ["pupr"], "publish": False}
    )
    published = api.post(
        f"/reports/{with_photo.tracking_number}/verify",
        {"units": ["pupr"], "public_attachments": [photos[0].pk]},
    )

    assert (unpublished.status_code, published.status_code) == (200, 200)
    assert_not_public(anon_client, kept_back)
    assert_public(anon_client, with_photo)
    verified = _last(kept_back, EventKind.VERIFIED)
    assert (verified.new["published"], verified.via) == (False, via)
    assert _last(with_photo, EventKind.VERIFIED).new == {
        "published": True,
        "public_attachments": [photos[0].pk],
    }
    assert [
        a.is_public for a in Attachment.objects.filter(complaint=with_photo).order_by("pk")
    ] == [
        True,
        False,
    ]


def test_handle_takes_the_publication_decision(submit, coordinator, anon_client):
    api, via = coordinator
    report = submit().complaint

    response = api.post(f"/reports/{report.tracking_number}/handle", {"publish": False})

    assert response.status_code == 200, response.content
    assert_not_public(anon_client, report)
    assert _last(report, EventKind.VERIFIED).via == via


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"public_attachments": [999999]}, "public_attachments", "Pilih lampiran dari laporan"),
        ({"public_attachments": [0]}, "public_attachments.0", "Paling kecil 1"),
        ({"public_attachments": "semua"}, "public_attachments", ""),
        ({"publish": "mungkin"}, "publish", "true atau false"),
        ({"is_confidential": True, "publish": True}, "publish", "rahasia tidak dapat"),
    ],
)
def test_a_bad_publication_decision_answers_400_and_changes_nothing(
    submit, coordinator, body, field, message
):
    api, _via = coordinator
    report = submit().complaint
    before = snapshot(report)

    response = api.post(f"/reports/{report.tracking_number}/verify", {"units": ["pupr"], **body})

    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert field in error["fields"], error
    assert message.lower() in error["fields"][field].lower()
    assert snapshot(report) == before


def test_withdraw_and_publish_again_through_the_api(submit, publish, coordinator, anon_client):
    api, via = coordinator
    report = publish(submit(attachments=[_png()]))
    photo = Attachment.objects.get(complaint=report)
    number = report.tracking_number

    withdrawn = api.post(f"/reports/{number}/unpublish", {"reason": "Memuat nama anak"})
    assert withdrawn.status_code == 200, withdrawn.content
    assert_not_public(anon_client, report)
    event = _last(report, EventKind.UNPUBLISHED)
    assert (event.note, event.via) == ("Memuat nama anak", via)

    again = api.post(f"/reports/{number}/publish", {"public_attachments": [photo.pk]})
    assert again.status_code == 200, again.content
    assert_public(anon_client, report)
    event = _last(report, EventKind.PUBLISHED)
    assert (event.new["public_attachments"], event.via) == ([photo.pk], via)
    photo.refresh_from_db()
    assert photo.is_public


def test_publication_refusals_say_why_in_indonesian(submit, publish, coordinator):
    api, _via = coordinator
    report = publish(submit())
    number = report.tracking_number
    before = snapshot(report)

    no_reason = api.post(f"/reports/{number}/unpublish", {"reason": " "})
    twice = api.post(f"/reports/{number}/publish", {})
    other_file = api.post(f"/reports/{number}/unpublish", {"reason": "x", "surprise": True})

    assert no_reason.status_code == 400
    assert "Sebutkan alasan" in no_reason.json()["error"]["message"]
    assert twice.status_code == 409
    assert twice.json()["error"]["message"] == "Laporan ini sudah dipublikasikan."
    assert other_file.status_code == 400
    assert "surprise" in other_file.json()["error"]["fields"]
    assert snapshot(report) == before


def test_mask_by_hand_and_undo_through_the_api(submit, publish, coordinator, anon_client):
    api, via = coordinator
    report = publish(submit(description="Lubang di depan rumah Pak Lurah Kanna, dekat SD."))
    number = report.tracking_number

    masked = api.post(f"/reports/{number}/mask", {"text": "Pak Lurah Kanna"})

    assert masked.status_code == 200, masked.content
    report.refresh_from_db()
    assert "Pak Lurah Kanna" not in report.public_description
    assert "[disamarkan]" in report.public_description
    assert _last(report, EventKind.MASKED).via == via
    screening = api.get(f"/reports/{number}/screening").json()
    assert screening["added"] == ["Pak Lurah Kanna"]
    assert {"text": "Pak Lurah Kanna", "kind": "manual"} in screening["description"]
    assert anon_client.get(f"/api/v1/reports/{number}").json()["description"] == (
        report.public_description
    )

    undone = api.post(f"/reports/{number}/unmask", {"text": "Pak Lurah Kanna"})

    assert undone.status_code == 200, undone.content
    report.refresh_from_db()
    assert "Pak Lurah Kanna" in report.public_description
    assert _last(report, EventKind.UNMASKED).via == via
    assert api.get(f"/reports/{number}/screening").json()["added"] == []


@pytest.mark.parametrize(
    ("path", "text", "status", "message"),
    [
        ("mask", "tidak ada di laporan", 400, "Teks ini tidak ada di judul atau uraian."),
        ("mask", "ab", 400, "3 sampai 200"),
        ("mask", "x" * 201, 400, "200"),
        ("unmask", "Lubang besar", 400, "tidak disamarkan"),
    ],
)
def test_a_bad_mask_answers_in_indonesian_and_changes_nothing(
    submit, coordinator, path, text, status, message
):
    api, _via = coordinator
    report = submit().complaint
    before = snapshot(report)

    response = api.post(f"/reports/{report.tracking_number}/{path}", {"text": text})

    assert response.status_code == status, response.content
    error = response.json()["error"]
    assert message in error["message"] + " ".join(error["fields"].values())
    assert "text" in error["fields"]
    assert snapshot(report) == before


def test_masking_twice_is_a_conflict(submit, coordinator):
    api, _via = coordinator
    report = submit().complaint
    path = f"/reports/{report.tracking_number}/mask"
    assert api.post(path, {"text": "SD Kanna"}).status_code == 200
    before = snapshot(report)

    again = api.post(path, {"text": "sd  kanna"})

    assert again.status_code == 409
    assert again.json()["error"]["message"] == "Teks ini sudah disamarkan."
    assert snapshot(report) == before


def test_the_screening_shows_what_the_console_highlights(
    submit, coordinator, admin, officer, pupr, staff_api
):
    api, via = coordinator
    report = submit(description=PII_TEXT).complaint
    number = report.tracking_number

    body = api.get(f"/reports/{number}/screening").json()

    assert body["has_personal_data"] is True
    assert {(m["kind"], m["text"]) for m in body["found"]} >= {
        ("phone", "0812 3456 7890"),
        ("email", "andi@example.id"),
    }
    assert "".join(p["text"] for p in body["description"]) == PII_TEXT
    assert "0812 3456 7890" not in body["public_description"]
    assert (body["is_published"], body["is_confidential"]) == (False, False)
    # Keep a match readable, as the console's "Keep readable" button does.
    kept = api.post(f"/reports/{number}/unmask", {"text": "0812 3456 7890"})
    assert kept.status_code == 200
    assert api.get(f"/reports/{number}/screening").json()["kept"] == ["0812 3456 7890"]
    assert _last(report, EventKind.UNMASKED).via == via
    # Only a coordinator sees it, as on the console; the unit handling it does not.
    services.complaint_verify(actor=admin, complaint=report, units=[pupr])
    assert staff_api(officer).get(f"/reports/{number}").status_code == 200
    assert staff_api(officer).get(f"/reports/{number}/screening").status_code == 404
