"""The SP4N-LAPOR! adapter: events → outbox messages, sending them, pulling dispositions in,
reading national status back, the manual fallback and the reconciler.

- *Out*: a report forwarded to LAPOR! (`complaint_forward(to_lapor=True)`, its FORWARDED
  event) becomes a FORWARD message; once sent, its national id is stored (`LaporLink`).
- *In*: `lapor_pull` files each disposition once (its national id is unique) through
  `complaint_submit` with channel LAPOR, privacy mapped, category by `lapor_topic_id`, unit by
  `UnitMapping`; its public follow-ups, resolution and closing become FOLLOWUP messages.
- Every message carries its idempotency key; a retryable failure is retried with backoff
  (capped at an hour) for as long as LAPOR! is down, so nothing is lost or sent twice.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Min, Q
from django.utils.translation import gettext as _

from aduan.accounts.choices import Role
from aduan.accounts.models import User
from aduan.complaints.choices import ActorKind, Audience, Channel, EventKind, ReportType, Status
from aduan.complaints.events import event_record
from aduan.complaints.models import Complaint, ComplaintEvent
from aduan.complaints.selectors import reporter_of
from aduan.complaints.services import ReporterInput, ReportInput, Submitted, complaint_submit
from aduan.core import clock
from aduan.core.errors import Conflict, PermissionDenied, ValidationFailed
from aduan.integrations import eventfeed
from aduan.integrations.errors import TransportError
from aduan.integrations.lapor import mapping
from aduan.integrations.lapor.client import LaporApi
from aduan.integrations.lapor.models import (
    Cursor,
    DifferenceKind,
    Direction,
    LaporLink,
    LaporMessage,
    MessageKind,
    MessageStatus,
    ReconcileRun,
    Repair,
    UnitMapping,
)
from aduan.organisation.models import Category, Instansi
from aduan.organisation.selectors import has_role

logger = logging.getLogger(__name__)

CURSOR = "lapor"
MAX_BACKOFF = timedelta(hours=1)
BATCH = 50  # messages claimed and recorded per transaction
SENDERS = 8  # HTTP calls to LAPOR! in flight at once
# What of a disposed report goes back to LAPOR!: public follow-ups and the end of the work.
# A national tracking id as a coordinator types it (the real format is not published).
NATIONAL_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]*")
PUSHED_BACK = {EventKind.FOLLOWUP, EventKind.RESOLVED, EventKind.CLOSED, EventKind.AUTO_CLOSED}

# ---------------------------------------------------------------- events → messages


def lapor_from_events(*, now: datetime | None = None, batch: int = 500) -> int:
    """Turn the events since the last call into messages to LAPOR!; returns how many."""
    now = now or clock.now()
    if eventfeed.nothing_new(Cursor.objects.filter(name=CURSOR).first()):
        return 0
    with transaction.atomic():
        cursor, _created = Cursor.objects.select_for_update().get_or_create(name=CURSOR)
        wanted = eventfeed.advance(cursor, now=now, batch=batch)
        events = list(
            ComplaintEvent.objects.filter(pk__in=wanted)
            .filter(
                Q(kind=EventKind.FORWARDED) | Q(kind__in=PUSHED_BACK) | Q(new__has_key="status")
            )
            .select_related("complaint__category")
            .order_by("pk")
        )
        linked = dict(
            LaporLink.objects.filter(
                complaint_id__in={e.complaint_id for e in events}, direction=Direction.IN
            ).values_list("complaint_id", "national_id")
        )
        rows = []
        for event in events:
            complaint = event.complaint
            if event.kind == EventKind.FORWARDED and event.new.get("to") == "lapor":
                kind, payload = (
                    MessageKind.FORWARD,
                    mapping.report_out(complaint, reporter_of(complaint)),
                )
            elif complaint.pk in linked and event.kind in PUSHED_BACK:
                if event.kind == EventKind.FOLLOWUP and not event.is_public:
                    continue  # an internal note stays here
                status = event.new.get("status", complaint.status)
                kind, payload = MessageKind.FOLLOWUP, mapping.followup_out(event, status)
                payload["national_id"] = linked[complaint.pk]
            elif complaint.pk in linked and _national_status_changed(event):
                kind = MessageKind.STATUS
                payload = mapping.status_out(event.new["status"], event.created_at)
                payload["national_id"] = linked[complaint.pk]
            else:
                continue
            rows.append(
                LaporMessage(
                    kind=kind,
                    complaint=complaint,
                    event=event,
                    idempotency_key=f"aduan-{complaint.instansi_id}-{event.pk}",
                    payload=payload,
                    next_attempt_at=now,
                    created_at=now,
                )
            )
        LaporMessage.objects.bulk_create(rows, ignore_conflicts=True)
        cursor.save(update_fields=["last_event_id", "gaps"])
    return len(rows)


def _national_status_changed(event: ComplaintEvent) -> bool:
    """Whether an event moves a disposed report to another national status (verification,
    acceptance, hold, re-opening, archiving …): pushed back on its own."""
    if event.kind == EventKind.IMPROVEMENT:  # its "status" is the improvement's
        return False
    new, old = event.new.get("status"), event.old.get("status")
    if new not in Status.values or old not in Status.values:  # filing is no change
        return False
    return mapping.status_expected(new) != mapping.status_expected(old)


# ---------------------------------------------------------------- sending


def _due(now: datetime) -> Q:
    stale = now - timedelta(seconds=settings.ADUAN_WORKER_LEASE_SECONDS)
    return Q(status=MessageStatus.PENDING, next_attempt_at__lte=now) | Q(
        status=MessageStatus.SENDING, claimed_at__lt=stale
    )


def messages_claim(
    *, worker_id: str, now: datetime | None = None, limit: int = BATCH
) -> list[LaporMessage]:
    """Claim up to `limit` due messages (or ones whose worker's lease ran out) at once, at
    most one per report (its oldest unsent one).

    PostgreSQL: SELECT … FOR UPDATE SKIP LOCKED, so workers never wait on each other. Both
    databases: the UPDATE repeats the due condition, so a row another worker claimed since
    the SELECT is not taken twice; the rows returned are the ones this claim marked.
    """
    now = now or clock.now()
    with transaction.atomic():
        candidates = LaporMessage.objects.filter(_due(now)).order_by("next_attempt_at", "pk")
        if connection.features.has_select_for_update_skip_locked:
            candidates = candidates.select_for_update(skip_locked=True)
        seen = list(candidates.values_list("pk", "complaint_id")[: limit * 4])
        # One message per report at a time, the oldest first: a report's follow-ups reach
        # LAPOR! in order, even when one of them has to wait for a retry.
        first = dict(
            LaporMessage.objects.filter(
                complaint_id__in={c for _pk, c in seen},
                status__in=[MessageStatus.PENDING, MessageStatus.SENDING],
            )
            .values("complaint_id")
            .annotate(first=Min("pk"))
            .values_list("complaint_id", "first")
        )
        ids = [pk for pk, complaint_id in seen if first.get(complaint_id) == pk][:limit]
        if not ids:
            return []
        LaporMessage.objects.filter(_due(now), pk__in=ids).update(
            status=MessageStatus.SENDING,
            claimed_at=now,
            claimed_by=worker_id,
            attempts=F("attempts") + 1,
        )
        return list(
            LaporMessage.objects.filter(
                pk__in=ids, status=MessageStatus.SENDING, claimed_by=worker_id, claimed_at=now
            ).order_by("pk")
        )


@dataclass(frozen=True)
class _Outcome:
    message: LaporMessage
    national_id: str = ""
    error: str = ""
    permanent: bool = False


def _attempt(message: LaporMessage, api: LaporApi) -> _Outcome:
    """Send one claimed message; never raises (the outcome says what happened)."""
    try:
        if message.kind == MessageKind.FORWARD:
            national_id = api.report_send(
                body=message.payload, idempotency_key=message.idempotency_key
            )
            return _Outcome(message, national_id=national_id)
        body = {k: v for k, v in message.payload.items() if k != "national_id"}
        send = api.status_send if message.kind == MessageKind.STATUS else api.followup_send
        send(
            national_id=message.payload["national_id"],
            body=body,
            idempotency_key=message.idempotency_key,
        )
        return _Outcome(message)
    except TransportError as exc:
        return _Outcome(message, error=str(exc) or "error", permanent=exc.permanent)
    except Exception as exc:  # a bug must not stop the worker: retried like an outage
        logger.exception("lapor message %s: unexpected error", message.idempotency_key)
        return _Outcome(message, error=f"{type(exc).__name__}: {exc}")


def _backoff(attempts: int) -> timedelta:
    seconds = settings.ADUAN_WORKER_BACKOFF_SECONDS * 2 ** min(max(attempts - 1, 0), 16)
    return min(timedelta(seconds=seconds), MAX_BACKOFF)


def messages_record(*, outcomes: list[_Outcome], worker_id: str) -> LaporPass:
    """Record a batch's outcomes in one transaction: sent (with the national id of a
    forwarded report), refused for good (4xx), or due again after a backoff. Retryable
    failures are retried for as long as it takes: LAPOR! down for a day loses nothing."""
    result = LaporPass()
    now = clock.now()
    with transaction.atomic():
        mine = LaporMessage.objects.filter(status=MessageStatus.SENDING, claimed_by=worker_id)
        sent = [o for o in outcomes if not o.error]
        mine.filter(pk__in=[o.message.pk for o in sent]).update(
            status=MessageStatus.SENT, sent_at=now, last_error=""
        )
        LaporLink.objects.bulk_create(
            [
                LaporLink(
                    complaint_id=o.message.complaint_id,
                    national_id=o.national_id,
                    direction=Direction.OUT,
                    created_at=now,
                )
                for o in sent
                if o.national_id
            ],
            ignore_conflicts=True,  # the answer to a retried message whose link exists
        )
        result.sent = len(sent)
        for outcome in outcomes:
            if not outcome.error:
                continue
            row = mine.filter(pk=outcome.message.pk)
            if outcome.permanent:
                row.update(status=MessageStatus.FAILED, last_error=outcome.error[:2000])
                logger.warning(
                    "lapor message %s refused: %s", outcome.message.idempotency_key, outcome.error
                )
                result.failed += 1
            else:
                row.update(
                    status=MessageStatus.PENDING,
                    claimed_at=None,
                    claimed_by="",
                    next_attempt_at=now + _backoff(outcome.message.attempts),
                    last_error=outcome.error[:2000],
                )
                result.retried += 1
    return result


# ---------------------------------------------------------------- dispositions in


@dataclass
class PullResult:
    filed: list[str] = field(default_factory=list)
    duplicates: int = 0


def lapor_pull(*, api: LaporApi, instansi: Instansi, max_pages: int = 50) -> PullResult:
    """File every disposition not filed yet (once each: a national id already linked, or seen
    twice in one pull, is skipped). Stops at a retryable failure (TransportError goes on);
    what was filed stays filed and the next pull goes on."""
    result = PullResult()
    page: int | None = 1
    pages = 0
    while page is not None and pages < max_pages:
        items, page = api.dispositions(page=page)
        pages += 1
        for item in items:
            disposition = mapping.disposition_in(item)
            if LaporLink.objects.filter(national_id=disposition.national_id).exists():
                result.duplicates += 1
                continue
            result.filed.append(_file_disposition(instansi, disposition))
    return result


def _file_disposition(instansi: Instansi, disposition: mapping.Disposition) -> str:
    category = (
        Category.objects.filter(
            instansi=instansi, lapor_topic_id=disposition.topic_id, is_active=True
        ).first()
        if disposition.topic_id
        else None
    )
    unit = (
        UnitMapping.objects.select_related("unit")
        .filter(lapor_id=disposition.unit_lapor_id, unit__instansi=instansi)
        .first()
    )
    now = clock.now()

    def link(submitted: Submitted) -> None:
        LaporLink.objects.create(
            complaint=submitted.complaint,
            national_id=disposition.national_id,
            direction=Direction.IN,
            created_at=now,
        )

    submitted = complaint_submit(
        instansi=instansi,
        data=ReportInput(
            type=ReportType.COMPLAINT,
            title=disposition.title or _("Report from SP4N-LAPOR!"),
            description=disposition.description or disposition.title,
            channel=Channel.LAPOR,
            category=category,
            target_unit=unit.unit if unit else None,
            is_anonymous=disposition.is_anonymous,
            is_confidential=disposition.is_confidential,
            reporter=ReporterInput(name=disposition.reporter_name),
        ),
        on_filed=link,
    )
    return submitted.complaint.tracking_number


# ---------------------------------------------------------------- status back, by hand, reconcile


def lapor_refresh(*, api: LaporApi, limit: int = 200) -> int:
    """Read the national status and follow-ups of forwarded reports (the oldest read first)."""
    done = 0
    links = LaporLink.objects.filter(direction=Direction.OUT).order_by(
        F("synced_at").asc(nulls_first=True), "pk"
    )[:limit]
    for link in links:
        status, followups = mapping.national_state(api.report_get(national_id=link.national_id))
        LaporLink.objects.filter(pk=link.pk).update(
            national_status=status, national_followups=followups, synced_at=clock.now()
        )
        done += 1
    return done


@transaction.atomic
def _lapor_id_event(
    *, actor: User, complaint: Complaint, old: str, new: str, now: datetime
) -> None:
    """The event of a national id recorded, changed or cleared (`new` empty) by hand.

    Public: the tracking page shows and links the national id of every forwarded report it
    shows, and the id is LAPOR!'s number for the report, no personal data. The public reads
    it only where it reads the report (`public_events_of`: published, never rahasia)."""
    event_record(
        complaint=complaint,
        kind=EventKind.LAPOR_ID_RECORDED,
        actor=actor,
        actor_kind=ActorKind.STAFF,
        at=now,
        old={"national_id": old},
        new={"national_id": new},
        audience=Audience.PUBLIC,
    )
    complaint.updated_at = now
    complaint.save(update_fields=["event_count", "last_event_hash", "updated_at"])


def _lapor_id_locked(actor: User, complaint: Complaint) -> Complaint:
    """Lock the report, then check the coordinator and that it went to LAPOR!."""
    complaint = Complaint.objects.select_for_update(of=("self",)).get(pk=complaint.pk)
    if not has_role(actor, (Role.COORDINATOR,), instansi_id=complaint.instansi_id):
        raise PermissionDenied(_("Only a coordinator of this government can do this."))
    if not complaint.forwarded_to_lapor:
        raise Conflict(_("Only a report forwarded to SP4N-LAPOR! has a national tracking id."))
    return complaint


@transaction.atomic
def national_id_record(*, actor: User, complaint: Complaint, national_id: str) -> LaporLink:
    """The manual fallback: a coordinator records the national tracking id of a report
    forwarded to LAPOR! by hand (outside aduan), or corrects the one stored. Every change is
    an event (LAPOR_ID_RECORDED, the old and new id); the same id again changes nothing."""
    national_id = national_id.strip()
    if not national_id or len(national_id) > 60:
        raise ValidationFailed(_("Give the SP4N-LAPOR! tracking id."), code="national_id")
    if not NATIONAL_ID.fullmatch(national_id):
        raise ValidationFailed(
            _(
                "An SP4N-LAPOR! tracking id has letters, digits, dots, dashes, slashes and "
                "underscores only."
            ),
            code="national_id",
        )
    complaint = _lapor_id_locked(actor, complaint)
    if LaporLink.objects.filter(national_id=national_id).exclude(complaint=complaint).exists():
        raise ValidationFailed(
            _("This SP4N-LAPOR! tracking id belongs to another report."), code="national_id"
        )
    now = clock.now()
    link = LaporLink.objects.select_for_update().filter(complaint=complaint).first()
    if link is not None and link.national_id == national_id:
        return link  # already recorded: nothing changes, nothing is logged
    old = link.national_id if link is not None else ""
    if link is None:
        link = LaporLink.objects.create(
            complaint=complaint,
            national_id=national_id,
            direction=Direction.OUT,
            manual=True,
            created_at=now,
        )
    else:
        link.national_id = national_id
        link.direction = Direction.OUT
        link.manual = True
        link.created_at = now
        link.save(update_fields=["national_id", "direction", "manual", "created_at"])
    _lapor_id_event(actor=actor, complaint=complaint, old=old, new=national_id, now=now)
    logger.info("lapor id %s recorded by hand for %s by %s", national_id, complaint.pk, actor.pk)
    return link


@transaction.atomic
def national_id_clear(*, actor: User, complaint: Complaint) -> Complaint:
    """Remove a national tracking id recorded by hand (a wrong one); an event records it.
    The id LAPOR! itself answered stays: the outbox and the reconciler rely on it."""
    complaint = _lapor_id_locked(actor, complaint)
    link = LaporLink.objects.select_for_update().filter(complaint=complaint).first()
    if link is None:
        raise Conflict(_("This report has no SP4N-LAPOR! tracking id."))
    if not link.manual:
        raise Conflict(
            _("This SP4N-LAPOR! tracking id came from SP4N-LAPOR! itself and cannot be removed.")
        )
    old = link.national_id
    link.delete()
    _lapor_id_event(actor=actor, complaint=complaint, old=old, new="", now=clock.now())
    logger.info("lapor id %s cleared by hand for %s by %s", old, complaint.pk, actor.pk)
    return complaint


@dataclass(frozen=True)
class Difference:
    """One report on which both sides differ. `here` and `there` say what each side holds
    (a status, or the follow-ups' count and latest); `repair` how "send again" fixes it."""

    kind: str
    tracking_number: str
    national_id: str
    here: str = ""
    there: str = ""
    error: str = ""
    repair: str = ""
    message_id: int | None = None
    events: tuple[int, ...] = ()


def _followups_summary(prints: list[str]) -> str:
    return f"{len(prints)} · {max(prints)}" if prints else "0"


def lapor_reconcile(*, api: LaporApi, max_pages: int = 1000) -> list[Difference]:
    """Compare both sides, report by report. Lists, with their kind: reports forwarded here but
    not (yet) at LAPOR! and refused messages (each refused message can be sent again as it
    was); linked national ids LAPOR! does not know; national reports of the instansi that no
    report here is linked to; and, for every linked report whose messages are all delivered,
    a status that differs (a disposed report: ours mapped through `mapping.status_expected`; a
    forwarded one: the copy the reporter sees) and follow-ups that differ (compared by time
    and a hash of the text, `mapping.followup_print`; those of a disposed report missing at
    LAPOR! can be pushed again). Reads every page of the national list (`api.reports`).
    A retryable failure (TransportError) goes on: the run is kept with the error."""
    lapor_from_events()  # what is on its way is in the outbox, and so not compared yet
    found: list[Difference] = []
    refused = {
        m.complaint_id: m
        for m in LaporMessage.objects.filter(status=MessageStatus.FAILED, kind=MessageKind.FORWARD)
    }
    unlinked = Complaint.objects.filter(forwarded_to_lapor=True).exclude(
        pk__in=LaporLink.objects.values("complaint_id")
    )
    for complaint in unlinked.only("tracking_number").order_by("pk"):
        message = refused.get(complaint.pk)
        found.append(
            Difference(
                DifferenceKind.MISSING_NATIONALLY,
                complaint.tracking_number,
                "",
                error=f"refused: {message.last_error}" if message else "not sent yet",
                repair=Repair.RESEND if message else "",
                message_id=message.pk if message else None,
            )
        )
    for message in (
        LaporMessage.objects.filter(status=MessageStatus.FAILED)
        .exclude(kind=MessageKind.FORWARD)
        .select_related("complaint")
        .order_by("pk")
    ):
        found.append(
            Difference(
                DifferenceKind.STATUS
                if message.kind == MessageKind.STATUS
                else DifferenceKind.FOLLOWUPS,
                message.complaint.tracking_number,
                str(message.payload.get("national_id", "")),
                error=f"refused: {message.last_error}",
                repair=Repair.RESEND,
                message_id=message.pk,
            )
        )

    national: dict[str, dict[str, Any]] = {}
    page: int | None = 1
    pages = 0
    while page is not None and pages < max_pages:
        items, page = api.reports(page=page)
        pages += 1
        for item in items:
            national[str(item.get("id"))] = item

    links = list(LaporLink.objects.select_related("complaint").order_by("pk"))
    in_flight = set(
        LaporMessage.objects.filter(
            status__in=[MessageStatus.PENDING, MessageStatus.SENDING]
        ).values_list("complaint_id", flat=True)
    )
    delivered: dict[int, dict[int, str]] = {}
    for message in LaporMessage.objects.filter(
        kind=MessageKind.FOLLOWUP,
        status=MessageStatus.SENT,
        complaint_id__in=[link.complaint_id for link in links if link.direction == Direction.IN],
    ).order_by("pk"):
        delivered.setdefault(message.complaint_id, {}).setdefault(
            message.event_id,
            mapping.followup_print(
                str(message.payload.get("isi", "")), str(message.payload.get("waktu", ""))
            ),
        )
    for link in links:
        number = link.complaint.tracking_number
        twin = national.get(link.national_id)
        if twin is None:  # not in the instansi's list: perhaps forwarded outside aduan
            try:
                twin = api.report_get(national_id=link.national_id)
            except TransportError as exc:
                if not exc.permanent:
                    raise
                found.append(
                    Difference(
                        DifferenceKind.MISSING_NATIONALLY,
                        number,
                        link.national_id,
                        error=f"unknown there: {exc}",
                    )
                )
                continue
        if link.complaint_id in in_flight:
            continue  # its messages are on their way: compared once they arrived
        status, followups = mapping.national_state(twin)
        if link.direction == Direction.IN:
            expected = mapping.status_expected(link.complaint.status)
            here = delivered.get(link.complaint_id, {})
            pushable = True
        elif link.synced_at is not None:
            expected = link.national_status
            here = {
                i: mapping.followup_print(str(f.get("text", "")), str(f.get("at", "")))
                for i, f in enumerate(link.national_followups)
            }
            pushable = False  # LAPOR!'s own; the next sweep reads it again
        else:
            continue  # not read back yet
        if status != expected:
            found.append(
                Difference(
                    DifferenceKind.STATUS,
                    number,
                    link.national_id,
                    here=expected or "—",
                    there=status or "—",
                    repair=Repair.STATUS if pushable else "",
                )
            )
        there_prints = [mapping.followup_print(f["text"], f["at"]) for f in followups]
        left = Counter(there_prints)
        missing = []
        for key, printed in here.items():
            if left[printed] > 0:
                left[printed] -= 1
            else:
                missing.append(key)
        if missing or sum(left.values()):
            found.append(
                Difference(
                    DifferenceKind.FOLLOWUPS,
                    number,
                    link.national_id,
                    here=_followups_summary(list(here.values())),
                    there=_followups_summary(there_prints),
                    repair=Repair.FOLLOWUPS if pushable and missing else "",
                    events=tuple(missing) if pushable else (),
                )
            )

    linked = {link.national_id for link in links}
    for national_id, item in national.items():
        if national_id not in linked:
            local = str(item.get("nomor_lokal") or "")
            found.append(
                Difference(
                    DifferenceKind.MISSING_LOCALLY,
                    local,
                    national_id,
                    error="forwarded from here, its national id not recorded"
                    if local
                    else "disposed here, not filed yet (the next pull files it)",
                )
            )
    return found


@transaction.atomic
def reconcile_repair(*, actor: User, run: ReconcileRun, index: int) -> int:
    """ "Send again" for one difference of a reconciliation, through the outbox; returns how
    many messages were queued. A refused message goes again as it was (its own key: LAPOR!
    kept nothing of it). A disposed report's status, or its follow-ups missing at LAPOR!, go
    again as new messages whose keys name the run (`…-again-<run>`): asking twice for the same
    run queues nothing more, and LAPOR! keeps one copy however often each is retried."""
    try:
        difference = run.differences[index]
    except (IndexError, TypeError):
        raise ValidationFailed(_("This reconciliation lists no such difference.")) from None
    repair = difference.get("repair") or ""
    complaint = (
        Complaint.objects.select_for_update()
        .filter(tracking_number=difference.get("tracking_number") or "")
        .first()
    )
    if complaint is None or repair not in Repair.values:
        raise Conflict(_("Sending again does not fix this difference."))
    if not has_role(actor, (Role.COORDINATOR,), instansi_id=complaint.instansi_id):
        raise PermissionDenied(_("Only a coordinator of this government can do this."))
    now = clock.now()
    if repair == Repair.RESEND:
        return LaporMessage.objects.filter(
            pk=difference.get("message_id"), complaint=complaint, status=MessageStatus.FAILED
        ).update(
            status=MessageStatus.PENDING,
            next_attempt_at=now,
            claimed_at=None,
            claimed_by="",
            last_error="",
        )
    link = LaporLink.objects.filter(complaint=complaint, direction=Direction.IN).first()
    if link is None:
        raise Conflict(_("Sending again does not fix this difference."))
    rows: list[LaporMessage] = []
    if repair == Repair.STATUS:
        latest = ComplaintEvent.objects.filter(complaint=complaint).order_by("-pk").first()
        assert latest is not None  # every report has its SUBMITTED event
        payload = mapping.status_out(complaint.status, now)
        payload["national_id"] = link.national_id
        rows.append(
            LaporMessage(
                kind=MessageKind.STATUS,
                complaint=complaint,
                event=latest,
                idempotency_key=f"aduan-{complaint.instansi_id}-{complaint.pk}-status-again-{run.pk}",
                payload=payload,
                next_attempt_at=now,
                created_at=now,
            )
        )
    else:
        originals: dict[int, LaporMessage] = {}
        for message in LaporMessage.objects.filter(
            complaint=complaint,
            kind=MessageKind.FOLLOWUP,
            status=MessageStatus.SENT,
            event_id__in=[int(e) for e in difference.get("events") or []],
        ).order_by("event_id", "pk"):
            originals.setdefault(message.event_id, message)
        rows.extend(
            LaporMessage(
                kind=MessageKind.FOLLOWUP,
                complaint=complaint,
                event_id=event_id,
                idempotency_key=f"aduan-{complaint.instansi_id}-{event_id}-again-{run.pk}",
                payload=original.payload,
                next_attempt_at=now,
                created_at=now,
            )
            for event_id, original in originals.items()
        )
    queued = set(
        LaporMessage.objects.filter(
            idempotency_key__in=[r.idempotency_key for r in rows]
        ).values_list("idempotency_key", flat=True)
    )
    fresh = [r for r in rows if r.idempotency_key not in queued]
    LaporMessage.objects.bulk_create(fresh)
    logger.info(
        "lapor: %s message(s) queued again for %s by %s", len(fresh), complaint.pk, actor.pk
    )
    return len(fresh)


# ---------------------------------------------------------------- one turn of the worker


@dataclass
class LaporPass:
    enqueued: int = 0
    sent: int = 0
    retried: int = 0
    failed: int = 0


def lapor_pass(
    *,
    api: LaporApi,
    worker_id: str,
    should_stop: Callable[[], bool] = lambda: False,
    max_messages: int = 1000,
) -> LaporPass:
    """One turn of the worker: events → messages, then send due messages a batch at a time,
    the HTTP calls of a batch in parallel (SENDERS threads; the database only in this one),
    until none is due, `max_messages`, or a stop is requested."""
    result = LaporPass(enqueued=lapor_from_events())
    with ThreadPoolExecutor(max_workers=SENDERS) as pool:
        while result.sent + result.retried + result.failed < max_messages:
            if should_stop():
                break
            batch = messages_claim(worker_id=worker_id)
            if not batch:
                break
            outcomes = list(pool.map(lambda m: _attempt(m, api), batch))
            recorded = messages_record(outcomes=outcomes, worker_id=worker_id)
            result.sent += recorded.sent
            result.retried += recorded.retried
            result.failed += recorded.failed
    return result


def reconcile_run(*, api: LaporApi) -> ReconcileRun:
    """Run the reconciler and keep its result for the console page (/konsol/lapor/)."""
    try:
        found = lapor_reconcile(api=api)
    except TransportError as exc:
        return ReconcileRun.objects.create(at=clock.now(), error=str(exc)[:2000])
    return ReconcileRun.objects.create(
        at=clock.now(),
        differences=[{**asdict(d), "events": list(d.events)} for d in found],
    )


@dataclass
class LaporSweep:
    pulled: int = 0
    refreshed: int = 0
    error: str = ""


def lapor_sweep(*, api: LaporApi, instansi: Instansi) -> LaporSweep:
    """The worker's periodic turn: pull new dispositions, refresh forwarded reports' status.
    A national outage is logged and tried again on the next sweep."""
    result = LaporSweep()
    try:
        result.pulled = len(lapor_pull(api=api, instansi=instansi).filed)
        result.refreshed = lapor_refresh(api=api)
    except TransportError as exc:
        result.error = str(exc)
        logger.warning("SP4N-LAPOR! sweep stopped: %s", exc)
    return result
