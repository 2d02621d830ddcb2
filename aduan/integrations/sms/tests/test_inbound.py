"""SMS in: the gateway's signed webhook, the compact conversation, answers split into parts."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterator
from typing import Any

import pytest

from aduan.complaints.models import Complaint
from aduan.conversations.models import InboundMessage
from aduan.integrations.sms.encoding import encoding_of, length, segments
from aduan.integrations.sms.tests.fake_gateway import FakeGateway, running_gateway
from aduan.notifications.models import Notification
from aduan.notifications.services import worker_pass

SECRET = "sms-inbound-secret"
URL = "/integrasi/sms/masuk/"


@pytest.fixture
def gateway(settings: Any) -> Iterator[FakeGateway]:
    with running_gateway() as gw:
        settings.ADUAN_SMS_GATEWAY_URL = gw.url
        settings.ADUAN_SMS_GATEWAY_TOKEN = "tok-123"
        settings.ADUAN_SMS_INBOUND_SECRET = SECRET
        yield gw


def _post(client: Any, document: dict[str, Any], secret: str = SECRET) -> Any:
    body = json.dumps(document).encode()
    signature = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return client.post(URL, body, content_type="application/json", HTTP_X_ADUAN_SIGNATURE=signature)


def _sms(client: Any, text: str, n: list[int] = [0]) -> None:  # noqa: B006 (a counter)
    n[0] += 1
    document = {"id": f"gw-{n[0]}", "from": "0812-3456-7890", "message": text}
    assert _post(client, document).status_code == 200


@pytest.mark.django_db
def test_a_wrong_signature_is_refused_and_nothing_stored(gateway, anon_client):
    response = _post(anon_client, {"id": "1", "from": "0812", "message": "x"}, secret="wrong")
    assert response.status_code == 403
    assert InboundMessage.objects.count() == 0


@pytest.mark.django_db
def test_a_body_without_its_fields_is_a_400(gateway, anon_client):
    assert _post(anon_client, {"from": "0812", "message": "x"}).status_code == 400
    assert InboundMessage.objects.count() == 0


@pytest.mark.django_db
def test_an_sms_report_from_lapor_to_tracking_number(gateway, anon_client, luwu):
    _sms(anon_client, "LAPOR Jalan di depan SD Kanna berlubang besar sejak sebulan.")
    for answer in ("Basse Sangtempe", "0", "2", "2", "1"):
        worker_pass(worker_id="t", sweep=False)
        _sms(anon_client, answer)
    worker_pass(worker_id="t", sweep=False)
    complaint = Complaint.objects.get()
    assert complaint.channel == "sms"
    assert complaint.reporter is not None
    assert complaint.reporter.phone == "+6281234567890"
    sent = [r["message"] for r in gateway.delivered]
    assert all(r["to"] == "+6281234567890" for r in gateway.delivered)
    assert all(r["channel"] == "sms" for r in gateway.delivered)
    assert any(complaint.tracking_number in m for m in sent)
    # Each gateway call carries one SMS part: at most 160 places, 153 when it was split.
    assert all(length(m) <= 160 for m in sent)


@pytest.mark.django_db
def test_a_gateway_delivery_report_is_recorded(gateway, anon_client, luwu):
    _sms(anon_client, "halo")
    worker_pass(worker_id="t", sweep=False)
    row = Notification.objects.filter(channel="sms").order_by("pk").first()
    assert row is not None
    key = gateway.delivered[0]["idempotency_key"]
    report = {"type": "status", "message_id": key, "status": "delivered"}
    assert _post(anon_client, report).status_code == 200
    worker_pass(worker_id="t", sweep=False)
    row.refresh_from_db()
    assert row.delivery_status == "delivered"


def test_gsm7_text_fits_160_and_splits_into_153_parts():
    assert encoding_of("Laporan LWU-1234-ABCD diterima.") == "gsm7"
    assert segments("a" * 160) == ["a" * 160]
    long = ("kata " * 80).strip()  # 399 characters
    parts = segments(long)
    assert len(parts) == 3
    assert all(length(p) <= 153 for p in parts)
    assert "".join(parts) == long


def test_extension_characters_count_twice():
    assert length("[x]") == 5
    assert segments("€" * 80) == ["€" * 80]  # 160 places
    assert len(segments("€" * 81)) == 2


def test_a_non_gsm_character_makes_it_ucs2_with_70_and_67():
    text = "Terima kasih 🙏 " + "b" * 60
    assert encoding_of(text) == "ucs2"
    parts = segments(text)
    assert len(parts) == 2
    assert all(length(p) <= 67 for p in parts)
    assert segments("ë" * 70) == ["ë" * 70]
