"""The unit's side of the staff console: the liaison's inbox and actions on a report.

/konsol/unit/ lists what was dispatched to the liaison's units and their sub-units. The
actions (accept, hand back, follow up, extend, resolve, re-assign) are forms on the page of
one report (/konsol/laporan/<number>/, whose view merges `unit_panel` into its context); each
posts here, calls one service and goes back to that page with a message: what was done, or
why nothing was (the service's translated refusal, or the field that needs an answer).

A unit never sees who filed an anonim report: nothing here reads the reporter.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from aduan.accounts.choices import Role
from aduan.accounts.models import User
from aduan.complaints.choices import DispatchStatus, ReportType, Status
from aduan.complaints.models import Complaint, Dispatch
from aduan.complaints.selectors import (
    UNIT_INBOX_TABS,
    complaint_get_for_user,
    dispatch_of_liaison,
    unit_inbox_counts,
)
from aduan.complaints.selectors import unit_inbox as unit_inbox_rows
from aduan.core import clock
from aduan.core.errors import DomainError
from aduan.organisation.clocks import CLOCK_STATE_LABELS, ClockState, clock_state
from aduan.organisation.decorators import role_required
from aduan.organisation.models import Region, Unit
from aduan.organisation.selectors import liaison_reach, reply_templates_for, unit_ids_for_role
from aduan.workflow import services
from aduan.workflow.forms.unit import (
    ExtendForm,
    FollowupForm,
    HandBackForm,
    InfoRequestForm,
    ReassignForm,
    ResolveForm,
)
from aduan.workflow.selectors import kecamatan_of
from aduan.workflow.views.actions import console_action

PAGE_SIZE = 25

TAB_LABELS: dict[str, Promise] = {
    "all": gettext_lazy("All"),
    "new": gettext_lazy("New (to accept)"),
    "in_progress": gettext_lazy("In progress"),
    "on_hold": gettext_lazy("On hold"),
}

# ---------------------------------------------------------------- the inbox

# ?urut=prioritas: reports whose reporter asked for extra help first (GESI).
PRIORITY_SORT = "prioritas"


@dataclass(frozen=True)
class InboxRow:
    """One dispatch in the unit inbox, with the deadline that matters now and its state."""

    dispatch: Dispatch
    complaint: Complaint
    kecamatan: Region | None
    clock_label: Promise | None
    due_at: datetime | None
    state: ClockState | None
    is_priority: bool = False  # the reporter asked for extra help (GESI)

    @property
    def state_words(self) -> Promise | None:
        return CLOCK_STATE_LABELS[self.state] if self.state else None


def _inbox_row(dispatch: Dispatch, now: datetime) -> InboxRow:
    complaint = dispatch.complaint
    instansi = complaint.instansi
    label: Promise | None = None
    start = due = None
    if complaint.status == Status.ON_HOLD:
        pass  # every clock stands still until the reporter answers
    elif dispatch.followup_due_at is not None:
        label, start, due = (
            gettext_lazy("First follow-up"),
            dispatch.dispatched_at,
            dispatch.followup_due_at,
        )
    elif complaint.complete_due_at is not None:
        label, due = gettext_lazy("Completion"), complaint.complete_due_at
        start = complaint.verified_at or complaint.submitted_at
    state = clock_state(instansi, start, due, now) if start and due else None
    return InboxRow(
        dispatch,
        complaint,
        kecamatan_of(complaint.region),
        label,
        due,
        state,
        is_priority=bool(getattr(dispatch, "is_priority", False)),
    )


@require_GET
@role_required(Role.LIAISON)
def unit_inbox(request: HttpRequest) -> HttpResponse:
    """Active dispatches to the liaison's units and sub-units, the nearest deadline first."""
    tab = request.GET.get("tab", "all")
    if tab not in UNIT_INBOX_TABS:
        tab = "all"
    unit_ids = unit_ids_for_role(request.user, Role.LIAISON)
    priority_first = request.GET.get("urut") == PRIORITY_SORT
    rows = unit_inbox_rows(unit_ids=unit_ids, tab=tab, priority_first=priority_first)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    now = clock.now()
    counts = unit_inbox_counts(unit_ids=unit_ids)
    context = {
        "tab": tab,
        "tabs": [(key, TAB_LABELS[key], counts[key]) for key in UNIT_INBOX_TABS],
        "page": page,
        "rows": [_inbox_row(dispatch, now) for dispatch in page.object_list],
        "priority_first": priority_first,
        "sort": PRIORITY_SORT if priority_first else "",
    }
    return render(request, "workflow/console/unit_inbox.html", context)


