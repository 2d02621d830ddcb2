"""The lifecycle of a report (DOMAIN.md section 5): one service per action.

Every service: locks the report row first, then checks the actor's role and the state,
changes the rows, writes one event (same transaction) and recomputes the clocks. When a
rule refuses, it raises a DomainError and nothing is written.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from django.core.files.base import File
from django.db import transaction
from django.utils.translation import gettext as _

from aduan.accounts.choices import Role
from aduan.accounts.models import User
from aduan.complaints.choices import (
    ACTIVE_DISPATCH_STATUSES,
    OPEN_STATUSES,
    ActorKind,
    ArchiveReason,
    DispatchStatus,
    EventKind,
    ReportType,
    Status,
)
from aduan.complaints.events import event_record
from aduan.complaints.models import Complaint, ComplaintEvent, Dispatch, Reporter
from aduan.complaints.selectors import identity_visible_to
from aduan.complaints.services import (
    ReporterInput,
    ReportInput,
    attachments_store,
    complaint_submit,
)
from aduan.core import clock
from aduan.core.errors import Conflict, PermissionDenied, ValidationFailed
from aduan.organisation.clocks import deadline_after, paused_working_days, shift_deadline
from aduan.organisation.models import Category, Instansi, Unit
from aduan.organisation.selectors import (
    coordinator_unit,
    has_role,
    liaison_reach,
    unit_ids_for_role,
)

# Fields every transition may touch; saved with update_fields so concurrent edits of other
# columns are never overwritten.
_CLOCK_FIELDS = ["verify_due_at", "complete_due_at", "autoclose_at", "next_due_at"]
_CHAIN_FIELDS = ["event_count", "last_event_hash", "updated_at"]


# ---------------------------------------------------------------- helpers


def _lock(complaint: Complaint) -> Complaint:
    """Lock the report row, then read it fresh (lock first, check second)."""
    return (
        # of=("self",): PostgreSQL refuses FOR UPDATE on the nullable side of a join.
        Complaint.objects.select_for_update(of=("self",))
        .select_related("instansi", "category")
        .get(pk=complaint.pk)
    )


def _require_state(complaint: Complaint, allowed: Iterable[str]) -> None:
    if complaint.status not in set(allowed):
        raise Conflict(
            _("This report is now “%(status)s”, so this action is no longer possible.")
            % {"status": complaint.get_status_display()}
        )


def _require_coordinator(actor: User | None, complaint: Complaint) -> User:
    if actor is None or not has_role(actor, (Role.COORDINATOR,), instansi_id=complaint.instansi_id):
        raise PermissionDenied(_("Only a coordinator of this government can do this."))
    return actor


def _active_dispatches(complaint: Complaint, *, lock: bool = False) -> list[Dispatch]:
    rows = Dispatch.objects.filter(complaint=complaint, status__in=ACTIVE_DISPATCH_STATUSES)
    if lock:
        rows = rows.select_for_update()
    return list(rows.select_related("unit").order_by("pk"))


def _dispatch_of_liaison(actor: User | None, complaint: Complaint) -> Dispatch | None:
    """The actor's active dispatch of this report (its unit or a parent unit's), if any."""
    if actor is None:
        return None
    units = unit_ids_for_role(actor, Role.LIAISON, instansi_id=complaint.instansi_id)
    for dispatch in _active_dispatches(complaint, lock=True):
        if dispatch.unit_id in units:
            return dispatch
    return None


def _recompute_clocks(complaint: Complaint, dispatches: Sequence[Dispatch] | None = None) -> None:
    """`next_due_at` = the earliest running deadline for the report's state."""
    due: list[datetime] = []
    if complaint.status == Status.SUBMITTED:
        due += [d for d in (complaint.verify_due_at, complaint.complete_due_at) if d]
    elif complaint.status in (Status.DISPATCHED, Status.IN_PROGRESS):
        if complaint.complete_due_at:
            due.append(complaint.complete_due_at)
        if dispatches is None:
            dispatches = _active_dispatches(complaint)
        due += [
            d.followup_due_at
            for d in dispatches
            if d.status in ACTIVE_DISPATCH_STATUSES and d.followup_due_at
        ]
    complaint.next_due_at = min(due) if due else None
    if complaint.status != Status.RESOLVED:
        complaint.autoclose_at = None


def _save(complaint: Complaint, now: datetime, *fields: str) -> None:
    complaint.updated_at = now
    complaint.save(update_fields=sorted({*fields, *_CHAIN_FIELDS, *_CLOCK_FIELDS}))


def _event(
    complaint: Complaint,
    kind: EventKind,
    actor: User | None,
    now: datetime,
    *,
    actor_kind: ActorKind = ActorKind.STAFF,
    unit: Unit | None = None,
    old: dict[str, Any] | None = None,
    new: dict[str, Any] | None = None,
    note: str = "",
    is_public: bool = False,
) -> ComplaintEvent:
    return event_record(
        complaint=complaint,
        kind=kind,
        actor=actor,
        actor_kind=actor_kind,
        at=now,
        unit=unit,
        old=old,
        new=new,
        note=note,
        is_public=is_public,
    )


