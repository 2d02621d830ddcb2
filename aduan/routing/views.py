"""The coordinator accepts a routing suggestion: verify and dispatch in one action."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aduan.accounts.choices import Role
from aduan.accounts.models import User
from aduan.complaints.selectors import complaint_get_for_user
from aduan.core.errors import DomainError
from aduan.organisation.decorators import role_required
from aduan.routing import services


@require_POST
@role_required(Role.COORDINATOR)
def accept(request: HttpRequest, number: str) -> HttpResponse:
    complaint = complaint_get_for_user(user=request.user, tracking_number=number)
    user = request.user
    assert isinstance(user, User)  # role_required let only a signed-in user through
    try:
        rank = int(request.POST.get("rank", "0"))
    except ValueError:
        rank = -1
    try:
        services.suggestion_accept(actor=user, complaint=complaint, rank=rank)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect(reverse("workflow:console_report", args=[complaint.tracking_number]))
    messages.success(request, _("The report is verified and sent."))
    return redirect("workflow:coordinator_inbox")
