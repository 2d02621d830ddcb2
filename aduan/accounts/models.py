from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from aduan.accounts.choices import SignInEventKind


class User(AbstractUser):
    """A person who signs in: staff (with memberships) or a citizen with an account."""

    phone = models.CharField(_("phone"), max_length=20, blank=True)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        default="id",
        choices=[("id", "Indonesia"), ("en", "English")],
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class SignInEvent(models.Model):
    """One step of signing in or out, for the auditor. Append-only: written by accounts.services.

    `user` is empty when the name tried matches no account. It is SET_NULL, not PROTECT, so an
    account can still be erased on request (UU 27/2022); the name tried stays in the row.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sign_in_events",
    )
    username_tried = models.CharField(_("username tried"), max_length=254, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=SignInEventKind.choices)
    created_at = models.DateTimeField(_("time"))

    class Meta:
        verbose_name = _("sign-in event")
        verbose_name_plural = _("sign-in events")
        ordering = ["-created_at", "-id"]
        # The lockout counts: recent failures of one account, one name tried, one address.
        indexes = [
            models.Index(fields=["user", "created_at"], name="signin_user_time"),
            models.Index(fields=["username_tried", "created_at"], name="signin_name_time"),
            models.Index(fields=["ip", "created_at"], name="signin_ip_time"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.kind} {self.username_tried}"