def _completion_due(complaint: Complaint) -> datetime | None:
    """The completion deadline worked out afresh from the report's type, category and history,
    so that a change of category (SLA tier) or type at or after verification moves it.

    An information request runs from receipt (UU 14/2008), with its one extension; any other
    report from verification (none before it). Working days spent on hold after the clock's
    start are added back, as `_resume` does when a hold ends."""
    instansi = complaint.instansi
    if complaint.type == ReportType.INFO_REQUEST:
        start = complaint.submitted_at
        days = instansi.info_request_days
        if complaint.extension_reason:
            days += instansi.info_extension_days
    elif complaint.verified_at is not None:
        start = complaint.verified_at
        tier = complaint.category.sla_tier if complaint.category else "non_supervisory"
        days = instansi.completion_days(tier)
    else:
        return None
    paused = sum(
        int((new or {}).get("paused_working_days", 0))
        for new in ComplaintEvent.objects.filter(
            complaint=complaint, kind=EventKind.RESUMED, created_at__gte=start
        ).values_list("new", flat=True)
    )
    return deadline_after(instansi, start, days + paused)


def _recompute_completion(complaint: Complaint, old: dict[str, Any], new: dict[str, Any]) -> None:
    """After a change of category or type: the completion clock follows (recorded in the
    change's event)."""
    if not {"category", "type"} & set(new):
        return
    due = _completion_due(complaint)
    if due != complaint.complete_due_at:
        old["complete_due_at"] = (
            complaint.complete_due_at.isoformat() if complaint.complete_due_at else None
        )
        new["complete_due_at"] = due.isoformat() if due else None
        complaint.complete_due_at = due


def _create_dispatches(
    complaint: Complaint, units: Sequence[Unit], actor: User, instruction: str, now: datetime
) -> list[Dispatch]:
    if not units:
        raise ValidationFailed(_("Choose at least one unit."), code="units")
    existing = {d.unit_id for d in _active_dispatches(complaint)}
    created = []
    for unit in units:
        if unit.instansi_id != complaint.instansi_id or not unit.is_active:
            raise ValidationFailed(_("Choose an active unit of this government."), code="units")
        if unit.pk in existing:
            raise Conflict(_("The report is already with %(unit)s.") % {"unit": unit})
        dispatch = Dispatch(
            complaint=complaint,
            unit=unit,
            instruction=instruction,
            dispatched_by=actor,
            dispatched_at=now,
            followup_due_at=deadline_after(
                complaint.instansi, now, complaint.instansi.first_followup_days
            ),
        )
        dispatch.save(force_insert=True)
        existing.add(unit.pk)
        created.append(dispatch)
    return created


def _apply_corrections(
    complaint: Complaint,
    *,
    title: str | None,
    category: Category | None,
    type: ReportType | None,
    is_anonymous: bool | None,
    is_confidential: bool | None,
) -> tuple[dict[str, Any], dict[str, Any]]:
    old: dict[str, Any] = {}
    new: dict[str, Any] = {}
    if title is not None and title.strip() != complaint.title:
        if not title.strip() or len(title) > 200:
            raise ValidationFailed(_("Write a title of 1 to 200 characters."), code="title")
        old["title"], new["title"] = complaint.title, title.strip()
        complaint.title = title.strip()
    if category is not None and category.pk != complaint.category_id:
        if category.instansi_id != complaint.instansi_id:
            raise ValidationFailed(_("Choose a category of this government."), code="category")
        old["category"], new["category"] = complaint.category_id, category.pk
        complaint.category = category
    if type is not None and type != complaint.type:
        old["type"], new["type"] = complaint.type, str(type)
        complaint.type = type
    for name, value in (("is_anonymous", is_anonymous), ("is_confidential", is_confidential)):
        if value is not None and value != getattr(complaint, name):
            old[name], new[name] = getattr(complaint, name), value
            setattr(complaint, name, value)
    return old, new


# ---------------------------------------------------------------- coordinator actions


@transaction.atomic
def complaint_verify(
    *,
    actor: User,
    complaint: Complaint,
    units: Sequence[Unit],
    instruction: str = "",
    title: str | None = None,
    category: Category | None = None,
    type: ReportType | None = None,
    is_anonymous: bool | None = None,
    is_confidential: bool | None = None,
) -> Complaint:
    """Verify a new report and dispatch it (disposisi) to one or more units."""
    complaint = _lock(complaint)
    _require_coordinator(actor, complaint)
    _require_state(complaint, [Status.SUBMITTED])
    now = clock.now()
    old, new = _apply_corrections(
        complaint,
        title=title,
        category=category,
        type=type,
        is_anonymous=is_anonymous,
        is_confidential=is_confidential,
    )
    if complaint.category is None:
        raise ValidationFailed(_("Choose a category before verifying."), code="category")
    first_time = complaint.verified_at is None
    if first_time:
        complaint.verified_at = now
        complaint.complete_due_at = _completion_due(complaint)
    else:
        _recompute_completion(complaint, old, new)
    if new:
        _event(complaint, EventKind.EDITED, actor, now, old=old, new=new)
    if first_time:
        _event(complaint, EventKind.VERIFIED, actor, now, is_public=True)
    dispatches = _create_dispatches(complaint, units, actor, instruction, now)
    complaint.status = Status.DISPATCHED
    _event(
        complaint,
        EventKind.DISPATCHED,
        actor,
        now,
        old={"status": Status.SUBMITTED},
        new={"status": complaint.status, "units": [d.unit_id for d in dispatches]},
        note=instruction,
        is_public=True,
    )
    _recompute_clocks(complaint)
    _save(complaint, now, "status", "verified_at", "category", *new)
    return complaint


