"""Public API: track one report, and the reporter's actions on it with the access code.

Shares /api/v1/reports with `complaints/api.py` (submission and feed). Without the access
code a report is seen as the public sees it, and a rahasia report not at all (404). With it,
the reporter also sees the identity they gave, the running clocks, and can reply, confirm the
resolution and rate the report. A wrong code answers 404 too, and too many wrong codes from one
address answer 429.
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router
from ninja.params import HeaderEx, P, PathEx, QueryEx

from aduan.complaints.choices import OPEN_STATUSES, Status
from aduan.complaints.intake import HOUR
from aduan.complaints.models import Complaint, ComplaintEvent
from aduan.complaints.schemas import reporter_label
from aduan.complaints.selectors import (
    complaint_get_for_reporter,
    complaint_get_public,
    public_events_of,
    reporter_events_of,
    reporter_of,
)
from aduan.core import clock, ratelimit
from aduan.core.errors import RateLimited
from aduan.core.http import client_ip
from aduan.core.schemas import Choice, Named, error_responses
from aduan.workflow import services
from aduan.workflow.schemas import (
    ClockOut,
    ConfirmIn,
    RatingIn,
    ReplyIn,
    ReporterOwnOut,
    ReportPrivateOut,
    ReportPublicOut,
    TimelineEntryOut,
)
from aduan.workflow.selectors import clocks_of

router = Router(tags=["reports"])

# Letters, digits, dashes and spaces: what a tracking number or code may be typed with.
_CODE_PATTERN = r"^[A-Za-z0-9 -]*$"
TrackingNumber = PathEx[
    str, P(min_length=1, max_length=40, pattern=_CODE_PATTERN, description="e.g. LWU-7K3M-9QXR")
]
AccessCodeHeader = HeaderEx[
    str | None,
    P(
        alias="X-Access-Code",
        max_length=40,
        pattern=_CODE_PATTERN,
        description="The reporter's access code; or give it as the `access_code` query parameter.",
    ),
]
AccessCodeQuery = QueryEx[
    str | None,
    P(max_length=40, pattern=_CODE_PATTERN, description="Same as the X-Access-Code header."),
]


# ---------------------------------------------------------------- access


def _reporter_complaint(request: HttpRequest, tracking_number: str, code: str) -> Complaint:
    """The report for the holder of its access code; counts wrong codes per address."""
    ip = client_ip(request)
    limit = settings.ADUAN_TRACK_CODE_ATTEMPTS_PER_HOUR
    if not ratelimit.sliding_peek(
        ratelimit.ACCESS_CODE_SCOPE, ip, limit=limit, window_seconds=HOUR
    ):
        raise RateLimited(
            _("Too many wrong access codes from this connection. Please try again in an hour."),
            code="rate_limited_access_code",
        )
    try:
        return complaint_get_for_reporter(tracking_number=tracking_number, access_code=code)
    except Http404:
        ratelimit.sliding_hit(ratelimit.ACCESS_CODE_SCOPE, ip, limit=limit, window_seconds=HOUR)
        raise


def _required_code(header: str | None, query: str | None) -> str:
    code = (header or query or "").strip()
    if not code:
        raise Http404  # the same answer as a wrong code
    return code


# ---------------------------------------------------------------- output


def _choice(value: str, label: object) -> Choice:
    return Choice(code=str(value), label=str(label))


def public_out(complaint: Complaint, events: list[ComplaintEvent] | None = None) -> ReportPublicOut:
    """The public view (`complaint` from `complaint_get_public`: its text masked), or with
    `events` the timeline the reporter may read."""
    if events is None:
        events = public_events_of(complaint)
    return ReportPublicOut(
        tracking_number=complaint.tracking_number,
        type=_choice(complaint.type, complaint.get_type_display()),
        title=complaint.title,
        description=complaint.description,
        status=_choice(complaint.status, complaint.get_status_display()),
        category=Named(code=complaint.category.code, name=complaint.category.name)
        if complaint.category
        else None,
        region=Named(code=complaint.region.code, name=complaint.region.name)
        if complaint.region
        else None,
        address=complaint.address,
        incident_date=complaint.incident_date,
        reporter_label=reporter_label(complaint),
        submitted_at=complaint.submitted_at,
        resolved_at=complaint.resolved_at,
        closed_at=complaint.closed_at,
        timeline=[
            TimelineEntryOut(
                kind=_choice(e.kind, e.get_kind_display()),
                at=e.created_at,
                actor=_choice(e.actor_kind, e.get_actor_kind_display()),
                unit=str(e.unit) if e.unit else None,
                note=e.note,
            )
            for e in events
        ],
    )


def _masked(nik: str) -> str:
    return "*" * (len(nik) - 4) + nik[-4:] if nik else ""


def private_out(complaint: Complaint) -> ReportPrivateOut:
    reporter = reporter_of(complaint)
    clock_labels = {
        "on_track": _("On track"),
        "at_risk": _("At risk"),
        "breached": _("Late"),
    }
    return ReportPrivateOut(
        **dict(public_out(complaint, reporter_events_of(complaint))),
        awaits_verification=complaint.verified_at is None,
        is_published=complaint.is_published,
        is_anonymous=complaint.is_anonymous,
        is_confidential=complaint.is_confidential,
        reporter=ReporterOwnOut(
            name=reporter.name,
            phone=reporter.phone,
            email=reporter.email,
            nik=_masked(reporter.nik),
        )
        if reporter is not None
        else None,
        clocks=[
            ClockOut(
                label=str(c.label),
                started_at=c.started_at,
                due_at=c.due_at,
                state=_choice(c.state.value, clock_labels[c.state.value]),
                unit=c.unit_name or None,
            )
            for c in clocks_of(complaint, now=clock.now())
        ],
        can_reply=complaint.status in (*OPEN_STATUSES, Status.RESOLVED),
        can_confirm=complaint.status == Status.RESOLVED,
        can_rate=complaint.status == Status.CLOSED and complaint.rated_at is None,
        rating=complaint.rating,
        rating_comment=complaint.rating_comment,
    )


# ---------------------------------------------------------------- tracking


@router.get(
    "/{tracking_number}",
    url_name="track_report",
    # The private view first: it is also a valid public view (it only adds fields).
    response={200: ReportPrivateOut | ReportPublicOut, **error_responses(400, 404, 429)},
)
def track_report(
    request: HttpRequest,
    tracking_number: TrackingNumber,
    x_access_code: AccessCodeHeader = None,
    access_code: AccessCodeQuery = None,
) -> ReportPrivateOut | ReportPublicOut:
    """A report by its tracking number: the public view, or with the access code the
    reporter's own view. A rahasia report answers 404 without the code."""
    code = (x_access_code or access_code or "").strip()
    if code:
        return private_out(_reporter_complaint(request, tracking_number, code))
    return public_out(complaint_get_public(tracking_number=tracking_number))


