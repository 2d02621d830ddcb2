"""The append-only, hash-chained event log of a report.

`event_record` is the only writer of ComplaintEvent rows (submission calls its two halves,
`event_new` and `event_write`, on either side of opening its transaction); services call it
inside their transaction, after locking the report. `verify_chain` re-computes a report's chain.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connections, transaction

from aduan.accounts.models import User
from aduan.complaints.choices import ActorKind, Audience, EventKind
from aduan.complaints.models import Complaint, ComplaintEvent
from aduan.core.inserts import insert
from aduan.organisation.models import Unit

# The fields of an event that its digest covers, each with the digest version that added it.
# A field added to ComplaintEvent that belongs to the record is one line here with the next
# version number (e.g. ("audience", 2)): rows written before keep their version and verify as
# written; new rows cover the new field too.
EVENT_DIGEST_FIELDS: tuple[tuple[str, int], ...] = (
    ("complaint", 0),
    ("seq", 0),
    ("kind", 0),
    ("actor", 0),
    ("actor_kind", 0),
    ("unit", 0),
    ("created_at", 0),
    ("old", 0),
    ("new", 0),
    ("note", 0),
    ("is_public", 0),
    ("audience", 2),
    ("note_audience", 2),
    ("via", 3),
)
# Version 0: the rows written before the log was keyed (no `v` in the body, no mac).
# Version 1: keyed, the fields up to is_public. Version 2: also who may read the entry and its
# note (publication, issue 14). Version 3: also how the actor acted (`via`: a staff API token).
# New rows get the highest.
DIGEST_VERSION = max(1, *(since for _, since in EVENT_DIGEST_FIELDS))


# Foreign keys are covered by their id.
_COLUMNS = {"actor": "actor_id", "unit": "unit_id"}


def _field_value(event: ComplaintEvent, name: str) -> Any:
    if name == "complaint":
        # The tracking number, not the row id, so the first event can be hashed before the
        # report row exists (submission writes both in one go).
        return event.complaint.tracking_number
    if name == "created_at":
        return event.created_at.timestamp()
    return getattr(event, _COLUMNS.get(name, name))


def digest_body(event: ComplaintEvent) -> dict[str, Any]:
    """The canonical content of an event that its hash covers (its digest version's fields)."""
    version = event.digest_version
    body = {
        name: _field_value(event, name) for name, since in EVENT_DIGEST_FIELDS if since <= version
    }
    if version >= 1:
        body["v"] = version
    return body


def chain_hash(prev_hash: str, body: dict[str, Any]) -> str:
    """sha256 of the previous event's hash and the canonical JSON of this event's body."""
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256((prev_hash + canonical).encode()).hexdigest()


def event_log_key() -> bytes:
    key = settings.EVENT_LOG_KEY
    if not key:
        raise ImproperlyConfigured("EVENT_LOG_KEY is empty: the event log cannot be sealed")
    return str(key).encode()


def event_mac(event_hash: str, key: bytes | None = None) -> str:
    """HMAC-SHA256 of an event's hash with the event log key (a secret outside the database)."""
    return hmac.new(key or event_log_key(), event_hash.encode(), hashlib.sha256).hexdigest()


def _digest(event: ComplaintEvent) -> str:
    return chain_hash(event.prev_hash, digest_body(event))


# How many readers each audience has: a note is never shown wider than its entry.
_AUDIENCE_WIDTH = {Audience.STAFF: 0, Audience.REPORTER: 1, Audience.PUBLIC: 2}


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
    audience: Audience | None = None,
    note_audience: Audience | None = None,
) -> ComplaintEvent:
    """The report's next event, hashed onto its chain but not written (`event_write` writes it).

    Moves the report's chain tail (`event_count`, `last_event_hash`) in memory; the caller
    saves them with its own write of the report.

    `audience` (who reads the entry) defaults to public when `is_public`, else staff;
    `note_audience` (who reads its note) to the entry's, and is never wider than it.
    """
    if audience is None:
        audience = Audience.PUBLIC if is_public else Audience.STAFF
    if note_audience is None or _AUDIENCE_WIDTH[note_audience] > _AUDIENCE_WIDTH[audience]:
        note_audience = audience
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
        is_public=audience == Audience.PUBLIC,
        audience=audience,
        note_audience=note_audience,
        via=getattr(actor, _VIA_ATTRIBUTE, "") if actor is not None else "",
        prev_hash=complaint.last_event_hash,
        digest_version=DIGEST_VERSION,
    )
    event.hash = _digest(event)
    event.mac = event_mac(event.hash)
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
    audience: Audience | None = None,
    note_audience: Audience | None = None,
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
        audience=audience,
        note_audience=note_audience,
    )
    return event_write(complaint=complaint, event=event)