@transaction.atomic
def complaint_dispatch(
    *, actor: User, complaint: Complaint, units: Sequence[Unit], instruction: str = ""
) -> Complaint:
    """Send a verified report to more units, or again after a unit handed it back."""
    complaint = _lock(complaint)
    _require_coordinator(actor, complaint)
    _require_state(complaint, [Status.SUBMITTED, Status.DISPATCHED, Status.IN_PROGRESS])
    if complaint.verified_at is None:
        raise Conflict(_("Verify the report first."))
    now = clock.now()
    old_status = complaint.status
    dispatches = _create_dispatches(complaint, units, actor, instruction, now)
    if complaint.status == Status.SUBMITTED:
        complaint.status = Status.DISPATCHED
    _event(
        complaint,
        EventKind.DISPATCHED,
        actor,
        now,
        old={"status": old_status},
        new={"status": complaint.status, "units": [d.unit_id for d in dispatches]},
        note=instruction,
        is_public=True,
    )
    _recompute_clocks(complaint)
    _save(complaint, now, "status")
    return complaint


@transaction.atomic
def complaint_handle(
    *, actor: User, complaint: Complaint, category: Category | None = None, note: str = ""
) -> Complaint:
    """*Kelola*: the coordinator's own unit handles the report (no other unit involved)."""
    complaint = _lock(complaint)
    _require_coordinator(actor, complaint)
    _require_state(complaint, [Status.SUBMITTED])
    own_unit = coordinator_unit(actor, complaint.instansi_id)
    if own_unit is None:
        raise ValidationFailed(_("Your account is not attached to a unit."), code="unit")
    now = clock.now()
    old, new = _apply_corrections(
        complaint,
        title=None,
        category=category,
        type=None,
        is_anonymous=None,
        is_confidential=None,
    )
    if complaint.category is None:
        raise ValidationFailed(_("Choose a category before verifying."), code="category")
    if complaint.verified_at is not None:
        _recompute_completion(complaint, old, new)
    if new:
        _event(complaint, EventKind.EDITED, actor, now, old=old, new=new)
    if complaint.verified_at is None:
        complaint.verified_at = now
        complaint.complete_due_at = _completion_due(complaint)
        _event(complaint, EventKind.VERIFIED, actor, now, is_public=True)
    (dispatch,) = _create_dispatches(complaint, [own_unit], actor, note, now)
    dispatch.status = DispatchStatus.ACCEPTED
    dispatch.accepted_at = now
    dispatch.save(update_fields=["status", "accepted_at"])
    complaint.status = Status.IN_PROGRESS
    _event(
        complaint,
        EventKind.HANDLED_BY_COORDINATOR,
        actor,
        now,
        unit=own_unit,
        old={"status": Status.SUBMITTED},
        new={"status": complaint.status, "units": [own_unit.pk]},
        note=note,
        is_public=True,
    )
    _recompute_clocks(complaint)
    _save(complaint, now, "status", "verified_at", "category")
    return complaint


@transaction.atomic
def complaint_edit(
    *,
    actor: User,
    complaint: Complaint,
    title: str | None = None,
    category: Category | None = None,
    type: ReportType | None = None,
    is_anonymous: bool | None = None,
    is_confidential: bool | None = None,
) -> Complaint:
    """Rewrite the title, fix category or type, set anonim / rahasia (coordinator)."""
    complaint = _lock(complaint)
    _require_coordinator(actor, complaint)
    _require_state(complaint, OPEN_STATUSES)
    now = clock.now()
    old, new = _apply_corrections(
        complaint,
        title=title,
        category=category,
        type=type,
        is_anonymous=is_anonymous,
        is_confidential=is_confidential,
    )
    if not new:
        return complaint
    privacy_only = set(new) <= {"is_anonymous", "is_confidential"}
    _recompute_completion(complaint, old, new)
    kind = EventKind.PRIVACY_CHANGED if privacy_only else EventKind.EDITED
    _event(complaint, kind, actor, now, old=old, new=new)
    _recompute_clocks(complaint)
    _save(complaint, now, *new.keys())
    return complaint


@transaction.atomic
def complaint_forward(
    *,
    actor: User,
    complaint: Complaint,
    reason: str,
    to_instansi: Instansi | None = None,
    to_lapor: bool = False,
) -> Complaint:
    """*Bukan wewenang*: not this government's authority. It goes to another instansi of the
    deployment (filed there as a new report, linked) or is marked for the national LAPOR!."""
    complaint = _lock(complaint)
    _require_coordinator(actor, complaint)
    _require_state(complaint, [Status.SUBMITTED])
    if not reason.strip():
        raise ValidationFailed(_("Say why this is not our authority."), code="reason")
    if (to_instansi is None) == (not to_lapor):
        raise ValidationFailed(
            _("Choose one destination: another government or SP4N-LAPOR!."), code="destination"
        )
    if to_instansi is not None and to_instansi.pk == complaint.instansi_id:
        raise ValidationFailed(_("Choose another government."), code="destination")
    now = clock.now()
    new: dict[str, Any] = {"status": Status.FORWARDED}
    if to_instansi is not None:
        reporter = complaint.reporter
        copy = complaint_submit(
            instansi=to_instansi,
            data=ReportInput(
                type=ReportType(complaint.type),
                title=complaint.title,
                description=complaint.description,
                channel=complaint.channel,  # type: ignore[arg-type]
                incident_date=complaint.incident_date,
                region=complaint.region,
                address=complaint.address,
                latitude=complaint.latitude,
                longitude=complaint.longitude,
                is_anonymous=complaint.is_anonymous,
                is_confidential=complaint.is_confidential,
                reporter=ReporterInput(
                    **{f: getattr(reporter, f) for f in ReporterInput.__dataclass_fields__}
                )
                if reporter
                else ReporterInput(),
            ),
            actor=None,
            # The reporter's access code of the original also opens the copy
            # (complaints.selectors.complaint_get_for_reporter follows forwarded_from).
            forwarded_from=complaint,
        ).complaint
        complaint.forwarded_to = to_instansi
        new["to"] = to_instansi.code
        new["new_tracking_number"] = copy.tracking_number
    else:
        complaint.forwarded_to_lapor = True
        new["to"] = "lapor"
    complaint.status = Status.FORWARDED
    complaint.closed_at = now
    _event(
        complaint,
        EventKind.FORWARDED,
        actor,
        now,
        old={"status": Status.SUBMITTED},
        new=new,
        note=reason.strip(),
        is_public=True,
    )
    _recompute_clocks(complaint)
    _save(complaint, now, "status", "closed_at", "forwarded_to", "forwarded_to_lapor")
    return complaint


