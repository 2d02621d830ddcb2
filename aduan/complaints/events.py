"""The append-only, hash-chained event log of a report.

`event_record` is the only writer of ComplaintEvent rows (submission calls its two halves,
`event_new` and `event_write`, on either side of opening its transaction); services call it
inside their transaction, after locking the report. `verify_chain` re-computes a report's chain.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connections, transaction

from aduan.accounts.models import User
from aduan.complaints.choices import ActorKind, EventKind
from aduan.complaints.models import Complaint, ComplaintEvent
from aduan.core.inserts import insert
from aduan.organisation.models import Unit


def _digest(event: ComplaintEvent) -> str:
    body = {
        # The tracking number, not the row id, so the first event can be hashed before the
        # report row exists (submission writes both in one go).
        "complaint": event.complaint.tracking_number,
        "seq": event.seq,
        "kind": event.kind,
        "actor": event.actor_id,
        "actor_kind": event.actor_kind,
        "unit": event.unit_id,
        "created_at": event.created_at.timestamp(),
        "old": event.old,
        "new": event.new,
        "note": event.note,
        "is_public": event.is_public,
    }
    if event.via:
        # Only when set, so the chains of events written before the column existed still hold.
        body["via"] = event.via
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256((event.prev_hash + canonical).encode()).hexdigest()


# The attribute a request's actor carries when it acts through a staff API token.
_VIA_ATTRIBUTE = "_aduan_via"


def acting_via(actor: User, via: str) -> User:
    """Mark `actor` (this request's user object) as acting through `via` ("token:12"): every
    event it causes records it (`ComplaintEvent.via`). The mark lives on the object, so it
    ends with the request that loaded it."""
    setattr(actor, _VIA_ATTRIBUTE, via[:40])
    return actor


def event_new(
    *,
    complaint: Complaint,
    kind: EventKind,
    actor: User | None,
    actor_kind: ActorKind,
    at: datetime,
    unit: Unit | None = None,
    old: dict[str, Any] | None = None,
    new: dict[str, Any] | None = None,
    note: str = "",
    is_public: bool = False,
) -> ComplaintEvent:
    """The report's next event, hashed onto its chain but not written (`event_write` writes it).

    Moves the report's chain tail (`event_count`, `last_event_hash`) in memory; the caller
    saves them with its own write of the report.
    """
    event = ComplaintEvent(
        complaint=complaint,
        seq=complaint.event_count + 1,
        kind=kind,
        actor=actor,
        actor_kind=actor_kind,
        unit=unit,
        created_at=at,
        old=old or {},
        new=new or {},
        note=note,
        is_public=is_public,
        via=getattr(actor, _VIA_ATTRIBUTE, "") if actor is not None else "",
        prev_hash=complaint.last_event_hash,
    )
    event.hash = _digest(event)
    complaint.event_count = event.seq
    complaint.last_event_hash = event.hash
    return event


def event_write(*, complaint: Complaint, event: ComplaintEvent) -> ComplaintEvent:
    """Insert an event made by `event_new`, and the report first when it is new (submission:
    its chain tail is already set, so filing costs no extra UPDATE)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("events are written inside the service's transaction")
    if complaint._state.adding:
        insert(complaint)
    event.complaint = complaint
    insert(event)
    return event


def event_record(
    *,
    complaint: Complaint,
    kind: EventKind,
    actor: User | None,
    actor_kind: ActorKind,
    at: datetime,
    unit: Unit | None = None,
    old: dict[str, Any] | None = None,
    new: dict[str, Any] | None = None,
    note: str = "",
    is_public: bool = False,
) -> ComplaintEvent:
    """Append one event to the report's chain: `event_new`, then `event_write`.

    The caller holds the report's row lock and saves `event_count` and `last_event_hash`
    with its own update of the report.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("event_record must run inside the service's transaction")
    event = event_new(
        complaint=complaint,
        kind=kind,
        actor=actor,
        actor_kind=actor_kind,
        at=at,
        unit=unit,
        old=old,
        new=new,
        note=note,
        is_public=is_public,
    )
    return event_write(complaint=complaint, event=event)


@dataclass(frozen=True)
class ChainProblem:
    complaint_id: int
    tracking_number: str
    seq: int | None
    problem: str


def verify_chain(
    complaint: Complaint, events: Iterable[ComplaintEvent] | None = None
) -> list[ChainProblem]:
    """Every break in one report's chain: altered rows, gaps, a missing tail.

    `events`, when given, are the report's events in seq order (batch verification).
    """
    problems: list[ChainProblem] = []

    def fail(seq: int | None, text: str) -> None:
        problems.append(ChainProblem(complaint.pk, complaint.tracking_number, seq, text))

    if events is None:
        events = complaint.events.order_by("seq").iterator()
    prev_hash = ""
    expected_seq = 1
    for event in events:
        event.complaint = complaint
        if event.seq != expected_seq:
            fail(expected_seq, f"event {expected_seq} is missing")
            expected_seq = event.seq
        if event.prev_hash != prev_hash:
            fail(event.seq, "does not follow the previous event (a row was removed or inserted)")
        if _digest(event) != event.hash:
            fail(event.seq, "content was altered after it was written")
        prev_hash = event.hash
        expected_seq += 1
    if expected_seq - 1 != complaint.event_count or prev_hash != complaint.last_event_hash:
        fail(None, "the last events are missing or the chain's tail was changed")
    return problems


def verify_all(batch_size: int = 1000) -> Iterator[ChainProblem]:
    """Verify every report, a batch of reports and their events per two queries."""
    last_pk = 0
    while True:
        batch = list(
            Complaint.objects.filter(pk__gt=last_pk)
            .order_by("pk")
            .only("pk", "tracking_number", "event_count", "last_event_hash")[:batch_size]
        )
        if not batch:
            return
        by_complaint: dict[int, list[ComplaintEvent]] = {c.pk: [] for c in batch}
        for event in ComplaintEvent.objects.filter(
            complaint_id__gte=batch[0].pk, complaint_id__lte=batch[-1].pk
        ).order_by("complaint_id", "seq"):
            by_complaint[event.complaint_id].append(event)
        for complaint in batch:
            yield from verify_chain(complaint, by_complaint[complaint.pk])
        last_pk = batch[-1].pk


_SQLITE_APPEND_ONLY = """
CREATE TRIGGER IF NOT EXISTS complaints_event_no_update BEFORE UPDATE ON complaints_complaintevent
BEGIN SELECT RAISE(ABORT, 'complaint events are append-only'); END;
"""


def append_only_trigger_repair(*, using: str = "default") -> bool:
    """Put back SQLite's append-only trigger (migration 0002) if a table rebuild dropped it.

    SQLite rebuilds a table for most schema changes and loses its triggers on the way; this
    runs after every `migrate` (complaints.apps). Returns whether it was missing.
    """
    db = connections[using]
    if db.vendor != "sqlite":
        return False
    with db.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = %s",
            ["complaints_event_no_update"],
        )
        if cursor.fetchone()[0]:
            return False
        cursor.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = %s",
            ["complaints_complaintevent"],
        )
        if not cursor.fetchone()[0]:
            return False  # not migrated yet
        cursor.execute(_SQLITE_APPEND_ONLY)
    return True
