"""Operator entry (/konsol/entri/): a letter with its scan, a phone call, the receipt that
reaches the citizen, the access code shown once and stored nowhere, refusals, permissions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from aduan.accounts.choices import Role
from aduan.accounts.models import User
from aduan.accounts.testing import sign_in_verified
from aduan.complaints import codes
from aduan.complaints.choices import ActorKind, Channel, EventKind, Status
from aduan.complaints.models import Attachment, Complaint, ComplaintEvent, Reporter
from aduan.notifications.choices import NotifyChannel, RecipientKind
from aduan.notifications.models import Notification
from aduan.notifications.services import notifications_from_events
from aduan.organisation.models import Instansi, Membership

pytestmark = pytest.mark.django_db

ENTRY_URL = "/konsol/entri/"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def _form(**overrides: Any) -> dict[str, Any]:
    data = {
        "channel": "letter",
        "type": "complaint",
        "title": "Jembatan gantung Dusun Kanna rusak",
        "description": "Surat warga: papan jembatan lepas, anak sekolah takut menyeberang.",
        "incident_date": "",
        "kecamatan": "73.17.01",
        "desa": "73.17.01.2005",
        "address": "Dusun Kanna",
        "latitude": "",
        "longitude": "",
        "category": "",
        "target_unit": "",
        "name": "Hasna Daeng",
        "nik": "",
        "phone": "0813 5555 1234",
        "email": "hasna.daeng@example.id",
        "reporter_address": "Dusun Kanna RT 2",
        "gender": "",
        "age_group": "",
        "has_disability": "",
        "vulnerable_group": "",
    }
    data.update(overrides)
    return data


def _files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.fixture
def desk(operator: User) -> Client:
    client = Client()
    sign_in_verified(client, operator)
    return client


def _no_code_anywhere(code: str) -> None:
    """The access code is in no outbox row and no event (only its hash is on the report)."""
    for subject, body in Notification.objects.values_list("subject", "body"):
        assert code not in subject
        assert code not in body
    for old, new, note in ComplaintEvent.objects.values_list("old", "new", "note"):
        assert code not in f"{old}{new}{note}"


def test_a_letter_with_its_scan_is_filed_and_the_citizen_gets_the_number(desk, operator):
    scan = SimpleUploadedFile("surat-warga.pdf", PDF, content_type="application/pdf")
    response = desk.post(ENTRY_URL, {**_form(), "letter_scan": scan})
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert response["Location"] == f"/konsol/entri/{complaint.tracking_number}/"
    assert complaint.channel == Channel.LETTER
    assert complaint.created_by == operator
    assert complaint.status == Status.SUBMITTED
    event = ComplaintEvent.objects.get(complaint=complaint)
    assert (event.kind, event.actor, event.actor_kind) == (
        EventKind.SUBMITTED,
        operator,
        ActorKind.STAFF,
    )
    attachment = Attachment.objects.get(complaint=complaint)
    assert (attachment.content_type, attachment.original_name) == (
        "application/pdf",
        "surat-warga.pdf",
    )
    reporter = Reporter.objects.get()
    assert (reporter.name, reporter.phone, reporter.email) == (
        "Hasna Daeng",
        "+6281355551234",
        "hasna.daeng@example.id",
    )

    # The done page shows the code once, and the code opens the report.
    done = desk.get(response["Location"])
    assert done.status_code == 200
    assert done["Cache-Control"] == "no-store"
    code = done.context["access_code"]
    assert code
    assert code in done.content.decode()
    assert complaint.tracking_number in done.content.decode()
    assert codes.access_code_matches(complaint.tracking_number, code, complaint.access_code_hash)
    assert 'data-receipt="email"' in done.content.decode()
    again = desk.get(response["Location"])
    assert again.status_code == 200
    assert code not in again.content.decode()
    assert complaint.tracking_number in again.content.decode()
    assert code not in str(dict(desk.session))

    # The worker turns the SUBMITTED event into the citizen's receipt, with the number only.
    notifications_from_events()
    receipt = Notification.objects.get(recipient_kind=RecipientKind.REPORTER)
    assert (receipt.template_key, receipt.channel, receipt.address) == (
        "receipt",
        NotifyChannel.EMAIL,
        "hasna.daeng@example.id",
    )
    assert complaint.tracking_number in receipt.body
    _no_code_anywhere(code)


def test_a_phone_call_reaches_the_citizen_by_sms_when_sms_is_set_up(desk, settings):
    settings.ADUAN_SMS_GATEWAY_URL = "http://127.0.0.1:9/sms"  # never called: enqueue only
    response = desk.post(ENTRY_URL, _form(channel="phone", email="", type="aspiration"))
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.channel == Channel.PHONE
    done = desk.get(response["Location"])
    assert 'data-receipt="sms"' in done.content.decode()
    code = done.context["access_code"]
    notifications_from_events()
    receipt = Notification.objects.get(recipient_kind=RecipientKind.REPORTER)
    assert (receipt.channel, receipt.address) == (NotifyChannel.SMS, "+6281355551234")
    assert complaint.tracking_number in receipt.body
    _no_code_anywhere(code)


def test_without_a_contact_the_operator_is_told_to_hand_over_the_slip(desk):
    response = desk.post(ENTRY_URL, _form(channel="walk_in", email="", phone="", name=""))
    done = desk.get(response["Location"])
    assert 'data-receipt="none"' in done.content.decode()
    assert "receipt-slip" in done.content.decode()
    notifications_from_events()
    assert not Notification.objects.filter(recipient_kind=RecipientKind.REPORTER).exists()


def test_anonim_and_rahasia_are_recorded(desk):
    desk.post(ENTRY_URL, _form(channel="complaint_box", is_anonymous="on", is_confidential="on"))
    complaint = Complaint.objects.get()
    assert (complaint.is_anonymous, complaint.is_confidential) == (True, True)
    assert complaint.channel == Channel.COMPLAINT_BOX


@pytest.mark.parametrize(
    ("overrides", "files", "field"),
    [
        ({"title": ""}, {}, "title"),
        ({"channel": "web"}, {}, "channel"),  # the citizen's own channels are not offered
        ({"channel": ""}, {}, "channel"),
        ({}, {"letter_scan": ("surat.pdf", EXE)}, "letter_scan"),
        ({}, {"attachments": ("foto.jpg", EXE)}, "attachments"),
        ({"phone": "12"}, {"letter_scan": ("surat.pdf", PDF)}, "phone"),
    ],
)
def test_a_refused_entry_leaves_no_row_and_no_file(desk, overrides, files, field):
    uploads = {
        name: SimpleUploadedFile(filename, content, content_type="application/pdf")
        for name, (filename, content) in files.items()
    }
    response = desk.post(ENTRY_URL, {**_form(**overrides), **uploads})
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert Complaint.objects.count() == 0
    assert Reporter.objects.count() == 0
    assert Attachment.objects.count() == 0
    assert ComplaintEvent.objects.count() == 0
    assert _files() == []


def test_the_form_offers_the_staff_channels_only(desk):
    response = desk.get(ENTRY_URL)
    assert response.status_code == 200
    offered = [value for value, _label in response.context["form"].fields["channel"].choices]
    assert {"letter", "phone", "walk_in", "complaint_box", "outreach"} <= set(offered)
    assert not {"web", "api", "email", "lapor"} & set(offered)
    assert 'name="website"' not in response.content.decode()


def test_an_operator_files_only_where_they_hold_the_role(desk, operator):
    other = Instansi.objects.create(code="palopo", name="Pemerintah Kota Palopo")
    response = desk.post(f"{ENTRY_URL}?instansi=palopo", {**_form(), "instansi": "palopo"})
    assert response.status_code == 404
    Membership.objects.create(user=operator, role=Role.OPERATOR, instansi=other)
    desk.get("/")  # a new request reloads the grants
    response = desk.post(ENTRY_URL, {**_form(kecamatan="", desa=""), "instansi": "palopo"})
    assert response.status_code == 302
    assert Complaint.objects.get().instansi == other


@pytest.mark.parametrize(
    ("who", "expected"),
    [("anonymous", 302), ("citizen", 404), ("officer", 404), ("leader", 404), ("admin", 404)],
)
def test_only_operators_reach_the_entry_pages(request, desk, who, expected):
    desk.post(ENTRY_URL, _form())
    number = Complaint.objects.get().tracking_number
    client = Client()
    if who != "anonymous":
        sign_in_verified(client, request.getfixturevalue(who))
    for url in (ENTRY_URL, f"/konsol/entri/{number}/"):
        response = client.get(url)
        assert response.status_code == expected, url
        if expected == 302:
            assert response["Location"].startswith(reverse("accounts:login"))
    response = client.post(ENTRY_URL, _form(title="Lain"))
    assert response.status_code in (302, 403, 404)
    assert Complaint.objects.count() == 1


def test_another_operator_cannot_open_the_done_page(desk, luwu, diskominfo):
    desk.post(ENTRY_URL, _form())
    number = Complaint.objects.get().tracking_number
    colleague = User.objects.create_user(username="operator2", password="test-pass-123")
    Membership.objects.create(user=colleague, role=Role.OPERATOR, instansi=luwu, unit=diskominfo)
    client = Client()
    sign_in_verified(client, colleague)
    assert client.get(f"/konsol/entri/{number}/").status_code == 404