@transaction.atomic
def complaint_archive(
    *,
    actor: User,
    complaint: Complaint,
    reason: ArchiveReason,
    duplicate_of: Complaint | None = None,
    note: str = "",
) -> Complaint:
    """Archive with a reason; a duplicate is linked to its original."""
    complaint = _lock(complaint)
    _require_coordinator(actor, complaint)
    _require_state(complaint, [Status.SUBMITTED, Status.ON_HOLD])
    if reason not in ArchiveReason.values:
        raise ValidationFailed(_("Choose a reason for archiving."), code="reason")
    if reason == ArchiveReason.DUPLICATE:
        if duplicate_of is None:
            raise ValidationFailed(_("Say which report this one duplicates."), code="duplicate_of")
        if duplicate_of.pk == complaint.pk or duplicate_of.instansi_id != complaint.instansi_id:
            raise ValidationFailed(
                _("Choose another report of this government."), code="duplicate_of"
            )
    elif duplicate_of is not None:
        raise ValidationFailed(_("Only a duplicate links to an original."), code="duplicate_of")
    now = clock.now()
    old_status = complaint.status
    complaint.status = Status.ARCHIVED
    complaint.archive_reason = reason
    complaint.duplicate_of = duplicate_of
    complaint.closed_at = now
    complaint.hold_started_at = None
    new: dict[str, Any] = {"status": complaint.status, "reason": str(reason)}
    if duplicate_of is not None:
        new["duplicate_of"] = duplicate_of.tracking_number
    _event(
        complaint,
        EventKind.ARCHIVED,
        actor,
        now,
        old={"status": old_status},
        new=new,
        note=note,
        is_public=True,
    )
    _recompute_clocks(complaint)
    _save(
        complaint, now, "status", "archive_reason", "duplicate_of", "closed_at", "hold_started_at"
    )
    return complaint


# ---------------------------------------------------------------- on hold


def _can_hold(actor: User | None, complaint: Complaint) -> bool:
    if has_role(actor, (Role.COORDINATOR,), instansi_id=complaint.instansi_id):
        return True
    return _dispatch_of_liaison(actor, complaint) is not None


@transaction.atomic
def complaint_hold(*, actor: User, complaint: Complaint, question: str) -> Complaint:
    """*Tunda*: ask the reporter for information; every clock stops until the answer."""
    complaint = _lock(complaint)
    if not _can_hold(actor, complaint):
        raise PermissionDenied(_("Only the coordinator or a unit handling it can do this."))
    _require_state(complaint, [Status.SUBMITTED, Status.DISPATCHED, Status.IN_PROGRESS])
    if not question.strip():
        raise ValidationFailed(_("Write the question for the reporter."), code="question")
    now = clock.now()
    old_status = complaint.status
    complaint.status_before_hold = complaint.status
    complaint.status = Status.ON_HOLD
    complaint.hold_started_at = now
    _event(
        complaint,
        EventKind.HELD,
        actor,
        now,
        old={"status": old_status},
        new={"status": complaint.status},
        note=question.strip(),
        is_public=True,
    )
    _recompute_clocks(complaint)
    _save(complaint, now, "status", "status_before_hold", "hold_started_at")
    return complaint


def _resume(
    complaint: Complaint, actor: User | None, actor_kind: ActorKind, now: datetime, note: str
) -> None:
    """Restart the clocks: every deadline moves by the working days spent on hold."""
    assert complaint.hold_started_at is not None
    paused = paused_working_days(complaint.instansi, complaint.hold_started_at, now)
    instansi = complaint.instansi
    if complaint.verify_due_at and complaint.status_before_hold == Status.SUBMITTED:
        complaint.verify_due_at = shift_deadline(instansi, complaint.verify_due_at, paused)
    if complaint.complete_due_at:
        complaint.complete_due_at = shift_deadline(instansi, complaint.complete_due_at, paused)
    dispatches = _active_dispatches(complaint, lock=True)
    for dispatch in dispatches:
        if dispatch.followup_due_at:
            dispatch.followup_due_at = shift_deadline(instansi, dispatch.followup_due_at, paused)
            dispatch.save(update_fields=["followup_due_at"])
    complaint.held_for = (complaint.held_for or timedelta(0)) + (now - complaint.hold_started_at)
    complaint.status = Status(complaint.status_before_hold)
    complaint.status_before_hold = ""
    complaint.hold_started_at = None
    _event(
        complaint,
        EventKind.RESUMED,
        actor,
        now,
        actor_kind=actor_kind,
        old={"status": Status.ON_HOLD},
        new={"status": complaint.status, "paused_working_days": paused},
        note=note,
        is_public=True,
    )
    _recompute_clocks(complaint, dispatches)