# ---------------------------------------------------------------- the panel on a report's page


def _sub_units(user: User, dispatch: Dispatch) -> QuerySet[Unit]:
    """Where the liaison may pass this dispatch on to (see services.dispatch_reassign)."""
    reach = liaison_reach(user, dispatch.unit) - {dispatch.unit_id}
    return Unit.objects.filter(pk__in=reach, is_active=True).order_by("name", "pk")


def unit_panel(request: HttpRequest, complaint: Complaint) -> dict[str, Any]:
    """Context for the liaison's part of the report page (workflow/console/_unit_actions.html).

    Empty (`unit_dispatch` None) unless the user is a liaison of a unit that holds an active
    dispatch of the report. `?reply_template=<id>` fills the follow-up with that template
    (the way to use a template without JavaScript).
    """
    user = request.user
    dispatch = dispatch_of_liaison(user, complaint) if isinstance(user, User) else None
    if dispatch is None or not isinstance(user, User):
        return {"unit_dispatch": None}
    working = complaint.status in (Status.DISPATCHED, Status.IN_PROGRESS)
    templates = reply_templates_for(complaint.instansi_id)
    picked = request.GET.get("reply_template", "")
    text = next((t.text for t in templates if str(t.pk) == picked), "")
    sub_units = _sub_units(user, dispatch)
    return {
        "unit_dispatch": dispatch,
        "unit_number": complaint.tracking_number,
        "unit_is_working": working,
        "unit_on_hold": complaint.status == Status.ON_HOLD,
        "unit_can_accept": working and dispatch.status == DispatchStatus.PENDING,
        "unit_can_extend": (
            working and complaint.type == ReportType.INFO_REQUEST and not complaint.extension_reason
        ),
        "unit_reply_templates": templates,
        "unit_reply_template_picked": picked,
        "unit_hand_back_form": HandBackForm(auto_id="unit-return-%s"),
        "unit_followup_form": FollowupForm(
            initial={"text": text} if text else None, auto_id="unit-followup-%s"
        ),
        "unit_info_form": InfoRequestForm(auto_id="unit-hold-%s"),
        "unit_extend_form": ExtendForm(auto_id="unit-extend-%s"),
        "unit_resolve_form": ResolveForm(auto_id="unit-resolve-%s"),
        "unit_reassign_form": (
            ReassignForm(units=sub_units, auto_id="unit-reassign-%s")
            if sub_units.exists()
            else None
        ),
    }


# ---------------------------------------------------------------- the actions


def _report_url(complaint: Complaint) -> str:
    # To the message of what happened (at the top of the page), not past it to the panel.
    return reverse("workflow:console_report", args=[complaint.tracking_number]) + "#messages"


def _form_problem(form: forms.Form) -> str:
    """Every error of the form as one message, each naming its field."""
    problems = []
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        for error in errors:
            problems.append(f"{field.label}: {error}" if field is not None else str(error))
    return " ".join(problems)


def _act(
    request: HttpRequest,
    complaint: Complaint,
    form: forms.Form,
    action: Callable[[], object],
    done: str,
    *,
    then: str | None = None,
) -> HttpResponse:
    """Check the form's shape, run the one service, and go back to the report's page with
    what happened (PRG). A refusal changes nothing and says why."""
    if not form.is_valid():
        messages.error(request, _form_problem(form))
        return redirect(_report_url(complaint))
    try:
        action()
    except DomainError as error:
        messages.error(request, str(error))
        return redirect(_report_url(complaint))
    messages.success(request, done)
    return redirect(then or _report_url(complaint))


