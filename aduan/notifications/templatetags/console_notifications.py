"""The signed-in staff member's unread console messages, for pages of other apps (the
console's start page and navigation), which may not import this app's Python code."""

from __future__ import annotations

from typing import Any

from django import template

from aduan.accounts.models import User
from aduan.notifications.models import Notification
from aduan.notifications.selectors import console_notifications_of, console_unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context: dict[str, Any], limit: int = 5) -> list[Notification]:
    user = context["request"].user
    if not isinstance(user, User):
        return []
    return list(console_notifications_of(user=user, unread_only=True)[:limit])


@register.simple_tag(takes_context=True)
def unread_notification_count(context: dict[str, Any]) -> int:
    user = context["request"].user
    return console_unread_count(user=user) if isinstance(user, User) else 0
