"""Writes of the notification layer: events → outbox rows, the clock sweep, claim and send.

- `notifications_from_events` turns new ComplaintEvent rows into Notification rows in one
  transaction with the cursor, so a rolled-back transition (no event) sends nothing and a
  crash loses nothing. The lifecycle services never import this app.
- `sla_tick` finds due-soon and breached clocks with indexed, set-based queries
  (`next_due_at`, `autoclose_at`, status), records each as an Escalation row (unique per clock
  and level) and enqueues its messages in the same transaction: once, however often it runs.
- `notifications_claim` / `notification_send`: the worker claims a batch of rows with one
  conditional UPDATE (SKIP LOCKED on PostgreSQL), sends each outside any transaction, records
  each outcome as soon as it is known.
  Delivery is at-least-once: a worker killed after the gateway accepted a message and before
  the row was marked sent leaves it `sending`; after the lease another worker sends it again
  (once more at most per lease). The notification id travels as the idempotency key so a
  gateway or mail client can drop the repeat.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.db.models import (
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext, gettext_lazy

from aduan.accounts.models import User
from aduan.complaints.anchors import checkpoint_due, checkpoint_write
from aduan.complaints.choices import (
    ACTIVE_DISPATCH_STATUSES,
    OPEN_STATUSES,
    ArchiveReason,
    Channel,
    EventKind,
    ReportType,
    Status,
)
from aduan.complaints.models import Complaint, ComplaintEvent, Dispatch, EventCheckpoint
from aduan.conversations.choices import ChatChannel, Step
from aduan.conversations.engine import Reply
from aduan.conversations.models import Conversation, InboundMessage
from aduan.conversations.services import (
    MediaUnavailable,
    conversation_expect,
    conversations_expire,
    inbound_claim,
    inbound_process_batch,
)
from aduan.core import clock
from aduan.core.http import site_url
from aduan.integrations.email.transport import send_email
from aduan.integrations.errors import TransportError
from aduan.integrations.lapor.client import HttpLapor
from aduan.integrations.lapor.services import LaporPass, lapor_pass, lapor_sweep
from aduan.integrations.sms import transport as sms
from aduan.integrations.sms.encoding import segments
from aduan.integrations.webhooks.services import WebhookPass, webhooks_pass
from aduan.integrations.whatsapp import transport as whatsapp
from aduan.notifications.choices import (
    DELIVERY_RANK,
    ClockKind,
    EscalationLevel,
    NotificationStatus,
    NotifyChannel,
    RecipientKind,
)
from aduan.notifications.messages import TEMPLATES, link_append, render
from aduan.notifications.models import Escalation, EventCursor, Notification
from aduan.notifications.selectors import Staffing, staffing_of
from aduan.organisation.choices import SlaTier
from aduan.organisation.clocks import (
    at_risk_seconds,
    end_of_day,
    local_date,
    working_time_after,
)
from aduan.organisation.models import Instansi, Unit
from aduan.organisation.selectors import calendar_for
from aduan.reporting.rollups import rollups_refresh
from aduan.reporting.services import monthly_reports_send
from aduan.routing.services import routing_models_train_due
from aduan.surveys.invitations import invitation_url
from aduan.workflow.services import complaints_autoclose_due

logger = logging.getLogger(__name__)

EVENT_CURSOR = "events"
# An event older than this when the worker first sees it (a worker that was off for days,
# history replayed by the demo generator) no longer makes a message: it would be stale news.
STALE_EVENT_AGE = timedelta(days=2)
MAX_GAPS = 1000


# ---------------------------------------------------------------- recipients and rows


@dataclass(frozen=True)
class Recipient:
    kind: RecipientKind
    channel: NotifyChannel
    address: str
    language: str
    user: User | None = None


def staff_recipients(users: Iterable[User]) -> list[Recipient]:
    """Each staff user once: in the console, and by email when the account has one."""
    found: list[Recipient] = []
    seen: set[int] = set()
    for user in users:
        if user.pk in seen:
            continue
        seen.add(user.pk)
        language = user.preferred_language or "id"
        found.append(Recipient(RecipientKind.STAFF, NotifyChannel.CONSOLE, "", language, user))
        if user.email:
            found.append(
                Recipient(RecipientKind.STAFF, NotifyChannel.EMAIL, user.email, language, user)
            )
    return found


# Reports filed by chat are answered in the chat.
_CHAT_OF_CHANNEL = {Channel.WHATSAPP: NotifyChannel.WHATSAPP, Channel.SMS: NotifyChannel.SMS}


def chat_configured(channel: str) -> bool:
    if channel == NotifyChannel.WHATSAPP:
        return whatsapp.is_configured() or sms.is_configured()
    return channel == NotifyChannel.SMS and sms.is_configured()


def reporter_recipients(complaint: Complaint) -> list[Recipient]:
    """The reporter on the channel the report came from (WhatsApp, SMS, in the language of
    their conversation), else by email when given, else by SMS/WhatsApp when a gateway is
    configured; nobody when the reporter left no contact."""
    reporter = complaint.reporter
    if reporter is None:
        return []
    user = reporter.user
    language = (user.preferred_language if user else "") or "id"
    chat = _CHAT_OF_CHANNEL.get(Channel(complaint.channel))
    if chat is not None and reporter.phone and chat_configured(chat):
        spoken = (
            Conversation.objects.filter(channel=chat, address=reporter.phone)
            .values_list("language", flat=True)
            .first()
        )
        return [Recipient(RecipientKind.REPORTER, chat, reporter.phone, spoken or "id", user)]
    email = reporter.email or (user.email if user else "")
    if email:
        return [Recipient(RecipientKind.REPORTER, NotifyChannel.EMAIL, email, language, user)]
    phone = reporter.phone or (user.phone if user else "")
    if phone and sms.is_configured():
        channel = (
            NotifyChannel.WHATSAPP if complaint.channel == Channel.WHATSAPP else NotifyChannel.SMS
        )
        return [Recipient(RecipientKind.REPORTER, channel, phone, language, user)]
    return []


def _rows(
    recipients: Sequence[Recipient],
    key: str,
    context: dict[str, object],
    *,
    complaint: Complaint,
    source: str,
    now: datetime,
) -> list[Notification]:
    rows = []
    rendered: dict[tuple[str, str], tuple[str, str]] = {}  # once per language and wording
    links = _links(complaint)
    for r in recipients:
        # A reporter in a chat is told to reply there (conversations.engine answers it).
        chat = r.channel in (NotifyChannel.WHATSAPP, NotifyChannel.SMS)
        wording = f"{key}_chat" if chat and f"{key}_chat" in TEMPLATES else key
        if (r.language, wording) not in rendered:
            ctx = {k: v(r.language) if callable(v) else v for k, v in context.items()}
            rendered[r.language, wording] = render(wording, r.language, ctx)
        subject, body = rendered[r.language, wording]
        console = r.channel == NotifyChannel.CONSOLE
        if not console:  # the console's list links to the report itself
            body = link_append(body, kind=r.kind, url=links[r.kind], language=r.language)
        rows.append(
            Notification(
                recipient_kind=r.kind,
                recipient_user=r.user,
                channel=r.channel,
                address=r.address,
                language=r.language,
                template_key=wording,
                subject=subject,
                body=body,
                extra=_chat_extra(wording, r.language),
                complaint=complaint,
                dedupe_key=f"{source}:{r.kind}:{r.user.pk if r.user else 0}:{r.channel}"[:200],
                # A console message is delivered by being stored.
                status=NotificationStatus.SENT if console else NotificationStatus.PENDING,
                sent_at=now if console else None,
                next_attempt_at=now,
                created_at=now,
            )
        )
    return rows


def _links(complaint: Complaint) -> dict[str, str]:
    """Where each kind of recipient follows the report: the citizen's tracking page, the
    console page for staff; absolute, from SITE_URL (the worker has no request)."""
    number = complaint.tracking_number
    return {
        RecipientKind.REPORTER: site_url(reverse("workflow:track", args=[number])),
        RecipientKind.STAFF: site_url(reverse("workflow:console_report", args=[number])),
    }


def _chat_extra(key: str, language: str) -> dict[str, object]:
    if key != "resolved_chat":
        return {}
    with translation.override(language):
        return {
            "options": [
                ["1", str(gettext_lazy("Yes, solved"))],
                ["2", str(gettext_lazy("Not yet"))],
            ]
        }


def _thread(rows: Iterable[Notification], complaint: Complaint) -> None:
    """Mail to the reporter of a report filed by email answers their first mail (In-Reply-To),
    so it lands in the same thread of their mail client."""
    if complaint.channel != Channel.EMAIL:
        return
    for row in rows:
        if row.channel != NotifyChannel.EMAIL:
            continue
        data = (
            Conversation.objects.filter(channel=ChatChannel.EMAIL, address=row.address)
            .values_list("data", flat=True)
            .first()
        )
        message_id = (data or {}).get("threads", {}).get(str(complaint.pk), "")
        if message_id:
            row.extra = {**row.extra, "in_reply_to": message_id}


def _expect_answers(rows: Iterable[Notification], complaint: Complaint, step: Step) -> None:
    """A question or a resolution went to a reporter in a chat: their next message there
    answers it (conversations.services.conversation_expect)."""
    for row in rows:
        if row.template_key in ("question_chat", "resolved_chat"):
            conversation_expect(
                channel=row.channel, address=row.address, complaint=complaint, step=step
            )


def _insert(rows: list[Notification]) -> int:
    Notification.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    return len(rows)


@lru_cache(maxsize=4096)
def _format_day(day: date, language: str) -> str:
    with translation.override(language):
        return formats.date_format(day, "DATE_FORMAT")


def _local_day(instansi: Instansi, moment: datetime | None) -> Callable[[str], str]:
    """The local date of a deadline, formatted in the recipient's language."""
    day = local_date(instansi, moment) if moment is not None else None

    def fmt(language: str) -> str:
        return _format_day(day, language) if day is not None else ""

    return fmt


