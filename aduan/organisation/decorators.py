"""Access to the staff console (/konsol/): signed in with both factors, and holding a role.

`role_required(Role.COORDINATOR, ...)` guards a console view. Someone signed in without the
role gets 404, as for a report they may not see (an outsider learns nothing about the
console's pages); someone not signed in, or staff signed in with the password only, goes to
the sign-in page. The roles the user holds (anywhere) are put on `request.console_roles` for the
console's navigation.

Which *reports* a user may open is still decided by the access selectors of
`complaints.selectors`; this only guards the pages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, TypeVar, cast

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponseBase

from aduan.accounts.choices import Role
from aduan.organisation.selectors import grants_of

_View = TypeVar("_View", bound=Callable[..., HttpResponseBase])

STAFF_ROLES = frozenset({Role.COORDINATOR, Role.LIAISON, Role.OPERATOR, Role.LEADER, Role.AUDITOR})


def console_roles_of(request: HttpRequest) -> frozenset[str]:
    """The staff roles of the signed-in user, anywhere in the deployment."""
    return frozenset(g.role for g in grants_of(request.user)) & STAFF_ROLES


def role_required(*roles: Role | str) -> Callable[[_View], _View]:
    """Guard a console view: both factors passed, and one of `roles` (any staff role if none)."""
    wanted: Iterable[str] = frozenset(roles) or STAFF_ROLES

    def decorate(view: _View) -> _View:
        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            held = console_roles_of(request)
            if not held & set(wanted):
                raise Http404
            if not user.is_verified():  # type: ignore[attr-defined]
                # Staff signed in with the password only: finish the second factor first.
                return redirect_to_login(request.get_full_path())
            request.console_roles = held  # type: ignore[attr-defined]
            return view(request, *args, **kwargs)

        return cast(_View, guarded)

    return decorate
