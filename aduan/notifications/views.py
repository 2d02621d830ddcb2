"""The staff console's notifications (/konsol/notifikasi/): what the worker wrote for the
signed-in staff member, newest first, with a way to mark them read."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from aduan.accounts.choices import Role
from aduan.accounts.models import User
from aduan.core import clock
from aduan.notifications.choices import EscalationLevel
from aduan.notifications.models import Escalation
from aduan.notifications.selectors import (
    console_notifications_of,
    console_unread_count,
    escalations_visible_to,
)
from aduan.notifications.services import console_notifications_mark_read
from aduan.organisation.decorators import role_required
from aduan.reporting.exports import export_format, export_response, local_time
from aduan.reporting.oversight import EXPORT_MAX_ROWS

PAGE_SIZE = 50


class EscalationFilterForm(forms.Form):
    level = forms.ChoiceField(
        label=gettext_lazy("Level"),
        required=False,
        choices=[("", gettext_lazy("Breached and escalated")), *EscalationLevel.choices],
    )


class MarkReadForm(forms.Form):
    """One message (`id`) or, without it, every unread message."""

    id = forms.IntegerField(required=False, min_value=1)


@require_GET
@role_required()
def console_list(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    unread_only = request.GET.get("unread") == "1"
    page = Paginator(console_notifications_of(user=user, unread_only=unread_only), PAGE_SIZE)
    return render(
        request,
        "notifications/console_list.html",
        {
            "page": page.get_page(request.GET.get("page")),
            "unread_only": unread_only,
            "unread_count": console_unread_count(user=user),
        },
    )


@require_POST
@role_required()
def console_mark_read(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = MarkReadForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("That message could not be found."))
        return redirect("notifications:console_list")
    one = form.cleaned_data["id"]
    changed = console_notifications_mark_read(user=user, ids=None if one is None else [one])
    if one is None:
        messages.success(request, _("All messages are marked as read."))
    elif changed == 0:
        messages.error(request, _("That message could not be found."))
    return redirect("notifications:console_list")


# Without a filter the list shows what needs a leader's attention: breaches and escalations
# (reminders before a deadline and warnings to reporters are there on request).
DEFAULT_LEVELS = (EscalationLevel.BREACHED, EscalationLevel.ESCALATED)


@require_GET
@role_required(Role.COORDINATOR, Role.LEADER, Role.AUDITOR)
def escalations(request: HttpRequest) -> HttpResponseBase:
    """Oversight: every clock the sweep acted on, for the reports of the user's scope; also as
    CSV or XLSX (`?format=`), with no reporter identity."""
    user: User = request.user  # type: ignore[assignment]
    form = EscalationFilterForm(request.GET)
    level = form.cleaned_data["level"] if form.is_valid() else ""
    rows = escalations_visible_to(user=user, levels=[level] if level else DEFAULT_LEVELS)
    fmt = export_format(request.GET.get("format"))
    if fmt and form.is_valid():
        return export_response(
            fmt=fmt,
            filename=f"eskalasi-{clock.now():%Y%m%d}",
            title=_("Escalations"),
            header=[
                _("When"),
                _("Report"),
                _("Title"),
                _("Deadline"),
                _("Level"),
                _("Unit"),
                _("Due"),
                _("Status now"),
            ],
            rows=(
                [
                    local_time(e.created_at, _zone(e)),
                    e.complaint.tracking_number,
                    e.complaint.title,
                    e.get_clock_display(),
                    e.get_level_display(),
                    e.dispatch.unit.name if e.dispatch else "",
                    local_time(e.due_at, _zone(e)),
                    e.complaint.get_status_display(),
                ]
                for e in rows[:EXPORT_MAX_ROWS].iterator(chunk_size=2000)
            ),
        )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    status = 200 if form.is_valid() else 400
    query = request.GET.copy()
    for key in ("format", "page"):
        query.pop(key, None)
    return render(
        request,
        "notifications/escalations.html",
        {"form": form, "page": page, "level": level, "query": query.urlencode()},
        status=status,
    )


def _zone(escalation: Escalation) -> ZoneInfo:
    return ZoneInfo(escalation.complaint.instansi.time_zone)