# ---------------------------------------------------------------- the reporter's actions

_ACTION_RESPONSES = {200: ReportPrivateOut, **error_responses(400, 404, 409, 429)}


@router.post("/{tracking_number}/replies", url_name="reply_report", response=_ACTION_RESPONSES)
def reply_report(
    request: HttpRequest,
    payload: ReplyIn,
    tracking_number: TrackingNumber,
    x_access_code: AccessCodeHeader = None,
    access_code: AccessCodeQuery = None,
) -> ReportPrivateOut:
    """Write to the handlers: answers a question while on hold, re-opens a resolved report."""
    complaint = _reporter_complaint(
        request, tracking_number, _required_code(x_access_code, access_code)
    )
    return private_out(services.complaint_reporter_reply(complaint=complaint, text=payload.text))


@router.post("/{tracking_number}/confirm", url_name="confirm_report", response=_ACTION_RESPONSES)
def confirm_report(
    request: HttpRequest,
    payload: ConfirmIn,
    tracking_number: TrackingNumber,
    x_access_code: AccessCodeHeader = None,
    access_code: AccessCodeQuery = None,
) -> ReportPrivateOut:
    """Confirm that the resolution settles the report: it is closed."""
    complaint = _reporter_complaint(
        request, tracking_number, _required_code(x_access_code, access_code)
    )
    return private_out(services.complaint_confirm(complaint=complaint, note=payload.note))


@router.post("/{tracking_number}/rating", url_name="rate_report", response=_ACTION_RESPONSES)
def rate_report(
    request: HttpRequest,
    payload: RatingIn,
    tracking_number: TrackingNumber,
    x_access_code: AccessCodeHeader = None,
    access_code: AccessCodeQuery = None,
) -> ReportPrivateOut:
    """Rate a closed report, once: 1 to 5 stars and an optional comment."""
    complaint = _reporter_complaint(
        request, tracking_number, _required_code(x_access_code, access_code)
    )
    return private_out(
        services.complaint_rate(complaint=complaint, stars=payload.stars, comment=payload.comment)
    )