@transaction.atomic
def complaint_resume(*, actor: User, complaint: Complaint, note: str = "") -> Complaint:
    """Staff restart a report on hold (the reporter answered by phone, say)."""
    complaint = _lock(complaint)
    if not _can_hold(actor, complaint):
        raise PermissionDenied(_("Only the coordinator or a unit handling it can do this."))
    _require_state(complaint, [Status.ON_HOLD])
    now = clock.now()
    _resume(complaint, actor, ActorKind.STAFF, now, note)
    _save(complaint, now, "status", "status_before_hold", "hold_started_at", "held_for")
    return complaint


# ---------------------------------------------------------------- unit actions


def _require_liaison_dispatch(actor: User | None, complaint: Complaint) -> Dispatch:
    dispatch = _dispatch_of_liaison(actor, complaint)
    if dispatch is None:
        raise PermissionDenied(_("This report is not with your unit."))
    return dispatch


@transaction.atomic
def dispatch_accept(*, actor: User, complaint: Complaint) -> Complaint:
    complaint = _lock(complaint)
    dispatch = _require_liaison_dispatch(actor, complaint)
    _require_state(complaint, [Status.DISPATCHED, Status.IN_PROGRESS])
    if dispatch.status != DispatchStatus.PENDING:
        raise Conflict(_("Your unit has already accepted this report."))
    now = clock.now()
    _accept(complaint, dispatch, actor, now)
    _recompute_clocks(complaint)
    _save(complaint, now, "status")
    return complaint


def _accept(complaint: Complaint, dispatch: Dispatch, actor: User, now: datetime) -> None:
    dispatch.status = DispatchStatus.ACCEPTED
    dispatch.accepted_at = now
    dispatch.save(update_fields=["status", "accepted_at"])
    old_status = complaint.status
    complaint.status = Status.IN_PROGRESS
    _event(
        complaint,
        EventKind.DISPATCH_ACCEPTED,
        actor,
        now,
        unit=dispatch.unit,
        old={"status": old_status},
        new={"status": complaint.status},
        is_public=True,
    )


@transaction.atomic
def dispatch_return(*, actor: User, complaint: Complaint, reason: str) -> Complaint:
    """A unit hands the report back as not its authority; when no unit is left it returns to
    the coordinator's inbox with a fresh verification clock."""
    complaint = _lock(complaint)
    dispatch = _require_liaison_dispatch(actor, complaint)
    _require_state(complaint, [Status.DISPATCHED, Status.IN_PROGRESS])
    if not reason.strip():
        raise ValidationFailed(_("Say why your unit is not the right one."), code="reason")
    now = clock.now()
    dispatch.status = DispatchStatus.RETURNED
    dispatch.returned_at = now
    dispatch.return_reason = reason.strip()
    dispatch.followup_due_at = None
    dispatch.save(update_fields=["status", "returned_at", "return_reason", "followup_due_at"])
    old_status = complaint.status
    remaining = _active_dispatches(complaint)
    if not remaining:
        complaint.status = Status.SUBMITTED
        complaint.verify_due_at = deadline_after(
            complaint.instansi, now, complaint.instansi.verify_days
        )
    _event(
        complaint,
        EventKind.DISPATCH_RETURNED,
        actor,
        now,
        unit=dispatch.unit,
        old={"status": old_status},
        new={"status": complaint.status},
        note=reason.strip(),
    )
    _recompute_clocks(complaint, remaining)
    _save(complaint, now, "status")
    return complaint


@transaction.atomic
def followup_add(
    *,
    actor: User,
    complaint: Complaint,
    text: str,
    is_public: bool = True,
    attachments: Sequence[File[bytes]] = (),
) -> ComplaintEvent:
    """*Tindak lanjut*: a public reply to the reporter or an internal note. The first public
    follow-up of a unit stops its first-follow-up clock; a pending dispatch is accepted.

    `attachments` are stored with the checks of intake, linked to the follow-up's event and
    public like it; a refused file refuses the whole follow-up (no row, no file)."""
    complaint = _lock(complaint)
    dispatch = _dispatch_of_liaison(actor, complaint)
    is_coordinator = has_role(actor, (Role.COORDINATOR,), instansi_id=complaint.instansi_id)
    if dispatch is None and not is_coordinator:
        raise PermissionDenied(_("This report is not with your unit."))
    if complaint.status == Status.RESOLVED and is_coordinator:
        # The coordinator may answer the reporter on a resolved report (DOMAIN.md 5).
        return _followup_on_resolved(complaint, actor, text, is_public, attachments)
    _require_state(complaint, [Status.DISPATCHED, Status.IN_PROGRESS])
    if not text.strip():
        raise ValidationFailed(_("Write the follow-up."), code="text")
    now = clock.now()
    if dispatch is not None and dispatch.status == DispatchStatus.PENDING:
        _accept(complaint, dispatch, actor, now)
    if is_public:
        if dispatch is not None and dispatch.first_followup_at is None:
            dispatch.first_followup_at = now
            dispatch.followup_was_due_at = dispatch.followup_due_at
            dispatch.followup_due_at = None
            dispatch.save(
                update_fields=["first_followup_at", "followup_was_due_at", "followup_due_at"]
            )
        if complaint.first_followup_at is None:
            complaint.first_followup_at = now
    old_status = complaint.status
    complaint.status = Status.IN_PROGRESS
    new: dict[str, Any] = {"status": complaint.status}
    if attachments:
        new["attachments"] = len(attachments)
    event = _event(
        complaint,
        EventKind.FOLLOWUP,
        actor,
        now,
        unit=dispatch.unit if dispatch else None,
        old={"status": old_status},
        new=new,
        note=text.strip(),
        is_public=is_public,
    )
    _recompute_clocks(complaint)
    _save(complaint, now, "status", "first_followup_at")
    # Last: removes its files itself when one is refused; the transaction drops the rows.
    attachments_store(complaint=complaint, uploads=attachments, is_public=is_public, event=event)
    return event