def _unit_names(units: Iterable[Unit]) -> str:
    return ", ".join(str(u) for u in units)


# ---------------------------------------------------------------- events → notifications


_NOTIFYING = (
    EventKind.SUBMITTED,
    EventKind.VERIFIED,
    EventKind.EDITED,
    EventKind.DISPATCHED,
    EventKind.HANDLED_BY_COORDINATOR,
    EventKind.FOLLOWUP,
    EventKind.HELD,
    EventKind.RESOLVED,
    EventKind.DISPATCH_RETURNED,
    EventKind.REASSIGNED,
    EventKind.ARCHIVED,
    EventKind.FORWARDED,
    EventKind.EXTENDED,
    EventKind.CLOSED,
    EventKind.CONFIRMED,
    EventKind.AUTO_CLOSED,
)
# Events after which the auditor hears of a supervisory report: when it arrives with that
# category, when verification confirms it, or when a correction moves it there.
_CLASSIFYING = (EventKind.SUBMITTED, EventKind.VERIFIED, EventKind.EDITED)


def _archive_reason(code: str) -> Callable[[str], str]:
    def fmt(language: str) -> str:
        with translation.override(language):
            return str(ArchiveReason(code).label) if code in ArchiveReason.values else code

    return fmt


def _forward_destination(to: str) -> Callable[[str], str]:
    name = (
        "SP4N-LAPOR!"
        if to == "lapor"
        else (Instansi.objects.filter(code=to).values_list("name", flat=True).first() or to)
    )
    return lambda language: name


def _new_number(number: str) -> Callable[[str], str]:
    def fmt(language: str) -> str:
        if not number:
            return ""
        with translation.override(language):
            return " " + gettext(
                "There it has the tracking number %(number)s; your access code stays the same."
            ) % {"number": number}

    return fmt


def _note_line(note: str) -> Callable[[str], str]:
    def fmt(language: str) -> str:
        if not note:
            return ""
        with translation.override(language):
            return "\n\n" + gettext("Note: %(note)s") % {"note": note}

    return fmt


