"""The WhatsApp Cloud API webhook: the verification handshake (GET) and deliveries (POST).

A delivery is checked (X-Hub-Signature-256: HMAC-SHA256 of the raw body with the app
secret), parsed, stored as inbound rows and answered 200 at once; the worker does the rest
(conversations.services.inbound_process). WhatsApp retries a delivery it got no 200 for, and
the rows are unique per message id, so a retry stores nothing twice.
"""

from __future__ import annotations

import hmac
import json
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from aduan.conversations.choices import ChatChannel, InboundKind
from aduan.conversations.services import Delivered, inbound_store
from aduan.integrations.whatsapp.transport import signature_of


def _message(message: dict[str, Any], names: dict[str, str]) -> Delivered | None:
    sender = str(message.get("from", ""))
    provider_id = str(message.get("id", ""))
    if not sender or not provider_id:
        return None
    kind = str(message.get("type", ""))
    payload: dict[str, Any] = {}
    if names.get(sender):
        payload["profile_name"] = names[sender]
    text = ""
    inbound = InboundKind.OTHER
    if kind == "text":
        inbound, text = InboundKind.TEXT, str(message.get("text", {}).get("body", ""))
    elif kind == "interactive":
        reply = message.get("interactive", {})
        chosen = reply.get("button_reply") or reply.get("list_reply") or {}
        inbound, text = InboundKind.TEXT, str(chosen.get("id", ""))
    elif kind == "button":  # a quick-reply button of a template message
        inbound, text = InboundKind.TEXT, str(message.get("button", {}).get("payload", ""))
    elif kind == "image":
        image = message.get("image", {})
        inbound, text = InboundKind.IMAGE, str(image.get("caption", ""))
        payload.update(media_id=str(image.get("id", "")), mime_type=image.get("mime_type", ""))
    elif kind == "location":
        place = message.get("location", {})
        inbound = InboundKind.LOCATION
        payload.update(
            latitude=place.get("latitude"),
            longitude=place.get("longitude"),
            place=", ".join(str(place[k]) for k in ("name", "address") if place.get(k)),
        )
    return Delivered(ChatChannel.WHATSAPP, provider_id, sender, inbound, text, payload)


def _status(status: dict[str, Any]) -> Delivered | None:
    message_id, state = str(status.get("id", "")), str(status.get("status", ""))
    if not message_id or not state:
        return None
    errors = status.get("errors") or []
    payload = {
        "message_id": message_id,
        "status": state,
        "timestamp": str(status.get("timestamp", "")),
        "error": str(errors[0].get("title", "")) if errors else "",
    }
    return Delivered(
        ChatChannel.WHATSAPP,
        f"status:{message_id}:{state}",
        str(status.get("recipient_id", "")),
        InboundKind.STATUS,
        "",
        payload,
    )


def deliveries_of(document: dict[str, Any]) -> list[Delivered]:
    """Every message and status in one webhook call (entry → changes → value)."""
    found: list[Delivered | None] = []
    for entry in document.get("entry") or []:
        for change in entry.get("changes") or []:
            value = change.get("value") or {}
            names = {
                str(c.get("wa_id", "")): str(c.get("profile", {}).get("name", ""))
                for c in value.get("contacts") or []
            }
            found += [_message(m, names) for m in value.get("messages") or []]
            found += [_status(s) for s in value.get("statuses") or []]
    return [d for d in found if d is not None]


@csrf_exempt
@require_http_methods(["GET", "POST"])
def webhook(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        verify = settings.ADUAN_WHATSAPP_VERIFY_TOKEN
        if (
            verify
            and request.GET.get("hub.mode") == "subscribe"
            and hmac.compare_digest(request.GET.get("hub.verify_token", ""), verify)
        ):
            return HttpResponse(request.GET.get("hub.challenge", ""), content_type="text/plain")
        return HttpResponse("forbidden", status=403, content_type="text/plain")
    secret = settings.ADUAN_WHATSAPP_APP_SECRET
    given = request.headers.get("X-Hub-Signature-256", "")
    if not secret or not hmac.compare_digest(given, signature_of(request.body, secret)):
        return HttpResponse("bad signature", status=403, content_type="text/plain")
    try:
        document = json.loads(request.body)
        deliveries = deliveries_of(document) if isinstance(document, dict) else None
    except (ValueError, AttributeError, TypeError):
        deliveries = None
    if deliveries is None:
        return HttpResponse("bad request", status=400, content_type="text/plain")
    inbound_store(deliveries)
    return HttpResponse("ok", content_type="text/plain")
