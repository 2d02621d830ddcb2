"""The staff console: the start page, the page of one report, attachment downloads.

The report page serves every staff role that may open the report (the access selector
answers 404 to anyone else). What each viewer sees beyond the report itself depends on the
role: the coordinator's actions (coordinator.py), the unit's actions (unit.py, included), and
the reporter's identity only through `identity_visible_to` and the logged identity view.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from aduan.accounts.choices import Role
from aduan.accounts.models import User
from aduan.complaints.choices import ACTIVE_DISPATCH_STATUSES, OPEN_STATUSES, EventKind, Status
from aduan.complaints.models import Complaint, ComplaintEvent, Reporter
from aduan.complaints.selectors import (
    attachment_get_for_user,
    attachments_of,
    complaint_get_for_user,
    identity_visible_to,
)
from aduan.core import clock
from aduan.core.http import stored_file_response
from aduan.organisation.decorators import role_required
from aduan.organisation.selectors import has_role, unit_ids_for_role
from aduan.workflow import services
from aduan.workflow.forms.coordinator import (
    ArchiveForm,
    DispatchForm,
    EditForm,
    ForwardForm,
    HandleForm,
    HoldForm,
    IdentityForm,
    MergeForm,
    ResumeForm,
    VerifyForm,
)
from aduan.workflow.forms.unit import FollowupForm
from aduan.workflow.selectors import (
    clocks_of,
    console_summary,
    dispatches_of,
    kecamatan_of,
    personal_data_in,
    possible_duplicates,
    reporter_other_reports,
    staff_events_of,
)
from aduan.workflow.views import unit

# The forms of the report page: context name → (class, prefix). The prefix keeps the ids of
# fields with the same name (note, category) apart when several forms share the page.
# The hold form has none: the unit's panel (_unit_actions.html) posts `question` to the same view.
ACTION_FORMS: dict[str, tuple[type[Any], str | None]] = {
    "verify_form": (VerifyForm, "verify"),
    "dispatch_form": (DispatchForm, "dispatch"),
    "handle_form": (HandleForm, "handle"),
    "hold_form": (HoldForm, None),
    "resume_form": (ResumeForm, "resume"),
    "forward_form": (ForwardForm, "forward"),
    "archive_form": (ArchiveForm, "archive"),
    "merge_form": (MergeForm, "merge"),
    "edit_form": (EditForm, "edit"),
}


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # role_required let only a signed-in user through
    return user


@require_GET
@role_required()
def console_home(request: HttpRequest) -> HttpResponse:
    """What to do next, per role held: counts with links to the lists."""
    summary = console_summary(_user(request), now=clock.now())
    return render(request, "workflow/console/home.html", {"summary": summary})


def _allowed_actions(
    complaint: Complaint, *, is_coordinator: bool, handles_it: bool
) -> dict[str, bool]:
    """Which action forms to show. The services still decide; this only hides what would be
    refused anyway."""
    status = complaint.status
    new = status == Status.SUBMITTED
    return {
        "verify_form": is_coordinator and new,
        "handle_form": is_coordinator and new,
        "dispatch_form": is_coordinator
        and status in (Status.DISPATCHED, Status.IN_PROGRESS)
        and complaint.verified_at is not None,
        # A unit asks from its own panel (_unit_actions.html); it may resume here.
        "hold_form": is_coordinator
        and status in (Status.SUBMITTED, Status.DISPATCHED, Status.IN_PROGRESS),
        "resume_form": (is_coordinator or handles_it) and status == Status.ON_HOLD,
        "forward_form": is_coordinator and new,
        "archive_form": is_coordinator and status in (Status.SUBMITTED, Status.ON_HOLD),
        "merge_form": is_coordinator and status in (Status.SUBMITTED, Status.ON_HOLD),
        "edit_form": is_coordinator and status in OPEN_STATUSES,
    }


# Event details worth showing in the staff timeline: key of `event.new` → label.
_EVENT_DETAILS = {
    "title": gettext_lazy("New title"),
    "type": gettext_lazy("Type"),
    "is_anonymous": gettext_lazy("Anonymous"),
    "is_confidential": gettext_lazy("Confidential"),
    "reason": gettext_lazy("Reason"),
    "duplicate_of": gettext_lazy("Duplicate of"),
    "duplicate": gettext_lazy("Merged duplicate"),
    "to": gettext_lazy("Sent to"),
    "new_tracking_number": gettext_lazy("Tracking number there"),
    "paused_working_days": gettext_lazy("Working days on hold"),
}


def _event_details(event: ComplaintEvent) -> list[tuple[str, str]]:
    details = []
    for key, label in _EVENT_DETAILS.items():
        if key in event.new:
            value = event.new[key]
            if isinstance(value, bool):
                value = _("yes") if value else _("no")
            details.append((str(label), str(value)))
    if event.kind == EventKind.EDITED and "category" in event.new:
        details.append((_("Category"), _("changed")))
    return details


def render_report(
    request: HttpRequest,
    complaint: Complaint,
    *,
    status: int = 200,
    forms: dict[str, Any] | None = None,
    reporter: Reporter | None = None,
) -> HttpResponse:
    """The report page, optionally with a bound form (errors) or a just-revealed identity."""
    user = _user(request)
    now = clock.now()
    instansi = complaint.instansi
    is_coordinator = has_role(user, (Role.COORDINATOR,), instansi_id=complaint.instansi_id)
    liaison_units = unit_ids_for_role(user, Role.LIAISON, instansi_id=complaint.instansi_id)
    dispatches = dispatches_of(complaint)
    handles_it = any(
        d.unit_id in liaison_units and d.status in ACTIVE_DISPATCH_STATUSES for d in dispatches
    )

    # The identity: a named reporter is shown to whoever may see it; an anonim one only after
    # the coordinator pressed "show identity" (the POST that logs it passes `reporter`).
    identity_allowed = identity_visible_to(user, complaint)
    if reporter is None and identity_allowed and not complaint.is_anonymous:
        reporter = services.reporter_identity_view(actor=user, complaint=complaint)
    other_reports = (
        reporter_other_reports(user=user, complaint=complaint) if reporter is not None else []
    )

    allowed = _allowed_actions(complaint, is_coordinator=is_coordinator, handles_it=handles_it)
    duplicates = possible_duplicates(complaint) if is_coordinator else []
    given = forms or {}
    shown: dict[str, Any] = {}
    for name, (form_class, prefix) in ACTION_FORMS.items():
        if name in given:
            shown[name] = given[name]
        elif allowed[name]:
            extra = {"candidates": duplicates} if name == "merge_form" else {}
            shown[name] = form_class(prefix=prefix, complaint=complaint, **extra)
    failed = next(iter(given.values()), None)
    if is_coordinator and complaint.status == Status.RESOLVED:
        shown["coordinator_reply_form"] = FollowupForm(auto_id="reply-%s")

    personal_data = None
    if is_coordinator and not complaint.is_confidential and complaint.status in OPEN_STATUSES:
        personal_data = personal_data_in(f"{complaint.title}\n{complaint.description}")

    region = complaint.region
    events = staff_events_of(complaint)
    context: dict[str, Any] = {
        "complaint": complaint,
        "instansi": instansi,
        "kecamatan": kecamatan_of(region) if region is not None else None,
        "attachments": attachments_of(complaint),
        "map_tiles_url": settings.ADUAN_MAP_TILES_URL,
        "dispatches": dispatches,
        "clocks": clocks_of(complaint, now=now),
        "events": [(event, _event_details(event)) for event in events],
        "is_coordinator": is_coordinator,
        "is_liaison": bool(liaison_units),
        "identity_allowed": identity_allowed,
        "reporter": reporter,
        "other_reports": other_reports,
        "duplicates": duplicates,
        "personal_data": personal_data,
        "identity_form": IdentityForm() if is_coordinator else None,
        "failed_form": failed,
        "has_actions": bool(shown),
        **shown,
    }
    if context["is_liaison"]:
        context.update(unit.unit_panel(request, complaint))
    response = render(request, "workflow/console/report.html", context, status=status)
    if reporter is not None and complaint.is_anonymous:
        response["Cache-Control"] = "no-store"
    return response


@require_GET
@role_required()
def console_report(request: HttpRequest, number: str) -> HttpResponse:
    complaint = complaint_get_for_user(user=request.user, tracking_number=number)
    return render_report(request, complaint)


@require_GET
@role_required()
def console_attachment(request: HttpRequest, pk: int) -> FileResponse:
    """The file, only for staff who may open its report; always a download, never inline."""
    attachment = attachment_get_for_user(user=request.user, pk=pk)
    response = stored_file_response(
        attachment.file,
        content_type=attachment.content_type,
        filename=attachment.original_name,
        inline=False,
    )
    response["Cache-Control"] = "private, no-store"
    return response
