"""Writes of accounts: every step of signing in and out, each recorded as a SignInEvent.

A refused step still writes its event (failure, lockout): the event is committed in its own
short transaction and the refusal is raised after it, so the rollback of a raised error can
never erase the trace of a guess. Password hashing runs outside any transaction: on SQLite a
transaction holds the write lock, and a slow hash must not make other writers wait.

The lock is checked before the attempt and counted after it; two guesses racing in the same
instant may both be counted and both be answered, which a limit of a few tries tolerates.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import authenticate
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from aduan.accounts import selectors, twofactor
from aduan.accounts.choices import SignInEventKind
from aduan.accounts.models import SignInEvent, User
from aduan.core import clock
from aduan.core.errors import DomainError, RateLimited


class SignInFailed(DomainError):
    """Wrong password or unknown account: the same message for both (no account discovery)."""

    code = "sign_in_failed"


class SignInLocked(RateLimited):
    """Too many recent failures for this account or address."""

    code = "sign_in_locked"


class CodeRefused(DomainError):
    """A verification or recovery code that is wrong, expired or already used."""

    code = "code_refused"


@dataclass(frozen=True)
class PasswordChecked:
    """The password step passed. Staff still owe the second factor; nobody is signed in yet."""

    user: User
    needs_second_factor: bool
    enrolled: bool


def _name_tried(identifier: str) -> str:
    return identifier.strip().lower()[:254]


def _ip_or_none(ip: str) -> str | None:
    try:
        return str(ipaddress.ip_address(ip.strip()))
    except ValueError:
        return None


def _lock_error() -> SignInLocked:
    minutes = settings.ADUAN_LOGIN_LOCKOUT_MINUTES
    return SignInLocked(
        ngettext(
            "Too many failed attempts. Signing in is paused for %(minutes)d minute; "
            "please try again later.",
            "Too many failed attempts. Signing in is paused for %(minutes)d minutes; "
            "please try again later.",
            minutes,
        )
        % {"minutes": minutes}
    )


@transaction.atomic
def sign_in_event_record(
    *, kind: SignInEventKind, user: User | None, username_tried: str, ip: str
) -> SignInEvent:
    """Append one row to the sign-in log (the only code that writes it)."""
    return SignInEvent.objects.create(
        kind=kind,
        user=user,
        username_tried=username_tried,
        ip=_ip_or_none(ip),
        created_at=clock.now(),
    )


def _refuse_if_locked(*, user: User | None, username_tried: str, ip: str) -> None:
    if selectors.sign_in_locked(user=user, username_tried=username_tried, ip=_ip_or_none(ip)):
        sign_in_event_record(
            kind=SignInEventKind.LOCKOUT, user=user, username_tried=username_tried, ip=ip
        )
        raise _lock_error()


@transaction.atomic
def _failure_record(
    *, kind: SignInEventKind, user: User | None, username_tried: str, ip: str
) -> bool:
    """Record a failure; when it starts a lock, record the lockout too. True if now locked."""
    sign_in_event_record(kind=kind, user=user, username_tried=username_tried, ip=ip)
    if not selectors.sign_in_locked(user=user, username_tried=username_tried, ip=_ip_or_none(ip)):
        return False
    sign_in_event_record(
        kind=SignInEventKind.LOCKOUT, user=user, username_tried=username_tried, ip=ip
    )
    return True


def sign_in_password(*, identifier: str, password: str, ip: str) -> PasswordChecked:
    """Check the first factor. Records a success for a citizen (who is then done).

    Raises SignInLocked before checking anything while a lock holds, SignInFailed for a wrong
    password or unknown account (and SignInLocked when that failure starts a lock).
    """
    username_tried = _name_tried(identifier)
    claimed = selectors.user_for_identifier(identifier)
    _refuse_if_locked(user=claimed, username_tried=username_tried, ip=ip)
    user = authenticate(None, username=identifier, password=password)
    if not isinstance(user, User):
        if _failure_record(
            kind=SignInEventKind.FAILURE, user=claimed, username_tried=username_tried, ip=ip
        ):
            raise _lock_error()
        raise SignInFailed(_("The username, email address or password is not correct."))
    needs_second_factor = selectors.requires_second_factor(user)
    if not needs_second_factor:
        sign_in_event_record(
            kind=SignInEventKind.SUCCESS, user=user, username_tried=username_tried, ip=ip
        )
    return PasswordChecked(
        user=user,
        needs_second_factor=needs_second_factor,
        enrolled=selectors.totp_device_confirmed(user) is not None,
    )


def _code_refused(*, user: User, ip: str) -> DomainError:
    """Record a refused code; the error to raise (a lock when this failure starts one)."""
    if _failure_record(
        kind=SignInEventKind.TOTP_FAILURE, user=user, username_tried=user.username.lower(), ip=ip
    ):
        return _lock_error()
    return CodeRefused(
        _(
            "The code is not correct or has already been used. Wait for the next code in your "
            "app and check that your phone's clock is right."
        )
    )


def sign_in_totp(*, user: User, code: str, ip: str) -> TOTPDevice:
    """Check the 6-digit code of the user's authenticator app (one step of drift either way).

    django-otp remembers the time step of the last accepted code, so a code cannot be used
    twice, and locks the device row while checking, so two requests cannot both use it.
    """
    _refuse_if_locked(user=user, username_tried=user.username.lower(), ip=ip)
    with transaction.atomic():
        devices = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True)
        verified = next((d for d in devices if d.verify_token(code)), None)
        if verified is not None:
            sign_in_event_record(
                kind=SignInEventKind.SUCCESS, user=user, username_tried=user.username.lower(), ip=ip
            )
            return verified
    raise _code_refused(user=user, ip=ip)


def sign_in_recovery(*, user: User, code: str, ip: str) -> StaticDevice:
    """Accept one of the user's recovery codes instead of the app's code; each works once."""
    _refuse_if_locked(user=user, username_tried=user.username.lower(), ip=ip)
    hashed = twofactor.recovery_code_hash(
        user_id=user.pk, code=twofactor.recovery_code_normalise(code)
    )
    with transaction.atomic():
        devices = StaticDevice.objects.select_for_update().filter(user=user, confirmed=True)
        verified = next((d for d in devices if d.verify_token(hashed)), None)
        if verified is not None:
            for kind in (SignInEventKind.RECOVERY_USED, SignInEventKind.SUCCESS):
                sign_in_event_record(
                    kind=kind, user=user, username_tried=user.username.lower(), ip=ip
                )
            return verified
    raise _code_refused(user=user, ip=ip)


@transaction.atomic
def totp_enrolment_start(*, user: User) -> TOTPDevice:
    """The unconfirmed device whose secret the enrolment page shows (the same on a reload)."""
    device = selectors.totp_device_pending(user)
    if device is not None:
        return device
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


@dataclass(frozen=True)
class Enrolled:
    """A confirmed authenticator and the recovery codes, in clear text this one time only."""

    device: TOTPDevice
    recovery_codes: list[str]


def totp_enrolment_confirm(*, user: User, code: str, ip: str) -> Enrolled:
    """Confirm the pending device with a code from the app; this also signs the user in.

    Replaces any earlier recovery codes with ten new ones, stored hashed.
    """
    _refuse_if_locked(user=user, username_tried=user.username.lower(), ip=ip)
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, confirmed=False)
            .order_by("-pk")
            .first()
        )
        if device is not None and device.verify_token(code):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=user, confirmed=False).delete()
            codes = _recovery_codes_replace(user=user)
            for kind in (SignInEventKind.ENROLLED, SignInEventKind.SUCCESS):
                sign_in_event_record(
                    kind=kind, user=user, username_tried=user.username.lower(), ip=ip
                )
            return Enrolled(device=device, recovery_codes=codes)
    raise _code_refused(user=user, ip=ip)


def _recovery_codes_replace(*, user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="recovery", confirmed=True)
    codes = [twofactor.recovery_code_new() for _ in range(twofactor.RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(
        StaticToken(device=device, token=twofactor.recovery_code_hash(user_id=user.pk, code=c))
        for c in codes
    )
    return codes


def sign_out_record(*, user: User, ip: str) -> SignInEvent:
    """Log a sign-out (the view ends the session)."""
    return sign_in_event_record(
        kind=SignInEventKind.LOGOUT, user=user, username_tried=user.username.lower(), ip=ip
    )
