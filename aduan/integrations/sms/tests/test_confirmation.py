"""The confirmation page's "send by SMS": the tracking number and access code reach the phone
through the gateway, at once; failures are told; the code is stored nowhere."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.urls import reverse

from aduan.complaints.models import Complaint
from aduan.integrations.sms.tests.fake_gateway import FakeGateway, running_gateway
from aduan.notifications.models import Notification

pytestmark = pytest.mark.django_db

SEND = reverse("sms:report_done_sms")
DONE = reverse("complaints:report_done")

FORM = {
    "type": "complaint",
    "title": "Lampu jalan mati di Jalan Andi Djemma",
    "description": "Sudah dua minggu gelap di malam hari.",
    "kecamatan": "73.17.01",
    "desa": "73.17.01.2005",
    "name": "Andi Baso",
    "phone": "0812 3456 7890",
    "website": "",
}


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def gateway(settings) -> Iterator[FakeGateway]:
    with running_gateway() as gw:
        settings.ADUAN_SMS_GATEWAY_URL = gw.url
        settings.ADUAN_SMS_GATEWAY_TIMEOUT = 0.5
        gw.hang_seconds = 1.5
        yield gw


@pytest.fixture
def filed(luwu, anon_client) -> str:
    assert anon_client.post(reverse("complaints:report"), FORM).status_code == 302
    return str(anon_client.session["aduan_filed"]["code"])


def test_details_reach_the_phone_and_are_kept_nowhere(gateway, filed, anon_client):
    page = anon_client.get(DONE).content.decode()
    assert SEND in page
    assert "+6281234567890" in page  # the number given with the report, the only one
    assert 'name="phone"' not in page
    response = anon_client.post(SEND, follow=True)
    assert "We sent the tracking number and access code to +6281234567890." in (
        response.content.decode()
    )
    (sent,) = gateway.delivered
    complaint = Complaint.objects.get()
    assert sent["to"] == "+6281234567890"
    assert sent["channel"] == "sms"
    assert complaint.tracking_number in sent["message"]
    assert filed in sent["message"]
    assert len(sent["message"]) <= 320  # two SMS parts at most, with the tracking URL
    # The code is in no database row (the outbox included).
    assert not Notification.objects.filter(body__contains=filed).exists()
    assert filed not in str(list(Complaint.objects.values()))


def test_gateway_failure_is_told_and_may_be_retried(gateway, filed, anon_client):
    gateway.script(500)
    response = anon_client.post(SEND, follow=True)
    assert "The SMS could not be sent just now." in response.content.decode()
    assert not gateway.delivered
    anon_client.post(SEND)
    assert len(gateway.delivered) == 1


def test_a_hanging_gateway_times_out_with_a_message(gateway, filed, anon_client):
    gateway.script("hang")
    response = anon_client.post(SEND, follow=True)
    assert "The SMS could not be sent just now." in response.content.decode()


def test_a_number_in_the_request_is_ignored(gateway, filed, anon_client):
    anon_client.post(SEND, {"phone": "0813 9999 0000"})
    (sent,) = gateway.delivered
    assert sent["to"] == "+6281234567890"  # the report's own number, not the one posted


def test_without_a_phone_on_the_report_nothing_is_sent(gateway, luwu, anon_client):
    assert anon_client.post(reverse("complaints:report"), {**FORM, "phone": ""}).status_code == 302
    page = anon_client.get(DONE).content.decode()
    assert "No phone number was given with this report." in page
    response = anon_client.post(SEND, follow=True)
    assert "No phone number was given with this report." in response.content.decode()
    assert not gateway.requests


def test_at_most_three_sends_per_report(gateway, filed, anon_client):
    for _ in range(3):
        anon_client.post(SEND)
    response = anon_client.post(SEND, follow=True)
    assert "The details were already sent several times." in response.content.decode()
    assert len(gateway.delivered) == 3


def test_without_a_filed_report_nothing_is_sent(gateway, luwu, anon_client):
    response = anon_client.post(SEND)
    assert response.status_code == 302
    assert response["Location"] == reverse("complaints:report")
    assert not gateway.requests


def test_without_a_gateway_the_form_is_not_offered(settings, filed, anon_client):
    settings.ADUAN_SMS_GATEWAY_URL = ""
    assert SEND not in anon_client.get(DONE).content.decode()
