"""Anchors of the event log: signed checkpoints of every chain's tail, and their verification.

The keyed hashes (`events.event_mac`) stop someone with the database alone from writing an
event that verifies. A checkpoint also holds against someone who learns that key, or who cuts
the last events off a chain and moves its tail back: the worker signs, at least daily, every
chain tail that moved (Ed25519, key EVENT_LOG_SIGNING_KEY, outside the database), each
checkpoint covering the previous one, and the public transparency page shows the latest ones
so outsiders hold copies. docs/event-log.md describes the design and the auditor's procedure.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from django.db.models import Sum

from aduan.complaints.models import Complaint, ComplaintEvent, EventCheckpoint
from aduan.core import clock

logger = logging.getLogger("aduan.eventlog")

STATEMENT_FORMAT = "aduan-event-checkpoint/1"
# A checkpoint lists the reports with an event written since the previous checkpoint's time
# less this margin: an event's time is taken before its transaction commits.
CHECKPOINT_OVERLAP = timedelta(hours=1)


def signing_key() -> Ed25519PrivateKey:
    """The Ed25519 key of EVENT_LOG_SIGNING_KEY: 64 hex digits (the 32-byte seed) or PEM."""
    raw = str(settings.EVENT_LOG_SIGNING_KEY or "").strip()
    if not raw:
        raise ImproperlyConfigured("EVENT_LOG_SIGNING_KEY is empty: checkpoints cannot be signed")
    if raw.startswith("-----BEGIN"):
        key = serialization.load_pem_private_key(raw.encode(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ImproperlyConfigured("EVENT_LOG_SIGNING_KEY must be an Ed25519 key")
        return key
    try:
        seed = bytes.fromhex(raw)
    except ValueError:
        seed = b""
    if len(seed) != 32:
        raise ImproperlyConfigured(
            "EVENT_LOG_SIGNING_KEY must be 64 hex digits (an Ed25519 seed) or a PEM private key"
        )
    return Ed25519PrivateKey.from_private_bytes(seed)


def public_key_hex(key: Ed25519PrivateKey | None = None) -> str:
    """The public half of the signing key: 32 bytes as 64 hex digits (what outsiders hold)."""
    public = (key or signing_key()).public_key()
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex()


def public_key_pem() -> str:
    return (
        signing_key()
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def entries_digest(entries: Iterable[Iterable[Any]]) -> str:
    """sha256 over the lines "<tracking number> <event count> <tail hash>\\n", in list order."""
    return _sha256("".join(f"{t} {c} {h}\n" for t, c, h in entries))


def _utc(at: datetime) -> str:
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def checkpoint_statement(checkpoint: dict[str, Any]) -> bytes:
    """The bytes a checkpoint's signature covers: canonical JSON of its statement fields.

    `checkpoint` is the checkpoint as published (`checkpoint_public`), so that an outsider
    rebuilds the same bytes from the JSON download.
    """
    statement = {
        "format": STATEMENT_FORMAT,
        "seq": checkpoint["seq"],
        "created_at": checkpoint["created_at"],
        "prev_digest": checkpoint["prev_digest"],
        "entries_digest": checkpoint["entries_digest"],
        "entry_count": checkpoint["entry_count"],
        "report_count": checkpoint["report_count"],
        "event_total": checkpoint["event_total"],
        "public_key": checkpoint["public_key"],
    }
    return json.dumps(statement, sort_keys=True, separators=(",", ":")).encode()


def checkpoint_public(checkpoint: EventCheckpoint) -> dict[str, Any]:
    """A checkpoint as the transparency page publishes it (no tracking numbers: the entries
    name every report, rahasia ones too, and stay with the auditor's export)."""
    return {
        "seq": checkpoint.seq,
        "created_at": _utc(checkpoint.created_at),
        "prev_digest": checkpoint.prev_digest,
        "entries_digest": checkpoint.entries_digest,
        "entry_count": checkpoint.entry_count,
        "report_count": checkpoint.report_count,
        "event_total": checkpoint.event_total,
        "public_key": checkpoint.public_key,
        "digest": checkpoint.digest,
        "signature": checkpoint.signature,
    }


def signature_valid(checkpoint: dict[str, Any], public_key: str) -> bool:
    try:
        key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_key))
        key.verify(bytes.fromhex(checkpoint["signature"]), checkpoint_statement(checkpoint))
    except (InvalidSignature, ValueError):
        return False
    return True


