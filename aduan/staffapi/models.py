"""Tokens of the staff API (/api/v1/staff/): personal and application tokens."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from aduan.accounts.choices import Role
from aduan.organisation.models import Instansi, Unit
from aduan.staffapi.choices import TokenKind


class ApiToken(models.Model):
    """A bearer token that acts as `user` with exactly one role (in an instansi, or a unit).

    Personal tokens act for their owner, within one of the owner's memberships (checked on
    every call, so a removed membership disables the token). Application tokens act for an
    application's own account (`user`, made when the token is issued, with no password and
    no membership). Only the token's SHA-256 is stored; the token is shown once.
    """

    kind = models.CharField(_("kind"), max_length=12, choices=TokenKind.choices)
    name = models.CharField(_("name"), max_length=120)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_tokens"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    prefix = models.CharField(_("token begins with"), max_length=12, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("issued at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def via(self) -> str:
        """What the event log records for a call made with this token."""
        return f"token:{self.pk}"