def _complaint(request: HttpRequest, number: str) -> Complaint:
    """The report through the access selector: 404 when the user may not see it."""
    return complaint_get_for_user(user=request.user, tracking_number=number)


def _actor(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # role_required let only a signed-in user through
    return user


@console_action
@role_required(Role.LIAISON)
def accept(request: HttpRequest, number: str) -> HttpResponse:
    complaint = _complaint(request, number)
    return _act(
        request,
        complaint,
        forms.Form(request.POST),
        lambda: services.dispatch_accept(actor=_actor(request), complaint=complaint),
        _("Your unit accepted the report."),
    )


@console_action
@role_required(Role.LIAISON)
def hand_back(request: HttpRequest, number: str) -> HttpResponse:
    complaint = _complaint(request, number)
    form = HandBackForm(request.POST)
    return _act(
        request,
        complaint,
        form,
        lambda: services.dispatch_return(
            actor=_actor(request), complaint=complaint, reason=form.cleaned_data["reason"]
        ),
        _("The report was handed back to the coordinator."),
        # Once handed back, the report is no longer the unit's to open.
        then=reverse("workflow:unit_inbox"),
    )


@console_action
@role_required(Role.LIAISON, Role.COORDINATOR)
def followup(request: HttpRequest, number: str) -> HttpResponse:
    complaint = _complaint(request, number)
    form = FollowupForm(request.POST, request.FILES)

    def add() -> object:
        public = form.is_public
        return services.followup_add(
            actor=_actor(request),
            complaint=complaint,
            text=form.cleaned_data["text"],
            is_public=public,
            attachments=form.cleaned_data["attachments"],
        )

    done = (
        _("Your reply was sent to the reporter.")
        if request.POST.get("visibility") != "internal"
        else _("Your internal note was added.")
    )
    return _act(request, complaint, form, add, done)


@console_action
@role_required(Role.LIAISON, Role.COORDINATOR)
def extend(request: HttpRequest, number: str) -> HttpResponse:
    complaint = _complaint(request, number)
    form = ExtendForm(request.POST)
    return _act(
        request,
        complaint,
        form,
        lambda: services.info_request_extend(
            actor=_actor(request), complaint=complaint, reason=form.cleaned_data["reason"]
        ),
        _("The deadline was extended by 7 working days."),
    )


@console_action
@role_required(Role.LIAISON, Role.COORDINATOR)
def resolve(request: HttpRequest, number: str) -> HttpResponse:
    complaint = _complaint(request, number)
    form = ResolveForm(request.POST, request.FILES)
    return _act(
        request,
        complaint,
        form,
        lambda: services.complaint_resolve(
            actor=_actor(request),
            complaint=complaint,
            summary=form.cleaned_data["summary"],
            attachments=form.cleaned_data["attachments"],
            cause=form.cleaned_data["cause"],
            improvement=form.cleaned_data["improvement"],
        ),
        _("The work was reported as done. The reporter is asked to confirm."),
    )


@console_action
@role_required(Role.LIAISON)
def reassign(request: HttpRequest, number: str) -> HttpResponse:
    complaint = _complaint(request, number)
    # The form checks only that the unit exists in this government; the service checks that
    # it lies under the liaison's unit.
    form = ReassignForm(request.POST, units=Unit.objects.filter(instansi_id=complaint.instansi_id))
    return _act(
        request,
        complaint,
        form,
        lambda: services.dispatch_reassign(
            actor=_actor(request),
            complaint=complaint,
            to_unit=form.cleaned_data["to_unit"],
            note=form.cleaned_data["note"],
        ),
        _("The report was passed on to the sub-unit."),
    )
