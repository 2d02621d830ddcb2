"""Operator entry (/konsol/entri/): a report filed at the front desk on a citizen's behalf,
from a letter, a phone call, a walk-in, a complaint box or an outreach visit.

The done page shows the tracking number and the access code once (a printable slip for a
walk-in); afterwards only the tracking number. The code is kept in the session only from the
POST to the first display of the done page, and never written anywhere else.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from aduan.accounts.choices import Role
from aduan.accounts.models import User
from aduan.complaints.choices import Channel
from aduan.complaints.forms import FIELD_OF_ERROR, OperatorReportForm
from aduan.complaints.selectors import complaint_get_for_user
from aduan.complaints.services import Submitted, complaint_submit
from aduan.core.errors import DomainError
from aduan.core.http import site_url
from aduan.organisation.decorators import role_required
from aduan.organisation.models import Instansi
from aduan.organisation.selectors import grants_of

# The report just entered: its number, how the receipt reaches the citizen, and the access
# code until the done page has shown it once.
OPERATOR_FILED_SESSION_KEY = "aduan_operator_filed"


def _operator_instansi(user: User) -> list[Instansi]:
    """The governments where the user may enter reports (holds the operator role)."""
    ids = {g.instansi_id for g in grants_of(user) if g.role == Role.OPERATOR}
    return list(Instansi.objects.filter(pk__in=ids).order_by("name"))


def _chosen(request: HttpRequest, choices: list[Instansi]) -> Instansi:
    code = request.POST.get("instansi") or request.GET.get("instansi")
    if not code:
        return choices[0]
    for instansi in choices:
        if instansi.code == code:
            return instansi
    raise Http404


def _receipt_channel(email: str, phone: str) -> str:
    """How the receipt (tracking number, never the code) will reach the citizen: the same rule
    as `notifications.services.reporter_recipients`, which this app may not import."""
    if email:
        return "email"
    if phone and settings.ADUAN_SMS_GATEWAY_URL:
        return "sms"
    return ""


def _submit(form: OperatorReportForm, instansi: Instansi, operator: User) -> Submitted:
    data = form.cleaned_data
    report = form.report_input(channel=Channel(data["channel"]))
    return complaint_submit(
        instansi=instansi, data=report, actor=operator, attachments=data["files"]
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.OPERATOR)
def operator_entry(request: HttpRequest) -> HttpResponse:
    operator: User = request.user  # type: ignore[assignment]
    choices = _operator_instansi(operator)
    if not choices:
        raise Http404
    instansi = _chosen(request, choices)
    status = 200
    if request.method == "POST":
        form = OperatorReportForm(request.POST, request.FILES, instansi=instansi)
        if form.is_valid():
            try:
                submitted = _submit(form, instansi, operator)
            except DomainError as error:
                # Nothing was stored: the service rolls back its rows and removes its files.
                field = FIELD_OF_ERROR.get(error.code)
                if field == "attachments" and not form.cleaned_data["attachments"]:
                    field = "letter_scan"  # the scan was the only file
                form.add_error(field, str(error))
                status = 400
            else:
                number = submitted.complaint.tracking_number
                request.session[OPERATOR_FILED_SESSION_KEY] = {
                    "number": number,
                    "code": submitted.access_code,
                    "receipt": _receipt_channel(
                        form.cleaned_data["email"], form.cleaned_data["phone"]
                    ),
                }
                return redirect("complaints:operator_done", number=number)
        else:
            status = 400
    else:
        form = OperatorReportForm(instansi=instansi)
    context = {"form": form, "instansi": instansi, "choices": choices}
    return render(request, "complaints/operator_entry.html", context, status=status)


@require_GET
@role_required(Role.OPERATOR)
def operator_done(request: HttpRequest, number: str) -> HttpResponse:
    complaint = complaint_get_for_user(user=request.user, tracking_number=number)
    filed: Any = request.session.get(OPERATOR_FILED_SESSION_KEY)
    access_code = ""
    receipt = None
    if isinstance(filed, dict) and filed.get("number") == complaint.tracking_number:
        receipt = filed.get("receipt", "")
        # Shown once: a reload, or anyone later at this desk, sees the number only.
        access_code = filed.pop("code", "") or ""
        request.session[OPERATOR_FILED_SESSION_KEY] = filed
    context = {
        "complaint": complaint,
        "instansi": complaint.instansi,
        "access_code": access_code,
        "receipt": receipt,
        "track_url": site_url(reverse("workflow:track", args=[complaint.tracking_number])),
    }
    response = render(request, "complaints/operator_done.html", context)
    # The page carries a secret: never keep it in a browser or proxy cache.
    response["Cache-Control"] = "no-store"
    return response
