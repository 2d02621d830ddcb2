"""The WhatsApp webhook and transport against a fake Graph API on 127.0.0.1."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine

from aduan.complaints.models import Attachment, Complaint
from aduan.conversations.models import Conversation, InboundMessage
from aduan.conversations.tests.chat import jpeg
from aduan.core import clock
from aduan.integrations.whatsapp.tests.conftest import CITIZEN, document, post, text
from aduan.notifications.choices import NotificationStatus
from aduan.notifications.models import Notification
from aduan.notifications.services import worker_pass
from aduan.workflow.services import complaint_hold

pytestmark = pytest.mark.django_db


def work() -> None:
    worker_pass(worker_id="test", sweep=False)


def test_verification_handshake_answers_the_challenge_only_with_the_token(graph, anon_client):
    url = "/integrasi/whatsapp/webhook/"
    good = {"hub.mode": "subscribe", "hub.verify_token": "test-verify-token", "hub.challenge": "42"}
    response = anon_client.get(url, good)
    assert response.status_code == 200
    assert response.content == b"42"
    assert anon_client.get(url, {**good, "hub.verify_token": "wrong"}).status_code == 403


def test_a_wrong_or_missing_signature_is_refused_and_nothing_stored(graph, anon_client, luwu):
    body = document(text("halo"))
    assert post(anon_client, body, secret="not-the-secret").status_code == 403
    response = anon_client.post(
        "/integrasi/whatsapp/webhook/", body, content_type="application/json"
    )
    assert response.status_code == 403
    assert InboundMessage.objects.count() == 0


def test_a_signed_body_that_is_not_a_webhook_is_a_400(graph, anon_client, luwu):
    assert post(anon_client, b"[1, 2]").status_code == 400
    assert post(anon_client, b"{not json").status_code == 400
    assert InboundMessage.objects.count() == 0


def test_a_message_is_answered_by_the_worker_with_buttons_and_a_retry_changes_nothing(
    graph, anon_client, luwu
):
    first = text("halo")
    assert post(anon_client, document(first)).status_code == 200
    assert post(anon_client, document(first)).status_code == 200  # WhatsApp retries
    assert InboundMessage.objects.count() == 1
    work()
    work()
    sent = graph.sent
    assert len(sent) == 2  # the welcome, then the question with its choices
    assert sent[0]["to"] == CITIZEN
    question = sent[1]["interactive"]
    assert question["type"] == "button"
    assert [b["reply"]["id"] for b in question["action"]["buttons"]] == ["1", "2", "3"]
    conversation = Conversation.objects.get()
    assert conversation.address == "+6281234567890"
    assert conversation.data["name"] == "Andi"
    # The citizen taps a button: an interactive reply carries the button's id.
    tap = {
        "from": CITIZEN,
        "id": "wamid.tap",
        "type": "interactive",
        "interactive": {"type": "button_reply", "button_reply": {"id": "1", "title": "Pengaduan"}},
    }
    post(anon_client, document(tap))
    work()
    assert Conversation.objects.get().step == "what"
    assert Notification.objects.filter(status=NotificationStatus.SENT).count() == 3


def test_a_photo_is_fetched_from_the_graph_api_and_attached(graph, anon_client, luwu):
    graph.media["media-1"] = jpeg()
    for message in (
        text("LAPOR Jembatan gantung di Kanna putus sejak banjir kemarin sore."),
        text("Basse Sangtempe"),
        text("Kanna"),
    ):
        post(anon_client, document(message))
        work()
    image = {"from": CITIZEN, "id": "wamid.img", "type": "image", "image": {"id": "media-1"}}
    graph.script(500)  # the media lookup fails once: the message waits and is tried again
    post(anon_client, document(image))
    work()
    assert InboundMessage.objects.get(provider_id="wamid.img").processed_at is None
    with time_machine.travel(clock.now() + timedelta(minutes=1), tick=False):
        work()
        assert InboundMessage.objects.get(provider_id="wamid.img").processed_at is not None
        for answer in ("SELESAI", "2", "2", "1"):
            post(anon_client, document(text(answer)))
            work()
    complaint = Complaint.objects.get()
    assert Attachment.objects.filter(complaint=complaint).count() == 1
    assert any(r.path == "/media/media-1" for r in graph.requests)
    # The access code reached the citizen, and the outbox keeps it no longer.
    assert "Kode akses: " in graph.texts()[-1]
    receipt = Notification.objects.filter(template_key="chat").order_by("-pk").first()
    assert receipt is not None
    assert "•" in receipt.body
    assert "secret" not in receipt.extra


def test_location_is_kept_on_the_report(graph, anon_client, luwu):
    post(anon_client, document(text("LAPOR Lampu jalan di depan pasar Belopa mati semua.")))
    place = {
        "from": CITIZEN,
        "id": "wamid.loc",
        "type": "location",
        "location": {"latitude": -3.392, "longitude": 120.351, "name": "Pasar Belopa"},
    }
    post(anon_client, document(place))
    # "1": the desa proposed for the point is right (test_location.py has the rest).
    for answer in ("1", "0", "2", "2", "1"):
        post(anon_client, document(text(answer)))
    work()
    complaint = Complaint.objects.get()
    assert str(complaint.latitude) == "-3.392000"
    assert complaint.address == "Pasar Belopa"
    assert complaint.region is not None
    assert complaint.region.name == "Pasamai"


def test_delivery_statuses_are_recorded_and_never_go_back(graph, anon_client, luwu):
    post(anon_client, document(text("halo")))
    work()
    row = Notification.objects.filter(channel="whatsapp").order_by("pk").first()
    assert row is not None
    assert row.provider_message_id.startswith("wamid.out.")

    def status(state: str) -> dict[str, str]:
        return {"id": row.provider_message_id, "status": state, "recipient_id": CITIZEN}

    post(anon_client, document(statuses=(status("read"),)))
    post(anon_client, document(statuses=(status("delivered"),)))  # late, out of order
    work()
    row.refresh_from_db()
    assert row.delivery_status == "read"


def test_provider_429_and_5xx_are_retried_and_a_400_fails(graph, anon_client, luwu):
    graph.script(429)
    post(anon_client, document(text("halo")))
    work()
    retried = Notification.objects.filter(status=NotificationStatus.PENDING)
    assert retried.count() >= 1
    first = retried.first()
    assert first is not None
    assert "429" in first.last_error


def test_outside_the_24_hour_window_a_template_is_sent(graph, anon_client, luwu, admin):
    post(anon_client, document(text("LAPOR Sampah menumpuk di depan SDN 12 Belopa seminggu.")))
    for answer in ("0", "0", "2", "2", "1"):
        post(anon_client, document(text(answer)))
    work()
    complaint = Complaint.objects.get()
    with time_machine.travel(clock.now() + timedelta(hours=30), tick=False):
        complaint_hold(actor=admin, complaint=complaint, question="Di RT berapa tepatnya?")
        work()
    last = graph.sent[-1]
    assert last["type"] == "template"
    assert "Di RT berapa tepatnya?" in last["template"]["components"][0]["parameters"][0]["text"]


def test_whatsapp_report_followed_up_resolved_and_confirmed_in_the_chat(
    graph, anon_client, luwu, admin, officer, pupr, road_category
):
    from aduan.workflow.services import (
        complaint_resolve,
        complaint_verify,
        dispatch_accept,
        followup_add,
    )

    post(anon_client, document(text("LAPOR Jalan poros Belopa-Kamanre berlubang dalam sekali.")))
    for answer in ("0", "0", "2", "2", "1"):
        post(anon_client, document(text(answer)))
    work()
    complaint = Complaint.objects.get()
    complaint_verify(actor=admin, complaint=complaint, units=[pupr], category=road_category)
    dispatch_accept(actor=officer, complaint=complaint)
    followup_add(actor=officer, complaint=complaint, text="Tim sudah meninjau lokasi.")
    work()
    assert any("Tim sudah meninjau lokasi." in t for t in graph.texts())
    complaint_resolve(actor=officer, complaint=complaint, summary="Jalan sudah ditambal.")
    work()
    resolved = graph.sent[-1]
    assert resolved["type"] == "interactive"
    assert "Jalan sudah ditambal." in resolved["interactive"]["body"]["text"]
    assert [b["reply"]["id"] for b in resolved["interactive"]["action"]["buttons"]] == ["1", "2"]
    tap = {
        "from": CITIZEN,
        "id": "wamid.solved",
        "type": "interactive",
        "interactive": {"type": "button_reply", "button_reply": {"id": "1", "title": "Ya"}},
    }
    post(anon_client, document(tap))
    work()
    complaint.refresh_from_db()
    assert complaint.status == "closed"
    # The chat asks for the rating at once; the worker then sends the unit's satisfaction
    # survey (issue 12), in the same chat.
    last = graph.texts()[-2:]
    assert any("Beri nilai" in t for t in last)
    assert any("/survei/pupr/" in t for t in last)


def test_the_console_report_page_shows_the_delivery_status(
    graph, anon_client, client, luwu, admin, officer, pupr, road_category
):
    from aduan.accounts.testing import sign_in_verified
    from aduan.workflow.services import complaint_verify

    post(anon_client, document(text("LAPOR Jalan poros Belopa-Kamanre berlubang dalam sekali.")))
    for answer in ("0", "0", "1", "2", "1"):  # anonim
        post(anon_client, document(text(answer)))
    work()
    complaint = Complaint.objects.get()
    complaint_verify(actor=admin, complaint=complaint, units=[pupr], category=road_category)
    work()
    row = Notification.objects.get(template_key="dispatched")
    status = {"id": row.provider_message_id, "status": "delivered", "recipient_id": CITIZEN}
    post(anon_client, document(statuses=(status,)))
    work()
    sign_in_verified(client, officer)
    page = client.get(f"/konsol/laporan/{complaint.tracking_number}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Pesan kepada pelapor" in html
    assert "Sampai di ponsel" in html
    assert "+6281234567890" not in html  # anonim: the unit never sees it
