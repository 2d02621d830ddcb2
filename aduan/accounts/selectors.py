"""Reads of accounts: who is signing in, whether they need a second factor, the sign-in log."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q, QuerySet
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from aduan.accounts.choices import SignInEventKind
from aduan.accounts.models import SignInEvent, User
from aduan.core import clock

FAILURE_KINDS = (SignInEventKind.FAILURE, SignInEventKind.TOTP_FAILURE)


def user_for_identifier(identifier: str) -> User | None:
    """The account named by a username, or else by an email address (case-insensitive).

    A name or address shared by two accounts names none of them: better a refused sign-in
    than the wrong person's account.
    """
    name = identifier.strip()
    if not name:
        return None
    exact = User.objects.filter(username=name).first()
    if exact is not None:
        return exact
    matches = list(User.objects.filter(Q(username__iexact=name) | Q(email__iexact=name))[:2])
    return matches[0] if len(matches) == 1 else None


def user_active(*, user_id: int) -> User | None:
    return User.objects.filter(pk=user_id, is_active=True).first()


def requires_second_factor(user: User) -> bool:
    """Everybody who holds a staff role (or may open the admin) signs in with TOTP too.

    The memberships are read through the reverse relation, so accounts does not import
    organisation (the dependency direction of docs/architecture.md).
    """
    return user.is_staff or user.is_superuser or user.memberships.exists()


def totp_device_confirmed(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def totp_device_pending(user: User) -> TOTPDevice | None:
    """The device of an enrolment that has not been confirmed with a code yet."""
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()


def recovery_codes_left(user: User) -> int:
    return int(StaticToken.objects.filter(device__user=user, device__confirmed=True).count())


def recovery_device(user: User) -> StaticDevice | None:
    return StaticDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def sign_in_locked(*, user: User | None, username_tried: str, ip: str | None) -> bool:
    """True while the account (or the name tried) or the address has too many recent failures.

    Failures older than ADUAN_LOGIN_LOCKOUT_MINUTES do not count, so a lock ends by itself.
    A successful sign-in clears the account's count, not the address's (one valid account
    must not let an address go on guessing others). A name that matches no account locks
    the same way, so a lock never tells whether an account exists.
    """
    limit = settings.ADUAN_LOGIN_MAX_FAILURES
    if limit <= 0:
        return False
    since = clock.now() - timedelta(minutes=settings.ADUAN_LOGIN_LOCKOUT_MINUTES)
    failures = SignInEvent.objects.filter(kind__in=FAILURE_KINDS, created_at__gte=since)
    if user is not None:
        last_success = (
            SignInEvent.objects.filter(user=user, kind=SignInEventKind.SUCCESS)
            .order_by("-created_at")
            .values_list("created_at", flat=True)
            .first()
        )
        account = failures.filter(user=user)
        if last_success is not None:
            account = account.filter(created_at__gt=last_success)
    else:
        account = failures.filter(user=None, username_tried=username_tried)
    if account.count() >= limit:
        return True
    return bool(ip) and failures.filter(ip=ip).count() >= limit


def sign_in_events(
    *,
    user: User | None = None,
    ip: str | None = None,
    kinds: tuple[str, ...] = (),
    since: datetime | None = None,
    until: datetime | None = None,
) -> QuerySet[SignInEvent]:
    """The sign-in log, newest first, for the auditor; each filter narrows it."""
    events = SignInEvent.objects.select_related("user").order_by("-created_at", "-id")
    if user is not None:
        events = events.filter(user=user)
    if ip:
        events = events.filter(ip=ip)
    if kinds:
        events = events.filter(kind__in=kinds)
    if since is not None:
        events = events.filter(created_at__gte=since)
    if until is not None:
        events = events.filter(created_at__lt=until)
    return events
