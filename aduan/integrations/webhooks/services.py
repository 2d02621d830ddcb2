"""Outbound webhooks: events → deliveries (the outbox), sending with retries and backoff, a
log of every attempt, and replay.

`webhooks_from_events` reads the event log after its cursor and writes one delivery per event
and matching subscription (a unique index makes a redone batch harmless);
`webhooks_pass` then claims due deliveries with a conditional UPDATE (as the notification
worker does), sends each outside any transaction and records the outcome. `aduan worker`
runs it on every turn.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils.translation import gettext as _

from aduan.accounts.models import User
from aduan.complaints.choices import DispatchStatus, EventKind
from aduan.complaints.models import ComplaintEvent, Dispatch
from aduan.complaints.selectors import reporter_of
from aduan.core import clock
from aduan.core.errors import Conflict, ValidationFailed
from aduan.integrations import eventfeed
from aduan.integrations.errors import TransportError
from aduan.integrations.webhooks import transport
from aduan.integrations.webhooks.models import (
    Attempt,
    Cursor,
    Delivery,
    DeliveryStatus,
    Subscription,
)
from aduan.organisation.models import Instansi, Unit
from aduan.organisation.selectors import unit_subtree_ids

logger = logging.getLogger(__name__)

CURSOR = "webhooks"
# Events of the audit trail, not of the report's handling: never sent out.
NEVER_SENT = {EventKind.IDENTITY_VIEWED}
_KIND = re.compile(r"^[a-z_]+$")


@transaction.atomic
def subscription_create(
    *,
    actor: User | None,
    name: str,
    url: str,
    instansi: Instansi,
    unit: Unit | None = None,
    event_kinds: list[str] | None = None,
    include_identity: bool = False,
) -> Subscription:
    """Subscribe a URL; its signing secret (`whsec_…`) is made here."""
    kinds = sorted(set(event_kinds or []))
    unknown = [k for k in kinds if k not in EventKind.values]
    if unknown:
        raise ValidationFailed(
            _("Unknown event kinds: %(kinds)s.") % {"kinds": ", ".join(unknown)},
            code="event_kinds",
        )
    subscription = Subscription.objects.create(
        name=name.strip(),
        url=url.strip(),
        instansi=instansi,
        unit=unit,
        event_kinds=kinds,
        include_identity=include_identity,
        secret=transport.new_secret(),
        created_at=clock.now(),
    )
    logger.info("webhook subscription %s created by %s", subscription.pk, actor)
    return subscription


# ---------------------------------------------------------------- events → deliveries


def _payload(event: ComplaintEvent, subscription: Subscription) -> dict[str, Any]:
    complaint = event.complaint
    data: dict[str, Any] = {
        "tracking_number": complaint.tracking_number,
        "instansi": complaint.instansi.code,
        "title": complaint.title,
        "type": complaint.type,
        "status": event.new.get("status", complaint.status)
        if isinstance(event.new, dict)
        else complaint.status,
        "category": complaint.category.code if complaint.category else None,
        "channel": complaint.channel,
        "is_anonymous": complaint.is_anonymous,
        "is_confidential": complaint.is_confidential,
        "event": {
            "seq": event.seq,
            "kind": event.kind,
            "at": event.created_at.isoformat(),
            "unit": event.unit.code if event.unit else None,
            "note": event.note,
            "is_public": event.is_public,
        },
    }
    # Identity only for a subscription granted it, and never an anonim reporter's: that is
    # for the coordinators' eyes, each look logged (DOMAIN.md section 4).
    if subscription.include_identity and not complaint.is_anonymous:
        reporter = reporter_of(complaint)
        if reporter is not None:
            data["reporter"] = {
                "name": reporter.name,
                "phone": reporter.phone,
                "email": reporter.email,
                "nik": reporter.nik,
                "address": reporter.address,
            }
    return {
        "type": f"report.{event.kind}",
        "timestamp": event.created_at.isoformat(),
        "data": data,
    }


def _matches(
    subscription: Subscription,
    event: ComplaintEvent,
    units_of: dict[int, set[int]],
    subtrees: dict[int, set[int]],
) -> bool:
    complaint = event.complaint
    if complaint.instansi_id != subscription.instansi_id or not subscription.is_active:
        return False
    if event.created_at < subscription.created_at:
        return False  # a new subscription gets what happens from now on, not the history
    if subscription.event_kinds and event.kind not in subscription.event_kinds:
        return False
    if subscription.unit_id is None:
        return True
    reach = subtrees[subscription.unit_id]
    return bool(units_of.get(complaint.pk, set()) & reach) or event.unit_id in reach


def webhooks_from_events(*, now: datetime | None = None, batch: int = 500) -> int:
    """Turn the events written since the last call into deliveries; returns how many."""
    now = now or clock.now()
    if eventfeed.nothing_new(Cursor.objects.filter(name=CURSOR).first()):
        return 0
    subscriptions = list(Subscription.objects.filter(is_active=True))
    with transaction.atomic():
        cursor, _created = Cursor.objects.select_for_update().get_or_create(name=CURSOR)
        wanted = eventfeed.advance(cursor, now=now, batch=batch)
        rows: list[Delivery] = []
        if subscriptions and wanted:
            events = list(
                ComplaintEvent.objects.filter(pk__in=wanted)
                .exclude(kind__in=NEVER_SENT)
                .select_related("complaint__instansi", "complaint__category", "unit")
                .order_by("pk")
            )
            units_of: dict[int, set[int]] = {}
            for complaint_id, unit_id in (
                Dispatch.objects.filter(complaint_id__in={e.complaint_id for e in events})
                .exclude(status=DispatchStatus.RETURNED)
                .values_list("complaint_id", "unit_id")
            ):
                units_of.setdefault(complaint_id, set()).add(unit_id)
            subtrees = {
                s.unit_id: unit_subtree_ids(Unit(pk=s.unit_id, instansi_id=s.instansi_id))
                for s in subscriptions
                if s.unit_id is not None
            }
            for event in events:
                for subscription in subscriptions:
                    if _matches(subscription, event, units_of, subtrees):
                        rows.append(
                            Delivery(
                                subscription=subscription,
                                event=event,
                                message_id=f"msg_{event.pk}_{subscription.pk}",
                                payload=_payload(event, subscription),
                                next_attempt_at=now,
                                created_at=now,
                            )
                        )
        Delivery.objects.bulk_create(rows, ignore_conflicts=True)
        cursor.save(update_fields=["last_event_id", "gaps"])
    return len(rows)


# ---------------------------------------------------------------- sending


def _due(now: datetime) -> Q:
    stale = now - timedelta(seconds=settings.ADUAN_WORKER_LEASE_SECONDS)
    return Q(status=DeliveryStatus.PENDING, next_attempt_at__lte=now) | Q(
        status=DeliveryStatus.SENDING, claimed_at__lt=stale
    )


def delivery_claim_next(*, worker_id: str, now: datetime | None = None) -> Delivery | None:
    """Claim the next due delivery: the conditional UPDATE must change exactly one row."""
    now = now or clock.now()
    claim = {
        "status": DeliveryStatus.SENDING,
        "claimed_at": now,
        "claimed_by": worker_id,
        "attempts": F("attempts") + 1,
    }
    with transaction.atomic():
        candidates = Delivery.objects.filter(_due(now)).order_by("next_attempt_at", "pk")
        if connection.features.has_select_for_update_skip_locked:
            candidates = candidates.select_for_update(skip_locked=True)
            seen = list(candidates.values_list("pk", "status", "claimed_at")[:1])
        else:
            seen = list(candidates.values_list("pk", "status", "claimed_at")[:20])
        for pk, status, claimed_at in seen:
            if Delivery.objects.filter(pk=pk, status=status, claimed_at=claimed_at).update(**claim):
                return Delivery.objects.select_related("subscription").get(pk=pk)
    return None


def delivery_send(*, delivery: Delivery, worker_id: str) -> str:
    """Send a claimed delivery (outside any transaction), log the attempt, and record the
    outcome: delivered; waiting again after a backoff (doubling from
    ADUAN_WORKER_BACKOFF_SECONDS); or failed after ADUAN_WORKER_MAX_ATTEMPTS."""
    subscription = delivery.subscription
    body = json.dumps(delivery.payload, ensure_ascii=False, separators=(",", ":")).encode()
    now = clock.now()
    status_code: int | None = None
    try:
        sent = transport.post(
            url=subscription.url,
            secret=subscription.secret,
            message_id=delivery.message_id,
            body=body,
            timestamp=int(now.timestamp()),
        )
    except TransportError as exc:
        error = str(exc)
        match = re.match(r"HTTP (\d{3})", error)
        status_code = int(match.group(1)) if match else None
        duration = 0
    else:
        error, status_code, duration = "", sent.status_code, sent.duration_ms
    mine = Delivery.objects.filter(
        pk=delivery.pk, status=DeliveryStatus.SENDING, claimed_by=worker_id
    )
    with transaction.atomic():
        Attempt.objects.create(
            delivery=delivery,
            at=now,
            status_code=status_code,
            error=error[:500],
            duration_ms=duration,
        )
        if not error:
            mine.update(status=DeliveryStatus.DELIVERED, delivered_at=clock.now(), last_error="")
            return DeliveryStatus.DELIVERED
        if delivery.attempts >= settings.ADUAN_WORKER_MAX_ATTEMPTS:
            mine.update(status=DeliveryStatus.FAILED, last_error=error[:2000])
            logger.warning("webhook %s failed: %s", delivery.message_id, error)
            return DeliveryStatus.FAILED
        backoff = settings.ADUAN_WORKER_BACKOFF_SECONDS * 2 ** max(delivery.attempts - 1, 0)
        mine.update(
            status=DeliveryStatus.PENDING,
            claimed_at=None,
            claimed_by="",
            next_attempt_at=now + timedelta(seconds=backoff),
            last_error=error[:2000],
        )
    return DeliveryStatus.PENDING


@dataclass
class WebhookPass:
    enqueued: int = 0
    delivered: int = 0
    retried: int = 0
    failed: int = 0


def webhooks_pass(
    *,
    worker_id: str,
    should_stop: Callable[[], bool] = lambda: False,
    max_messages: int = 200,
) -> WebhookPass:
    """One turn: events → deliveries, then send due deliveries until none is left."""
    result = WebhookPass(enqueued=webhooks_from_events())
    for _turn in range(max_messages):
        if should_stop():
            break
        delivery = delivery_claim_next(worker_id=worker_id)
        if delivery is None:
            break
        outcome = delivery_send(delivery=delivery, worker_id=worker_id)
        if outcome == DeliveryStatus.DELIVERED:
            result.delivered += 1
        elif outcome == DeliveryStatus.FAILED:
            result.failed += 1
        else:
            result.retried += 1
    return result


@transaction.atomic
def delivery_replay(*, actor: User, delivery: Delivery) -> Delivery:
    """Send a delivery again (after the receiver lost it, or after it failed): a new delivery
    with the same message id and body, due now. Only a finished one (delivered or failed)."""
    if delivery.status not in (DeliveryStatus.DELIVERED, DeliveryStatus.FAILED):
        raise Conflict(_("This delivery is still being sent."))
    replay = Delivery.objects.create(
        subscription=delivery.subscription,
        event=delivery.event,
        message_id=delivery.message_id,
        payload=delivery.payload,
        next_attempt_at=clock.now(),
        created_at=clock.now(),
        replay_of=delivery,
    )
    logger.info("webhook %s replayed by %s", delivery.message_id, actor.pk)
    return replay