def _event_rows(
    event: ComplaintEvent, staffing: Staffing, units: dict[int, Unit], now: datetime
) -> list[Notification]:
    complaint = event.complaint
    instansi = complaint.instansi
    source = f"ev:{event.pk}"
    base: dict[str, object] = {
        "tracking": complaint.tracking_number,
        "title": complaint.title,
        "note": event.note,
    }
    rows: list[Notification] = []

    def to_reporter(key: str, **extra: object) -> None:
        added = _rows(
            reporter_recipients(complaint),
            key,
            {**base, **extra},
            complaint=complaint,
            source=source,
            now=now,
        )
        _thread(added, complaint)
        rows.extend(added)

    def to_staff(users: Iterable[User], key: str, **extra: object) -> None:
        rows.extend(
            _rows(
                staff_recipients(users),
                key,
                {**base, **extra},
                complaint=complaint,
                source=source,
                now=now,
            )
        )

    new_units = [units[u] for u in event.new.get("units", []) if u in units]
    category = complaint.category
    if (
        event.kind in _CLASSIFYING
        and category is not None
        and category.sla_tier == SlaTier.SUPERVISORY
        and (event.kind != EventKind.EDITED or "category" in event.new)
    ):
        # Once per report, however many of these events it has (the dedupe key).
        rows.extend(
            _rows(
                staff_recipients(staffing.auditors.get(complaint.instansi_id, [])),
                "supervisory_arrived",
                {**base, "due": _local_day(instansi, complaint.complete_due_at)},
                complaint=complaint,
                source=f"supervisory:{complaint.pk}",
                now=now,
            )
        )
    if event.kind == EventKind.SUBMITTED:
        # A conversation (chat or mail) answered with the number and code already.
        if complaint.channel not in (*_CHAT_OF_CHANNEL, Channel.EMAIL):
            to_reporter("receipt")
    elif event.kind == EventKind.ARCHIVED:
        to_reporter(
            "archived",
            reason=_archive_reason(str(event.new.get("reason", ""))),
            note=_note_line(event.note),
        )
    elif event.kind == EventKind.FORWARDED:
        to_reporter(
            "forwarded",
            destination=_forward_destination(str(event.new.get("to", ""))),
            new_number=_new_number(str(event.new.get("new_tracking_number", ""))),
        )
    elif event.kind == EventKind.EXTENDED:
        to_reporter("extended", due=_local_day(instansi, complaint.complete_due_at))
    elif event.kind in (EventKind.DISPATCHED, EventKind.HANDLED_BY_COORDINATOR):
        to_reporter("dispatched", units=_unit_names(new_units))
        if event.kind == EventKind.DISPATCHED:
            due = Dispatch.objects.filter(
                complaint_id=complaint.pk, unit__in=new_units, dispatched_at=event.created_at
            ).values_list("followup_due_at", flat=True)
            for unit in new_units:
                to_staff(
                    staffing.liaisons.get(unit.pk, []),
                    "new_dispatch",
                    units=str(unit),
                    due=_local_day(instansi, max((d for d in due if d), default=None)),
                )
    elif event.kind == EventKind.FOLLOWUP and event.is_public:
        to_reporter("followup")
    elif event.kind == EventKind.HELD:
        to_reporter("question")
        _expect_answers(rows, complaint, Step.ANSWER)
    elif event.kind == EventKind.RESOLVED and event.new.get("status") == Status.RESOLVED:
        to_reporter("resolved", due=_local_day(instansi, complaint.autoclose_at))
        _expect_answers(rows, complaint, Step.RESOLVED)
    elif event.kind in (EventKind.CLOSED, EventKind.CONFIRMED, EventKind.AUTO_CLOSED):
        # The satisfaction survey of the unit that served the report, answered once (surveys);
        # its invitation says the report is closed. Without a survey, staff's or the clock's
        # closing is told on its own (the reporter who confirmed knows).
        link = invitation_url(complaint)
        if link is not None:
            to_reporter("survey_invitation", link=link)
        elif event.kind != EventKind.CONFIRMED:
            to_reporter("closed")
    elif event.kind == EventKind.REASSIGNED and event.new.get("unit") in units:
        # A unit moved its dispatch to a sub-unit: that sub-unit's liaisons have new work (the
        # reporter sees no change: the same unit family still handles it).
        unit = units[event.new["unit"]]
        followup_due = (
            Dispatch.objects.filter(complaint_id=complaint.pk, unit=unit)
            .exclude(followup_due_at=None)
            .values_list("followup_due_at", flat=True)
            .first()
        )
        to_staff(
            staffing.liaisons.get(unit.pk, []),
            "new_dispatch",
            units=str(unit),
            due=_local_day(instansi, followup_due),
        )
    elif event.kind == EventKind.DISPATCH_RETURNED and event.new.get("status") == Status.SUBMITTED:
        to_staff(
            staffing.coordinators.get(complaint.instansi_id, []),
            "handed_back",
            units=str(event.unit) if event.unit else "",
        )
    return rows


