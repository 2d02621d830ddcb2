"""Writes of the conversation layer: keep what a webhook delivered, then work it off.

- `inbound_store`: the webhook's only write, one INSERT per message; a provider's retry of a
  message already stored changes nothing (unique channel + provider id).
- `inbound_claim` / `inbound_process_batch`: the worker claims rows with a conditional
  UPDATE, fetches photos outside any transaction, then in ONE transaction for several messages
  (ADUAN_INBOUND_TRANSACTION_MESSAGES) runs the engine on each, saves its conversation, marks
  its row processed and hands its answers to `deliver` (which writes them to the outbox); each
  message in a savepoint, so one that fails is rolled back alone. A worker killed half-way
  leaves the rows claimed and unprocessed; after the lease another worker does them again from
  the start, and nothing was half-written. `inbound_process` does the same for one message.
- `conversation_expect`: the worker tells a conversation that a staff question or a
  resolution was sent, so the citizen's next message answers it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from functools import partial
from typing import Any

from django.conf import settings
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import F, OuterRef, Q, Subquery

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
    return _conversation_create(channel, address, now)


def _conversation_create(channel: str, address: str, now: datetime) -> Conversation:
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
        return (
            Conversation.objects.select_for_update(of=("self",))
            .select_related("instansi", "complaint")
            .get(channel=channel, address=address)
        )


Sender = tuple[str, str]  # (channel, address)


def _senders_q(senders: Iterable[Sender]) -> Q:
    """The rows of these senders: one `address IN (…)` per channel."""
    by_channel: dict[str, set[str]] = {}
    for channel, address in senders:
        by_channel.setdefault(channel, set()).add(address)
    q = Q(pk__in=[])
    for channel, addresses in by_channel.items():
        q |= Q(channel=channel, address__in=sorted(addresses))
    return q


class _Conversations:
    """The conversations of a batch's senders: read and locked with one query (in id order,
    so two workers locking overlapping sets cannot deadlock), created when missing."""

    def __init__(self, senders: set[Sender], now: datetime) -> None:
        self.now = now
        self.held: dict[Sender, Conversation] = {}
        # Senders the first query found without a conversation: created without asking again.
        self.new: set[Sender] = set()
        if senders:
            found = (
                Conversation.objects.select_for_update(of=("self",))
                .filter(_senders_q(senders))
                .select_related("instansi", "complaint")
                .order_by("pk")
            )
            self.held = {(c.channel, c.address): c for c in found}
            self.new = senders - set(self.held)

    def get(self, sender: Sender) -> Conversation:
        conversation = self.held.get(sender)
        if conversation is None:
            if sender in self.new:
                conversation = _conversation_create(*sender, self.now)
            else:
                conversation = _conversation_locked(*sender, self.now)
            self.held[sender] = conversation
            self.new.discard(sender)
        return conversation

    def forget(self, sender: Sender) -> None:
        """A message's changes were rolled back: the row is read again for the next one."""
        self.held.pop(sender, None)
        self.new.discard(sender)


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


@dataclass(frozen=True)
class _Media:
    """A photo fetched before the transaction, or why it could not be."""

    data: bytes | None = None
    error: str = ""


def _media_of(inbound: InboundMessage, fetch_media: MediaFetcher | None) -> _Media | None:
    """The photo of an image message, fetched outside any transaction so a slow provider holds
    no lock; None when the row was given back to be tried again later."""
    if inbound.kind != InboundKind.IMAGE or inbound.payload.get("automatic"):
        return _Media()
    try:
        if fetch_media is None:
            raise MediaUnavailable("no media fetcher for this channel", permanent=True)
        return _Media(fetch_media(inbound))
    except MediaUnavailable as exc:
        if not exc.permanent and inbound.attempts < MAX_MEDIA_ATTEMPTS:
            _release(inbound, after_seconds=MEDIA_RETRY_SECONDS, error=str(exc))
            return None
        logger.warning("inbound %s: photo unavailable: %s", inbound.pk, exc)
        return _Media(error=str(exc))


def inbound_process(
    *,
    inbound: InboundMessage,
    deliver: Deliver,
    fetch_media: MediaFetcher | None = None,
    on_status: StatusSink | None = None,
) -> bool:
    """Act on one claimed message in its own transaction; True when it is done (False: given
    back for later). An unexpected error propagates, with nothing written: the caller records
    it (`inbound_fail`)."""
    media = _media_of(inbound, fetch_media)
    if media is None:
        return False
    with transaction.atomic():
        return _work([(inbound, media)], deliver=deliver, on_status=on_status, isolate=False) == 1


