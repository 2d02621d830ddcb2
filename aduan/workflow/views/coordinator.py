"""The coordinator's inbox (/konsol/verifikasi/) and actions on one report (POST only).

Each action: parse the form → fetch the report through the access selector (404 for anyone who
may not see it) → call one service → redirect with a message (PRG). A form error or a refused
action re-renders the report page with the message and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from aduan.accounts.choices import Role
from aduan.complaints.choices import ArchiveReason, Channel, Status
from aduan.complaints.models import Complaint
from aduan.complaints.selectors import complaint_get_for_user
from aduan.core import clock
from aduan.core.errors import DomainError, ValidationFailed
from aduan.organisation.clocks import CLOCK_STATE_LABELS, ClockState
from aduan.organisation.decorators import role_required
from aduan.organisation.models import Instansi
from aduan.workflow import services
from aduan.workflow.forms.coordinator import (
    ArchiveForm,
    DispatchForm,
    EditForm,
    ForwardForm,
    HandleForm,
    HoldForm,
    MaskForm,
    MergeForm,
    PublishForm,
    ResumeForm,
    UnpublishForm,
    VerifyForm,
    publication,
)
from aduan.workflow.selectors import (
    INBOX_PAGE_SIZE,
    InboxRow,
    InboxTab,
    coordinator_instansi_of,
    coordinator_queue,
    possible_duplicates,
)
from aduan.workflow.views.actions import console_action
from aduan.workflow.views.console import ACTION_FORMS, _user, render_report

MAX_PAGE = 2000  # 100,000 reports deep; past that, narrow the list instead
# ?urut=prioritas: reports whose reporter asked for extra help first (GESI).
PRIORITY_SORT = "prioritas"


@dataclass(frozen=True)
class InboxLine:
    """What one row of the inbox shows, worked out once in Python: the page renders 50 of
    them, and a template include and two date filters per row cost more than the queries."""

    number: str
    url: str
    title: str
    details: str  # " · status · confidential · anonymous", as far as they apply
    category: str
    kecamatan: str
    channel: str
    received: str
    due: str
    state: str  # on_track / at_risk / breached, or "paused" when no clock runs
    state_label: str
    state_strong: bool  # breached and at risk are <strong>: not told by colour alone
    priority: bool  # the reporter asked for extra help


def _inbox_lines(rows: list[InboxRow], instansi: Instansi, tab: str) -> list[InboxLine]:
    zone = ZoneInfo(instansi.time_zone)
    days: dict[date, str] = {}

    def day(value: datetime | None) -> str:
        if value is None:
            return "—"
        local = value.astimezone(zone).date()
        if local not in days:
            days[local] = formats.date_format(local, "l, j F Y")
        return days[local]

    paused = _("Paused")
    confidential, anonymous = _("confidential"), _("anonymous")
    # The choices' labels once per page: get_FOO_display() hashes every lazy label per call.
    statuses = {value: str(label) for value, label in Status.choices}
    channels = {value: str(label) for value, label in Channel.choices}
    lines = []
    for row in rows:
        c = row.complaint
        details = [] if tab == InboxTab.SUBMITTED else [statuses.get(c.status, c.status)]
        details += [confidential] if c.is_confidential else []
        details += [anonymous] if c.is_anonymous else []
        lines.append(
            InboxLine(
                number=c.tracking_number,
                url=reverse("workflow:console_report", args=[c.tracking_number]),
                title=c.title,
                details="".join(f" · {d}" for d in details),
                category=c.category.name if c.category else "—",
                kecamatan=row.kecamatan.name if row.kecamatan else "—",
                channel=channels.get(c.channel, c.channel),
                received=day(c.submitted_at),
                due=day(row.due_at),
                state=str(row.state) if row.state else "paused",
                state_label=str(CLOCK_STATE_LABELS[row.state]) if row.state else paused,
                state_strong=row.state in (ClockState.BREACHED, ClockState.AT_RISK),
                priority=row.is_priority,
            )
        )
    return lines


def _page_number(raw: str | None) -> int:
    try:
        page = int(raw or 1)
    except ValueError:
        return 1
    return min(max(page, 1), MAX_PAGE)


@require_GET
@role_required(Role.COORDINATOR)
def coordinator_inbox(request: HttpRequest) -> HttpResponse:
    """New reports of the coordinator's government, the nearest verification deadline first."""
    governments = coordinator_instansi_of(request.user)
    if not governments:
        raise Http404
    chosen = request.GET.get("instansi")
    instansi = next((i for i in governments if i.code == chosen), governments[0])
    try:
        tab = InboxTab(request.GET.get("tab") or InboxTab.SUBMITTED)
    except ValueError:
        tab = InboxTab.SUBMITTED
    page = _page_number(request.GET.get("page"))
    priority_first = request.GET.get("urut") == PRIORITY_SORT
    rows = coordinator_queue(
        instansi=instansi,
        tab=tab,
        now=clock.now(),
        limit=INBOX_PAGE_SIZE + 1,
        offset=(page - 1) * INBOX_PAGE_SIZE,
        priority_first=priority_first,
    )
    return render(
        request,
        "workflow/console/coordinator_inbox.html",
        {
            "instansi": instansi,
            "governments": governments,
            "tab": tab,
            "tabs": [
                (InboxTab.SUBMITTED, _("To verify")),
                (InboxTab.ON_HOLD, _("On hold")),
                (InboxTab.OPEN, _("All open")),
            ],
            "rows": _inbox_lines(rows[:INBOX_PAGE_SIZE], instansi, tab),
            "page": page,
            "has_previous": page > 1,
            "has_next": len(rows) > INBOX_PAGE_SIZE and page < MAX_PAGE,
            "first_row": (page - 1) * INBOX_PAGE_SIZE + 1,
            "priority_first": priority_first,
            "sort": PRIORITY_SORT if priority_first else "",
        },
    )