def notifications_from_events(*, now: datetime | None = None, batch: int = 500) -> int:
    """Turn the events written since the last call into outbox rows; returns rows enqueued.

    One transaction holds the cursor row, the new notifications and the cursor's move, so
    a crash in between redoes the batch (the dedupe keys make that harmless).
    """
    now = now or clock.now()
    lease = timedelta(seconds=settings.ADUAN_WORKER_LEASE_SECONDS)
    # Most polls find nothing: answer that without a write transaction (SQLite's write lock).
    peek = EventCursor.objects.filter(name=EVENT_CURSOR).first()
    if (
        peek is not None
        and not peek.gaps
        and not ComplaintEvent.objects.filter(pk__gt=peek.last_event_id).exists()
    ):
        return 0
    with transaction.atomic():
        cursor, _ = EventCursor.objects.select_for_update().get_or_create(name=EVENT_CURSOR)
        ids = list(
            ComplaintEvent.objects.filter(pk__gt=cursor.last_event_id)
            .order_by("pk")
            .values_list("pk", flat=True)[:batch]
        )
        gaps: dict[str, str] = dict(cursor.gaps)
        wanted = set(ids) | {int(k) for k in gaps}
        if not wanted:
            return 0
        # Ids skipped over may belong to a transaction still open (PostgreSQL hands out ids
        # before commit): remember them and look again until the lease has passed.
        if ids:
            seen = set(ids)
            for missing in range(cursor.last_event_id + 1, ids[-1]):
                if missing not in seen and len(gaps) < MAX_GAPS:
                    gaps.setdefault(str(missing), now.isoformat())
        events = list(
            ComplaintEvent.objects.filter(pk__in=wanted, kind__in=_NOTIFYING)
            .select_related(
                "complaint__instansi", "complaint__category", "complaint__reporter__user", "unit"
            )
            .order_by("pk")
        )
        for pk in ComplaintEvent.objects.filter(pk__in=[int(k) for k in gaps]).values_list(
            "pk", flat=True
        ):
            gaps.pop(str(pk), None)  # the late transaction committed: its event is read now
        gaps = {k: v for k, v in gaps.items() if datetime.fromisoformat(v) > now - lease}
        fresh = [e for e in events if e.created_at >= now - STALE_EVENT_AGE]
        rows: list[Notification] = []
        if fresh:
            staffing = staffing_of({e.complaint.instansi_id for e in fresh})
            unit_ids = {u for e in fresh for u in e.new.get("units", [])}
            unit_ids |= {e.new["unit"] for e in fresh if e.kind == EventKind.REASSIGNED}
            units = Unit.objects.in_bulk(unit_ids)
            for event in fresh:
                rows += _event_rows(event, staffing, units, now)
        _insert(rows)
        cursor.last_event_id = max([cursor.last_event_id, *ids])
        cursor.gaps = gaps
        cursor.updated_at = now
        cursor.save(update_fields=["last_event_id", "gaps", "updated_at"])
    return len(rows)


# ---------------------------------------------------------------- the clock sweep


@dataclass
class SweepResult:
    autoclosed: int = 0
    escalations: int = 0
    notifications: int = 0


@dataclass(frozen=True)
class _Due:
    """One clock found by the sweep, at one level."""

    complaint: Complaint
    clock: ClockKind
    level: EscalationLevel
    due_at: datetime
    dispatch: Dispatch | None = None


def _working_day_before(instansi: Instansi, day: date, n: int) -> date:
    """The n-th working day before `day` (n >= 1)."""
    calendar = calendar_for(instansi)
    while n:
        day -= timedelta(days=1)
        if calendar.is_working_day(day):
            n -= 1
    return day


def _not_done(clock_kind: ClockKind, level: EscalationLevel, due_field: str) -> Exists:
    return Exists(
        Escalation.objects.filter(
            complaint=OuterRef("pk"),
            dispatch__isnull=True,
            clock=clock_kind,
            level=level,
            due_at=OuterRef(due_field),
        )
    )


# Only what the sweep's messages and rules read: a report row carries up to 10,000
# characters of description the sweep never needs.
_SWEEP_FIELDS = (
    "id",
    "instansi_id",
    "tracking_number",
    "title",
    "channel",
    "status",
    "submitted_at",
    "held_for",
    "verify_due_at",
    "complete_due_at",
    "autoclose_at",
    "next_due_at",
    "category__sla_tier",
    "reporter__email",
    "reporter__phone",
    "reporter__user__preferred_language",
    "reporter__user__email",
    "reporter__user__phone",
)


def _complaints(instansi: Instansi) -> QuerySet[Complaint]:
    return (
        Complaint.objects.filter(instansi=instansi)
        .select_related("category", "reporter__user")
        .only(*_SWEEP_FIELDS)
    )


def _due_soon_until(instansi: Instansi, now: datetime, length_days: int) -> datetime | None:
    """The latest deadline of a clock of `length_days` that is at risk now (the console's
    measure, organisation.clocks.clock_state); None when the instansi has no at-risk share."""
    risk = at_risk_seconds(instansi, length_days)
    return working_time_after(instansi, now, risk) if risk else None


def _completion_groups(instansi: Instansi) -> list[tuple[Q, int]]:
    """Open reports by the length of their completion clock: per SLA tier (no category counts
    as not supervisory, as workflow does), and information requests with or without their
    one extension."""
    groups: list[tuple[Q, int]] = []
    not_info = ~Q(type=ReportType.INFO_REQUEST)
    for tier in SlaTier:
        in_tier = Q(category__sla_tier=tier)
        if tier == SlaTier.NON_SUPERVISORY:
            in_tier |= Q(category__isnull=True)
        groups.append((not_info & in_tier, instansi.completion_days(tier)))
    info = Q(type=ReportType.INFO_REQUEST)
    groups.append((info & Q(extension_reason=""), instansi.info_request_days))
    groups.append(
        (
            info & ~Q(extension_reason=""),
            instansi.info_request_days + instansi.info_extension_days,
        )
    )
    return groups