def checkpoint_due(*, now: datetime | None = None) -> bool:
    """Whether the worker should write a checkpoint: none yet, or the last is old enough."""
    now = now or clock.now()
    latest = EventCheckpoint.objects.order_by("-seq").only("created_at").first()
    hours = settings.ADUAN_EVENT_CHECKPOINT_HOURS
    return latest is None or latest.created_at <= now - timedelta(hours=hours)


def checkpoint_write() -> EventCheckpoint | None:
    """Sign and store a checkpoint of the chain tails that moved since the previous one (of
    every report, the first time). Returns None when another worker wrote one meanwhile.

    The system (the worker) is the only writer, so there is no actor. The rows are read
    before the short write transaction, and the checkpoint's time is taken before the reads,
    so an event committed during them falls in the next checkpoint's window.
    """
    now = clock.now()
    previous = EventCheckpoint.objects.order_by("-seq").first()
    complaints = Complaint.objects.filter(event_count__gt=0)
    if previous is not None:
        moved = ComplaintEvent.objects.filter(
            created_at__gte=previous.created_at - CHECKPOINT_OVERLAP
        ).values("complaint_id")
        complaints = complaints.filter(pk__in=moved)
    entries = [
        [tracking, count, tail]
        for tracking, count, tail in complaints.order_by("tracking_number").values_list(
            "tracking_number", "event_count", "last_event_hash"
        )
    ]
    totals = Complaint.objects.aggregate(events=Sum("event_count"))
    key = signing_key()
    public: dict[str, Any] = {
        "seq": previous.seq + 1 if previous else 1,
        "created_at": _utc(now),
        "prev_digest": previous.digest if previous else "",
        "entries_digest": entries_digest(entries),
        "entry_count": len(entries),
        "report_count": Complaint.objects.count(),
        "event_total": totals["events"] or 0,
        "public_key": public_key_hex(key),
    }
    statement = checkpoint_statement(public)
    try:
        checkpoint = _checkpoint_insert(
            public=public,
            created_at=now,
            entries=entries,
            digest=hashlib.sha256(statement).hexdigest(),
            signature=key.sign(statement).hex(),
        )
    except IntegrityError:
        return None  # another worker took this number: its checkpoint covers the same
    logger.info(
        "event log checkpoint %s: %s chain tails, digest %s",
        checkpoint.seq,
        len(entries),
        checkpoint.digest,
    )
    return checkpoint


@transaction.atomic
def _checkpoint_insert(
    *,
    public: dict[str, Any],
    created_at: datetime,
    entries: list[list[Any]],
    digest: str,
    signature: str,
) -> EventCheckpoint:
    return EventCheckpoint.objects.create(
        seq=public["seq"],
        entry_count=public["entry_count"],
        created_at=created_at,
        prev_digest=public["prev_digest"],
        entries=entries,
        entries_digest=public["entries_digest"],
        report_count=public["report_count"],
        event_total=public["event_total"],
        digest=digest,
        public_key=public["public_key"],
        signature=signature,
    )


# ---------------------------------------------------------------- verification


@dataclass(frozen=True)
class AnchorProblem:
    where: str  # "checkpoint 3" or a tracking number
    problem: str


