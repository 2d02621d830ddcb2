"""The SMS gateway's inbound webhook (/integrasi/sms/masuk/), and /lapor/terkirim/sms/:
send the tracking number and access code of the report just filed to
the reporter's phone, through the SMS gateway.

Sent at once, outside any transaction, and never stored: the access code exists in clear only
on the confirmation page and in this one message (the outbox keeps messages as records, so the
code does not go through it). When the gateway fails, the reporter is told so at once and can
still write the code down.
"""

from __future__ import annotations

import hmac
import json

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from aduan.complaints.intake import (
    confirmation_count,
    confirmations_left,
    filed_report,
    filed_report_remember,
)
from aduan.conversations.choices import ChatChannel, InboundKind
from aduan.conversations.services import Delivered, inbound_store
from aduan.core import ratelimit
from aduan.core.http import site_url
from aduan.integrations.errors import TransportError
from aduan.integrations.sms import transport
from aduan.integrations.sms.transport import signature_of

DAY = 24 * 60 * 60
# However many reports a number files, it gets at most this many confirmation messages a day.
PER_PHONE_PER_DAY = 10


@require_POST
def report_done_sms(request: HttpRequest) -> HttpResponse:
    """Send the number and code to the phone number given with the report, and to no other:
    whatever the request carries, it cannot choose where they go."""
    found = filed_report(request)
    if found is None:
        return redirect("complaints:report")
    filed, complaint = found
    done = redirect("complaints:report_done")
    if not settings.ADUAN_SMS_GATEWAY_URL:
        messages.error(request, _("Sending by SMS is not available here."))
        return done
    phone = complaint.reporter.phone if complaint.reporter else ""
    if not phone:
        messages.error(request, _("No phone number was given with this report."))
        return done
    if not confirmations_left(complaint, filed, "sms"):
        messages.error(request, _("The details were already sent several times."))
        return done
    if not ratelimit.hit("confirm-sms-phone", phone, limit=PER_PHONE_PER_DAY, window_seconds=DAY):
        messages.error(request, _("Too many messages were sent to this number today."))
        return done
    confirmation_count(complaint, filed, "sms")
    filed_report_remember(request, filed)
    track_url = site_url(reverse("workflow:track", args=[complaint.tracking_number]))
    text = _(
        "Report %(number)s received. Access code: %(code)s (keep it secret). Track: %(url)s"
    ) % {"number": complaint.tracking_number, "code": filed["code"], "url": track_url}
    try:
        transport.send_message(
            to=phone,
            message=text,
            channel="sms",
            idempotency_key=f"confirm-{complaint.tracking_number}-{filed['sms']}",
        )
    except TransportError:
        messages.error(
            request,
            _(
                "The SMS could not be sent just now. Please write the tracking number and the "
                "access code down, or try again in a moment."
            ),
        )
        return done
    messages.success(
        request, _("We sent the tracking number and access code to %(phone)s.") % {"phone": phone}
    )
    return done


@csrf_exempt
@require_POST
def inbound(request: HttpRequest) -> HttpResponse:
    """A message (or a delivery report) the gateway received for us, signed with the shared
    secret: X-Aduan-Signature: sha256=<hex HMAC-SHA256 of the raw body>. Body:
    {"id": "<gateway's id>", "from": "+62…", "message": "…"} or, for a delivery report,
    {"type": "status", "message_id": "<our idempotency key>", "status": "delivered"|"failed"}.
    Stored and answered 200 at once; the worker answers the citizen."""
    secret = settings.ADUAN_SMS_INBOUND_SECRET
    given = request.headers.get("X-Aduan-Signature", "")
    if not secret or not hmac.compare_digest(given, signature_of(request.body, secret)):
        return JsonResponse({"error": "bad signature"}, status=403)
    try:
        document = json.loads(request.body)
        if not isinstance(document, dict):
            raise ValueError
    except ValueError:
        return JsonResponse({"error": "body must be a JSON object"}, status=400)
    if document.get("type") == "status":
        message_id, state = str(document.get("message_id", "")), str(document.get("status", ""))
        if not message_id or not state:
            return JsonResponse({"error": "message_id and status are required"}, status=400)
        delivered = Delivered(
            ChatChannel.SMS,
            f"status:{message_id}:{state}",
            "",
            InboundKind.STATUS,
            "",
            {"message_id": message_id, "status": state, "error": str(document.get("error", ""))},
        )
    else:
        provider_id, sender = str(document.get("id", "")), str(document.get("from", ""))
        text = document.get("message")
        if not provider_id or not sender or not isinstance(text, str):
            return JsonResponse({"error": "id, from and message are required"}, status=400)
        delivered = Delivered(ChatChannel.SMS, provider_id, sender, InboundKind.TEXT, text)
    inbound_store([delivered])
    return JsonResponse({"ok": True})