def _find_due(instansi: Instansi, now: datetime, limit: int) -> list[_Due]:
    """The clocks of an instansi that need a message now and have not had it."""
    today = local_date(instansi, now)
    calendar = calendar_for(instansi)
    zone = ZoneInfo(instansi.time_zone)
    after = settings.ADUAN_ESCALATE_AFTER_WORKING_DAYS
    escalate_before = (
        datetime.combine(_working_day_before(instansi, today, after), time.min, tzinfo=zone)
        if after
        else now
    )
    warn_until = end_of_day(
        instansi, calendar.add(today, settings.ADUAN_AUTOCLOSE_WARNING_WORKING_DAYS)
    )
    running = (Status.SUBMITTED, Status.DISPATCHED, Status.IN_PROGRESS)
    # Per level, each clock's windows: (clock, due field, statuses, which reports, lower, upper
    # and whether upper is inclusive). Breached before due-soon, escalated first of all. A
    # reminder goes out when a clock turns at risk, measured in working time as the console
    # measures it, so the due-soon window depends on the clock's length.
    Window = tuple[ClockKind, str, tuple[str, ...], Q, datetime | None, datetime, bool]
    levels: list[tuple[EscalationLevel, list[Window]]] = []
    for level, upper in (
        (EscalationLevel.ESCALATED, escalate_before),
        (
            EscalationLevel.BREACHED,
            now,
        ),
    ):
        levels.append(
            (
                level,
                [
                    (
                        ClockKind.VERIFY,
                        "verify_due_at",
                        (Status.SUBMITTED,),
                        Q(),
                        None,
                        upper,
                        False,
                    ),
                    (ClockKind.COMPLETE, "complete_due_at", running, Q(), None, upper, False),
                    (ClockKind.FOLLOWUP, "followup_due_at", (), Q(), None, upper, False),
                ],
            )
        )
    soon: list[Window] = []
    until = _due_soon_until(instansi, now, instansi.verify_days)
    if until is not None:
        soon.append((ClockKind.VERIFY, "verify_due_at", (Status.SUBMITTED,), Q(), now, until, True))
    for which, length in _completion_groups(instansi):
        until = _due_soon_until(instansi, now, length)
        if until is not None:
            soon.append((ClockKind.COMPLETE, "complete_due_at", running, which, now, until, True))
    until = _due_soon_until(instansi, now, instansi.first_followup_days)
    if until is not None:
        soon.append((ClockKind.FOLLOWUP, "followup_due_at", (), Q(), now, until, True))
    levels.append((EscalationLevel.DUE_SOON, soon))
    found: list[_Due] = []

    def room() -> int:
        return max(limit - len(found), 0)

    for level, windows in levels:
        for clock_kind, field, statuses, which, lower, upper, inclusive in windows:
            if not room():
                return found
            op = "lte" if inclusive else "lt"
            window: dict[str, datetime] = {op: upper}
            if lower is not None:
                window["gte"] = lower
            by_due = {f"next_due_at__{op}": upper}
            if clock_kind != ClockKind.FOLLOWUP:
                rows = (
                    _complaints(instansi)
                    .filter(which, status__in=statuses, **by_due)
                    .filter(**{f"{field}__{o}": value for o, value in window.items()})
                    .filter(~_not_done(clock_kind, level, field))
                    .order_by(field, "pk")[: room()]
                )
                found += [_Due(c, clock_kind, level, getattr(c, field)) for c in rows]
                continue
            dispatches = (
                Dispatch.objects.filter(
                    complaint__instansi=instansi,
                    complaint__status__in=(Status.DISPATCHED, Status.IN_PROGRESS),
                    status__in=ACTIVE_DISPATCH_STATUSES,
                    **{f"complaint__{k}": v for k, v in by_due.items()},
                    **{f"followup_due_at__{o}": value for o, value in window.items()},
                )
                .filter(
                    ~Exists(
                        Escalation.objects.filter(
                            dispatch=OuterRef("pk"),
                            clock=ClockKind.FOLLOWUP,
                            level=level,
                            due_at=OuterRef("followup_due_at"),
                        )
                    )
                )
                .select_related("unit", "complaint__category", "complaint__reporter__user")
                .only(
                    "id",
                    "complaint_id",
                    "unit__name",
                    "unit__short_name",
                    "followup_due_at",
                    *(f"complaint__{f}" for f in _SWEEP_FIELDS),
                )
                .order_by("followup_due_at", "pk")[: room()]
            )
            for d in dispatches:
                assert d.followup_due_at is not None
                found.append(_Due(d.complaint, ClockKind.FOLLOWUP, level, d.followup_due_at, d))
    if room():
        rows = (
            _complaints(instansi)
            .filter(status=Status.RESOLVED, autoclose_at__gt=now, autoclose_at__lte=warn_until)
            .filter(~_not_done(ClockKind.AUTOCLOSE, EscalationLevel.WARNING, "autoclose_at"))
            .order_by("autoclose_at", "pk")[: room()]
        )
        found += [
            _Due(c, ClockKind.AUTOCLOSE, EscalationLevel.WARNING, c.autoclose_at)  # type: ignore[arg-type]
            for c in rows
        ]
    if room():
        told = Escalation.objects.filter(
            complaint=OuterRef("pk"), dispatch__isnull=True, clock=ClockKind.OMBUDSMAN
        )
        period = timedelta(days=settings.ADUAN_OMBUDSMAN_DAYS)
        long_ago = now - period
        # Days on hold do not count: a report on hold waits (its clock stands still), and the
        # time a report spent on hold before (held_for) moves its notice later.
        counted_from = ExpressionWrapper(
            F("submitted_at") + Coalesce(F("held_for"), Value(timedelta(0))),
            output_field=DateTimeField(),
        )
        rows = (
            _complaints(instansi)
            .filter(status__in=OPEN_STATUSES, submitted_at__lte=long_ago)
            .exclude(status=Status.ON_HOLD)
            .alias(counted_from=counted_from)
            .filter(counted_from__lte=long_ago)
            .filter(~Exists(told))
            .order_by("submitted_at", "pk")[: room()]
        )
        found += [
            _Due(
                c,
                ClockKind.OMBUDSMAN,
                EscalationLevel.WARNING,
                c.submitted_at + (c.held_for or timedelta(0)) + period,
            )
            for c in rows
        ]
    return found


def _staff_for(due: _Due, staffing: Staffing, active_units: dict[int, list[Unit]]) -> list[User]:
    """Who hears of a clock (DOMAIN.md section 5): the unit's liaison when it is due soon or
    breached; then the coordinator and the unit's leader; a breached supervisory report also
    goes to the auditor."""
    complaint = due.complaint
    instansi_id = complaint.instansi_id
    if due.clock == ClockKind.FOLLOWUP:
        assert due.dispatch is not None
        units = [due.dispatch.unit]
    elif due.clock == ClockKind.COMPLETE:
        units = active_units.get(complaint.pk, [])
    else:
        units = []
    users: list[User] = []
    if due.level in (EscalationLevel.DUE_SOON, EscalationLevel.BREACHED):
        for unit in units:
            users += staffing.liaisons.get(unit.pk, [])
        if not units or not users:
            users += staffing.coordinators.get(instansi_id, [])
    if due.level == EscalationLevel.ESCALATED:
        users += staffing.coordinators.get(instansi_id, [])
        for unit in units:
            users += staffing.unit_leaders.get(unit.pk, [])
        if not units:
            users += staffing.leaders.get(instansi_id, [])
    supervisory = complaint.category is not None and complaint.category.sla_tier == (
        SlaTier.SUPERVISORY
    )
    if due.level == EscalationLevel.BREACHED and supervisory:
        users += staffing.auditors.get(instansi_id, [])
    return users


