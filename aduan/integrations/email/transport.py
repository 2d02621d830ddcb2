"""Email through Django's mail backend (EMAIL_BACKEND: SMTP in production, files in development).

The notification id travels as the Message-ID, so a message sent twice (a worker killed
between sending and recording) carries the same id both times and mail clients fold it.
"""

from __future__ import annotations

import smtplib

from django.conf import settings
from django.core.mail import EmailMessage, get_connection

from aduan.integrations.errors import TransportError


def send_email(
    *,
    to: str,
    subject: str,
    body: str,
    idempotency_key: str,
    in_reply_to: str = "",
    references: str = "",
    tracking_number: str = "",
) -> None:
    """Send one plain-text email; raises TransportError.

    `in_reply_to` / `references`: the Message-IDs of the citizen's mail it answers, so mail
    clients thread it. `tracking_number` goes into the Message-ID, so a reply to this mail
    names its report in its In-Reply-To even when the subject was changed.
    """
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "aduan.invalid"
    local = f"{idempotency_key}.{tracking_number}" if tracking_number else idempotency_key
    headers = {
        "Message-ID": f"<{local}@{domain}>",
        "X-Aduan-Idempotency-Key": idempotency_key,
        # Our own messages are automatic: a well-behaved auto-responder will not answer them.
        "Auto-Submitted": "auto-replied" if in_reply_to else "auto-generated",
    }
    if in_reply_to:
        headers["In-Reply-To"] = in_reply_to
        headers["References"] = " ".join(r for r in (references, in_reply_to) if r).strip()
    message = EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers=headers,
        connection=get_connection(timeout=settings.EMAIL_TIMEOUT),
    )
    try:
        message.send(fail_silently=False)
    except smtplib.SMTPRecipientsRefused as exc:
        raise TransportError(f"recipient refused: {exc}", permanent=True) from None
    except smtplib.SMTPResponseException as exc:
        # 5xx replies are final, 4xx are "try again later" (RFC 5321).
        raise TransportError(
            f"SMTP {exc.smtp_code}: {exc.smtp_error!r}", permanent=500 <= exc.smtp_code < 600
        ) from None
    except (TimeoutError, smtplib.SMTPException, OSError) as exc:
        raise TransportError(f"mail server unreachable: {exc}") from None
