"""The inbound email webhook: a provider posts raw mails, signed; the worker files them through
the IMAP reader's own path (no IMAP server needed here)."""

from __future__ import annotations

import base64
import json
from email.message import EmailMessage
from typing import Any

import pytest
from django.core import mail
from django.core.files.storage import default_storage
from django.test import Client

from aduan.complaints.choices import EventKind
from aduan.complaints.models import Attachment, Complaint, ComplaintEvent
from aduan.conversations.models import InboundMessage
from aduan.integrations.email.inbound import signature_of
from aduan.integrations.email.tests.test_inbound import CITIZEN, _jpeg, mail_from
from aduan.notifications.services import worker_pass

pytestmark = pytest.mark.django_db

URL = "/integrasi/email/masuk/"
SECRET = "test-email-secret"


@pytest.fixture
def hook(settings: Any, luwu: Any) -> None:
    settings.ADUAN_EMAIL_INBOUND_SECRET = SECRET
    settings.DEFAULT_FROM_EMAIL = "aduan@luwukab.go.id"


def post(
    client: Client,
    body: bytes,
    *,
    secret: str = SECRET,
    content_type: str = "message/rfc822",
) -> Any:
    return client.post(
        URL, body, content_type=content_type, HTTP_X_ADUAN_SIGNATURE=signature_of(body, secret)
    )


def send(client: Client, message: EmailMessage) -> Any:
    response = post(client, message.as_bytes())
    worker_pass(worker_id="test", sweep=False)
    return response


def test_off_without_a_secret_the_url_is_not_found(anon_client, luwu, settings):
    settings.ADUAN_EMAIL_INBOUND_SECRET = ""
    body = mail_from(CITIZEN, "Jalan", "Jalan poros Bajo berlubang di banyak titik.").as_bytes()
    assert post(anon_client, body, secret="").status_code == 404
    assert InboundMessage.objects.count() == 0


def test_a_wrong_or_missing_signature_is_refused_and_nothing_stored(hook, anon_client):
    body = mail_from(CITIZEN, "Jalan", "Jalan poros Bajo berlubang di banyak titik.").as_bytes()
    assert post(anon_client, body, secret="not-the-secret").status_code == 403
    unsigned = anon_client.post(URL, body, content_type="message/rfc822")
    assert unsigned.status_code == 403
    assert anon_client.get(URL).status_code == 405
    assert InboundMessage.objects.count() == 0


def test_a_signed_body_that_is_no_mail_is_a_400(hook, anon_client):
    assert post(anon_client, b"").status_code == 400
    assert post(anon_client, b"just some words, no headers").status_code == 400
    bad_json = json.dumps({"raw": "%%% not base64"}).encode()
    assert post(anon_client, bad_json, content_type="application/json").status_code == 400
    assert post(anon_client, b"[1]", content_type="application/json").status_code == 400
    assert InboundMessage.objects.count() == 0


def test_a_new_mail_becomes_a_report_with_its_photo_and_a_threaded_answer(hook, anon_client):
    message = mail_from(
        CITIZEN,
        "Jembatan Kanna rusak",
        "Jembatan gantung di Desa Kanna putus sejak banjir, anak sekolah memutar jauh.",
    )
    message.add_attachment(_jpeg(), maintype="image", subtype="jpeg", filename="jembatan.jpg")
    response = post(anon_client, message.as_bytes())
    assert response.status_code == 200
    assert response.json()["id"] == message["Message-ID"]
    assert Complaint.objects.count() == 0  # the webhook only stores; the worker files
    worker_pass(worker_id="test", sweep=False)
    complaint = Complaint.objects.get()
    assert complaint.channel == "email"
    assert complaint.title == "Jembatan Kanna rusak"
    assert complaint.reporter is not None
    assert complaint.reporter.email == "siti.aminah@example.id"
    assert Attachment.objects.filter(complaint=complaint).count() == 1
    [answer] = mail.outbox
    assert answer.to == ["siti.aminah@example.id"]
    assert answer.extra_headers["In-Reply-To"] == message["Message-ID"]
    assert "Kode akses: " in answer.body


def test_the_json_shape_with_the_message_in_base64_is_read_too(hook, anon_client):
    message = mail_from(CITIZEN, "Air PDAM mati", "Air PDAM di Kelurahan Senga mati tiga hari.")
    body = json.dumps({"raw": base64.b64encode(message.as_bytes()).decode()}).encode()
    assert post(anon_client, body, content_type="application/json").status_code == 200
    worker_pass(worker_id="test", sweep=False)
    assert Complaint.objects.get().title == "Air PDAM mati"


def test_the_same_delivery_twice_files_one_report_and_one_answer(hook, anon_client):
    message = mail_from(CITIZEN, "Air PDAM mati", "Air PDAM di Kelurahan Senga mati tiga hari.")
    message.add_attachment(_jpeg(), maintype="image", subtype="jpeg", filename="keran.jpg")
    assert send(anon_client, message).status_code == 200
    staged = default_storage.listdir("inbound/email")[1]
    assert send(anon_client, message).status_code == 200  # the provider retries
    assert InboundMessage.objects.count() == 1
    assert Complaint.objects.count() == 1
    assert len(mail.outbox) == 1
    # The photo was filed once, and the retry wrote no second copy for nobody.
    assert Attachment.objects.count() == 1
    assert default_storage.listdir("inbound/email")[1] == staged
    # Without a Message-ID the bytes name the mail: a retry of them is one report too.
    del message["Message-ID"]
    message.replace_header("Subject", "Air PDAM mati lagi")
    send(anon_client, message)
    send(anon_client, message)
    assert Complaint.objects.count() == 2
    assert len(mail.outbox) == 2


@pytest.mark.parametrize(
    "headers",
    [{"Auto_Submitted": "auto-replied"}, {"Precedence": "list"}, {"List_Id": "<warga.example>"}],
)
def test_an_auto_reply_or_list_mail_is_never_answered(hook, anon_client, headers):
    away = mail_from(CITIZEN, "Out of office", "Saya sedang cuti sampai tanggal 20.", **headers)
    assert send(anon_client, away).status_code == 200
    assert Complaint.objects.count() == 0
    assert mail.outbox == []
    assert InboundMessage.objects.get().processed_at is not None


def test_a_bounce_is_never_answered(hook, anon_client):
    send(anon_client, mail_from("MAILER-DAEMON@example.id", "Undelivered Mail", "failed"))
    assert Complaint.objects.count() == 0
    assert mail.outbox == []


def test_a_reply_with_the_number_in_the_subject_goes_into_that_report(hook, anon_client):
    send(
        anon_client,
        mail_from(CITIZEN, "Lampu jalan mati", "Lampu jalan di depan Pasar Belopa mati semua."),
    )
    complaint = Complaint.objects.get()
    reply = mail_from(
        "siti.aminah@example.id",
        f"Re: [{complaint.tracking_number}] Re: Lampu jalan mati",
        "Sekarang dua tiang lagi ikut mati.\n\nOn Monday aduan wrote:\n> Laporan diterima",
    )
    send(anon_client, reply)
    assert Complaint.objects.count() == 1
    event = ComplaintEvent.objects.get(complaint=complaint, kind=EventKind.REPORTER_MESSAGE)
    assert event.note == "Sekarang dua tiang lagi ikut mati."
    assert "ditambahkan ke laporan" in mail.outbox[-1].body
