"""/lacak/: follow a report by tracking number; with the access code, act on it.

Without the code: the public page (status, clocks, public timeline) of a published report
(`complaint_get_public`); an unpublished, rahasia or unknown number answers the same 404.
With the code (entered once, then kept in the session for that one report): the reporter's
own description and attachments, and the actions of the reporter: reply or add information,
confirm, re-open, rate. This works from the first minute: a report awaiting verification is
the reporter's alone.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from aduan.complaints.choices import OPEN_STATUSES, Status
from aduan.complaints.codes import normalise_tracking_number
from aduan.complaints.intake import TRACK_ACCESS_SESSION_KEY
from aduan.complaints.models import Complaint
from aduan.complaints.selectors import (
    attachment_get_for_reporter,
    attachments_for_reporter,
    complaint_get_for_reporter,
    complaint_get_public,
    public_events_of,
    reporter_events_of,
)
from aduan.core import clock, ratelimit
from aduan.core.errors import DomainError
from aduan.core.http import client_ip, stored_file_response
from aduan.workflow import services
from aduan.workflow.forms.tracking import (
    AccessCodeForm,
    ConfirmForm,
    RatingForm,
    ReplyForm,
    TrackLookupForm,
)
from aduan.workflow.selectors import clocks_of

HOUR = 60 * 60


def _reporter_view(request: HttpRequest, number: str) -> Complaint | None:
    """The report, if this session proved its access code for it; else None."""
    access = request.session.get(TRACK_ACCESS_SESSION_KEY)
    if not isinstance(access, dict) or access.get("number") != normalise_tracking_number(number):
        return None
    try:
        return complaint_get_for_reporter(tracking_number=number, access_code=access["code"])
    except Http404:
        return None


def _code_attempts_left(request: HttpRequest) -> bool:
    return ratelimit.sliding_peek(
        ratelimit.ACCESS_CODE_SCOPE,
        client_ip(request),
        limit=settings.ADUAN_TRACK_CODE_ATTEMPTS_PER_HOUR,
        window_seconds=HOUR,
    )


def _open_with_code(request: HttpRequest, number: str, code: str) -> Complaint | tuple[str, int]:
    """Check the code (rate-limited per IP): the report, or the message and status to show."""
    if not _code_attempts_left(request):
        return (
            _("Too many wrong codes were tried from this connection. Try again in an hour."),
            429,
        )
    try:
        complaint = complaint_get_for_reporter(tracking_number=number, access_code=code)
    except Http404:
        ratelimit.sliding_hit(
            ratelimit.ACCESS_CODE_SCOPE,
            client_ip(request),
            limit=settings.ADUAN_TRACK_CODE_ATTEMPTS_PER_HOUR,
            window_seconds=HOUR,
        )
        # The same words whether the number or the code is wrong.
        return (
            _("The tracking number or the access code is not right. Check both and try again."),
            400,
        )
    request.session[TRACK_ACCESS_SESSION_KEY] = {
        "number": complaint.tracking_number,
        "code": code,
    }
    return complaint


@require_http_methods(["GET", "POST"])
def track_lookup(request: HttpRequest) -> HttpResponse:
    """The form: tracking number, and the access code for the reporter's own view."""
    status = 200
    if request.method == "POST" or "tracking_number" in request.GET:
        form = TrackLookupForm(request.POST if request.method == "POST" else request.GET)
        if form.is_valid():
            number = form.cleaned_data["tracking_number"]
            code = form.cleaned_data["access_code"] if request.method == "POST" else ""
            if not code:
                # Only to a page that exists: an unknown (or rahasia) number stays on the form.
                try:
                    public = complaint_get_public(tracking_number=number)
                except Http404:
                    form.add_error(
                        "tracking_number",
                        _(
                            "No public report has this tracking number. Check the number; "
                            "a confidential report opens only with its access code."
                        ),
                    )
                    return render(request, "workflow/track_lookup.html", {"form": form}, status=404)
                return redirect("workflow:track", number=public.tracking_number)
            opened = _open_with_code(request, number, code)
            if isinstance(opened, Complaint):
                return redirect("workflow:track", number=opened.tracking_number)
            form.add_error("access_code", opened[0])
            status = opened[1]
    else:
        form = TrackLookupForm()
    return render(request, "workflow/track_lookup.html", {"form": form}, status=status)


