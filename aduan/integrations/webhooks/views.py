"""/konsol/webhook/: a coordinator's view of the government's webhooks and their delivery
log, with a replay button for each finished delivery."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from aduan.accounts.choices import Role
from aduan.accounts.models import User
from aduan.core.errors import DomainError
from aduan.integrations.webhooks import selectors, services
from aduan.organisation.decorators import role_required
from aduan.workflow.selectors import coordinator_instansi_of


def _governments(request: HttpRequest) -> set[int]:
    """The governments where the user is a coordinator (with or without a unit: Diskominfo)."""
    ids = {i.pk for i in coordinator_instansi_of(request.user)}
    if not ids:
        raise Http404
    return ids


@require_GET
@role_required(Role.COORDINATOR)
def deliveries(request: HttpRequest) -> HttpResponse:
    ids = _governments(request)
    return render(
        request,
        "webhooks/deliveries.html",
        {
            "subscriptions": selectors.subscriptions_of(instansi_ids=ids),
            "deliveries": selectors.deliveries_of(instansi_ids=ids),
        },
    )


@require_POST
@role_required(Role.COORDINATOR)
def replay(request: HttpRequest, pk: int) -> HttpResponse:
    delivery = selectors.delivery_of(instansi_ids=_governments(request), pk=pk)
    actor = request.user
    assert isinstance(actor, User)
    try:
        services.delivery_replay(actor=actor, delivery=delivery)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The message is queued to be sent again."))
    return redirect("webhooks:deliveries")