# Service error codes that belong to a differently named form field.
_FIELD_OF_CODE = {"duplicate_of": "tracking_number", "original": "tracking_number"}


def _act(
    request: HttpRequest,
    number: str,
    form_name: str,
    run: Callable[[Complaint, Any], object],
    done: str,
    *,
    to_inbox: bool = False,
    form_kwargs: Callable[[Complaint], dict[str, Any]] | None = None,
) -> HttpResponse:
    """The shape of every action: form → access selector → one service → PRG."""
    complaint = complaint_get_for_user(user=request.user, tracking_number=number)
    form_class, prefix = ACTION_FORMS[form_name]
    extra = form_kwargs(complaint) if form_kwargs else {}
    form = form_class(request.POST, prefix=prefix, complaint=complaint, **extra)
    if not form.is_valid():
        return render_report(request, complaint, status=400, forms={form_name: form})
    try:
        run(complaint, form)
    except DomainError as error:
        field = _FIELD_OF_CODE.get(error.code, error.code)
        form.add_error(field if field in form.fields else None, str(error))
        return render_report(request, complaint, status=error.http_status, forms={form_name: form})
    messages.success(request, done)
    if to_inbox:
        return redirect("workflow:coordinator_inbox")
    return redirect(reverse("workflow:console_report", args=[complaint.tracking_number]))


@console_action
@role_required(Role.COORDINATOR)
def verify(request: HttpRequest, number: str) -> HttpResponse:
    def run(complaint: Complaint, form: VerifyForm) -> object:
        return services.complaint_verify(
            actor=_user(request),
            complaint=complaint,
            units=list(form.cleaned_data["units"]),
            instruction=form.cleaned_data["instruction"],
            **form.corrections(),
            **publication(form),
        )

    return _act(
        request, number, "verify_form", run, _("The report is verified and sent."), to_inbox=True
    )


@console_action
@role_required(Role.COORDINATOR)
def dispatch(request: HttpRequest, number: str) -> HttpResponse:
    def run(complaint: Complaint, form: DispatchForm) -> object:
        return services.complaint_dispatch(
            actor=_user(request),
            complaint=complaint,
            units=list(form.cleaned_data["units"]),
            instruction=form.cleaned_data["instruction"],
        )

    return _act(request, number, "dispatch_form", run, _("The report is sent to the units."))


@console_action
@role_required(Role.COORDINATOR)
def handle(request: HttpRequest, number: str) -> HttpResponse:
    def run(complaint: Complaint, form: HandleForm) -> object:
        return services.complaint_handle(
            actor=_user(request),
            complaint=complaint,
            category=form.cleaned_data["category"],
            note=form.cleaned_data["note"],
            **publication(form),
        )

    return _act(request, number, "handle_form", run, _("Your unit now handles the report."))


# Hold and resume: a liaison whose unit works on the report may use them too (the service
# checks the dispatch).


@console_action
@role_required(Role.COORDINATOR, Role.LIAISON)
def hold(request: HttpRequest, number: str) -> HttpResponse:
    def run(complaint: Complaint, form: HoldForm) -> object:
        return services.complaint_hold(
            actor=_user(request), complaint=complaint, question=form.cleaned_data["question"]
        )

    return _act(
        request, number, "hold_form", run, _("The report is on hold until the reporter answers.")
    )


@console_action
@role_required(Role.COORDINATOR, Role.LIAISON)
def resume(request: HttpRequest, number: str) -> HttpResponse:
    def run(complaint: Complaint, form: ResumeForm) -> object:
        return services.complaint_resume(
            actor=_user(request), complaint=complaint, note=form.cleaned_data["note"]
        )

    return _act(request, number, "resume_form", run, _("The report's clocks run again."))


