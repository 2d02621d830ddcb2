"""The channel simulator: demo only, staff only, and its messages go through the real,
signature-checking webhooks."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest

from aduan.accounts.testing import sign_in_verified
from aduan.complaints.models import Complaint
from aduan.conversations.models import InboundMessage
from aduan.notifications.services import worker_pass
from aduan.organisation.choices import RegionLevel
from aduan.organisation.models import Region

pytestmark = pytest.mark.django_db

PAGE = "/konsol/simulator/"


@pytest.fixture
def demo(settings):
    settings.ADUAN_DEMO = True
    settings.ADUAN_WHATSAPP_APP_SECRET = "demo-wa-secret"
    settings.ADUAN_SMS_INBOUND_SECRET = "demo-sms-secret"


def test_off_unless_the_demo_setting_is_on(client, admin, settings):
    settings.ADUAN_DEMO = False
    sign_in_verified(client, admin)
    assert client.get(PAGE).status_code == 404
    assert client.post("/konsol/simulator/tanda-tangan/", {"channel": "sms"}).status_code == 404


def test_staff_only(demo, client, anon_client, citizen):
    assert anon_client.get(PAGE).status_code == 302  # to the sign-in page
    client.force_login(citizen)
    assert client.get(PAGE).status_code in (302, 404)


def _say(client, anon_client, channel: str, text: str) -> None:
    signed = client.post(
        "/konsol/simulator/tanda-tangan/",
        {"channel": channel, "sender": "0812 0000 0001", "text": text},
    ).json()
    _post(anon_client, signed)


@pytest.mark.parametrize("channel", ["whatsapp", "sms"])
def test_a_conversation_through_the_real_webhooks(demo, client, anon_client, admin, channel):
    sign_in_verified(client, admin)
    page = client.get(PAGE)
    assert page.status_code == 200
    assert "channel-simulator.js" in page.content.decode()
    _say(client, anon_client, channel, "LAPOR Lampu jalan di depan Pasar Belopa mati semua.")
    for answer in ("0", "0", "2", "2", "1") if channel == "whatsapp" else ("0", "2", "2", "1"):
        _say(client, anon_client, channel, answer)
    complaint = Complaint.objects.get()
    assert complaint.channel == channel
    answers = client.get(
        "/konsol/simulator/jawaban/", {"channel": channel, "sender": "+6281200000001"}
    ).json()["answers"]
    assert any(complaint.tracking_number in a["text"] for a in answers)
    later = client.get(
        "/konsol/simulator/jawaban/",
        {"channel": channel, "sender": "081200000001", "after": answers[-1]["id"]},
    ).json()["answers"]
    assert later == []
    assert InboundMessage.objects.filter(channel=channel).count() >= 5


def test_a_tampered_body_is_refused_by_the_webhook(demo, client, anon_client, admin):
    sign_in_verified(client, admin)
    signed = client.post(
        "/konsol/simulator/tanda-tangan/", {"channel": "whatsapp", "text": "halo"}
    ).json()
    body = signed["body"].replace("halo", "hallo")
    response = anon_client.post(
        signed["url"],
        body,
        content_type="application/json",
        HTTP_X_HUB_SIGNATURE_256=signed["signature"],
    )
    assert response.status_code == 403
    assert InboundMessage.objects.count() == 0


def _sign(client: Any, **fields: str) -> dict[str, Any]:
    signed: dict[str, Any] = client.post(
        "/konsol/simulator/tanda-tangan/",
        {"channel": "whatsapp", "sender": "081200000001", **fields},
    ).json()
    return signed


def _post(anon_client: Any, signed: dict[str, Any]) -> None:
    """Post a signed body to the webhook as the provider would, then let the worker answer."""
    header = "HTTP_" + signed["header"].upper().replace("-", "_")
    response = anon_client.post(
        signed["url"],
        signed["body"],
        content_type="application/json",
        **{header: signed["signature"]},
    )
    assert response.status_code == 200
    worker_pass(worker_id="sim", sweep=False)


def test_a_shared_location_and_a_pressed_button_through_the_real_webhook(
    demo, client, anon_client, admin
):
    """The page prefills a desa's centroid; sharing it at the "where" question proposes that
    desa, and pressing the question's "Yes" button (an interactive reply) confirms it."""
    sign_in_verified(client, admin)
    page = client.get(PAGE).content.decode()
    prefilled = re.search(
        r'id="sim-latitude" name="latitude" value="([-0-9.]+)".*'
        r'id="sim-longitude" name="longitude" value="([-0-9.]+)"',
        page,
        flags=re.S,
    )
    assert prefilled is not None
    latitude, longitude = prefilled[1], prefilled[2]
    village = Region.objects.get(
        level=RegionLevel.VILLAGE, latitude=Decimal(latitude), longitude=Decimal(longitude)
    )
    _say(
        client,
        anon_client,
        "whatsapp",
        "LAPOR Jembatan gantung putus, anak sekolah menyeberang sungai.",
    )
    _post(anon_client, _sign(client, kind="location", latitude=latitude, longitude=longitude))
    asked = client.get(
        "/konsol/simulator/jawaban/", {"channel": "whatsapp", "sender": "081200000001"}
    ).json()["answers"][-1]
    assert village.name in asked["text"]
    assert ["1", "Ya"] in asked["options"]
    _post(anon_client, _sign(client, kind="reply", option="1", title="Ya"))
    for answer in ("0", "2", "2", "1"):  # no photos, not anonim, not rahasia, send
        _say(client, anon_client, "whatsapp", answer)
    complaint = Complaint.objects.get()
    assert complaint.region == village
    assert (complaint.latitude, complaint.longitude) == (Decimal(latitude), Decimal(longitude))


@pytest.mark.parametrize(
    "fields",
    [
        {"kind": "location", "latitude": "utara", "longitude": "120.2"},
        {"kind": "location", "latitude": "-95", "longitude": "120.2"},
        {"kind": "reply", "option": ""},
        {"kind": "sticker", "text": "halo"},
    ],
)
def test_a_point_or_a_reply_that_makes_no_sense_is_refused(demo, client, admin, fields):
    sign_in_verified(client, admin)
    response = client.post("/konsol/simulator/tanda-tangan/", {"channel": "whatsapp", **fields})
    assert response.status_code == 400
    assert InboundMessage.objects.count() == 0
