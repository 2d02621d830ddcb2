"""The event log as a file an auditor checks without the database (docs/event-log.md).

JSON Lines: a header line, one line per checkpoint (with its chain tails), one line per report
(with its events as their digests cover them). `export_problems` checks such a file with
nothing but the public key (and, when the auditor holds it, the event log key).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import IO, Any

from aduan.complaints.anchors import (
    AnchorProblem,
    anchored_tails,
    checkpoint_public,
    checkpoint_series_problems,
    public_key_hex,
    tail_problems,
)
from aduan.complaints.events import (
    DIGEST_VERSION,
    EVENT_DIGEST_FIELDS,
    chain_hash,
    digest_body,
    event_mac,
)
from aduan.complaints.models import Complaint, ComplaintEvent, EventCheckpoint
from aduan.core import clock

EXPORT_FORMAT = "aduan-event-log/1"


def _line(stream: IO[str], record: dict[str, Any]) -> None:
    stream.write(json.dumps(record, sort_keys=True, ensure_ascii=False) + "\n")


def log_export(*, stream: IO[str], batch_size: int = 500) -> int:
    """Write the whole event log and its checkpoints to `stream`; returns the reports written.

    The file holds every report's events (notes, actors): it is for the auditor, not public.
    """
    _line(
        stream,
        {
            "format": EXPORT_FORMAT,
            "exported_at": clock.now().isoformat(),
            "public_key": public_key_hex(),
            "digest_fields": [list(f) for f in EVENT_DIGEST_FIELDS],
            "digest_version": DIGEST_VERSION,
        },
    )
    for checkpoint in EventCheckpoint.objects.order_by("seq").iterator():
        _line(
            stream, {"checkpoint": {**checkpoint_public(checkpoint), "entries": checkpoint.entries}}
        )
    reports = 0
    last_pk = 0
    while True:
        batch = list(
            Complaint.objects.filter(pk__gt=last_pk)
            .order_by("pk")
            .only("pk", "tracking_number", "event_count", "last_event_hash")[:batch_size]
        )
        if not batch:
            return reports
        events: dict[int, list[ComplaintEvent]] = {c.pk: [] for c in batch}
        for event in ComplaintEvent.objects.filter(
            complaint_id__gte=batch[0].pk, complaint_id__lte=batch[-1].pk
        ).order_by("complaint_id", "seq"):
            events[event.complaint_id].append(event)
        for complaint in batch:
            rows = []
            for event in events[complaint.pk]:
                event.complaint = complaint
                rows.append(
                    {
                        "seq": event.seq,
                        "body": digest_body(event),
                        "prev_hash": event.prev_hash,
                        "hash": event.hash,
                        "digest_version": event.digest_version,
                        "mac": event.mac,
                    }
                )
            _line(
                stream,
                {
                    "report": {
                        "tracking_number": complaint.tracking_number,
                        "event_count": complaint.event_count,
                        "last_event_hash": complaint.last_event_hash,
                        "events": rows,
                    }
                },
            )
            reports += 1
        last_pk = batch[-1].pk


def _chain_problems(
    report: dict[str, Any], *, key: bytes | None, sealed: int | None
) -> Iterator[AnchorProblem]:
    tracking = report["tracking_number"]
    prev_hash = ""
    expected = 1
    keyed_seen = False
    for event in report["events"]:
        where = f"{tracking} event {event['seq']}"
        if event["seq"] != expected:
            yield AnchorProblem(where, f"event {expected} is missing")
            expected = event["seq"]
        if event["prev_hash"] != prev_hash:
            yield AnchorProblem(where, "does not follow the previous event")
        body = event["body"]
        version = event["digest_version"]
        if body.get("complaint") != tracking or body.get("seq") != event["seq"]:
            yield AnchorProblem(where, "belongs to another report or place in the chain")
        if body.get("v", 0) != version:
            yield AnchorProblem(where, "its digest version was changed")
        if chain_hash(event["prev_hash"], body) != event["hash"]:
            yield AnchorProblem(where, "content was altered after it was written")
        elif version >= 1:
            keyed_seen = True
            if key is not None and event_mac(event["hash"], key) != event["mac"]:
                yield AnchorProblem(where, "its seal does not match the event log key (forged)")
        elif keyed_seen:
            yield AnchorProblem(where, "an unkeyed event after keyed ones")
        elif sealed is not None and event["seq"] > sealed:
            yield AnchorProblem(where, "an unkeyed event that no checkpoint sealed")
        prev_hash = event["hash"]
        expected += 1
    if expected - 1 != report["event_count"] or prev_hash != report["last_event_hash"]:
        yield AnchorProblem(tracking, "the last events are missing or the chain's tail was changed")


def export_problems(
    lines: Iterable[str], *, public_key: str, key: bytes | None = None
) -> Iterator[AnchorProblem]:
    """Check an exported log: the checkpoint series against `public_key` (the one published on
    the transparency page, not the one in the file), every chain, every signed tail, and with
    the event log `key` each event's seal.

    Reads the checkpoints first (they come first in the file), then one report at a time.
    """
    iterator = iter(lines)
    header = json.loads(next(iterator))
    if header.get("format") != EXPORT_FORMAT:
        yield AnchorProblem("file", f"not an {EXPORT_FORMAT} export")
        return
    checkpoints: list[dict[str, Any]] = []
    seen: set[str] = set()
    anchors: dict[str, list[tuple[int, str, int]]] = {}
    sealed: dict[str, int] | None = None
    for raw in iterator:
        record = json.loads(raw)
        if "checkpoint" in record:
            checkpoints.append(record["checkpoint"])
            continue
        if not seen:  # the first report: the checkpoints are all read
            yield from checkpoint_series_problems(checkpoints, public_key)
            anchors = anchored_tails(checkpoints)
            sealed = {t: c for t, c, _ in checkpoints[0]["entries"]} if checkpoints else None
        report = record["report"]
        tracking = report["tracking_number"]
        seen.add(tracking)
        yield from _chain_problems(
            report, key=key, sealed=None if sealed is None else sealed.get(tracking, 0)
        )
        hashes = {e["seq"]: e["hash"] for e in report["events"]}
        yield from tail_problems(tracking, hashes, anchors.get(tracking, []))
    if not seen:
        yield from checkpoint_series_problems(checkpoints, public_key)
        anchors = anchored_tails(checkpoints)
    for tracking in sorted(set(anchors) - seen):
        yield from tail_problems(tracking, None, anchors[tracking])
