"""The inbound email webhook (/integrasi/email/masuk/): a mail provider (or a relay in front
of the mail server) posts each mail it received for the complaint address, signed with the
shared secret ADUAN_EMAIL_INBOUND_SECRET. Off (404) when the secret is empty.

The mail is stored as an inbound row through the IMAP reader's own code
(`inbound.raw_store` → `delivered_of` → `inbound_store`) and answered 200 at once; the worker
files it, threads a reply into its report or, for an auto-reply, a bounce or list mail,
does nothing. See docs/integrations.md.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import json

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from aduan.integrations.email.inbound import NotAMail, raw_store, signature_of


def _raw_of(request: HttpRequest) -> bytes:
    """The message's bytes: the body itself (message/rfc822), or JSON {"raw": base64}."""
    if request.content_type != "application/json":
        return request.body
    try:
        document = json.loads(request.body)
        raw = document["raw"] if isinstance(document, dict) else None
        if not isinstance(raw, str):
            raise ValueError
        return base64.b64decode(raw, validate=True)
    except (ValueError, KeyError, binascii.Error):
        raise NotAMail('JSON body must be {"raw": "<the message in base64>"}') from None


@csrf_exempt
@require_POST
def inbound(request: HttpRequest) -> HttpResponse:
    """X-Aduan-Signature: sha256=<hex HMAC-SHA256 of the raw request body>."""
    secret = settings.ADUAN_EMAIL_INBOUND_SECRET
    if not secret:
        raise Http404
    given = request.headers.get("X-Aduan-Signature", "")
    if not hmac.compare_digest(given, signature_of(request.body, secret)):
        return JsonResponse({"error": "bad signature"}, status=403)
    try:
        raw = _raw_of(request)
        if not raw.strip():
            raise NotAMail("the body is empty")
        delivered = raw_store(raw)
    except NotAMail as error:
        return JsonResponse({"error": str(error)}, status=400)
    return JsonResponse({"ok": True, "id": delivered.provider_id})
