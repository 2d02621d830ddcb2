"""Email in: the worker reads the complaint mailbox over IMAP (imap-tools), and, when
ADUAN_EMAIL_INBOUND_SECRET is set, a mail provider posts raw messages to the inbound webhook
(views.py). Both hand each message to `delivered_of` and `inbound_store`: the same path.

Each unseen mail becomes one inbound row (provider id: its Message-ID), then is flagged
seen; storing is idempotent, so a worker stopped between the two stores nothing twice. The
conversation engine files a new mail as a report (subject: title, body: description,
attachments checked like web uploads) or, when the subject or headers carry the number of the
sender's own report, adds it as their reply. Auto-replies, bounces and list mail are
recognised here and stored as `automatic`: never answered, so no mail loop can start.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from collections.abc import Mapping
from email.utils import parseaddr
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from imap_tools import AND, BaseMailBox, MailBox, MailBoxStartTls, MailBoxUnencrypted, MailMessage
from imap_tools.errors import MailboxLoginError

from aduan.conversations.choices import ChatChannel, InboundKind
from aduan.conversations.models import InboundMessage
from aduan.conversations.services import Delivered, inbound_store
from aduan.integrations.errors import TransportError

logger = logging.getLogger(__name__)

MAX_ATTACHMENTS = 5
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
_AUTO_PRECEDENCE = {"bulk", "list", "junk", "auto_reply"}
_DAEMONS = {"mailer-daemon", "postmaster", "noreply", "no-reply", "do-not-reply"}


def is_configured() -> bool:
    return bool(settings.ADUAN_EMAIL_IMAP_HOST)


def _header(message: MailMessage, name: str) -> str:
    headers: Mapping[str, tuple[str, ...]] = message.headers
    return " ".join(str(v) for v in headers.get(name.lower(), ())).strip()


def is_automatic(message: MailMessage) -> bool:
    """An auto-reply, a bounce (DSN), a read receipt or list mail (RFC 3834, 3464, 2369)."""
    auto = _header(message, "Auto-Submitted").lower()
    if auto and auto != "no":
        return True
    if _header(message, "Precedence").lower() in _AUTO_PRECEDENCE:
        return True
    if any(
        _header(message, h) for h in ("List-Id", "List-Unsubscribe", "X-Autoreply", "X-Autorespond")
    ):
        return True
    content_type = _header(message, "Content-Type").lower()
    if content_type.startswith("multipart/report"):  # delivery and read reports
        return True
    if _header(message, "Return-Path") == "<>":
        return True
    local = parseaddr(message.from_)[1].partition("@")[0].lower()
    return local in _DAEMONS


def _attachments(message: MailMessage) -> list[str]:
    """The mail's files, stored until the engine files them (checked there like any upload);
    the rest of a mail's files beyond five, or larger than 10 MB, are left out."""
    names = []
    for part in message.attachments[:MAX_ATTACHMENTS]:
        if not part.payload or len(part.payload) > MAX_ATTACHMENT_BYTES:
            continue
        digest = hashlib.sha256(part.payload).hexdigest()
        names.append(default_storage.save(f"inbound/email/{digest}", ContentFile(part.payload)))
    return names


def _stored(provider_id: str) -> bool:
    return InboundMessage.objects.filter(
        channel=ChatChannel.EMAIL, provider_id=provider_id[:255]
    ).exists()


def delivered_of(message: MailMessage, *, fallback_id: str = "") -> Delivered:
    """One mail as an inbound row; `fallback_id` names a mail without a Message-ID."""
    message_id = _header(message, "Message-ID")
    provider_id = message_id or fallback_id or f"imap:{message.uid}:{message.date_str}"
    automatic = is_automatic(message)
    # A mail stored already (a retried delivery, a poll after a stop) is skipped by
    # inbound_store: its attachments are not written a second time.
    again = _stored(provider_id)
    payload: dict[str, Any] = {
        "subject": message.subject[:300],
        "message_id": message_id,
        "in_reply_to": _header(message, "In-Reply-To"),
        "references": _header(message, "References")[:2000],
        "profile_name": message.from_values.name[:120] if message.from_values else "",
        "automatic": automatic,
        "files": [] if automatic or again else _attachments(message),
    }
    return Delivered(
        ChatChannel.EMAIL,
        provider_id,
        parseaddr(message.from_)[1],
        InboundKind.TEXT,
        (message.text or message.html or "")[:10_000],
        payload,
    )


def _mailbox() -> BaseMailBox:
    host, port = settings.ADUAN_EMAIL_IMAP_HOST, settings.ADUAN_EMAIL_IMAP_PORT
    timeout = settings.ADUAN_EMAIL_IMAP_TIMEOUT
    security = settings.ADUAN_EMAIL_IMAP_SECURITY
    mailbox: BaseMailBox
    if security == "ssl":
        mailbox = MailBox(host, port=port, timeout=timeout)
    elif security == "starttls":
        mailbox = MailBoxStartTls(host, port=port, timeout=timeout)
    else:
        mailbox = MailBoxUnencrypted(host, port=port, timeout=timeout)
    return mailbox


def mailbox_poll(*, limit: int = 50) -> int:
    """Store the unseen mails of the mailbox as inbound rows and flag them seen; returns how
    many were read. Raises TransportError when the server cannot be reached or refuses."""
    try:
        with _mailbox().login(
            settings.ADUAN_EMAIL_IMAP_USER,
            settings.ADUAN_EMAIL_IMAP_PASSWORD,
            initial_folder=settings.ADUAN_EMAIL_IMAP_FOLDER,
        ) as mailbox:
            messages = list(mailbox.fetch(AND(seen=False), limit=limit, mark_seen=False, bulk=True))
            if not messages:
                return 0
            inbound_store([delivered_of(m) for m in messages])
            mailbox.flag([m.uid for m in messages if m.uid], "\\Seen", True)
            return len(messages)
    except MailboxLoginError as exc:
        raise TransportError(f"IMAP login refused: {exc}", permanent=True) from None
    except (OSError, TimeoutError) as exc:
        raise TransportError(f"IMAP server unreachable: {exc}") from None


# ---------------------------------------------------------------- the inbound webhook


def signature_of(body: bytes, secret: str) -> str:
    """X-Aduan-Signature of an inbound webhook body: HMAC-SHA256 with the shared secret (the
    scheme of the SMS gateway's inbound webhook)."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


class NotAMail(ValueError):
    """The raw bytes posted to the webhook are not a mail aduan can answer."""


def raw_store(raw: bytes) -> Delivered:
    """Store one raw RFC 822 message a provider posted, exactly as the IMAP reader stores a
    mail it read. A mail without a Message-ID is named by the digest of its bytes, so a
    retried delivery of the same bytes stores nothing twice."""
    message = MailMessage.from_bytes(raw)
    if "@" not in parseaddr(message.from_)[1]:
        raise NotAMail("the message has no From address")
    delivered = delivered_of(message, fallback_id=f"sha256:{hashlib.sha256(raw).hexdigest()}")
    inbound_store([delivered])
    return delivered
