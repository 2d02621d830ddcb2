"""Start-up checks (`aduan check --deploy` shows them with Django's own)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register


@register(Tags.security, deploy=True)
def check_sqlite_in_production(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    messages: list[CheckMessage] = []
    if not settings.SESSION_COOKIE_SECURE:
        messages.append(
            Warning(
                "Cookies are sent over plain HTTP.",
                hint="Serve the site over HTTPS and set HTTPS=true.",
                id="aduan.W001",
            )
        )
    return messages
