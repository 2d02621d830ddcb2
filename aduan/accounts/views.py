"""Sign-in pages. Staff pass two steps; only after the second is the session signed in.

Between the steps the session holds a *pending* sign-in (user id, target, start time), never
Django's authenticated user, so every @login_required view stays closed until the end.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.models import Device

from aduan.accounts import selectors, services, twofactor
from aduan.accounts.forms import RecoveryForm, SignInForm, TotpForm
from aduan.accounts.models import User
from aduan.core import clock
from aduan.core.errors import DomainError
from aduan.core.http import client_ip

_T = TypeVar("_T")

PENDING_SESSION_KEY = "accounts_pending_sign_in"
# The second step must follow the first within this time, or it starts again from the password.
PENDING_SECONDS = 10 * 60
BACKEND = "aduan.accounts.backends.UsernameOrEmailBackend"


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _staff_landing(next_url: str) -> str:
    """Where staff go after the second step: the `next` they asked for, unless that is only
    the citizen's front door (the default "/", or the report form), which sends them to the
    console. Only staff pass a second step, so every caller here is staff."""
    front_doors = {resolve_url(settings.LOGIN_REDIRECT_URL), "/", reverse("complaints:report")}
    if next_url in front_doors:
        return reverse("workflow:console_home")
    return next_url


def _pending_start(request: HttpRequest, user: User, next_url: str) -> None:
    request.session.cycle_key()  # a new session id once the password is known (fixation)
    request.session[PENDING_SESSION_KEY] = {
        "user_id": user.pk,
        "next": next_url,
        "at": clock.now().timestamp(),
    }


def _pending(request: HttpRequest) -> tuple[User, str] | None:
    data: dict[str, Any] | None = request.session.get(PENDING_SESSION_KEY)
    if not data:
        return None
    if clock.now().timestamp() - float(data["at"]) > PENDING_SECONDS:
        del request.session[PENDING_SESSION_KEY]
        return None
    user = selectors.user_active(user_id=int(data["user_id"]))
    if user is None:
        del request.session[PENDING_SESSION_KEY]
        return None
    return user, str(data["next"])


def _sign_in_complete(request: HttpRequest, user: User, device: Device) -> None:
    auth_login(request, user, backend=BACKEND)
    otp_login(request, device)  # marks the session verified for django-otp (and the admin)
    request.session.pop(PENDING_SESSION_KEY, None)


def _restart(request: HttpRequest) -> HttpResponse:
    """No sign-in is pending: a signed-in user (the back button, a bookmark, a second tab) goes
    on to where they were going; anyone else starts again from the password."""
    user = request.user
    if user.is_authenticated:
        verified = getattr(user, "is_verified", lambda: False)()
        next_url = _next_url(request)
        return HttpResponseRedirect(_staff_landing(next_url) if verified else next_url)
    messages.error(request, _("Your sign-in has expired. Please sign in again."))
    return redirect("accounts:login")


@never_cache
@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    next_url = _next_url(request)
    form = SignInForm(request.POST if request.method == "POST" else None)
    status = 200
    if form.is_bound and not form.is_valid():
        status = 400
    elif form.is_bound:
        try:
            checked = services.sign_in_password(
                identifier=form.cleaned_data["identifier"],
                password=form.cleaned_data["password"],
                ip=client_ip(request),
            )
        except DomainError as exc:
            form.add_error(None, str(exc.message))
            status = exc.http_status
        else:
            if not checked.needs_second_factor:
                auth_login(request, checked.user, backend=BACKEND)
                return HttpResponseRedirect(next_url)
            _pending_start(request, checked.user, next_url)
            return redirect("accounts:verify" if checked.enrolled else "accounts:enrol")
    return render(request, "accounts/sign_in.html", {"form": form, "next": next_url}, status=status)


def _code_step(form: forms.Form, check: Callable[[str], _T]) -> tuple[_T | None, int]:
    """The second-factor steps' shared handling: validate the one `code` field, run `check` on
    it, and turn a refusal (wrong code, lockout) into that field's error and HTTP status."""
    if not form.is_bound:
        return None, 200
    if not form.is_valid():
        return None, 400
    try:
        return check(form.cleaned_data["code"]), 200
    except DomainError as exc:
        form.add_error("code", str(exc.message))
        return None, exc.http_status


@never_cache
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    pending = _pending(request)
    if pending is None:
        return _restart(request)
    user, next_url = pending
    if selectors.totp_device_confirmed(user) is None:
        return redirect("accounts:enrol")
    form = TotpForm(request.POST if request.method == "POST" else None)
    device, status = _code_step(
        form, lambda code: services.sign_in_totp(user=user, code=code, ip=client_ip(request))
    )
    if device is not None:
        _sign_in_complete(request, user, device)
        return HttpResponseRedirect(_staff_landing(next_url))
    return render(request, "accounts/verify.html", {"form": form}, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def recovery(request: HttpRequest) -> HttpResponse:
    pending = _pending(request)
    if pending is None:
        return _restart(request)
    user, next_url = pending
    form = RecoveryForm(request.POST if request.method == "POST" else None)
    device, status = _code_step(
        form, lambda code: services.sign_in_recovery(user=user, code=code, ip=client_ip(request))
    )
    if device is not None:
        _sign_in_complete(request, user, device)
        left = selectors.recovery_codes_left(user)
        messages.warning(
            request,
            _(
                "You signed in with a recovery code; %(left)d codes are left. If your "
                "phone is lost, ask the system administrator to reset your authenticator."
            )
            % {"left": left},
        )
        return HttpResponseRedirect(_staff_landing(next_url))
    return render(request, "accounts/recovery.html", {"form": form}, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def enrol(request: HttpRequest) -> HttpResponse:
    pending = _pending(request)
    if pending is None:
        return _restart(request)
    user, next_url = pending
    # Once an app is set up, only its code (or a recovery code) gets in: knowing the password
    # must never be enough to set up another one.
    if selectors.totp_device_confirmed(user) is not None:
        return redirect("accounts:verify")
    form = TotpForm(request.POST if request.method == "POST" else None)
    enrolled, status = _code_step(
        form,
        lambda code: services.totp_enrolment_confirm(user=user, code=code, ip=client_ip(request)),
    )
    if enrolled is not None:
        _sign_in_complete(request, user, enrolled.device)
        # Shown in this response only: the codes are stored hashed and never again in clear.
        codes = [twofactor.recovery_code_display(c) for c in enrolled.recovery_codes]
        return render(
            request,
            "accounts/recovery_codes.html",
            {"codes": codes, "next": _staff_landing(next_url)},
        )
    device = services.totp_enrolment_start(user=user)
    context = {
        "form": form,
        "qr_svg": twofactor.qr_svg(device.config_url),
        "secret": twofactor.totp_secret_display(device.bin_key),
    }
    return render(request, "accounts/enrol.html", context, status=status)


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    if isinstance(request.user, User):
        services.sign_out_record(user=request.user, ip=client_ip(request))
    auth_logout(request)
    messages.success(request, _("You have signed out."))
    return redirect("accounts:login")