def _followup_on_resolved(
    complaint: Complaint,
    actor: User,
    text: str,
    is_public: bool,
    attachments: Sequence[File[bytes]],
) -> ComplaintEvent:
    """A coordinator's reply on a resolved report: the report stays resolved; a public reply
    awaits the reporter, so the auto-close count starts again from it."""
    if not text.strip():
        raise ValidationFailed(_("Write the follow-up."), code="text")
    now = clock.now()
    old: dict[str, Any] = {"status": complaint.status}
    new: dict[str, Any] = {"status": complaint.status}
    if is_public:
        due = deadline_after(complaint.instansi, now, complaint.instansi.autoclose_days)
        old["autoclose_at"] = complaint.autoclose_at.isoformat() if complaint.autoclose_at else None
        new["autoclose_at"] = due.isoformat()
        complaint.autoclose_at = due
    if attachments:
        new["attachments"] = len(attachments)
    event = _event(
        complaint,
        EventKind.FOLLOWUP,
        actor,
        now,
        old=old,
        new=new,
        note=text.strip(),
        is_public=is_public,
    )
    _save(complaint, now)
    attachments_store(complaint=complaint, uploads=attachments, is_public=is_public, event=event)
    return event


@transaction.atomic
def info_request_extend(*, actor: User, complaint: Complaint, reason: str) -> Complaint:
    """Extend an information request once by 7 working days, with a written reason."""
    complaint = _lock(complaint)
    if not _can_hold(actor, complaint):
        raise PermissionDenied(_("Only the coordinator or a unit handling it can do this."))
    if complaint.type != ReportType.INFO_REQUEST:
        raise Conflict(_("Only an information request can be extended."))
    _require_state(complaint, [Status.SUBMITTED, Status.DISPATCHED, Status.IN_PROGRESS])
    if complaint.extension_reason:
        raise Conflict(_("An information request can be extended only once."))
    if not reason.strip():
        raise ValidationFailed(_("Write the reason for the extension."), code="reason")
    assert complaint.complete_due_at is not None
    now = clock.now()
    old_due = complaint.complete_due_at
    complaint.complete_due_at = shift_deadline(
        complaint.instansi, old_due, complaint.instansi.info_extension_days
    )
    complaint.extension_reason = reason.strip()
    _event(
        complaint,
        EventKind.EXTENDED,
        actor,
        now,
        old={"complete_due_at": old_due.isoformat()},
        new={"complete_due_at": complaint.complete_due_at.isoformat()},
        note=reason.strip(),
        is_public=True,
    )
    _recompute_clocks(complaint)
    _save(complaint, now, "extension_reason")
    return complaint


@transaction.atomic
def complaint_resolve(
    *,
    actor: User,
    complaint: Complaint,
    summary: str,
    attachments: Sequence[File[bytes]] = (),
) -> Complaint:
    """A unit (or the coordinator) reports the work done. The report is resolved when no
    other unit still works on it; the reporter then confirms or re-opens it.

    `attachments`: evidence of the work (photos, minutes), linked to the resolution's event
    and public like it; a refused file refuses the resolution (no row, no file)."""
    complaint = _lock(complaint)
    dispatch = _dispatch_of_liaison(actor, complaint)
    is_coordinator = has_role(actor, (Role.COORDINATOR,), instansi_id=complaint.instansi_id)
    if dispatch is None and not is_coordinator:
        raise PermissionDenied(_("This report is not with your unit."))
    _require_state(complaint, [Status.DISPATCHED, Status.IN_PROGRESS])
    if not summary.strip():
        raise ValidationFailed(_("Write what was done."), code="summary")
    now = clock.now()
    closing = [dispatch] if dispatch is not None else _active_dispatches(complaint, lock=True)
    for d in closing:
        d.status = DispatchStatus.DONE
        d.followup_due_at = None
        d.save(update_fields=["status", "followup_due_at"])
    remaining = _active_dispatches(complaint)
    old_status = complaint.status
    if not remaining:
        complaint.status = Status.RESOLVED
        complaint.resolved_at = now
        complaint.autoclose_at = deadline_after(
            complaint.instansi, now, complaint.instansi.autoclose_days
        )
    else:
        complaint.status = Status.IN_PROGRESS
    new: dict[str, Any] = {"status": complaint.status}
    if attachments:
        new["attachments"] = len(attachments)
    event = _event(
        complaint,
        EventKind.RESOLVED,
        actor,
        now,
        unit=dispatch.unit if dispatch else None,
        old={"status": old_status},
        new=new,
        note=summary.strip(),
        is_public=True,
    )
    _recompute_clocks(complaint, remaining)
    _save(complaint, now, "status", "resolved_at")
    # Last: removes its files itself when one is refused; the transaction drops the rows.
    attachments_store(complaint=complaint, uploads=attachments, is_public=True, event=event)
    return complaint


