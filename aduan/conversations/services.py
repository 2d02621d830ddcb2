"""Writes of the conversation layer: keep what a webhook delivered, then work it off.

- `inbound_store`: the webhook's only write, one INSERT per message; a provider's retry of a
  message already stored changes nothing (unique channel + provider id).
- `inbound_claim_next` / `inbound_process`: the worker claims a row with a conditional
  UPDATE, fetches a photo outside any transaction, then in ONE transaction runs the engine,
  saves the conversation, marks the row processed and hands the answers to `deliver` (which
  writes them to the outbox). A worker killed half-way leaves the row claimed and unprocessed;
  after the lease another worker does it again from the start, and nothing was half-written.
- `conversation_expect`: the worker tells a conversation that a staff question or a
  resolution was sent, so the citizen's next message answers it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from functools import partial
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q

from aduan.complaints.identity import normalise_phone
from aduan.complaints.models import Complaint
from aduan.conversations.choices import DRAFT_STEPS, ChatChannel, InboundKind, Step
from aduan.conversations.engine import KEPT, Engine, Incoming, Reply, delete_files
from aduan.conversations.models import Conversation, InboundMessage
from aduan.core import clock
from aduan.core.errors import ValidationFailed
from aduan.organisation.models import Instansi

logger = logging.getLogger(__name__)

# A photo the provider would not hand over is tried this often, then answered as missing.
MAX_MEDIA_ATTEMPTS = 3
MEDIA_RETRY_SECONDS = 30


class MediaUnavailable(Exception):
    """The channel could not fetch a photo; `permanent`: trying again cannot help."""

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


MediaFetcher = Callable[[InboundMessage], bytes]
Deliver = Callable[[Conversation, InboundMessage, list[Reply]], None]
StatusSink = Callable[[InboundMessage], None]


def address_of(channel: str, raw: str) -> str:
    """One spelling per person: +62… (E.164) for phones, case-folded for email."""
    raw = raw.strip()
    if channel == ChatChannel.EMAIL:
        return raw.lower()  # as intake stores it (complaint_prepare), so both match
    try:
        return normalise_phone(raw if raw.startswith(("+", "0")) else f"+{raw}")
    except ValidationFailed:
        digits = "".join(c for c in raw if c.isdigit())
        return f"+{digits}" if digits else raw  # a number abroad: kept as the provider gave it


@dataclass(frozen=True)
class Delivered:
    """One message as a webhook parsed it, before it is stored."""

    channel: ChatChannel
    provider_id: str
    address: str
    kind: InboundKind
    text: str = ""
    payload: dict[str, Any] | None = None


def inbound_store(messages: Iterable[Delivered]) -> None:
    """Store what a webhook delivered, in one INSERT.

    A message whose (channel, provider id) is already stored is skipped: a provider retrying
    a delivery never makes a second report or a second answer.
    """
    now = clock.now()
    rows = [
        InboundMessage(
            channel=m.channel,
            provider_id=m.provider_id[:255],
            address=address_of(m.channel, m.address) if m.address else "",
            kind=m.kind,
            text=m.text[:10_000],
            payload=m.payload or {},
            received_at=now,
        )
        for m in messages
    ]
    if rows:
        InboundMessage.objects.bulk_create(rows, ignore_conflicts=True)


def _lease() -> timedelta:
    return timedelta(seconds=settings.ADUAN_WORKER_LEASE_SECONDS)


def inbound_claim(*, limit: int = 50, now: datetime | None = None) -> list[InboundMessage]:
    """Claim up to `limit` of the oldest unprocessed messages (or ones whose worker's lease
    ran out), oldest first, in one short transaction.

    PostgreSQL: SELECT … FOR UPDATE SKIP LOCKED, so workers never wait on each other. Both
    databases: one conditional UPDATE (still unprocessed, claim unchanged since it was read)
    takes them, and only the rows carrying this claim's time are returned.
    """
    now = now or clock.now()
    due = Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - _lease())
    with transaction.atomic():
        candidates = InboundMessage.objects.filter(due, processed_at__isnull=True).order_by(
            "received_at", "pk"
        )
        if connection.features.has_select_for_update_skip_locked:
            candidates = candidates.select_for_update(skip_locked=True)
        ids = list(candidates.values_list("pk", flat=True)[:limit])
        if not ids:
            return []
        InboundMessage.objects.filter(due, pk__in=ids, processed_at__isnull=True).update(
            claimed_at=now, attempts=F("attempts") + 1
        )
        return list(
            InboundMessage.objects.filter(pk__in=ids, claimed_at=now).order_by("received_at", "pk")
        )


def inbound_claim_next(*, now: datetime | None = None) -> InboundMessage | None:
    """Claim the oldest unprocessed message (or one whose worker's lease ran out)."""
    claimed = inbound_claim(limit=1, now=now)
    return claimed[0] if claimed else None


def _release(inbound: InboundMessage, *, after_seconds: int, error: str = "") -> None:
    """Give a claimed row back, to be claimed again after `after_seconds`."""
    again = clock.now() - _lease() + timedelta(seconds=after_seconds)
    InboundMessage.objects.filter(pk=inbound.pk, processed_at__isnull=True).update(
        claimed_at=again, error=error[:2000]
    )


_instansi_cache: dict[str, tuple[float, Instansi]] = {}
_INSTANSI_CACHE_SECONDS = 60.0


def _default_instansi() -> Instansi:
    """The instansi new conversations belong to (ADUAN_DEFAULT_INSTANSI), read at most once a
    minute per process: every first message of a sender needs it."""
    code = settings.ADUAN_DEFAULT_INSTANSI
    cached = _instansi_cache.get(code)
    if cached is not None and time.monotonic() - cached[0] < _INSTANSI_CACHE_SECONDS:
        return cached[1]
    instansi = Instansi.objects.get(code=code)
    _instansi_cache[code] = (time.monotonic(), instansi)
    return instansi


def _conversation_locked(channel: str, address: str, now: datetime) -> Conversation:
    found = Conversation.objects.select_for_update(of=("self",)).filter(
        channel=channel, address=address
    )
    conversation = found.select_related("instansi", "complaint").first()
    if conversation is not None:
        return conversation
    try:
        with transaction.atomic():
            return Conversation.objects.create(
                channel=channel,
                address=address,
                instansi=_default_instansi(),
                started_at=now,
                last_activity_at=now,
            )
    except IntegrityError:  # another worker created it just now
        return found.select_related("instansi", "complaint").get()


def _decimal(value: object) -> Decimal | None:
    try:
        return Decimal(str(value)).quantize(Decimal("0.000001")) if value is not None else None
    except InvalidOperation:
        return None


def _incoming(row: InboundMessage, media: bytes | None, media_error: str) -> Incoming:
    payload = row.payload
    return Incoming(
        kind=InboundKind(row.kind),
        text=row.text,
        media=media,
        media_error=media_error,
        latitude=_decimal(payload.get("latitude")),
        longitude=_decimal(payload.get("longitude")),
        place=str(payload.get("place", "")),
        profile_name=str(payload.get("profile_name", "")),
        subject=str(payload.get("subject", "")),
        message_id=str(payload.get("message_id", "")),
        references=" ".join(str(payload.get(k, "")) for k in ("in_reply_to", "references")),
        files=tuple(str(name) for name in payload.get("files", [])),
    )


def inbound_process(
    *,
    inbound: InboundMessage,
    deliver: Deliver,
    fetch_media: MediaFetcher | None = None,
    on_status: StatusSink | None = None,
) -> bool:
    """Act on one claimed message; True when it is done (False: given back for later)."""
    if inbound.kind == InboundKind.STATUS:
        with transaction.atomic():
            if on_status is not None:
                on_status(inbound)
            InboundMessage.objects.filter(pk=inbound.pk).update(processed_at=clock.now())
        return True
    if inbound.payload.get("automatic"):
        # An auto-reply, a bounce or list mail: never answered, so no mail loop can start.
        files = [str(name) for name in inbound.payload.get("files", [])]
        with transaction.atomic():
            InboundMessage.objects.filter(pk=inbound.pk).update(processed_at=clock.now())
            transaction.on_commit(partial(delete_files, files))
        return True
    media: bytes | None = None
    media_error = ""
    if inbound.kind == InboundKind.IMAGE:
        try:
            if fetch_media is None:
                raise MediaUnavailable("no media fetcher for this channel", permanent=True)
            media = fetch_media(inbound)
        except MediaUnavailable as exc:
            if not exc.permanent and inbound.attempts < MAX_MEDIA_ATTEMPTS:
                _release(inbound, after_seconds=MEDIA_RETRY_SECONDS, error=str(exc))
                return False
            logger.warning("inbound %s: photo unavailable: %s", inbound.pk, exc)
            media_error = str(exc)
    now = clock.now()
    with transaction.atomic():
        row = InboundMessage.objects.select_for_update().get(pk=inbound.pk)
        if row.processed_at is not None:
            return True  # another worker finished it after our lease ran out
        # The sender's earlier messages first: a later one waits for them.
        if InboundMessage.objects.filter(
            channel=row.channel,
            address=row.address,
            processed_at__isnull=True,
            received_at__lte=row.received_at,
            pk__lt=row.pk,
        ).exists():
            _release(row, after_seconds=1)
            return False
        conversation = _conversation_locked(row.channel, row.address, now)
        engine = Engine(conversation=conversation, now=now)
        replies = engine.handle(_incoming(row, media, media_error))
        conversation.save()
        row.processed_at = now
        row.conversation = conversation
        row.error = ""
        row.save(update_fields=["processed_at", "conversation", "error"])
        deliver(conversation, row, replies)
    return True


def inbound_fail(*, inbound: InboundMessage, error: str) -> None:
    """Working a message failed unexpectedly: retried after a pause, given up (and logged
    on the row) after MAX_MEDIA_ATTEMPTS tries."""
    if inbound.attempts >= MAX_MEDIA_ATTEMPTS:
        InboundMessage.objects.filter(pk=inbound.pk, processed_at__isnull=True).update(
            processed_at=clock.now(), error=error[:2000]
        )
    else:
        _release(inbound, after_seconds=MEDIA_RETRY_SECONDS, error=error)


@transaction.atomic
def conversation_expect(
    *, channel: str, address: str, complaint: Complaint, step: Step
) -> Conversation:
    """A staff question (ANSWER) or a resolution (RESOLVED) about `complaint` went to this
    sender: their next message answers it. A report being written meanwhile is kept aside
    and asked again afterwards."""
    now = clock.now()
    conversation = _conversation_locked(channel, address, now)
    data = conversation.data
    kept = {k: data[k] for k in KEPT if k in data}
    stash = data.get("stash")
    if conversation.step in DRAFT_STEPS:
        stash = {"step": conversation.step, "data": data}
    if stash:
        kept["stash"] = stash
    own: list[int] = kept.setdefault("own", [])
    if complaint.pk not in own:
        own.append(complaint.pk)
    conversation.step = step
    conversation.data = kept
    conversation.complaint = complaint
    conversation.last_activity_at = now
    conversation.save()
    return conversation


def conversations_expire(*, now: datetime | None = None, limit: int = 500) -> int:
    """Drop reports left half-written past ADUAN_CONVERSATION_TIMEOUT_MINUTES (and their
    photos); the citizen hears of it with their next message. Returns how many."""
    now = now or clock.now()
    before = now - timedelta(minutes=settings.ADUAN_CONVERSATION_TIMEOUT_MINUTES)
    stale = Conversation.objects.filter(
        step__in=[*DRAFT_STEPS, Step.REOPEN, Step.RATE], last_activity_at__lt=before
    ).values_list("pk", flat=True)[:limit]
    done = 0
    for pk in stale:
        with transaction.atomic():
            conversation = (
                Conversation.objects.select_for_update()
                .filter(pk=pk, last_activity_at__lt=before)
                .first()
            )
            if conversation is None:
                continue  # the citizen wrote in the meantime
            data = conversation.data
            photos = list(data.get("photos", []))
            transaction.on_commit(partial(delete_files, photos))
            conversation.data = {k: data[k] for k in KEPT if k in data}
            conversation.data["expired"] = True
            conversation.step = Step.IDLE
            conversation.save(update_fields=["data", "step"])
            done += 1
    return done
