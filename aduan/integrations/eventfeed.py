"""Reading the event log in order, for integrations that turn events into outbox rows
(webhooks, SP4N-LAPOR!): the same cursor logic as `notifications_from_events`.

A cursor row (each integration has its own model with `last_event_id` and `gaps`) is locked
by the caller inside its transaction; `advance` returns the ids to handle now and moves the
cursor in memory; the caller writes its rows and saves the cursor in the same transaction, so
a crash redoes the batch (the callers' unique keys make that harmless).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Protocol

from django.conf import settings

from aduan.complaints.models import ComplaintEvent

MAX_GAPS = 1000


class EventCursorRow(Protocol):
    last_event_id: int
    gaps: Any


def nothing_new(cursor: EventCursorRow | None) -> bool:
    """True when nothing waits: answered without a write transaction (most polls)."""
    return (
        cursor is not None
        and not cursor.gaps
        and not ComplaintEvent.objects.filter(pk__gt=cursor.last_event_id).exists()
    )


def advance(cursor: EventCursorRow, *, now: datetime, batch: int) -> set[int]:
    """The ids of the events to handle now: the next `batch` after the cursor, and any skipped
    id that has appeared since (PostgreSQL hands out ids before the commit, so a skipped id is
    remembered and looked at again until the worker lease has passed)."""
    lease = timedelta(seconds=settings.ADUAN_WORKER_LEASE_SECONDS)
    ids = list(
        ComplaintEvent.objects.filter(pk__gt=cursor.last_event_id)
        .order_by("pk")
        .values_list("pk", flat=True)[:batch]
    )
    gaps: dict[str, str] = dict(cursor.gaps)
    if ids:
        seen = set(ids)
        for missing in range(cursor.last_event_id + 1, ids[-1]):
            if missing not in seen and len(gaps) < MAX_GAPS:
                gaps.setdefault(str(missing), now.isoformat())
    late = set(
        ComplaintEvent.objects.filter(pk__in=[int(k) for k in gaps]).values_list("pk", flat=True)
    )
    for pk in late:
        gaps.pop(str(pk), None)
    cursor.gaps = {k: v for k, v in gaps.items() if datetime.fromisoformat(v) > now - lease}
    cursor.last_event_id = max([cursor.last_event_id, *ids])
    return set(ids) | late
