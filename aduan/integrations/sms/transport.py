"""SMS and WhatsApp through one generic HTTP gateway (docs/configuration.md).

POST ADUAN_SMS_GATEWAY_URL with `Authorization: Bearer <token>` and the JSON body
{"to": "+62…", "message": "…", "channel": "sms" | "whatsapp", "idempotency_key": "…"}.
Any 2xx is success. 4xx (except 429) is permanent; 429, 5xx, timeouts and connection errors
are transient, so the worker retries them. The idempotency key (the notification's id) lets a
gateway drop a message it already sent when a retry follows a lost answer.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import urllib.error
import urllib.request

from django.conf import settings

from aduan.integrations.errors import TransportError

CHANNELS = ("sms", "whatsapp")


def signature_of(body: bytes, secret: str) -> str:
    """X-Aduan-Signature of an inbound webhook body: HMAC-SHA256 with the shared secret."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def is_configured() -> bool:
    return bool(settings.ADUAN_SMS_GATEWAY_URL)


def send_message(*, to: str, message: str, channel: str, idempotency_key: str) -> None:
    """Hand one message to the gateway; raises TransportError."""
    if channel not in CHANNELS:
        raise TransportError(f"unknown channel {channel!r}", permanent=True)
    url = settings.ADUAN_SMS_GATEWAY_URL
    if not url:
        raise TransportError("no SMS gateway is configured (ADUAN_SMS_GATEWAY_URL)")
    if not url.startswith(("http://", "https://")):
        raise TransportError("ADUAN_SMS_GATEWAY_URL must be an http(s) URL", permanent=True)
    body = json.dumps(
        {"to": to, "message": message, "channel": channel, "idempotency_key": idempotency_key}
    ).encode()
    headers = {"Content-Type": "application/json", "Idempotency-Key": idempotency_key}
    if settings.ADUAN_SMS_GATEWAY_TOKEN:
        headers["Authorization"] = f"Bearer {settings.ADUAN_SMS_GATEWAY_TOKEN}"
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
    try:
        with urllib.request.urlopen(  # noqa: S310 (scheme checked above)
            request, timeout=settings.ADUAN_SMS_GATEWAY_TIMEOUT
        ) as response:
            response.read(65536)
    except urllib.error.HTTPError as exc:
        permanent = 400 <= exc.code < 500 and exc.code != 429
        detail = exc.read(300).decode("utf-8", "replace").strip()
        raise TransportError(
            f"gateway answered {exc.code}: {detail}", permanent=permanent
        ) from None
    except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise TransportError(f"gateway unreachable: {reason}") from None