def _due_rows(
    due: _Due, staffing: Staffing, active_units: dict[int, list[Unit]], now: datetime
) -> list[Notification]:
    complaint = due.complaint
    instansi = complaint.instansi
    source = (
        f"clk:{complaint.pk}:{due.dispatch.pk if due.dispatch else 0}:{due.clock}:{due.level}:"
        f"{int(due.due_at.timestamp())}"
    )
    context: dict[str, object] = {
        "tracking": complaint.tracking_number,
        "title": complaint.title,
        "due": _local_day(instansi, due.due_at),
        "days": settings.ADUAN_OMBUDSMAN_DAYS,
    }
    if due.clock in (ClockKind.AUTOCLOSE, ClockKind.OMBUDSMAN):
        key = "autoclose_warning" if due.clock == ClockKind.AUTOCLOSE else "ombudsman"
        return _rows(
            reporter_recipients(complaint),
            key,
            context,
            complaint=complaint,
            source=source,
            now=now,
        )
    label = ClockKind(due.clock).label

    def clock_name(language: str) -> str:
        with translation.override(language):
            return str(label).lower()

    def unit_part(language: str) -> str:
        if due.dispatch is None:
            return ""
        with translation.override(language):
            return f" ({due.dispatch.unit})"

    context["clock"] = clock_name
    context["unit"] = unit_part
    users = _staff_for(due, staffing, active_units)
    return _rows(
        staff_recipients(users),
        str(due.level),
        context,
        complaint=complaint,
        source=source,
        now=now,
    )


def sla_tick(*, now: datetime | None = None, limit: int | None = None) -> SweepResult:
    """One sweep of every clock: auto-close what is due, then remind, report breaches and
    escalate, each exactly once. `limit` bounds the clocks acted on per instansi per sweep
    (a backlog is worked off over the next sweeps)."""
    now = now or clock.now()
    limit = limit or settings.ADUAN_SWEEP_LIMIT
    result = SweepResult(autoclosed=complaints_autoclose_due(now=now))
    for instansi in Instansi.objects.order_by("pk"):
        found = _find_due(instansi, now, limit)
        if not found:
            continue
        for due in found:
            due.complaint.instansi = instansi  # the rows were read without it
        staffing = staffing_of([instansi.pk])
        active_units: dict[int, list[Unit]] = {}
        complete_ids = [d.complaint.pk for d in found if d.clock == ClockKind.COMPLETE]
        for dispatch in Dispatch.objects.filter(
            complaint_id__in=complete_ids, status__in=ACTIVE_DISPATCH_STATUSES
        ).select_related("unit"):
            active_units.setdefault(dispatch.complaint_id, []).append(dispatch.unit)
        escalations = [
            Escalation(
                complaint=d.complaint,
                dispatch=d.dispatch,
                clock=d.clock,
                level=d.level,
                due_at=d.due_at,
                created_at=now,
            )
            for d in found
        ]
        rows = [row for d in found for row in _due_rows(d, staffing, active_units, now)]
        with transaction.atomic():
            # A sweep racing this one inserts the same keys: both tables ignore the repeat.
            Escalation.objects.bulk_create(escalations, ignore_conflicts=True, batch_size=500)
            _insert(rows)
        result.escalations += len(escalations)
        result.notifications += len(rows)
    return result


# ---------------------------------------------------------------- claim, send, record


# Outbox rows claimed at once by a worker: one claim transaction per batch, not per row.
OUTBOX_BATCH = 50


def _lease() -> timedelta:
    return timedelta(seconds=settings.ADUAN_WORKER_LEASE_SECONDS)


def _due_filter(now: datetime) -> Q:
    stale = now - timedelta(seconds=settings.ADUAN_WORKER_LEASE_SECONDS)
    return Q(status=NotificationStatus.PENDING, next_attempt_at__lte=now) | Q(
        status=NotificationStatus.SENDING, claimed_at__lt=stale
    )


def notifications_claim(
    *, worker_id: str, limit: int = 1, now: datetime | None = None
) -> list[Notification]:
    """Claim up to `limit` due messages (or ones whose worker's lease ran out) for this
    worker, oldest first, in one short transaction.

    PostgreSQL: SELECT … FOR UPDATE SKIP LOCKED, so workers never wait on each other. Both
    databases: one conditional UPDATE (still due: pending, or sending with a lapsed lease)
    takes them, and only the rows that now carry this worker's claim are returned; a row
    another worker won in between is not among them.
    """
    now = now or clock.now()
    with transaction.atomic():
        candidates = Notification.objects.filter(_due_filter(now)).order_by("next_attempt_at", "pk")
        if connection.features.has_select_for_update_skip_locked:
            candidates = candidates.select_for_update(skip_locked=True)
        ids = list(candidates.values_list("pk", flat=True)[:limit])
        if not ids:
            return []
        Notification.objects.filter(_due_filter(now), pk__in=ids).update(
            status=NotificationStatus.SENDING,
            claimed_at=now,
            claimed_by=worker_id,
            attempts=F("attempts") + 1,
        )
        return list(
            Notification.objects.filter(
                pk__in=ids, status=NotificationStatus.SENDING, claimed_by=worker_id, claimed_at=now
            ).order_by("next_attempt_at", "pk")
        )


def notification_claim_next(*, worker_id: str, now: datetime | None = None) -> Notification | None:
    """Claim the next due message (or one whose worker's lease ran out) for this worker."""
    claimed = notifications_claim(worker_id=worker_id, limit=1, now=now)
    return claimed[0] if claimed else None


def notifications_release(*, notifications: Sequence[Notification], worker_id: str) -> int:
    """Give claimed, unsent messages back at once (the worker is stopping, or their lease is
    running out): due again for any worker, the attempt not counted. Returns how many."""
    return Notification.objects.filter(
        pk__in=[n.pk for n in notifications],
        status=NotificationStatus.SENDING,
        claimed_by=worker_id,
    ).update(
        status=NotificationStatus.PENDING,
        claimed_at=None,
        claimed_by="",
        attempts=F("attempts") - 1,
    )