@transaction.atomic
def complaint_close(*, actor: User, complaint: Complaint, note: str = "") -> Complaint:
    """The coordinator closes a resolved report (the reporter was reached another way)."""
    complaint = _lock(complaint)
    _require_coordinator(actor, complaint)
    _require_state(complaint, [Status.RESOLVED])
    now = clock.now()
    _close(complaint, EventKind.CLOSED, actor, ActorKind.STAFF, now, note)
    return complaint


def _close(
    complaint: Complaint,
    kind: EventKind,
    actor: User | None,
    actor_kind: ActorKind,
    now: datetime,
    note: str,
) -> None:
    complaint.status = Status.CLOSED
    complaint.closed_at = now
    _event(
        complaint,
        kind,
        actor,
        now,
        actor_kind=actor_kind,
        old={"status": Status.RESOLVED},
        new={"status": complaint.status},
        note=note,
        is_public=True,
    )
    _recompute_clocks(complaint)
    _save(complaint, now, "status", "closed_at")


# ---------------------------------------------------------------- the reporter


@transaction.atomic
def complaint_reporter_reply(
    *, complaint: Complaint, text: str, user: User | None = None
) -> Complaint:
    """The reporter writes back (after proving access with the access code or an account).

    On hold: the answer resumes the clocks. Resolved: the report re-opens. Otherwise the
    message joins the timeline.
    """
    complaint = _lock(complaint)
    _require_state(complaint, [*OPEN_STATUSES, Status.RESOLVED])
    if not text.strip():
        raise ValidationFailed(_("Write your message."), code="text")
    if len(text) > 5000:
        raise ValidationFailed(_("The message may be at most 5,000 characters."), code="text")
    now = clock.now()
    fields = ["status"]
    if complaint.status == Status.ON_HOLD:
        _resume(complaint, user, ActorKind.REPORTER, now, text.strip())
        fields += ["status_before_hold", "hold_started_at", "held_for"]
    elif complaint.status == Status.RESOLVED:
        # The units that finished work on it take it back; a unit dispatched twice has two
        # done rows, and only its latest re-opens (one active dispatch per unit).
        reopened: dict[int, Dispatch] = {}
        for d in (
            Dispatch.objects.select_for_update()
            .filter(complaint=complaint, status=DispatchStatus.DONE)
            .order_by("-pk")
        ):
            reopened.setdefault(d.unit_id, d)
        for d in reopened.values():
            d.status = DispatchStatus.ACCEPTED
            d.save(update_fields=["status"])
        complaint.status = Status.IN_PROGRESS
        complaint.resolved_at = None
        fields.append("resolved_at")
        _event(
            complaint,
            EventKind.REOPENED,
            user,
            now,
            actor_kind=ActorKind.REPORTER,
            old={"status": Status.RESOLVED},
            new={"status": complaint.status},
            note=text.strip(),
            is_public=True,
        )
    else:
        _event(
            complaint,
            EventKind.REPORTER_MESSAGE,
            user,
            now,
            actor_kind=ActorKind.REPORTER,
            note=text.strip(),
            is_public=True,
        )
    _recompute_clocks(complaint)
    _save(complaint, now, *fields)
    return complaint


@transaction.atomic
def complaint_confirm(
    *, complaint: Complaint, note: str = "", user: User | None = None
) -> Complaint:
    """The reporter confirms the resolution: the report is closed."""
    complaint = _lock(complaint)
    _require_state(complaint, [Status.RESOLVED])
    now = clock.now()
    _close(complaint, EventKind.CONFIRMED, user, ActorKind.REPORTER, now, note.strip())
    return complaint


# ---------------------------------------------------------------- the system


@transaction.atomic
def complaint_autoclose(*, complaint: Complaint, now: datetime | None = None) -> Complaint:
    """Close a resolved report the reporter left unanswered past its auto-close time."""
    complaint = _lock(complaint)
    now = now or clock.now()
    _require_state(complaint, [Status.RESOLVED])
    if complaint.autoclose_at is None or complaint.autoclose_at > now:
        raise Conflict(_("The reporter still has time to answer."))
    _close(complaint, EventKind.AUTO_CLOSED, None, ActorKind.SYSTEM, now, "")
    return complaint


def complaints_autoclose_due(*, now: datetime | None = None, limit: int = 500) -> int:
    """Auto-close every report due for it; each in its own transaction. Returns how many."""
    now = now or clock.now()
    done = 0
    for pk in Complaint.objects.filter(status=Status.RESOLVED, autoclose_at__lte=now).values_list(
        "pk", flat=True
    )[:limit]:
        try:
            complaint_autoclose(complaint=Complaint(pk=pk), now=now)
        except Conflict:
            continue  # the reporter answered in the meantime
        done += 1
    return done


# ---------------------------------------------------------------- identity


