"""/konsol/lapor/: the coordinator's view of the SP4N-LAPOR! link: the outbox, the latest
daily reconciliation (with "send again" where the outbox fixes a difference), and the manual
fallback (record a national tracking id by hand)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from aduan.accounts.choices import Role
from aduan.accounts.models import User
from aduan.complaints.selectors import complaint_get_for_user
from aduan.core.errors import DomainError
from aduan.integrations.lapor import selectors, services
from aduan.integrations.lapor.forms import NationalIdForm
from aduan.integrations.lapor.models import ReconcileRun
from aduan.organisation.decorators import role_required


def _page(request: HttpRequest, form: NationalIdForm, status: int = 200) -> HttpResponse:
    run = selectors.latest_reconciliation()
    return render(
        request,
        "lapor/console.html",
        {
            "form": form,
            "counts": selectors.outbox_counts(),
            "run": run,
            "differences": selectors.differences_shown(run),
        },
        status=status,
    )


@require_GET
@role_required(Role.COORDINATOR)
def console(request: HttpRequest) -> HttpResponse:
    return _page(request, NationalIdForm())


@require_POST
@role_required(Role.COORDINATOR)
def record(request: HttpRequest) -> HttpResponse:
    form = NationalIdForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=400)
    actor = request.user
    assert isinstance(actor, User)
    try:
        complaint = complaint_get_for_user(
            user=actor, tracking_number=form.cleaned_data["number"].strip().upper()
        )
    except Http404:
        form.add_error("number", _("No report of this government has that tracking number."))
        return _page(request, form, status=400)
    try:
        if form.cleaned_data["clear"]:
            services.national_id_clear(actor=actor, complaint=complaint)
        else:
            services.national_id_record(
                actor=actor, complaint=complaint, national_id=form.cleaned_data["national_id"]
            )
    except DomainError as error:
        form.add_error("national_id" if error.code == "national_id" else None, str(error))
        return _page(request, form, status=error.http_status)
    if form.cleaned_data["clear"]:
        messages.success(request, _("The SP4N-LAPOR! tracking id is removed."))
    else:
        messages.success(request, _("The SP4N-LAPOR! tracking id is recorded."))
    return redirect("lapor:console")


@require_POST
@role_required(Role.COORDINATOR)
def repair(request: HttpRequest, run_id: int, index: int) -> HttpResponse:
    """ "Send again" for one difference of the latest reconciliation."""
    run = get_object_or_404(ReconcileRun, pk=run_id)
    actor = request.user
    assert isinstance(actor, User)
    try:
        queued = services.reconcile_repair(actor=actor, run=run, index=index)
    except DomainError as error:
        messages.error(request, str(error))
        return _page(request, NationalIdForm(), status=error.http_status)
    messages.success(
        request,
        ngettext(
            "%(count)d message to SP4N-LAPOR! is queued.",
            "%(count)d messages to SP4N-LAPOR! are queued.",
            queued,
        )
        % {"count": queued},
    )
    return redirect("lapor:console")