@console_action
@role_required(Role.COORDINATOR)
def forward(request: HttpRequest, number: str) -> HttpResponse:
    def run(complaint: Complaint, form: ForwardForm) -> object:
        return services.complaint_forward(
            actor=_user(request),
            complaint=complaint,
            reason=form.cleaned_data["reason"],
            **form.destination_kwargs(),
        )

    return _act(request, number, "forward_form", run, _("The report is forwarded."), to_inbox=True)


@console_action
@role_required(Role.COORDINATOR)
def archive(request: HttpRequest, number: str) -> HttpResponse:
    def run(complaint: Complaint, form: ArchiveForm) -> object:
        return services.complaint_archive(
            actor=_user(request),
            complaint=complaint,
            reason=ArchiveReason(form.cleaned_data["reason"]),
            note=form.cleaned_data["note"],
        )

    return _act(request, number, "archive_form", run, _("The report is archived."), to_inbox=True)


@console_action
@role_required(Role.COORDINATOR)
def merge(request: HttpRequest, number: str) -> HttpResponse:
    def run(complaint: Complaint, form: MergeForm) -> object:
        try:
            original = complaint_get_for_user(
                user=request.user, tracking_number=form.cleaned_data["number"]
            )
        except Http404:
            raise ValidationFailed(
                _("No report of this government has that tracking number."), code="original"
            ) from None
        return services.complaint_merge(
            actor=_user(request),
            complaint=complaint,
            original=original,
            note=form.cleaned_data["note"],
        )

    return _act(
        request,
        number,
        "merge_form",
        run,
        _("The report is merged into its original and archived as a duplicate."),
        to_inbox=True,
        form_kwargs=lambda complaint: {"candidates": possible_duplicates(complaint)},
    )


@console_action
@role_required(Role.COORDINATOR)
def edit(request: HttpRequest, number: str) -> HttpResponse:
    def run(complaint: Complaint, form: EditForm) -> object:
        return services.complaint_edit(
            actor=_user(request), complaint=complaint, **form.corrections()
        )

    return _act(request, number, "edit_form", run, _("The report is updated."))


@console_action
@role_required()
def identity(request: HttpRequest, number: str) -> HttpResponse:
    """Show the reporter's full identity and the same person's other reports: the page is
    rendered in answer to this POST (never kept for a later GET), and the services log the
    view (of this report's reporter, and of each anonim report listed). Any staff member who
    may see the identity (the coordinator; a unit's liaison for a named reporter)."""
    complaint = complaint_get_for_user(user=request.user, tracking_number=number)
    user = _user(request)
    if complaint.reporter_id is None:
        messages.info(request, _("The reporter gave no identity."))
        return redirect(reverse("workflow:console_report", args=[complaint.tracking_number]))
    reporter = services.reporter_identity_view(actor=user, complaint=complaint)
    if reporter is None:  # an identity this user may not see: as if the page did not exist
        raise Http404
    others = services.reporter_other_reports_view(actor=user, complaint=complaint)
    return render_report(request, complaint, reporter=reporter, other_reports=others)


@console_action
@role_required(Role.COORDINATOR)
def publish(request: HttpRequest, number: str) -> HttpResponse:
    def run(complaint: Complaint, form: PublishForm) -> object:
        return services.complaint_publish(
            actor=_user(request),
            complaint=complaint,
            public_attachments=publication(form)["public_attachments"],
        )

    return _act(request, number, "publish_form", run, _("The report is now public."))


@console_action
@role_required(Role.COORDINATOR)
def unpublish(request: HttpRequest, number: str) -> HttpResponse:
    def run(complaint: Complaint, form: UnpublishForm) -> object:
        return services.complaint_unpublish(
            actor=_user(request), complaint=complaint, reason=form.cleaned_data["reason"]
        )

    return _act(
        request, number, "unpublish_form", run, _("The report is withdrawn from the public.")
    )


@console_action
@role_required(Role.COORDINATOR)
def mask(request: HttpRequest, number: str) -> HttpResponse:
    def run(complaint: Complaint, form: MaskForm) -> object:
        return services.complaint_mask(
            actor=_user(request), complaint=complaint, text=form.cleaned_data["text"]
        )

    return _act(request, number, "mask_form", run, _("The text is masked for the public."))


@console_action
@role_required(Role.COORDINATOR)
def unmask(request: HttpRequest, number: str) -> HttpResponse:
    """Undo a mask (the button by each masked piece posts its text)."""

    def run(complaint: Complaint, form: MaskForm) -> object:
        return services.complaint_unmask(
            actor=_user(request), complaint=complaint, text=form.cleaned_data["text"]
        )

    return _act(
        request, number, "unmask_form", run, _("The mask is undone: the public reads this text.")
    )
