"""One person, many channels: the numbers and addresses of every channel are one spelling, so
the coordinator sees a person's reports together, and a chat reporter can follow on the web."""

from __future__ import annotations

import pytest

from aduan.accounts.testing import sign_in_verified
from aduan.complaints.models import Complaint
from aduan.complaints.services import ReporterInput
from aduan.conversations.choices import ChatChannel
from aduan.conversations.services import address_of
from aduan.conversations.tests.chat import Phone
from aduan.workflow.selectors import reporter_other_reports

pytestmark = pytest.mark.django_db


def test_addresses_have_one_spelling():
    assert address_of("whatsapp", "6281234567890") == "+6281234567890"
    assert address_of("sms", "0812-3456-7890") == "+6281234567890"
    assert address_of("sms", "+62 812 3456 7890") == "+6281234567890"
    assert address_of("email", " Siti.Aminah@Example.ID ") == "siti.aminah@example.id"
    assert address_of("whatsapp", "14155550100") == "+14155550100"  # abroad: kept


def _file(phone: Phone) -> Complaint:
    for text in (
        "LAPOR Jalan di depan SD Kanna berlubang besar sejak sebulan.",
        "0",
    ):
        phone.say(text)
    if phone.channel == ChatChannel.WHATSAPP:
        phone.say("0")
    for text in ("2", "2", "1"):
        phone.say(text)
    return Complaint.objects.order_by("-pk").first()  # type: ignore[return-value]


def test_the_coordinator_sees_a_persons_reports_across_channels(luwu, submit, admin):
    web = submit(reporter=ReporterInput(name="Andi", phone="0812 3456 7890")).complaint
    by_whatsapp = _file(Phone(ChatChannel.WHATSAPP, "6281234567890"))
    by_sms = _file(Phone(ChatChannel.SMS, "081234567890"))
    others = {c.pk for c in reporter_other_reports(user=admin, complaint=by_whatsapp)}
    assert others == {web.pk, by_sms.pk}


def test_a_whatsapp_reporter_follows_the_same_report_on_the_web(luwu, anon_client, client, admin):
    phone = Phone()
    answers = []
    for text in ("LAPOR Lampu jalan di depan Pasar Belopa mati semua.", "0", "0", "2", "2", "1"):
        answers.append(phone.say(text))
    complaint = Complaint.objects.get()
    code = answers[-1].split("Kode akses: ")[1].split()[0]
    response = anon_client.post(
        f"/lacak/{complaint.tracking_number}/akses/", {"access_code": code}, follow=True
    )
    assert response.status_code == 200
    assert "Lampu jalan di depan Pasar Belopa mati semua" in response.content.decode()
    # The coordinator's console shows the report with its channel.
    sign_in_verified(client, admin)
    page = client.get(f"/konsol/laporan/{complaint.tracking_number}/").content.decode()
    assert "WhatsApp" in page
