"""WhatsApp Business Cloud API (Meta's Graph API) over plain HTTP: send, and fetch media.

Plain `urllib` rather than a client library (docs/integrations.md): the four calls used here
are small JSON requests, the webhook is our own Django view, and the generic SMS transport
already works this way, so retries and errors behave the same on every channel.

POST {ADUAN_WHATSAPP_API_URL}/{phone number id}/messages with `Authorization: Bearer <token>`;
the answer {"messages": [{"id": "wamid…"}]} gives the id that delivery statuses refer to.
429, 5xx, timeouts and connection errors are transient (the worker retries); other 4xx fail
for good.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import urllib.error
import urllib.request
from typing import Any

from django.conf import settings

from aduan.integrations.errors import TransportError

# The Cloud API's limits on interactive messages.
MAX_BUTTONS = 3
MAX_LIST_ROWS = 10
MAX_BUTTON_TITLE = 20
MAX_ROW_TITLE = 24
MAX_INTERACTIVE_BODY = 1024
MAX_TEXT = 4096
MAX_MEDIA_BYTES = 16 * 1024 * 1024


def signature_of(body: bytes, secret: str) -> str:
    """X-Hub-Signature-256 of a webhook body: HMAC-SHA256 with the app secret."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def is_configured() -> bool:
    return bool(settings.ADUAN_WHATSAPP_PHONE_NUMBER_ID and settings.ADUAN_WHATSAPP_TOKEN)


def _request(
    method: str, url: str, body: dict[str, Any] | None = None, *, limit: int = 65536
) -> bytes:
    if not url.startswith(("http://", "https://")):
        raise TransportError("ADUAN_WHATSAPP_API_URL must be an http(s) URL", permanent=True)
    headers = {"Authorization": f"Bearer {settings.ADUAN_WHATSAPP_TOKEN}"}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    request = urllib.request.Request(url, data=data, headers=headers, method=method)  # noqa: S310
    try:
        with urllib.request.urlopen(  # noqa: S310 (scheme checked above)
            request, timeout=settings.ADUAN_WHATSAPP_TIMEOUT
        ) as response:
            content: bytes = response.read(limit + 1)
    except urllib.error.HTTPError as exc:
        permanent = 400 <= exc.code < 500 and exc.code != 429
        detail = exc.read(300).decode("utf-8", "replace").strip()
        raise TransportError(
            f"WhatsApp answered {exc.code}: {detail}", permanent=permanent
        ) from None
    except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise TransportError(f"WhatsApp unreachable: {reason}") from None
    if len(content) > limit:
        raise TransportError("WhatsApp's answer is larger than expected", permanent=True)
    return content


def _base() -> str:
    return settings.ADUAN_WHATSAPP_API_URL.rstrip("/")


def _to(number: str) -> str:
    return number.lstrip("+")  # the Cloud API takes the digits of the E.164 number


def message_body(text: str, options: list[tuple[str, str]]) -> dict[str, Any]:
    """The `messages` request for a text, as buttons (up to 3 choices) or a list (up to 10)
    when choices are given and fit, else as plain text (the text numbers them anyway)."""
    if options and len(text) <= MAX_INTERACTIVE_BODY:
        if len(options) <= MAX_BUTTONS:
            return {
                "type": "interactive",
                "interactive": {
                    "type": "button",
                    "body": {"text": text},
                    "action": {
                        "buttons": [
                            {"type": "reply", "reply": {"id": k, "title": v[:MAX_BUTTON_TITLE]}}
                            for k, v in options
                        ]
                    },
                },
            }
        if len(options) <= MAX_LIST_ROWS:
            return {
                "type": "interactive",
                "interactive": {
                    "type": "list",
                    "body": {"text": text},
                    "action": {
                        "button": "Pilih / Choose",
                        "sections": [
                            {
                                "title": "Pilihan / Choices",
                                "rows": [{"id": k, "title": v[:MAX_ROW_TITLE]} for k, v in options],
                            }
                        ],
                    },
                },
            }
    return {"type": "text", "text": {"body": text[:MAX_TEXT], "preview_url": False}}


def template_body(text: str, language: str) -> dict[str, Any]:
    """The approved template (ADUAN_WHATSAPP_TEMPLATE) with the message as its one body
    parameter: what WhatsApp allows outside the 24 hours after the citizen's last message.
    Template parameters may not hold line breaks or tabs."""
    return {
        "type": "template",
        "template": {
            "name": settings.ADUAN_WHATSAPP_TEMPLATE,
            "language": {"code": language},
            "components": [
                {"type": "body", "parameters": [{"type": "text", "text": " ".join(text.split())}]}
            ],
        },
    }


def send(*, to: str, body: dict[str, Any]) -> str:
    """Send one message (a `message_body` or `template_body`); returns WhatsApp's message id.
    Raises TransportError."""
    if not is_configured():
        raise TransportError("WhatsApp is not configured (ADUAN_WHATSAPP_PHONE_NUMBER_ID)")
    url = f"{_base()}/{settings.ADUAN_WHATSAPP_PHONE_NUMBER_ID}/messages"
    request = {"messaging_product": "whatsapp", "recipient_type": "individual", "to": _to(to)}
    content = _request("POST", url, {**request, **body})
    try:
        return str(json.loads(content)["messages"][0]["id"])
    except (ValueError, KeyError, IndexError, TypeError):
        raise TransportError("WhatsApp's answer has no message id", permanent=True) from None


def media_download(media_id: str) -> bytes:
    """A photo the citizen sent: its URL from the Graph API, then the file (both with the
    token). Raises TransportError."""
    if not is_configured():
        raise TransportError("WhatsApp is not configured", permanent=True)
    content = _request("GET", f"{_base()}/{media_id}")
    try:
        url = str(json.loads(content)["url"])
    except (ValueError, KeyError, TypeError):
        raise TransportError("WhatsApp's media answer has no URL", permanent=True) from None
    return _request("GET", url, limit=MAX_MEDIA_BYTES)
