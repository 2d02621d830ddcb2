"""Service improvements proposed when reports were resolved (/konsol/perbaikan/): listed per
unit, decided by the leader, reported done by the unit. POST actions redirect back (PRG)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from aduan.accounts.choices import Role
from aduan.accounts.models import User
from aduan.complaints.choices import ImprovementStatus
from aduan.core.errors import DomainError
from aduan.organisation.decorators import role_required
from aduan.organisation.selectors import grants_of, unit_ids_for_role
from aduan.workflow import services
from aduan.workflow.forms.unit import ImprovementDecisionForm, ImprovementDoneForm
from aduan.workflow.selectors import improvement_get_for_user, improvements_visible_to

ROLES = (Role.COORDINATOR, Role.LEADER, Role.AUDITOR, Role.LIAISON)


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


@require_GET
@role_required(*ROLES)
def improvements(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    rows = improvements_visible_to(user).select_related("unit", "complaint")
    status = request.GET.get("status", "")
    if status in ImprovementStatus.values:
        rows = rows.filter(status=status)
    listed = list(rows.order_by("unit__name", "-proposed_at", "pk")[:500])
    leader_units = unit_ids_for_role(user, Role.LEADER)
    leader_wide = {
        g.instansi_id for g in grants_of(user) if g.role == Role.LEADER and not g.unit_id
    }
    liaison_units = unit_ids_for_role(user, Role.LIAISON)
    context = {
        "rows": [
            {
                "item": i,
                "may_decide": i.status == ImprovementStatus.PROPOSED
                and (i.unit_id in leader_units or i.unit.instansi_id in leader_wide),
                "may_complete": i.status == ImprovementStatus.APPROVED
                and i.unit_id in liaison_units,
            }
            for i in listed
        ],
        "statuses": ImprovementStatus.choices,
        "status": status,
        "decision_form": ImprovementDecisionForm(auto_id=False),
        "done_form": ImprovementDoneForm(auto_id=False),
    }
    return render(request, "workflow/console/improvements.html", context)


def _back(request: HttpRequest, done: str | None, error: str | None) -> HttpResponse:
    if error:
        messages.error(request, error)
    elif done:
        messages.success(request, done)
    return redirect(reverse("workflow:improvements"))


@require_POST
@role_required(Role.LEADER)
def improvement_decide(request: HttpRequest, pk: int) -> HttpResponse:
    improvement = improvement_get_for_user(user=request.user, pk=pk)
    form = ImprovementDecisionForm(request.POST)
    if not form.is_valid():
        return _back(request, None, _("Choose a decision."))
    try:
        services.improvement_decide(
            actor=_user(request),
            improvement=improvement,
            approve=form.cleaned_data["decision"] == "approve",
            note=form.cleaned_data["note"],
        )
    except DomainError as error:
        return _back(request, None, str(error))
    return _back(request, _("The decision was recorded."), None)


@require_POST
@role_required(Role.LIAISON)
def improvement_complete(request: HttpRequest, pk: int) -> HttpResponse:
    improvement = improvement_get_for_user(user=request.user, pk=pk)
    form = ImprovementDoneForm(request.POST)
    if not form.is_valid():
        return _back(request, None, _("Write what was done."))
    try:
        services.improvement_complete(
            actor=_user(request), improvement=improvement, note=form.cleaned_data["note"]
        )
    except DomainError as error:
        return _back(request, None, str(error))
    return _back(request, _("The improvement was reported done."), None)
