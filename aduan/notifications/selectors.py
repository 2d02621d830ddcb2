"""Reads for notifications: who gets a staff message, and a staff user's console list."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import QuerySet

from aduan.accounts.choices import Role
from aduan.accounts.models import User
from aduan.complaints.selectors import complaints_visible_to
from aduan.notifications.choices import NotifyChannel
from aduan.notifications.models import Escalation, Notification
from aduan.organisation.models import Membership


def notifications_for_user(*, user: User, limit: int = 50) -> QuerySet[Notification]:
    """The user's console notifications, newest first (the staff console shows them)."""
    return console_notifications_of(user=user)[:limit]


def console_notifications_of(*, user: User, unread_only: bool = False) -> QuerySet[Notification]:
    """All of the user's console notifications, newest first, with their report's number.

    Only the user's own rows: a console message is addressed to one staff member, and its text
    was written for that member's role (a liaison's never names an anonim reporter).
    """
    rows = Notification.objects.filter(recipient_user=user, channel=NotifyChannel.CONSOLE)
    if unread_only:
        rows = rows.filter(read_at__isnull=True)
    return rows.select_related("complaint").order_by("-created_at", "-pk")


def escalations_visible_to(
    *, user: User, levels: Iterable[str] | None = None
) -> QuerySet[Escalation]:
    """What the clock sweep acted on, for the reports the user may see; newest first.

    Scope is the access selector's (a unit-limited leader sees its units' reports only).
    """
    rows = Escalation.objects.filter(complaint__in=complaints_visible_to(user))
    if levels:
        rows = rows.filter(level__in=list(levels))
    return rows.select_related(
        "complaint", "complaint__instansi", "dispatch", "dispatch__unit"
    ).order_by("-created_at", "-id")


def console_unread_count(*, user: User) -> int:
    return console_notifications_of(user=user, unread_only=True).count()


@dataclass
class Staffing:
    """Active staff of some instansi by role, loaded in one query per sweep or batch."""

    liaisons: dict[int, list[User]] = field(default_factory=lambda: defaultdict(list))
    unit_leaders: dict[int, list[User]] = field(default_factory=lambda: defaultdict(list))
    leaders: dict[int, list[User]] = field(default_factory=lambda: defaultdict(list))
    coordinators: dict[int, list[User]] = field(default_factory=lambda: defaultdict(list))
    auditors: dict[int, list[User]] = field(default_factory=lambda: defaultdict(list))


def staffing_of(instansi_ids: Iterable[int]) -> Staffing:
    staffing = Staffing()
    rows = Membership.objects.filter(
        instansi_id__in=list(instansi_ids), user__is_active=True
    ).select_related("user")
    for m in rows.order_by("pk"):
        if m.role == Role.LIAISON and m.unit_id is not None:
            staffing.liaisons[m.unit_id].append(m.user)
        elif m.role == Role.LEADER:
            if m.unit_id is None:
                staffing.leaders[m.instansi_id].append(m.user)
            else:
                staffing.unit_leaders[m.unit_id].append(m.user)
        elif m.role == Role.COORDINATOR:
            staffing.coordinators[m.instansi_id].append(m.user)
        elif m.role == Role.AUDITOR:
            staffing.auditors[m.instansi_id].append(m.user)
    return staffing
