"""Sign in with a username or an email address (case-insensitive) and a password."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from aduan.accounts.models import User
from aduan.accounts.selectors import user_for_identifier


class UsernameOrEmailBackend(ModelBackend):
    """ModelBackend that also accepts the account's email address in the username field."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if username is None or password is None:
            return None
        user = user_for_identifier(username)
        if user is None:
            # Hash anyway, so an unknown name takes as long as a wrong password (Django's
            # ModelBackend does the same against timing-based account discovery).
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
