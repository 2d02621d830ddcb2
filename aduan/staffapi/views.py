"""/konsol/token/: a staff member's personal access tokens for the staff API.

The token is shown once, in the answer to the POST that issued it (never kept for a later
GET); the list shows only each token's first characters.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from aduan.accounts.models import User
from aduan.core import clock
from aduan.core.errors import DomainError
from aduan.organisation.decorators import STAFF_ROLES, role_required
from aduan.staffapi import selectors, services
from aduan.staffapi.forms import PersonalTokenForm


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # role_required let only a signed-in user through
    return user


def _page(
    request: HttpRequest, form: PersonalTokenForm, *, issued: str = "", status: int = 200
) -> HttpResponse:
    return render(
        request,
        "staffapi/tokens.html",
        {
            "form": form,
            "tokens": selectors.tokens_of(_user(request)),
            "issued": issued,
            "now": clock.now(),
        },
        status=status,
    )


def _memberships(user: User) -> list:  # type: ignore[type-arg]
    return [m for m in selectors.memberships_of(user) if m.role in STAFF_ROLES]


@require_http_methods(["GET", "POST"])
@role_required()
def tokens(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    memberships = _memberships(user)
    if request.method == "GET":
        return _page(request, PersonalTokenForm(memberships=memberships))
    form = PersonalTokenForm(request.POST, memberships=memberships)
    if not form.is_valid():
        return _page(request, form, status=400)
    try:
        _token, raw = services.personal_token_issue(
            actor=user,
            name=form.cleaned_data["name"],
            membership=form.cleaned_data["membership"],
            days=form.cleaned_data["days"],
        )
    except DomainError as error:
        form.add_error(None, str(error))
        return _page(request, form, status=error.http_status)
    return _page(request, PersonalTokenForm(memberships=memberships), issued=raw)


@require_POST
@role_required()
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = selectors.token_of_user(_user(request), pk)
    services.token_revoke(actor=_user(request), token=token)
    messages.success(request, _("The token is revoked."))
    return redirect("staffapi:tokens")