# WhatsApp lets a business answer freely for 24 hours after the citizen's last message; after
# that only an approved template may start the conversation again.
WHATSAPP_WINDOW = timedelta(hours=24)


def _whatsapp_window_open(address: str, now: datetime) -> bool:
    last = (
        Conversation.objects.filter(channel=ChatChannel.WHATSAPP, address=address)
        .values_list("last_inbound_at", flat=True)
        .first()
    )
    return last is not None and now - last < WHATSAPP_WINDOW


def _chat_text(notification: Notification) -> str:
    if not notification.subject:
        return notification.body
    if notification.channel == NotifyChannel.WHATSAPP:
        return f"*{notification.subject}*\n{notification.body}"
    return f"{notification.subject}\n{notification.body}"


def _transport(notification: Notification) -> str:
    """Send one message; returns the provider's id for it ("" when it gives none)."""
    key = f"aduan-notification-{notification.pk}"
    if notification.channel == NotifyChannel.EMAIL:
        send_email(
            to=notification.address,
            subject=notification.subject,
            body=notification.body,
            idempotency_key=key,
            in_reply_to=str(notification.extra.get("in_reply_to", "")),
            references=str(notification.extra.get("references", "")),
            tracking_number=notification.complaint.tracking_number
            if notification.complaint_id and notification.complaint
            else "",
        )
        return ""
    if notification.channel == NotifyChannel.WHATSAPP and whatsapp.is_configured():
        text = _chat_text(notification)
        if _whatsapp_window_open(notification.address, clock.now()):
            options = [(str(a), str(b)) for a, b in notification.extra.get("options", [])]
            body = whatsapp.message_body(text, options)
        else:
            body = whatsapp.template_body(text, notification.language)
        return whatsapp.send(to=notification.address, body=body)
    if notification.channel in (NotifyChannel.SMS, NotifyChannel.WHATSAPP):
        text = _chat_text(notification)
        # SMS: one gateway call per part of a long text, each with its own key, so a retry
        # after part 2 failed lets the gateway drop part 1 (docs/integrations.md).
        parts = segments(text) if notification.channel == NotifyChannel.SMS else [text]
        for number, part in enumerate(parts, start=1):
            sms.send_message(
                to=notification.address,
                message=part,
                channel=notification.channel,
                idempotency_key=key if len(parts) == 1 else f"{key}-{number}of{len(parts)}",
            )
        return key
    if notification.channel != NotifyChannel.CONSOLE:
        raise TransportError(f"unknown channel {notification.channel}", permanent=True)
    return ""


def _without_secret(notification: Notification) -> dict[str, object]:
    """The row's body and extra with its secret (an access code) replaced by dots."""
    extra = dict(notification.extra)
    secret = str(extra.pop("secret", ""))
    if not secret:
        return {}
    return {"body": notification.body.replace(secret, "•" * len(secret)), "extra": extra}


def notification_send(*, notification: Notification, worker_id: str) -> str:
    """Send a claimed message (outside any transaction) and record the outcome on its row:
    sent; pending again after a backoff; or failed after the last attempt or a permanent
    refusal. Returns the new status."""
    try:
        provider_id = _transport(notification)
    except TransportError as exc:
        error, permanent = str(exc), exc.permanent
    except Exception as exc:  # a bug in a transport must not stop the worker
        logger.exception("notification %s: unexpected error", notification.pk)
        error, permanent = f"{type(exc).__name__}: {exc}", False
    else:
        Notification.objects.filter(
            pk=notification.pk, status=NotificationStatus.SENDING, claimed_by=worker_id
        ).update(
            status=NotificationStatus.SENT,
            sent_at=clock.now(),
            last_error="",
            provider_message_id=provider_id[:255],
            **_without_secret(notification),
        )
        return NotificationStatus.SENT
    now = clock.now()
    mine = Notification.objects.filter(
        pk=notification.pk, status=NotificationStatus.SENDING, claimed_by=worker_id
    )
    if permanent or notification.attempts >= settings.ADUAN_WORKER_MAX_ATTEMPTS:
        mine.update(
            status=NotificationStatus.FAILED,
            last_error=error[:2000],
            **_without_secret(notification),
        )
        logger.warning("notification %s failed: %s", notification.pk, error)
        return NotificationStatus.FAILED
    backoff = settings.ADUAN_WORKER_BACKOFF_SECONDS * 2 ** max(notification.attempts - 1, 0)
    mine.update(
        status=NotificationStatus.PENDING,
        claimed_at=None,
        claimed_by="",
        next_attempt_at=now + timedelta(seconds=backoff),
        last_error=error[:2000],
    )
    return NotificationStatus.PENDING


# ---------------------------------------------------------------- inbound chat messages


def _chat_rows(conversation: Conversation, inbound: InboundMessage, replies: list[Reply]) -> None:
    """The engine's answers to one inbound message, as outbox rows (in its transaction).
    Keyed by the inbound row, so working the same message again adds no second answer."""
    now = clock.now()
    subject, thread = "", {}
    if conversation.channel == ChatChannel.EMAIL:
        # An answer to a mail: "Re:" its subject, with the report's number, in its thread.
        original = str(inbound.payload.get("subject", "")).strip()
        subject = original if original.lower().startswith("re:") else f"Re: {original}"
        number = conversation.complaint.tracking_number if conversation.complaint else ""
        if number and number not in subject:
            subject = f"[{number}] {subject}"
        thread = {
            "in_reply_to": str(inbound.payload.get("message_id", "")),
            "references": str(inbound.payload.get("references", "")),
        }
    rows = [
        Notification(
            recipient_kind=RecipientKind.REPORTER,
            channel=conversation.channel,
            address=conversation.address,
            language=conversation.language,
            template_key="chat",
            subject=subject[:200],
            body=reply.text,
            extra={
                **({"options": [list(o) for o in reply.options]} if reply.options else {}),
                **({"secret": reply.secret} if reply.secret else {}),
                **{k: v for k, v in thread.items() if v},
            },
            complaint=conversation.complaint,
            dedupe_key=f"in:{inbound.pk}:{number}",
            next_attempt_at=now,
            created_at=now,
        )
        for number, reply in enumerate(replies)
    ]
    _insert(rows)


