"""Issuing and revoking staff API tokens.

A token is shown once, when it is issued; only its SHA-256 is kept. The token rows are never
deleted, so who issued which token, when, and when it was revoked stays on record (and every
call made with a token is attributed to it in the report's event log: `ComplaintEvent.via`).
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils.translation import gettext as _

from aduan.accounts.choices import Role
from aduan.accounts.models import User
from aduan.core import clock
from aduan.core.errors import PermissionDenied, ValidationFailed
from aduan.organisation.models import Instansi, Membership, Unit
from aduan.organisation.selectors import has_role
from aduan.staffapi.choices import TokenKind
from aduan.staffapi.models import ApiToken

logger = logging.getLogger(__name__)

TOKEN_PREFIX = "adn_"  # noqa: S105 (a visible prefix, not a secret)
MAX_DAYS = 365
# The roles a token may carry: the staff roles that read or act on reports.
TOKEN_ROLES = (Role.COORDINATOR, Role.LIAISON, Role.OPERATOR, Role.LEADER, Role.AUDITOR)


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _check_scope(*, role: str, instansi: Instansi, unit: Unit | None, days: int) -> None:
    if role not in TOKEN_ROLES:
        raise ValidationFailed(_("A token may carry a staff role only."), code="role")
    if unit is not None and unit.instansi_id != instansi.pk:
        raise ValidationFailed(_("Choose a unit of this government."), code="unit")
    if role == Role.LIAISON and unit is None:
        raise ValidationFailed(_("A liaison token needs its unit."), code="unit")
    if not 1 <= days <= MAX_DAYS:
        raise ValidationFailed(
            _("A token lasts from 1 to %(max)s days.") % {"max": MAX_DAYS}, code="days"
        )


def _new(
    *,
    kind: TokenKind,
    name: str,
    user: User,
    role: str,
    instansi: Instansi,
    unit: Unit | None,
    days: int,
    actor: User,
) -> tuple[ApiToken, str]:
    if not name.strip():
        raise ValidationFailed(_("Give the token a name."), code="name")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = clock.now()
    token = ApiToken.objects.create(
        kind=kind,
        name=name.strip()[:120],
        user=user,
        role=role,
        instansi=instansi,
        unit=unit,
        prefix=raw[:12],
        key_hash=token_hash(raw),
        created_at=now,
        created_by=actor,
        expires_at=now + timedelta(days=days),
    )
    logger.info("api token %s (%s, %s) issued by %s", token.pk, kind, role, actor.pk)
    return token, raw


@transaction.atomic
def personal_token_issue(
    *, actor: User, name: str, membership: Membership, days: int = 90
) -> tuple[ApiToken, str]:
    """A token that acts for `actor` with one of the actor's own roles, and the token itself."""
    if membership.user_id != actor.pk:
        raise PermissionDenied(_("You can issue a token only for a role you hold."))
    _check_scope(
        role=membership.role, instansi=membership.instansi, unit=membership.unit, days=days
    )
    return _new(
        kind=TokenKind.PERSONAL,
        name=name,
        user=actor,
        role=membership.role,
        instansi=membership.instansi,
        unit=membership.unit,
        days=days,
        actor=actor,
    )


def _is_administrator(actor: User, instansi: Instansi) -> bool:
    return actor.is_superuser or has_role(actor, (Role.SYSADMIN,), instansi_id=instansi.pk)


@transaction.atomic
def application_token_issue(
    *,
    actor: User,
    name: str,
    role: str,
    instansi: Instansi,
    unit: Unit | None = None,
    days: int = 365,
) -> tuple[ApiToken, str]:
    """A token for another application (an OPD's own system), acting as the application's own
    account with one role; issued by an administrator. Returns the row and the token."""
    if not _is_administrator(actor, instansi):
        raise PermissionDenied(_("Only an administrator can issue application tokens."))
    _check_scope(role=role, instansi=instansi, unit=unit, days=days)
    account = User(
        username=f"app-{secrets.token_hex(6)}",
        first_name=name.strip()[:150],
        is_active=True,
    )
    account.set_unusable_password()  # it never signs in to the site
    account.save()
    return _new(
        kind=TokenKind.APPLICATION,
        name=name,
        user=account,
        role=role,
        instansi=instansi,
        unit=unit,
        days=days,
        actor=actor,
    )


@transaction.atomic
def token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    """Revoke a token at once: its owner, or an administrator of its government."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    own = token.kind == TokenKind.PERSONAL and token.user_id == actor.pk
    if not own and not _is_administrator(actor, token.instansi):
        raise PermissionDenied(_("Only the token's owner or an administrator can revoke it."))
    if token.revoked_at is None:
        token.revoked_at = clock.now()
        token.save(update_fields=["revoked_at"])
        logger.info("api token %s revoked by %s", token.pk, actor.pk)
    return token