@dataclass(frozen=True)
class ChainProblem:
    complaint_id: int
    tracking_number: str
    seq: int | None
    problem: str


def verify_chain(
    complaint: Complaint,
    events: Iterable[ComplaintEvent] | None = None,
    *,
    sealed_unkeyed: int | None = None,
    key: bytes | None = None,
) -> list[ChainProblem]:
    """Every break in one report's chain: altered rows, rows without a valid seal (mac), gaps,
    a missing tail.

    `events`, when given, are the report's events in seq order (batch verification).
    `sealed_unkeyed`: how many of the report's events the first checkpoint sealed (0 when it
    did not list the report); an unkeyed (version 0) event beyond it was written after the log
    was keyed. None when there is no checkpoint yet: unkeyed rows are then taken as written.
    """
    problems: list[ChainProblem] = []
    key = key or event_log_key()

    def fail(seq: int | None, text: str) -> None:
        problems.append(ChainProblem(complaint.pk, complaint.tracking_number, seq, text))

    if events is None:
        events = complaint.events.order_by("seq").iterator()
    prev_hash = ""
    expected_seq = 1
    keyed_seen = False
    for event in events:
        event.complaint = complaint
        if event.seq != expected_seq:
            fail(expected_seq, f"event {expected_seq} is missing")
            expected_seq = event.seq
        if event.prev_hash != prev_hash:
            fail(event.seq, "does not follow the previous event (a row was removed or inserted)")
        if event.digest_version > DIGEST_VERSION:
            fail(event.seq, f"unknown digest version {event.digest_version}")
        elif _digest(event) != event.hash:
            fail(event.seq, "content was altered after it was written")
        elif event.digest_version >= 1:
            keyed_seen = True
            if not hmac.compare_digest(event_mac(event.hash, key), event.mac):
                fail(event.seq, "its seal does not match the event log key (forged)")
        elif keyed_seen:
            fail(event.seq, "an unkeyed event after keyed ones (written without the key)")
        elif sealed_unkeyed is not None and event.seq > sealed_unkeyed:
            fail(event.seq, "an unkeyed event that no checkpoint sealed (written without the key)")
        prev_hash = event.hash
        expected_seq += 1
    if expected_seq - 1 != complaint.event_count or prev_hash != complaint.last_event_hash:
        fail(None, "the last events are missing or the chain's tail was changed")
    return problems


def verify_all(
    batch_size: int = 1000, *, sealed_unkeyed: dict[str, int] | None = None
) -> Iterator[ChainProblem]:
    """Verify every report, a batch of reports and their events per two queries.

    `sealed_unkeyed`: tracking number → events sealed by the first checkpoint (see
    `verify_chain`); None when there is no checkpoint.
    """
    key = event_log_key()
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
            sealed = (
                None if sealed_unkeyed is None else sealed_unkeyed.get(complaint.tracking_number, 0)
            )
            yield from verify_chain(
                complaint, by_complaint[complaint.pk], sealed_unkeyed=sealed, key=key
            )
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
