"""/lapor/: the report form, its confirmation page and the confirmation email."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from aduan.accounts.models import User
from aduan.complaints.choices import Channel
from aduan.complaints.forms import FIELD_OF_ERROR, ReportForm
from aduan.complaints.intake import (
    FILED_SESSION_KEY,
    TRACK_ACCESS_SESSION_KEY,
    confirmation_count,
    confirmation_email_send,
    confirmations_left,
    filed_report,
    filed_report_remember,
    intake_guard,
)
from aduan.complaints.services import Submitted, complaint_submit
from aduan.core import clock
from aduan.core.errors import DomainError, RateLimited
from aduan.core.http import client_ip, site_url
from aduan.organisation.models import Instansi


def _instansi() -> Instansi:
    return get_object_or_404(Instansi, code=settings.ADUAN_DEFAULT_INSTANSI)


def _submit(request: HttpRequest, form: ReportForm) -> Submitted:
    data = form.cleaned_data
    intake_guard(ip=client_ip(request), phone=data["phone"], honeypot=data["website"])
    user = request.user if isinstance(request.user, User) else None
    report = form.report_input(channel=Channel.WEB, user=user)
    return complaint_submit(instansi=form.instansi, data=report, attachments=data["attachments"])


@require_http_methods(["GET", "POST"])
def report(request: HttpRequest) -> HttpResponse:
    instansi = _instansi()
    status = 200
    if request.method == "POST":
        form = ReportForm(request.POST, request.FILES, instansi=instansi)
        if form.is_valid():
            try:
                submitted = _submit(request, form)
            except DomainError as error:
                # Nothing was stored: the guard runs first, and the service rolls back rows
                # and removes files it wrote.
                form.add_error(FIELD_OF_ERROR.get(error.code), str(error))
                if isinstance(error, RateLimited):
                    status = 429
            else:
                request.session[FILED_SESSION_KEY] = {
                    "number": submitted.complaint.tracking_number,
                    "code": submitted.access_code,
                    "email": form.cleaned_data["email"],
                    "phone": form.cleaned_data["phone"],
                    "at": clock.now().isoformat(),
                    "emails": 0,
                    "sms": 0,
                }
                # Knowing the code, the reporter may open the private tracking page at once.
                request.session[TRACK_ACCESS_SESSION_KEY] = {
                    "number": submitted.complaint.tracking_number,
                    "code": submitted.access_code,
                }
                return redirect("complaints:report_done")
    else:
        form = ReportForm(instansi=instansi)
    context = {
        "form": form,
        "instansi": instansi,
        "map_tiles_url": settings.ADUAN_MAP_TILES_URL,
    }
    return render(request, "complaints/report_form.html", context, status=status)


def _done_page(request: HttpRequest, status: int = 200) -> HttpResponse:
    found = filed_report(request)
    if found is None:
        return redirect("complaints:report")
    filed, complaint = found
    reporter = complaint.reporter
    context = {
        "complaint": complaint,
        "access_code": filed["code"],
        "instansi": complaint.instansi,
        # The details go only to the reporter's own contact, as given with the report.
        "own_email": reporter.email if reporter else "",
        "own_phone": reporter.phone if reporter else "",
        "can_email": confirmations_left(complaint, filed, "email"),
        # The SMS button (integrations/sms/views.py) shows only when a gateway is configured.
        "can_sms": bool(settings.ADUAN_SMS_GATEWAY_URL)
        and confirmations_left(complaint, filed, "sms"),
        "sms_configured": bool(settings.ADUAN_SMS_GATEWAY_URL),
    }
    return render(request, "complaints/report_done.html", context, status=status)


@require_GET
def report_done(request: HttpRequest) -> HttpResponse:
    return _done_page(request)


@require_POST
def report_done_email(request: HttpRequest) -> HttpResponse:
    """Send the number and code to the e-mail address given with the report, and to no
    other: whatever the request carries, it cannot choose where they go."""
    found = filed_report(request)
    if found is None:
        return redirect("complaints:report")
    filed, complaint = found
    email = complaint.reporter.email if complaint.reporter else ""
    if not email:
        messages.error(request, _("No email address was given with this report."))
        return redirect("complaints:report_done")
    if not confirmation_count(complaint, filed, "email"):
        messages.error(request, _("The details were already sent several times."))
        return redirect("complaints:report_done")
    confirmation_email_send(
        complaint=complaint,
        access_code=filed["code"],
        email=email,
        track_url=site_url(reverse("workflow:track", args=[complaint.tracking_number])),
    )
    filed_report_remember(request, filed)
    messages.success(
        request,
        _("We sent the tracking number and access code to %(email)s.") % {"email": email},
    )
    return redirect("complaints:report_done")
