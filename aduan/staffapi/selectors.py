"""Reads of staff API tokens: the token behind a request, and a user's own tokens."""

from __future__ import annotations

from datetime import timedelta

from django.http import Http404

from aduan.accounts.models import User
from aduan.core import clock
from aduan.organisation.models import Membership
from aduan.organisation.selectors import Grant, grants_pin
from aduan.staffapi.choices import TokenKind
from aduan.staffapi.models import ApiToken
from aduan.staffapi.services import token_hash

# last_used_at is written at most this often per token, not on every call.
USE_RECORDED_EVERY = timedelta(minutes=1)


def token_authenticate(raw: str) -> ApiToken | None:
    """The live token with this value, its user held to the token's one role
    (`grants_pin`); None for an unknown, revoked or expired token, an inactive account, or a
    personal token whose owner no longer holds the role."""
    if not raw:
        return None
    token = (
        ApiToken.objects.select_related("user", "instansi", "unit")
        .filter(key_hash=token_hash(raw))
        .first()
    )
    now = clock.now()
    if token is None or token.revoked_at is not None or token.expires_at <= now:
        return None
    if not token.user.is_active:
        return None
    if token.kind == TokenKind.PERSONAL:
        held = Membership.objects.filter(
            user_id=token.user_id, role=token.role, instansi_id=token.instansi_id
        )
        held = (
            held.filter(unit__isnull=True)
            if token.unit_id is None
            else held.filter(unit_id=token.unit_id)
        )
        if not held.exists():
            return None
    grants_pin(token.user, [Grant(token.role, token.instansi_id, token.unit_id)])
    if token.last_used_at is None or now - token.last_used_at > USE_RECORDED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


def tokens_of(user: User) -> list[ApiToken]:
    """The user's personal tokens, newest first (revoked and expired ones too)."""
    return list(
        ApiToken.objects.filter(user=user, kind=TokenKind.PERSONAL)
        .select_related("instansi", "unit")
        .order_by("-created_at", "-pk")
    )


def token_of_user(user: User, pk: int) -> ApiToken:
    try:
        return ApiToken.objects.select_related("instansi").get(
            pk=pk, user=user, kind=TokenKind.PERSONAL
        )
    except ApiToken.DoesNotExist:
        raise Http404 from None


def memberships_of(user: User) -> list[Membership]:
    return list(
        Membership.objects.filter(user=user).select_related("instansi", "unit").order_by("pk")
    )
