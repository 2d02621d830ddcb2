"""Email in against a real Dovecot IMAP server on 127.0.0.1 (see dovecot.py)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Any

import pytest
from django.core import mail
from imap_tools import AND, MailBoxUnencrypted
from PIL import Image

from aduan.complaints.choices import EventKind
from aduan.complaints.models import Attachment, Complaint, ComplaintEvent
from aduan.conversations.models import InboundMessage
from aduan.integrations.email.inbound import mailbox_poll
from aduan.integrations.email.tests.dovecot import ImapServer, running_dovecot
from aduan.integrations.errors import TransportError
from aduan.notifications.services import worker_pass
from aduan.workflow.services import complaint_verify, dispatch_accept, followup_add

pytestmark = pytest.mark.django_db

CITIZEN = "Siti Aminah <Siti.Aminah@Example.ID>"


@pytest.fixture
def imap(settings: Any, luwu: Any) -> Iterator[ImapServer]:
    with running_dovecot() as server:
        settings.ADUAN_EMAIL_IMAP_HOST = server.host
        settings.ADUAN_EMAIL_IMAP_PORT = server.port
        settings.ADUAN_EMAIL_IMAP_SECURITY = "none"
        settings.ADUAN_EMAIL_IMAP_USER = server.user
        settings.ADUAN_EMAIL_IMAP_PASSWORD = server.password
        settings.DEFAULT_FROM_EMAIL = "aduan@luwukab.go.id"
        yield server


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 6), (10, 120, 30)).save(out, format="JPEG")
    return out.getvalue()


def deliver(server: ImapServer, message: EmailMessage) -> None:
    """Put a mail into the mailbox, as the mail server would on receiving it."""
    with MailBoxUnencrypted(server.host, port=server.port).login(
        server.user, server.password
    ) as box:
        box.append(message.as_bytes(), "INBOX", flag_set=())


def mail_from(sender: str, subject: str, body: str, **headers: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "pengaduan@luwukab.go.id"
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain="example.id")
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(body)
    return message


def run() -> None:
    mailbox_poll()
    worker_pass(worker_id="test", sweep=False)


def test_a_new_mail_becomes_a_report_and_the_answer_is_threaded(imap):
    message = mail_from(
        CITIZEN,
        "Jembatan Kanna rusak",
        "Jembatan gantung di Desa Kanna putus sejak banjir, anak sekolah memutar jauh.",
    )
    message.add_attachment(_jpeg(), maintype="image", subtype="jpeg", filename="jembatan.jpg")
    deliver(imap, message)
    run()
    complaint = Complaint.objects.get()
    assert complaint.channel == "email"
    assert complaint.title == "Jembatan Kanna rusak"
    assert "anak sekolah memutar jauh" in complaint.description
    assert complaint.reporter is not None
    assert complaint.reporter.email == "siti.aminah@example.id"
    assert complaint.reporter.name == "Siti Aminah"
    assert Attachment.objects.filter(complaint=complaint).count() == 1
    [answer] = mail.outbox
    assert answer.to == ["siti.aminah@example.id"]
    assert answer.subject == f"[{complaint.tracking_number}] Re: Jembatan Kanna rusak"
    assert answer.extra_headers["In-Reply-To"] == message["Message-ID"]
    assert complaint.tracking_number in answer.extra_headers["Message-ID"]
    assert answer.extra_headers["Auto-Submitted"] == "auto-replied"
    assert "Kode akses: " in answer.body
    # The mail was flagged seen: the next poll reads nothing new.
    assert mailbox_poll() == 0


def test_a_reply_with_the_number_joins_the_report_and_staff_answers_in_the_thread(
    imap, admin, officer, pupr, road_category
):
    first = mail_from(CITIZEN, "Lampu jalan mati", "Lampu jalan di depan Pasar Belopa mati semua.")
    deliver(imap, first)
    run()
    complaint = Complaint.objects.get()
    complaint_verify(actor=admin, complaint=complaint, units=[pupr], category=road_category)
    dispatch_accept(actor=officer, complaint=complaint)
    followup_add(actor=officer, complaint=complaint, text="Petugas dijadwalkan hari Kamis.")
    mail.outbox.clear()
    run()
    followup = next(m for m in mail.outbox if "Petugas dijadwalkan" in m.body)
    assert followup.extra_headers["In-Reply-To"] == first["Message-ID"]
    reply = mail_from(
        "siti.aminah@example.id",
        f"Re: [{complaint.tracking_number}] Re: Lampu jalan mati",
        "Terima kasih, saya tunggu hari Kamis.\n\nOn Monday aduan wrote:\n> Petugas dijadwalkan",
        In_Reply_To=followup.extra_headers["Message-ID"],
    )
    deliver(imap, reply)
    run()
    assert Complaint.objects.count() == 1
    event = ComplaintEvent.objects.filter(
        complaint=complaint, kind=EventKind.REPORTER_MESSAGE
    ).get()
    assert event.note == "Terima kasih, saya tunggu hari Kamis."


def test_the_number_of_someone_elses_report_makes_a_new_report(imap):
    deliver(imap, mail_from(CITIZEN, "Sampah", "Sampah menumpuk di depan SDN 12 Belopa seminggu."))
    run()
    number = Complaint.objects.get().tracking_number
    deliver(
        imap,
        mail_from(
            "orang.lain@example.id", f"Re: {number}", "Saya juga melihat sampah itu menumpuk."
        ),
    )
    run()
    assert Complaint.objects.count() == 2
    assert not ComplaintEvent.objects.filter(kind=EventKind.REPORTER_MESSAGE).exists()


@pytest.mark.parametrize(
    "headers",
    [
        {"Auto_Submitted": "auto-replied"},
        {"Precedence": "bulk"},
        {"List_Id": "<warga.lists.example.id>"},
        {"X_Autoreply": "yes"},
    ],
)
def test_auto_replies_and_list_mail_are_never_answered(imap, luwu, headers):
    deliver(
        imap,
        mail_from(CITIZEN, "Out of office", "Saya sedang cuti sampai tanggal 20.", **headers),
    )
    run()
    assert Complaint.objects.count() == 0
    assert mail.outbox == []
    assert InboundMessage.objects.get().processed_at is not None


def test_a_bounce_is_never_answered(imap, luwu):
    bounce = mail_from(
        "MAILER-DAEMON@example.id", "Undelivered Mail Returned to Sender", "could not deliver"
    )
    deliver(imap, bounce)
    run()
    assert Complaint.objects.count() == 0
    assert mail.outbox == []


def test_the_same_mail_delivered_twice_files_one_report(imap, luwu):
    message = mail_from(CITIZEN, "Air PDAM mati", "Air PDAM di Kelurahan Senga mati tiga hari.")
    deliver(imap, message)
    deliver(imap, message)  # the same Message-ID again (a resend, two copies)
    run()
    assert Complaint.objects.count() == 1
    assert len(mail.outbox) == 1


def test_a_mail_too_short_is_answered_with_what_to_write(imap, luwu):
    deliver(imap, mail_from(CITIZEN, "Tolong", "Tolong."))
    run()
    assert Complaint.objects.count() == 0
    [answer] = mail.outbox
    assert "Mohon ceritakan apa yang terjadi" in answer.body


def test_a_wrong_password_is_a_permanent_error(imap, settings):
    settings.ADUAN_EMAIL_IMAP_PASSWORD = "wrong"
    with pytest.raises(TransportError) as error:
        mailbox_poll()
    assert error.value.permanent


def test_unseen_mails_stay_unseen_until_stored(imap, luwu):
    deliver(imap, mail_from(CITIZEN, "Jalan", "Jalan poros Bajo berlubang di banyak titik."))
    assert mailbox_poll() == 1
    with MailBoxUnencrypted(imap.host, port=imap.port).login(imap.user, imap.password) as box:
        assert list(box.fetch(AND(seen=False), mark_seen=False)) == []
    assert InboundMessage.objects.count() == 1
