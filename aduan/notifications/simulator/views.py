"""/konsol/simulator/: try the WhatsApp and SMS conversations without a phone (demo only).

A chat window for staff. Each message is posted by the browser to the REAL webhook
(/integrasi/whatsapp/webhook/ or /integrasi/sms/masuk/), as the provider would post it: the
page asks `sign` for the provider's body and its signature (made with the webhook's secret,
which never leaves the server), then sends both. The worker answers as for any citizen, and
the page shows the answers from the outbox (`answers`), sent or not: a demo has no gateway.
On WhatsApp the page also shares a location (a map point, as the phone's "share location"
sends it) and answers a question's buttons as interactive replies, so every WhatsApp path of
the conversation can be tried. Everything here answers 404 unless ADUAN_DEMO is on.
"""

from __future__ import annotations

import itertools
import json
import time
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from aduan.conversations.services import address_of
from aduan.integrations.sms.transport import signature_of as sms_signature_of
from aduan.integrations.whatsapp.transport import signature_of as whatsapp_signature_of
from aduan.notifications.models import Notification
from aduan.organisation.choices import RegionLevel
from aduan.organisation.decorators import role_required
from aduan.organisation.models import Region

CHANNELS = ("whatsapp", "sms")
DEFAULT_NUMBER = "081200000001"
_sequence = itertools.count(1)


def _demo_only() -> None:
    if not settings.ADUAN_DEMO:
        raise Http404


@require_GET
@role_required()
def page(request: HttpRequest) -> HttpResponse:
    _demo_only()
    return render(
        request,
        "simulator/page.html",
        {"channels": CHANNELS, "number": DEFAULT_NUMBER, "point": _a_point()},
    )


def _a_point() -> tuple[str, str]:
    """A desa's centroid in the regency that chat reports go to (ADUAN_DEFAULT_INSTANSI), to
    prefill the location to share; empty when the regency has no coordinates."""
    village = (
        Region.objects.filter(
            parent__parent__instansi__code=settings.ADUAN_DEFAULT_INSTANSI,
            level=RegionLevel.VILLAGE,
            latitude__isnull=False,
            longitude__isnull=False,
        )
        .order_by("code")
        .values_list("latitude", "longitude")
        .first()
    )
    return ("", "") if village is None else (str(village[0]), str(village[1]))


def _message_id() -> str:
    return f"sim.{int(time.time() * 1000)}.{next(_sequence)}"


def _whatsapp(sender: str, content: dict[str, Any]) -> dict[str, Any]:
    """The Cloud API's webhook body for one message; `content` is its type and payload."""
    digits = address_of("whatsapp", sender).lstrip("+")
    message: dict[str, Any] = {"from": digits, "id": f"wamid.{_message_id()}", **content}
    value = {
        "messaging_product": "whatsapp",
        "contacts": [{"profile": {"name": "Simulator"}, "wa_id": digits}],
        "messages": [message],
    }
    change = {"field": "messages", "value": value}
    return {"object": "whatsapp_business_account", "entry": [{"id": "demo", "changes": [change]}]}


def _whatsapp_content(kind: str, given: QueryDict) -> dict[str, Any] | None:
    """A shared location, or the button of a question chosen (an interactive reply)."""
    if kind == "location":
        try:
            latitude = float(given.get("latitude", ""))
            longitude = float(given.get("longitude", ""))
        except ValueError:
            return None
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            return None
        return {"type": "location", "location": {"latitude": latitude, "longitude": longitude}}
    option, title = given.get("option", "").strip(), given.get("title", "").strip()
    if not option or len(option) > 256 or len(title) > 256:
        return None
    reply = {"type": "button_reply", "button_reply": {"id": option, "title": title or option}}
    return {"type": "interactive", "interactive": reply}


@require_POST
@role_required()
def sign(request: HttpRequest) -> JsonResponse:
    """The provider's webhook call for one message: where to post it, its body, its
    signature header."""
    _demo_only()
    channel = request.POST.get("channel", "")
    sender = request.POST.get("sender", "").strip() or DEFAULT_NUMBER
    kind = request.POST.get("kind", "text")
    text = request.POST.get("text", "")
    if channel == "whatsapp" and kind in ("location", "reply"):
        content = _whatsapp_content(kind, request.POST)
        if content is None:
            return JsonResponse({"error": "a point or a chosen option is required"}, status=400)
    elif kind != "text" or channel not in CHANNELS or not text.strip() or len(text) > 4096:
        return JsonResponse({"error": "channel, sender and text are required"}, status=400)
    else:
        content = {"type": "text", "text": {"body": text}}
    if channel == "whatsapp":
        body = json.dumps(_whatsapp(sender, content))
        header = "X-Hub-Signature-256"
        signature = whatsapp_signature_of(body.encode(), settings.ADUAN_WHATSAPP_APP_SECRET)
        url = reverse("whatsapp:webhook")
    else:
        body = json.dumps({"id": f"sms.{_message_id()}", "from": sender, "message": text})
        header = "X-Aduan-Signature"
        signature = sms_signature_of(body.encode(), settings.ADUAN_SMS_INBOUND_SECRET)
        url = reverse("sms:inbound")
    return JsonResponse({"url": url, "body": body, "header": header, "signature": signature})


@require_GET
@role_required()
def answers(request: HttpRequest) -> JsonResponse:
    """What the system answered this sender on this channel, after message id `after`."""
    _demo_only()
    channel = request.GET.get("channel", "")
    if channel not in CHANNELS:
        return JsonResponse({"error": "unknown channel"}, status=400)
    address = address_of(channel, request.GET.get("sender", "") or DEFAULT_NUMBER)
    after = request.GET.get("after", "0")
    rows = Notification.objects.filter(
        channel=channel, address=address, pk__gt=int(after) if after.isdigit() else 0
    ).order_by("pk")[:50]
    return JsonResponse(
        {
            "answers": [
                {
                    "id": row.pk,
                    "text": f"{row.subject}\n{row.body}" if row.subject else row.body,
                    "options": row.extra.get("options", []),
                    "status": row.get_status_display(),
                }
                for row in rows
            ]
        }
    )