def inbound_process_batch(
    *,
    batch: Sequence[InboundMessage],
    deliver: Deliver,
    fetch_media: MediaFetcher | None = None,
    on_status: StatusSink | None = None,
) -> int:
    """Act on claimed messages (oldest first) in ONE transaction; returns how many are done.

    The same work as `inbound_process` for each, with the reads shared: the rows, the
    senders' earlier waiting messages and their conversations are read (and locked) with one
    query each. Each message runs in a savepoint: one that raises is rolled back alone and
    recorded with `inbound_fail` (tried again later, given up after MAX_MEDIA_ATTEMPTS), and
    the sender's later messages in the batch wait for it, as they would for any earlier one.
    A database error rolls the whole batch back; the batch is then worked one message per
    transaction, as `inbound_process` works one, and the error is raised again once the
    others are done: the message that caused it stays claimed until the lease runs out.
    """
    fetched: list[tuple[InboundMessage, _Media]] = []
    for inbound in batch:
        media = _media_of(inbound, fetch_media)
        if media is not None:
            fetched.append((inbound, media))
    if not fetched:
        return 0
    try:
        with transaction.atomic():
            return _work(fetched, deliver=deliver, on_status=on_status, isolate=True)
    except DatabaseError:
        if len(fetched) == 1:
            raise
        logger.warning(
            "a batch of %s inbound messages failed; one by one", len(fetched), exc_info=True
        )
    done = 0
    failed: DatabaseError | None = None
    for inbound, media in fetched:
        try:
            with transaction.atomic():
                done += _work(
                    [(inbound, media)], deliver=deliver, on_status=on_status, isolate=False
                )
        except DatabaseError as exc:
            # Left claimed, tried again after the lease; raised once the others are done.
            logger.exception("inbound %s: database error", inbound.pk)
            failed = failed or exc
        except Exception as exc:  # a bug with one message must not stop the others
            logger.exception("inbound %s: unexpected error", inbound.pk)
            inbound_fail(inbound=inbound, error=f"{type(exc).__name__}: {exc}")
    if failed is not None:
        raise failed
    return done


def _work(
    fetched: list[tuple[InboundMessage, _Media]],
    *,
    deliver: Deliver,
    on_status: StatusSink | None,
    isolate: bool,
) -> int:
    """The messages through the engine, inside the caller's transaction. `isolate`: each in a
    savepoint, an unexpected error recorded on its row instead of raised."""
    now = clock.now()
    media_of = {inbound.pk: media for inbound, media in fetched}
    rows = list(
        InboundMessage.objects.select_for_update()
        .filter(pk__in=list(media_of))
        .order_by("received_at", "pk")
    )
    done = sum(1 for row in rows if row.processed_at is not None)
    # another worker finished those after our lease ran out
    rows = [row for row in rows if row.processed_at is None]
    chats = [r for r in rows if r.kind != InboundKind.STATUS and not r.payload.get("automatic")]
    senders = {(r.channel, r.address) for r in chats}
    # The senders' earlier messages still waiting (not in this batch): a later one waits for
    # them. One query for the batch instead of one per message.
    waiting: dict[Sender, list[tuple[datetime, int]]] = {}
    if chats:
        earlier = (
            InboundMessage.objects.filter(
                _senders_q(senders), processed_at__isnull=True, pk__lt=max(r.pk for r in chats)
            )
            .exclude(pk__in=[r.pk for r in rows])
            .values_list("channel", "address", "received_at", "pk")
        )
        for channel, address, received_at, pk in earlier:
            waiting.setdefault((channel, address), []).append((received_at, pk))
    conversations = _Conversations(senders, now)
    lookups: dict[Any, Any] = {}
    finished: list[InboundMessage] = []
    for row in rows:
        sender = (row.channel, row.address)
        is_chat = row.kind != InboundKind.STATUS and not row.payload.get("automatic")
        if is_chat and any(
            at <= row.received_at and pk < row.pk for at, pk in waiting.get(sender, ())
        ):
            _release(row, after_seconds=1)
            waiting.setdefault(sender, []).append((row.received_at, row.pk))
            continue
        media = media_of[row.pk]
        try:
            with transaction.atomic(savepoint=isolate):
                _act(row, media, conversations, lookups, deliver, on_status, now)
        except Exception as exc:
            if not isolate or isinstance(exc, DatabaseError):
                raise
            logger.exception("inbound %s: unexpected error", row.pk)
            conversations.forget(sender)
            inbound_fail(inbound=row, error=f"{type(exc).__name__}: {exc}")
            if row.attempts < MAX_MEDIA_ATTEMPTS:  # tried again later: the next ones wait
                waiting.setdefault(sender, []).append((row.received_at, row.pk))
            continue
        finished.append(row)
    # Marked done in this transaction with one UPDATE for the citizens' messages (each one's
    # conversation is its sender's: unique channel and address) and one for the others.
    chat_done = [row.pk for row in finished if row.conversation_id is not None]
    other_done = [row.pk for row in finished if row.conversation_id is None]
    if chat_done:
        sender_s = Conversation.objects.filter(
            channel=OuterRef("channel"), address=OuterRef("address")
        )
        InboundMessage.objects.filter(pk__in=chat_done).update(
            processed_at=now, error="", conversation=Subquery(sender_s.values("pk")[:1])
        )
    if other_done:
        InboundMessage.objects.filter(pk__in=other_done).update(processed_at=now, error="")
    return done + len(finished)


def _act(
    row: InboundMessage,
    media: _Media,
    conversations: _Conversations,
    lookups: dict[Any, Any],
    deliver: Deliver,
    on_status: StatusSink | None,
    now: datetime,
) -> None:
    """One message: a delivery status recorded, an automatic mail dropped, or a citizen's
    message through the engine with its answers delivered (the caller marks the row done)."""
    if row.kind == InboundKind.STATUS:
        if on_status is not None:
            on_status(row)
        return
    if row.payload.get("automatic"):
        # An auto-reply, a bounce or list mail: never answered, so no mail loop can start.
        files = [str(name) for name in row.payload.get("files", [])]
        transaction.on_commit(partial(delete_files, files))
        return
    conversation = conversations.get((row.channel, row.address))
    engine = Engine(conversation=conversation, now=now, lookups=lookups)
    replies = engine.handle(_incoming(row, media.data, media.error))
    conversation.save()
    row.conversation = conversation
    deliver(conversation, row, replies)


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