@transaction.atomic
def reporter_identity_view(*, actor: User, complaint: Complaint) -> Reporter | None:
    """The reporter's identity for a staff user allowed to see it; viewing an anonim
    reporter's identity is itself an event (the auditor sees who looked)."""
    if not identity_visible_to(actor, complaint):
        return None
    if complaint.is_anonymous:
        complaint = _lock(complaint)
        now = clock.now()
        _event(complaint, EventKind.IDENTITY_VIEWED, actor, now)
        complaint.updated_at = now
        complaint.save(update_fields=_CHAIN_FIELDS)
    assert complaint.reporter_id is not None  # identity_visible_to checked it
    return Reporter.objects.get(pk=complaint.reporter_id)


# ---------------------------------------------------------------- rating


@transaction.atomic
def complaint_rate(
    *, complaint: Complaint, stars: int, comment: str = "", user: User | None = None
) -> Complaint:
    """The reporter rates a closed report: 1 to 5 stars and a comment, once (DOMAIN.md 7)."""
    complaint = _lock(complaint)
    _require_state(complaint, [Status.CLOSED])
    if complaint.rated_at is not None:
        raise Conflict(_("This report has already been rated."))
    if not 1 <= stars <= 5:
        raise ValidationFailed(_("Choose from 1 to 5 stars."), code="stars")
    if len(comment) > 2000:
        raise ValidationFailed(_("The comment may be at most 2,000 characters."), code="comment")
    now = clock.now()
    complaint.rating = stars
    complaint.rating_comment = comment.strip()
    complaint.rated_at = now
    # Not public: the comment is the reporter's own words and may name people.
    _event(
        complaint,
        EventKind.RATED,
        user,
        now,
        actor_kind=ActorKind.REPORTER,
        new={"rating": stars},
        note=complaint.rating_comment,
    )
    _save(complaint, now, "rating", "rating_comment", "rated_at")
    return complaint


# ---------------------------------------------------------------- merge (coordinator)


@transaction.atomic
def complaint_merge(
    *, actor: User, complaint: Complaint, original: Complaint, note: str = ""
) -> Complaint:
    """Merge a duplicate into its original: the duplicate is archived as *duplikat* linked to
    the original, and the original's log records the merge (both rows locked in pk order)."""
    if original.pk == complaint.pk:
        raise ValidationFailed(_("Choose another report of this government."), code="original")
    locked = {c.pk: _lock(c) for c in sorted((complaint, original), key=lambda c: c.pk)}
    complaint, original = locked[complaint.pk], locked[original.pk]
    _require_coordinator(actor, complaint)
    if original.instansi_id != complaint.instansi_id:
        raise ValidationFailed(_("Choose another report of this government."), code="original")
    if original.status == Status.ARCHIVED and original.duplicate_of_id is not None:
        raise ValidationFailed(
            _("That report is itself a duplicate; merge into its original instead."),
            code="original",
        )
    if original.status in (Status.FORWARDED, Status.ARCHIVED):
        raise ValidationFailed(
            _("That report was forwarded or archived; choose a report that is being handled."),
            code="original",
        )
    merged = complaint_archive(
        actor=actor,
        complaint=complaint,
        reason=ArchiveReason.DUPLICATE,
        duplicate_of=original,
        note=note,
    )
    now = clock.now()
    # Internal: the duplicate's number would link two reporters' reports on a public page.
    _event(
        original,
        EventKind.MERGED,
        actor,
        now,
        new={"duplicate": complaint.tracking_number},
        note=note.strip(),
    )
    original.updated_at = now
    original.save(update_fields=_CHAIN_FIELDS)
    return merged


# ---------------------------------------------------------------- re-assign (unit)


@transaction.atomic
def dispatch_reassign(
    *, actor: User, complaint: Complaint, to_unit: Unit, note: str = ""
) -> Dispatch:
    """A liaison passes the unit's active dispatch on to one of its own sub-units (UPT,
    puskesmas, village office). The dispatch keeps its clocks and its state; only the unit
    that works on it changes. `to_unit` must lie under a unit where the actor is a liaison
    and which holds the dispatch's unit, so work never leaves the actor's part of the tree."""
    complaint = _lock(complaint)
    dispatch = _require_liaison_dispatch(actor, complaint)
    _require_state(complaint, [Status.DISPATCHED, Status.IN_PROGRESS])
    if len(note) > 2000:
        raise ValidationFailed(_("The note may be at most 2,000 characters."), code="note")
    if to_unit.pk == dispatch.unit_id:
        raise ValidationFailed(_("The report is already with this unit."), code="to_unit")
    if (
        to_unit.instansi_id != complaint.instansi_id
        or not to_unit.is_active
        or to_unit.pk not in liaison_reach(actor, dispatch.unit)
    ):
        raise ValidationFailed(_("Choose an active sub-unit of your unit."), code="to_unit")
    if any(d.unit_id == to_unit.pk for d in _active_dispatches(complaint)):
        raise Conflict(_("The report is already with %(unit)s.") % {"unit": to_unit})
    now = clock.now()
    old_unit = dispatch.unit
    dispatch.unit = to_unit
    dispatch.save(update_fields=["unit"])
    _event(
        complaint,
        EventKind.REASSIGNED,
        actor,
        now,
        unit=old_unit,
        old={"unit": old_unit.pk},
        new={"unit": to_unit.pk},
        note=note.strip(),
    )
    _save(complaint, now)
    return dispatch