def checkpoint_series_problems(
    checkpoints: Iterable[dict[str, Any]], public_key: str
) -> Iterator[AnchorProblem]:
    """Breaks in a series of published checkpoints (dicts as `checkpoint_public` gives them,
    plus their `entries` when known): a missing or re-ordered checkpoint, a digest that does
    not cover the previous one, a changed entry list, a signature that is not the key's."""
    previous_digest = ""
    expected = 1
    for checkpoint in checkpoints:
        where = f"checkpoint {checkpoint['seq']}"
        if checkpoint["seq"] != expected:
            yield AnchorProblem(where, f"checkpoint {expected} is missing")
            expected = checkpoint["seq"]
        if checkpoint["prev_digest"] != previous_digest:
            yield AnchorProblem(where, "does not follow the previous checkpoint")
        if "entries" in checkpoint and (
            entries_digest(checkpoint["entries"]) != checkpoint["entries_digest"]
            or len(checkpoint["entries"]) != checkpoint["entry_count"]
        ):
            yield AnchorProblem(where, "its list of chain tails was changed")
        if hashlib.sha256(checkpoint_statement(checkpoint)).hexdigest() != checkpoint["digest"]:
            yield AnchorProblem(where, "its statement was changed")
        if checkpoint["public_key"] != public_key:
            yield AnchorProblem(where, "signed with another key than the event log's")
        elif not signature_valid(checkpoint, public_key):
            yield AnchorProblem(where, "its signature is not valid")
        previous_digest = checkpoint["digest"]
        expected += 1


def anchored_tails(checkpoints: Iterable[dict[str, Any]]) -> dict[str, list[tuple[int, str, int]]]:
    """tracking number → [(event count, tail hash, checkpoint seq)] of every checkpoint entry."""
    anchors: dict[str, list[tuple[int, str, int]]] = {}
    for checkpoint in checkpoints:
        for tracking, count, tail in checkpoint["entries"]:
            anchors.setdefault(tracking, []).append((count, tail, checkpoint["seq"]))
    return anchors


def tail_problems(
    tracking: str, hashes: dict[int, str] | None, anchors: list[tuple[int, str, int]]
) -> Iterator[AnchorProblem]:
    """A report's events (seq → hash; None: the report is gone) against its signed tails."""
    for count, tail, seq in anchors:
        if hashes is None:
            yield AnchorProblem(tracking, f"the report was removed after checkpoint {seq}")
            return
        if count not in hashes:
            yield AnchorProblem(tracking, f"event {count} was removed after checkpoint {seq}")
        elif hashes[count] != tail:
            yield AnchorProblem(tracking, f"event {count} was rewritten after checkpoint {seq}")


def checkpoints_stored() -> list[dict[str, Any]]:
    """Every stored checkpoint, in order, as published plus its entries."""
    return [
        {**checkpoint_public(c), "entries": c.entries}
        for c in EventCheckpoint.objects.order_by("seq")
    ]


def sealed_unkeyed_counts(checkpoints: list[dict[str, Any]]) -> dict[str, int] | None:
    """tracking number → events sealed by the first checkpoint; None without checkpoints."""
    if not checkpoints:
        return None
    return {tracking: count for tracking, count, _ in checkpoints[0]["entries"]}


def verify_checkpoints(
    checkpoints: list[dict[str, Any]] | None = None, batch_size: int = 500
) -> Iterator[AnchorProblem]:
    """The stored checkpoints against the signing key, and the events against their tails."""
    checkpoints = checkpoints if checkpoints is not None else checkpoints_stored()
    yield from checkpoint_series_problems(checkpoints, public_key_hex())
    anchors = anchored_tails(checkpoints)
    trackings = sorted(anchors)
    for start in range(0, len(trackings), batch_size):
        batch = trackings[start : start + batch_size]
        hashes: dict[str, dict[int, str]] = {}
        for tracking in Complaint.objects.filter(tracking_number__in=batch).values_list(
            "tracking_number", flat=True
        ):
            hashes[tracking] = {}
        for tracking, seq, event_hash in ComplaintEvent.objects.filter(
            complaint__tracking_number__in=batch
        ).values_list("complaint__tracking_number", "seq", "hash"):
            hashes[tracking][seq] = event_hash
        for tracking in batch:
            yield from tail_problems(tracking, hashes.get(tracking), anchors[tracking])


def checkpoints_published(limit: int | None = None) -> list[dict[str, Any]]:
    """The newest checkpoints first, as the transparency page publishes them (all of them when
    `limit` is None): the statement, digest and signature, no tracking numbers."""
    rows = EventCheckpoint.objects.order_by("-seq").defer("entries")
    return [checkpoint_public(c) for c in (rows if limit is None else rows[:limit])]