def _fetch_media(inbound: InboundMessage) -> bytes:
    if inbound.channel != ChatChannel.WHATSAPP:
        raise MediaUnavailable("this channel delivers no media", permanent=True)
    try:
        return whatsapp.media_download(str(inbound.payload.get("media_id", "")))
    except TransportError as exc:
        raise MediaUnavailable(str(exc), permanent=exc.permanent) from None


# Inbound messages claimed at once by a worker: one claim transaction per batch, not per row.
INBOUND_BATCH = 50

_PART_SUFFIX = re.compile(r"-\d+of\d+$")


def _delivery_record(inbound: InboundMessage) -> None:
    """A provider's delivery status, onto the message it is about; a later state is never
    overwritten by an earlier one that arrived late."""
    state = str(inbound.payload.get("status", ""))
    if state not in DELIVERY_RANK:
        return
    message_id = _PART_SUFFIX.sub("", str(inbound.payload.get("message_id", "")))
    row = (
        Notification.objects.select_for_update()
        .filter(provider_message_id=message_id)
        .order_by("pk")
        .first()
    )
    if row is None:
        return
    if DELIVERY_RANK.get(row.delivery_status, 0) >= DELIVERY_RANK[state]:
        return
    row.delivery_status = state
    row.delivery_updated_at = clock.now()
    fields = ["delivery_status", "delivery_updated_at"]
    error = str(inbound.payload.get("error", ""))
    if error:
        row.last_error = error[:2000]
        fields.append("last_error")
    row.save(update_fields=fields)


def inbound_work(*, should_stop: Callable[[], bool] = lambda: False, limit: int = 200) -> int:
    """Work off the messages the webhooks stored: each through the conversation engine, its
    answers into the outbox. Claims them in batches and works ADUAN_INBOUND_TRANSACTION_MESSAGES
    of them per transaction; returns how many were done."""
    per_transaction = max(1, settings.ADUAN_INBOUND_TRANSACTION_MESSAGES)
    claim = max(INBOUND_BATCH, per_transaction)
    done = 0
    while done < limit and not should_stop():
        batch = inbound_claim(limit=min(claim, limit - done))
        if not batch:
            break
        for start in range(0, len(batch), per_transaction):
            if should_stop():
                break  # the rest of the batch is claimed: another worker takes it after the lease
            done += inbound_process_batch(
                batch=batch[start : start + per_transaction],
                deliver=_chat_rows,
                fetch_media=_fetch_media,
                on_status=_delivery_record,
            )
        if len(batch) < claim:
            break
    return done


@dataclass
class PassResult:
    inbound: int = 0
    enqueued: int = 0
    swept: SweepResult | None = None
    sent: int = 0
    retried: int = 0
    failed: int = 0
    rollups: int = 0
    monthly_reports: int = 0
    checkpoint: EventCheckpoint | None = None
    webhooks: WebhookPass | None = None
    lapor: LaporPass | None = None


def worker_pass(
    *,
    worker_id: str,
    sweep: bool,
    should_stop: Callable[[], bool] = lambda: False,
    max_messages: int = 200,
) -> PassResult:
    """One turn of the worker loop: messages that came in (the conversation engine), events →
    outbox, the clock sweep when due (and with it the event log's signed checkpoint when one is
    due), then send due messages (claimed in batches, sent one by one) until none is left,
    `max_messages`, or a stop is requested; claimed messages not sent then go back."""
    result = PassResult(inbound=inbound_work(should_stop=should_stop, limit=max_messages))
    result.enqueued = notifications_from_events()
    # Outbound webhooks and SP4N-LAPOR! share the loop: their own outboxes, claimed the same way.
    result.webhooks = webhooks_pass(worker_id=worker_id, should_stop=should_stop)
    if settings.ADUAN_LAPOR_URL:
        lapor = HttpLapor()
        if sweep:
            default = Instansi.objects.filter(code=settings.ADUAN_DEFAULT_INSTANSI).first()
            if default is not None:
                lapor_sweep(api=lapor, instansi=default)
        result.lapor = lapor_pass(api=lapor, worker_id=worker_id, should_stop=should_stop)
    if sweep:
        conversations_expire()
        result.swept = sla_tick()
        result.enqueued += notifications_from_events()  # the auto-close events
        if checkpoint_due():
            result.checkpoint = checkpoint_write()
        routing_models_train_due()
    # The rollups read the same events (the auto-close ones included) with their own cursor.
    result.rollups = rollups_refresh()
    if sweep:
        try:
            result.monthly_reports = monthly_reports_send()
        except Exception:  # a broken report must not stop notifications; retried next sweep
            logger.exception("monthly reports failed")
    handled = 0
    while handled < max_messages and not should_stop():
        claimed = notifications_claim(
            worker_id=worker_id, limit=min(OUTBOX_BATCH, max_messages - handled)
        )
        if not claimed:
            break
        # Sent one by one, each outcome recorded as soon as it is known. Half the lease is
        # the most a batch may take: what is left then goes back, so no other worker can
        # take a row over while this one still means to send it.
        deadline = clock.now() + _lease() / 2
        for number, notification in enumerate(claimed):
            if should_stop() or clock.now() >= deadline:
                notifications_release(notifications=claimed[number:], worker_id=worker_id)
                return result
            outcome = notification_send(notification=notification, worker_id=worker_id)
            handled += 1
            if outcome == NotificationStatus.SENT:
                result.sent += 1
            elif outcome == NotificationStatus.FAILED:
                result.failed += 1
            else:
                result.retried += 1
    return result


# ---------------------------------------------------------------- the staff console


def console_notifications_mark_read(*, user: User, ids: Sequence[int] | None = None) -> int:
    """Mark the user's unread console messages read: those in `ids`, or all of them.

    Only the user's own rows change, whatever ids are given; returns how many changed.
    """
    rows = Notification.objects.filter(
        recipient_user=user, channel=NotifyChannel.CONSOLE, read_at__isnull=True
    )
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    return rows.update(read_at=clock.now())
