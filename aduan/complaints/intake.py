"""Guards every public intake channel shares (web form, JSON API), and the confirmation email.

The web form runs `intake_guard` before `complaint_submit`: a refused submission raises before
anything is written. The API reads the limits first (`intake_within_limits`) and counts the
attempt after the report's inserts, in the same transaction, which rolls back when the count
refuses (complaints.api._counted_and_filed). Either way a refused submission leaves no row and
no file behind.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from aduan.complaints.identity import normalise_phone
from aduan.complaints.models import Complaint
from aduan.complaints.selectors import complaint_get_for_reporter
from aduan.core import clock, ratelimit
from aduan.core.errors import RateLimited, ValidationFailed

# The one report whose private tracking page this browser session may open (set when the
# report is filed here or its access code is entered on /lacak/).
TRACK_ACCESS_SESSION_KEY = "aduan_track_access"

HOUR = 60 * 60
DAY = 24 * HOUR

# The one-time details of the report just filed (number, access code, contact, how often they
# were sent), for the confirmation page and its "send me the details" forms only.
FILED_SESSION_KEY = "aduan_filed"
FILED_SHOWN_FOR = timedelta(hours=1)
# How often the details may be sent from one confirmation page, per channel.
MAX_CONFIRMATIONS = 3


def filed_report(request: HttpRequest) -> tuple[dict[str, Any], Complaint] | None:
    """The report this session just filed, with its one-time details, for an hour."""
    filed = request.session.get(FILED_SESSION_KEY)
    if not isinstance(filed, dict):
        return None
    if clock.now() - datetime.fromisoformat(filed["at"]) > FILED_SHOWN_FOR:
        del request.session[FILED_SESSION_KEY]
        return None
    complaint = complaint_get_for_reporter(
        tracking_number=filed["number"], access_code=filed["code"]
    )
    return filed, complaint


def filed_report_remember(request: HttpRequest, filed: dict[str, Any]) -> None:
    request.session[FILED_SESSION_KEY] = filed


# The session's count of sendings per channel (its keys predate the SMS channel).
_SENT_KEY = {"email": "emails", "sms": "sms"}


def confirmations_left(complaint: Complaint, filed: dict[str, Any], channel: str) -> bool:
    """Whether the number and code may still be sent by `channel` ("email" or "sms") for this
    report: MAX_CONFIRMATIONS per report, counted in the session and on the shared counters,
    so a new session does not start the count again."""
    return filed.get(_SENT_KEY[channel], 0) < MAX_CONFIRMATIONS and ratelimit.peek(
        f"confirm-{channel}",
        complaint.tracking_number,
        limit=MAX_CONFIRMATIONS,
        window_seconds=DAY,
    )


def confirmation_count(complaint: Complaint, filed: dict[str, Any], channel: str) -> bool:
    """Count one sending of the details by `channel`; False, counting nothing, when the
    report's limit is reached. The caller remembers `filed` in the session."""
    if not confirmations_left(complaint, filed, channel):
        return False
    ratelimit.hit(
        f"confirm-{channel}", complaint.tracking_number, limit=MAX_CONFIRMATIONS, window_seconds=DAY
    )
    filed[_SENT_KEY[channel]] = filed.get(_SENT_KEY[channel], 0) + 1
    return True


def _limits(*, ip: str, phone: str) -> list[tuple[ratelimit.Limit, RateLimited]]:
    """The intake limits a submission is held to, each with its refusal."""
    limits = []
    if phone.strip():
        try:
            number = normalise_phone(phone)
        except ValidationFailed:
            number = phone.strip()  # complaint_submit refuses it with its own message
        limits.append(
            (
                ratelimit.Limit(
                    "intake-phone", number, settings.ADUAN_INTAKE_PER_PHONE_PER_DAY, DAY
                ),
                RateLimited(
                    _(
                        "Too many reports were sent with this phone number today. Please try "
                        "again tomorrow, or call the complaint desk."
                    ),
                    code="rate_limited_phone",
                ),
            )
        )
    if ip:
        limits.append(
            (
                ratelimit.Limit("intake-ip", ip, settings.ADUAN_INTAKE_PER_IP_PER_HOUR, HOUR),
                RateLimited(
                    _(
                        "Too many reports were sent from this connection in the last hour. "
                        "Please wait an hour and try again."
                    ),
                    code="rate_limited_ip",
                ),
            )
        )
    return limits


def intake_guard(*, ip: str, phone: str, honeypot: str) -> None:
    """Refuse bots and floods before a report is filed; counts this attempt.

    Raises ValidationFailed (code "honeypot") when the hidden field was filled in, and
    RateLimited (HTTP 429; code "rate_limited_phone" or "rate_limited_ip") when the phone
    number or the IP address has filed too many reports (ADUAN_INTAKE_PER_PHONE_PER_DAY,
    ADUAN_INTAKE_PER_IP_PER_HOUR).
    """
    if honeypot.strip():
        raise ValidationFailed(
            _("This form could not be sent. Leave the last, hidden field empty and try again."),
            code="honeypot",
        )
    limits = _limits(ip=ip, phone=phone)
    passed = ratelimit.hit_all([limit for limit, _refusal in limits])
    for limit, refusal in limits:
        if limit is passed:
            raise refusal


def intake_within_limits(*, ip: str, phone: str) -> None:
    """Raise the RateLimited that `intake_guard` would raise for a sender already at a limit,
    without counting anything (reads only). Lets a caller that counts the attempt last
    (the API, for shorter row locks) refuse a flood before it writes."""
    limits = _limits(ip=ip, phone=phone)
    full = ratelimit.first_full([limit for limit, _refusal in limits])
    for limit, refusal in limits:
        if limit is full:
            raise refusal


def confirmation_email_send(
    *, complaint: Complaint, access_code: str, email: str, track_url: str
) -> None:
    """Email the tracking number and access code to the reporter, after the transaction.

    SMS and WhatsApp delivery belong to the notification gateway of issue 4, not here.
    """
    context = {"complaint": complaint, "access_code": access_code, "track_url": track_url}
    subject = _("Your report %(number)s") % {"number": complaint.tracking_number}
    body = render_to_string("complaints/email/confirmation.txt", context)
    transaction.on_commit(lambda: send_mail(subject, body, None, [email], fail_silently=False))