def _page(request: HttpRequest, number: str, *, status: int = 200, **forms: Any) -> HttpResponse:
    reporter_view = _reporter_view(request, number)
    complaint = reporter_view or complaint_get_public(tracking_number=number)
    if number != complaint.tracking_number:
        return redirect("workflow:track", number=complaint.tracking_number)
    context: dict[str, Any] = {
        "complaint": complaint,
        "instansi": complaint.instansi,
        "is_reporter": reporter_view is not None,
        # The reporter reads the entries and notes meant for them too (their own words, why a
        # report was archived); anyone else only the public ones.
        "events": reporter_events_of(complaint) if reporter_view else public_events_of(complaint),
        "clocks": clocks_of(complaint, now=clock.now()),
        "is_open": complaint.status in OPEN_STATUSES,
        "is_resolved": complaint.status == Status.RESOLVED,
        "can_rate": complaint.status == Status.CLOSED and complaint.rated_at is None,
    }
    if reporter_view is not None:
        context["attachments"] = attachments_for_reporter(complaint)
        context["reply_form"] = forms.get("reply_form") or ReplyForm()
        context["reopen_form"] = forms.get("reopen_form") or ReplyForm(prefix="reopen")
        context["confirm_form"] = forms.get("confirm_form") or ConfirmForm()
        context["rating_form"] = forms.get("rating_form") or RatingForm()
    else:
        context["access_form"] = forms.get("access_form") or AccessCodeForm()
    return render(request, "workflow/track.html", context, status=status)


@require_GET
def track(request: HttpRequest, number: str) -> HttpResponse:
    return _page(request, number)


@require_GET
def track_attachment(request: HttpRequest, number: str, pk: int) -> FileResponse:
    """A file of the report, for the session that proved the access code (else 404)."""
    complaint = _reporter_view(request, number)
    if complaint is None:
        raise Http404
    attachment = attachment_get_for_reporter(complaint=complaint, pk=pk)
    return stored_file_response(
        attachment.file, content_type=attachment.content_type, filename=attachment.original_name
    )


@require_POST
def track_access(request: HttpRequest, number: str) -> HttpResponse:
    form = AccessCodeForm(request.POST)
    if form.is_valid():
        opened = _open_with_code(request, number, form.cleaned_data["access_code"])
        if isinstance(opened, Complaint):
            return redirect("workflow:track", number=opened.tracking_number)
        form.add_error("access_code", opened[0])
        return _access_refused(request, number, form, status=opened[1])
    return _access_refused(request, number, form, status=400)


def _access_refused(
    request: HttpRequest, number: str, form: AccessCodeForm, *, status: int
) -> HttpResponse:
    """The public page with the error by the code field; for a number that is not public
    (awaiting verification, unpublished, rahasia or unknown, all alike) the lookup form."""
    try:
        return _page(request, number, status=status, access_form=form)
    except Http404:
        lookup = TrackLookupForm(
            {"tracking_number": number, "access_code": ""}  # never echo a secret back
        )
        lookup.is_valid()
        for error in form.errors.get("access_code", []):
            lookup.add_error("access_code", error)
        return render(request, "workflow/track_lookup.html", {"form": lookup}, status=status)


@require_POST
def track_forget(request: HttpRequest, number: str) -> HttpResponse:
    request.session.pop(TRACK_ACCESS_SESSION_KEY, None)
    return redirect("workflow:track_lookup")


def _reporter_or_404(request: HttpRequest, number: str) -> Complaint:
    complaint = _reporter_view(request, number)
    if complaint is None:
        raise Http404
    return complaint


def _done(request: HttpRequest, complaint: Complaint, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect(reverse("workflow:track", args=[complaint.tracking_number]) + "#status")


@require_POST
def track_reply(request: HttpRequest, number: str) -> HttpResponse:
    """A message or the information asked for while on hold; on a resolved report: re-open."""
    complaint = _reporter_or_404(request, number)
    reopening = complaint.status == Status.RESOLVED
    form = ReplyForm(request.POST, prefix="reopen" if reopening else None)
    if form.is_valid():
        try:
            services.complaint_reporter_reply(complaint=complaint, text=form.cleaned_data["text"])
        except DomainError as error:
            form.add_error("text" if error.code == "text" else None, str(error))
        else:
            if reopening:
                return _done(request, complaint, _("Your report is open again."))
            return _done(request, complaint, _("Your message was added to the report."))
    key = "reopen_form" if reopening else "reply_form"
    return _page(request, number, status=400, **{key: form})


@require_POST
def track_confirm(request: HttpRequest, number: str) -> HttpResponse:
    complaint = _reporter_or_404(request, number)
    form = ConfirmForm(request.POST)
    if form.is_valid():
        try:
            services.complaint_confirm(complaint=complaint, note=form.cleaned_data["note"])
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            return _done(request, complaint, _("Thank you. Your report is now closed."))
    return _page(request, number, status=400, confirm_form=form)


@require_POST
def track_rate(request: HttpRequest, number: str) -> HttpResponse:
    complaint = _reporter_or_404(request, number)
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            services.complaint_rate(
                complaint=complaint,
                stars=form.cleaned_data["stars"],
                comment=form.cleaned_data["comment"],
            )
        except DomainError as error:
            form.add_error("stars" if error.code == "stars" else None, str(error))
        else:
            return _done(request, complaint, _("Thank you for your rating."))
    return _page(request, number, status=400, rating_form=form)
