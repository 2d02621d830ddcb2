"""Sending one webhook: the JSON body, signed the Standard Webhooks way, POSTed with a timeout.

Headers: `webhook-id` (the message's id, the same on every retry), `webhook-timestamp` (Unix
seconds) and `webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, keyed with
the base64 secret after `whsec_` (https://www.standardwebhooks.com/).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
import urllib.error
import urllib.request
from dataclasses import dataclass

from aduan.integrations.errors import TransportError

SECRET_PREFIX = "whsec_"  # noqa: S105 (the standard's prefix, not a secret)
TIMEOUT_SECONDS = 10


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def signature(*, secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    key = base64.b64decode(secret.removeprefix(SECRET_PREFIX))
    signed = f"{message_id}.{timestamp}.".encode() + body
    digest = hmac.new(key, signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


@dataclass(frozen=True)
class Sent:
    status_code: int
    duration_ms: int


def post(*, url: str, secret: str, message_id: str, body: bytes, timestamp: int) -> Sent:
    """POST the body; raises TransportError for anything but a 2xx answer (with the status
    code in the message), a timeout or a connection failure. Every failure may be retried."""
    request = urllib.request.Request(  # noqa: S310 (an administrator's http(s) URL; checked by URLField)
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "aduan-webhooks/1",
            "webhook-id": message_id,
            "webhook-timestamp": str(timestamp),
            "webhook-signature": signature(
                secret=secret, message_id=message_id, timestamp=timestamp, body=body
            ),
        },
    )
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as answer:  # noqa: S310
            status = answer.status
    except urllib.error.HTTPError as error:
        raise TransportError(f"HTTP {error.code}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise TransportError(f"no answer: {error}") from None
    duration = int((time.monotonic() - started) * 1000)
    if not 200 <= status < 300:
        raise TransportError(f"HTTP {status}")
    return Sent(status_code=status, duration_ms=duration)
