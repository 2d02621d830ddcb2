"""Reads of reports, and the access layer: who may see which report and which identity.

Every view, API endpoint and export fetches reports through these functions. A report the
user may not see answers Http404, exactly like a report that does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from django.contrib.auth.models import AnonymousUser
from django.db.models import BooleanField, Case, Count, F, Q, QuerySet, Value, When
from django.http import Http404

from aduan.accounts.choices import Role
from aduan.accounts.models import User
from aduan.complaints import codes, screening
from aduan.complaints.choices import ActorKind, Audience, DispatchStatus, Status
from aduan.complaints.models import Attachment, Complaint, ComplaintEvent, Dispatch, Reporter
from aduan.organisation.selectors import (
    grants_of,
    has_role,
    unit_ids_for_role,
)

# Roles that see every report of their instansi (read or write).
INSTANSI_WIDE_ROLES = (Role.COORDINATOR, Role.AUDITOR, Role.LEADER)


def complaints_visible_to(user: User | AnonymousUser | None) -> QuerySet[Complaint]:
    """Reports a signed-in user may open. Anyone else sees only the public feed."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Complaint.objects.none()
    allowed = Q(pk__in=[])
    # Coordinators and auditors see the whole instansi even when their membership names their
    # own unit (Diskominfo, Inspektorat); a leader only when not limited to a unit.
    wide = {
        g.instansi_id
        for g in grants_of(user)
        if g.role in INSTANSI_WIDE_ROLES and (g.unit_id is None or g.role != Role.LEADER)
    }
    if wide:
        allowed |= Q(instansi_id__in=wide)
    unit_ids = unit_ids_for_role(user, Role.LIAISON) | unit_ids_for_role(user, Role.LEADER)
    if unit_ids:
        # A unit sees what was dispatched to it or its sub-units, unless it handed it back.
        allowed |= Q(
            pk__in=Dispatch.objects.filter(unit_id__in=unit_ids)
            .exclude(status=DispatchStatus.RETURNED)
            .values("complaint_id")
        )
    if any(g.role == Role.OPERATOR for g in grants_of(user)):
        allowed |= Q(created_by=user)
    allowed |= Q(reporter__user=user)
    return Complaint.objects.filter(allowed)


def complaint_get_for_user(*, user: User | AnonymousUser | None, tracking_number: str) -> Complaint:
    try:
        return (
            complaints_visible_to(user)
            .select_related("instansi", "category", "region")
            .get(tracking_number=codes.normalise_tracking_number(tracking_number))
        )
    except Complaint.DoesNotExist:
        raise Http404 from None


def complaint_get_for_reporter(*, tracking_number: str, access_code: str) -> Complaint:
    """The reporter's own view, by tracking number and secret access code (no account)."""
    complaint = (
        Complaint.objects.select_related("instansi", "category", "region")
        .filter(tracking_number=codes.normalise_tracking_number(tracking_number))
        .first()
    )
    if complaint is None:
        raise Http404
    if codes.access_code_matches(
        complaint.tracking_number, access_code, complaint.access_code_hash
    ):
        return complaint
    # A report forwarded from another instansi opens with the original's code too.
    original = complaint.forwarded_from
    if original is not None and codes.access_code_matches(
        original.tracking_number, access_code, original.access_code_hash
    ):
        return complaint
    raise Http404


def complaints_public() -> QuerySet[Complaint]:
    """What the public may see: the one door to the public (docs/architecture.md).

    Only a report a coordinator published (at verification or later, `is_published`), never a
    rahasia one, never a spam one. Every public surface reads reports through this or
    `complaint_get_public`, and shows `public_title` and `public_description` (personal data
    masked), never the original text. Counts in statistics may include unpublished reports.
    """
    return Complaint.objects.filter(is_published=True, is_confidential=False).exclude(
        status=Status.ARCHIVED, archive_reason__in=["spam"]
    )


def as_public(complaint: Complaint) -> Complaint:
    """The report as the public reads it: its title and description are the masked ones.

    In memory only, for templates and API output written for the original fields; a service
    always reads the report again under its lock before it writes, so this is never saved.
    """
    complaint.title = complaint.public_title
    complaint.description = complaint.public_description
    return complaint


def complaint_get_public(*, tracking_number: str) -> Complaint:
    """A published report by its number, with the public (masked) text; Http404 otherwise."""
    try:
        complaint = (
            complaints_public()
            .select_related("instansi", "category", "region")
            .get(tracking_number=codes.normalise_tracking_number(tracking_number))
        )
    except Complaint.DoesNotExist:
        raise Http404 from None
    return as_public(complaint)


def identity_visible_to(user: User | AnonymousUser | None, complaint: Complaint) -> bool:
    """May this staff user see who filed the report? Anonim: only the instansi's coordinators
    (and each view is logged by `workflow.services.reporter_identity_view`)."""
    if complaint.reporter_id is None:
        return False
    if has_role(user, (Role.COORDINATOR,), instansi_id=complaint.instansi_id):
        return True
    if complaint.is_anonymous:
        return False
    return complaints_visible_to(user).filter(pk=complaint.pk).exists()


def _mask_middle(value: str, *, keep_start: int, keep_end: int) -> str:
    if len(value) <= keep_start + keep_end:
        return "•" * len(value)
    hidden = len(value) - keep_start - keep_end
    return value[:keep_start] + "•" * hidden + value[len(value) - keep_end :]


def _mask_email(email: str) -> str:
    local, _at, domain = email.partition("@")
    return f"{local[:1]}•••@{domain}" if domain else "•••"


@dataclass(frozen=True)
class MaskedReporter:
    """A named reporter as staff see them before choosing to see more: the name (needed to
    address the person) and the GESI answers; NIK, phone, e-mail and address masked. The full
    identity only through the logged `workflow.services.reporter_identity_view`."""

    name: str
    nik: str
    phone: str
    email: str
    has_address: bool
    gender: str
    age_group: str
    has_disability: bool | None
    vulnerable_group: str


def reporter_masked(
    user: User | AnonymousUser | None, complaint: Complaint
) -> MaskedReporter | None:
    """The masked identity of a named report's reporter for staff who may see it; None for an
    anonim report (nothing of it is shown before the logged view), or no reporter."""
    if complaint.is_anonymous or not identity_visible_to(user, complaint):
        return None
    reporter = reporter_of(complaint)
    if reporter is None:
        return None
    return MaskedReporter(
        name=reporter.name,
        nik=_mask_middle(reporter.nik, keep_start=0, keep_end=4) if reporter.nik else "",
        phone=_mask_middle(reporter.phone, keep_start=5, keep_end=3) if reporter.phone else "",
        email=_mask_email(reporter.email) if reporter.email else "",
        has_address=bool(reporter.address),
        gender=reporter.get_gender_display() if reporter.gender else "",
        age_group=reporter.get_age_group_display() if reporter.age_group else "",
        has_disability=reporter.has_disability,
        vulnerable_group=reporter.vulnerable_group,
    )


def reporter_of(complaint: Complaint) -> Reporter | None:
    """The raw identity row. Interfaces reach it only through `reporter_identity_view`."""
    if complaint.reporter_id is None:
        return None
    return Reporter.objects.get(pk=complaint.reporter_id)


def overdue(*, instansi_id: int, now: datetime, limit: int = 50) -> tuple[int, list[Complaint]]:
    """Reports with a running clock past its deadline: the count and the most overdue first.

    One range scan of the (instansi, next_due_at) index; no Python loop over reports.
    """
    rows = Complaint.objects.filter(instansi_id=instansi_id, next_due_at__lt=now)
    return rows.count(), list(rows.select_related("category").order_by("next_due_at", "pk")[:limit])


def coordinator_inbox(*, instansi_id: int, limit: int = 50, offset: int = 0) -> list[Complaint]:
    """New reports waiting for verification, the nearest deadline first."""
    return list(
        Complaint.objects.filter(instansi_id=instansi_id, status=Status.SUBMITTED)
        .select_related("category", "region")
        .order_by("next_due_at", "pk")[offset : offset + limit]
    )


def _events_for(complaint: Complaint, audiences: tuple[Audience, ...]) -> list[ComplaintEvent]:
    events = list(
        ComplaintEvent.objects.filter(complaint=complaint, audience__in=audiences)
        .select_related("unit")
        .order_by("seq")
    )
    for event in events:
        # Built for reading, never saved (the log is append-only): a note the audience may
        # not read is left out, and what it may read is screened for personal data.
        event.note = screening.mask(event.note) if event.note_audience in audiences else ""
    return events


def public_events_of(complaint: Complaint) -> list[ComplaintEvent]:
    """The public timeline of a report, oldest first: the one audience filter of every public
    surface. Only entries for the public, a note only when written for the public (screened:
    personal data masked), with the unit that acted (never a staff member's or the
    reporter's name)."""
    return _events_for(complaint, (Audience.PUBLIC,))


def reporter_events_of(complaint: Complaint) -> list[ComplaintEvent]:
    """The timeline the reporter sees with the access code: public and reporter entries and
    notes (a reporter's own words, the reason a report was archived or forwarded)."""
    return _events_for(complaint, (Audience.PUBLIC, Audience.REPORTER))


def attachments_of(complaint: Complaint) -> list[Attachment]:
    """Every attachment of a report, internal ones included: only for its staff."""
    return list(Attachment.objects.filter(complaint=complaint).order_by("uploaded_at", "pk"))


def _reporter_may_see() -> Q:
    # The reporter's own files (filed with the report, or sent with a reply) and what staff
    # published; never a file of an internal note.
    return Q(is_public=True) | Q(event__isnull=True) | Q(event__actor_kind=ActorKind.REPORTER)


def attachments_for_reporter(complaint: Complaint) -> list[Attachment]:
    """What the reporter (access code) sees of a report's files."""
    return list(
        Attachment.objects.filter(_reporter_may_see(), complaint=complaint).order_by(
            "uploaded_at", "pk"
        )
    )


def attachment_get_for_reporter(*, complaint: Complaint, pk: int) -> Attachment:
    try:
        return Attachment.objects.get(_reporter_may_see(), complaint=complaint, pk=pk)
    except Attachment.DoesNotExist:
        raise Http404 from None


def reporter_files_of(complaint: Complaint) -> Q:
    """The files the reporter gave (with the report or a reply), as a filter of Attachment:
    the ones a coordinator chooses to publish or not."""
    return Q(complaint=complaint) & (
        Q(event__isnull=True) | Q(event__actor_kind=ActorKind.REPORTER)
    )


def attachments_public(complaint: Complaint) -> list[Attachment]:
    """The files a coordinator published of a public report (from `complaint_get_public`)."""
    return list(
        Attachment.objects.filter(complaint=complaint, is_public=True).order_by("uploaded_at", "pk")
    )


def attachment_get_public(*, complaint: Complaint, pk: int) -> Attachment:
    """A published file of a public report (`complaint` comes from `complaint_get_public`)."""
    try:
        return Attachment.objects.get(complaint=complaint, pk=pk, is_public=True)
    except Attachment.DoesNotExist:
        raise Http404 from None


# The unit inbox's tabs: which active dispatches each shows.
UNIT_INBOX_TABS = ("all", "new", "in_progress", "on_hold")


def _unit_inbox_tab(tab: str) -> Q:
    if tab == "new":
        return Q(status=DispatchStatus.PENDING) & ~Q(complaint__status=Status.ON_HOLD)
    if tab == "in_progress":
        return Q(status=DispatchStatus.ACCEPTED) & ~Q(complaint__status=Status.ON_HOLD)
    if tab == "on_hold":
        return Q(complaint__status=Status.ON_HOLD)
    return Q()


def needs_priority(prefix: str = "") -> Q:
    """Reports whose reporter asked for extra help: a disability, or a vulnerable group
    (elderly, pregnant, child, poor household, remote area, …) given on the form's voluntary
    GESI questions. `prefix` reaches the report from another model ("complaint__")."""
    return Q(**{f"{prefix}reporter__has_disability": True}) | (
        Q(**{f"{prefix}reporter__isnull": False})
        & ~Q(**{f"{prefix}reporter__vulnerable_group": ""})
    )


_Rows = TypeVar("_Rows", bound=QuerySet[Any])


def with_priority(rows: _Rows, prefix: str = "") -> _Rows:
    """`rows` with `is_priority` (bool) on each, for the inboxes' mark and sort."""
    # CASE, not the bare condition: a NULL has_disability would make it NULL, which
    # PostgreSQL sorts first in a descending order.
    annotated: _Rows = rows.annotate(
        is_priority=Case(
            When(needs_priority(prefix), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )
    return annotated


def unit_inbox(
    *, unit_ids: set[int], tab: str = "all", priority_first: bool = False
) -> QuerySet[Dispatch]:
    """Active dispatches to these units (a liaison's units with their sub-units:
    `unit_ids_for_role(user, Role.LIAISON)`), the dispatch's follow-up deadline first, then
    the report's completion deadline (no deadline last).

    Each row carries its report, category, region (with its kecamatan) and unit: one query
    per page. Never the reporter: a unit's list shows no identity, anonim or not; only
    `is_priority` (the reporter asked for extra help), and `priority_first` sorts those first.
    """
    order: list[Any] = [
        F("followup_due_at").asc(nulls_last=True),
        F("complaint__complete_due_at").asc(nulls_last=True),
        "pk",
    ]
    rows = with_priority(
        Dispatch.objects.filter(
            unit_id__in=unit_ids, status__in=[DispatchStatus.PENDING, DispatchStatus.ACCEPTED]
        ).filter(_unit_inbox_tab(tab)),
        "complaint__",
    ).select_related(
        "unit",
        "complaint__instansi",
        "complaint__category",
        "complaint__region__parent",
    )
    return (
        rows.order_by(F("is_priority").desc(), *order) if priority_first else rows.order_by(*order)
    )


def unit_inbox_counts(*, unit_ids: set[int]) -> dict[str, int]:
    """How many rows each tab of the unit inbox holds, in one query."""
    rows = Dispatch.objects.filter(
        unit_id__in=unit_ids, status__in=[DispatchStatus.PENDING, DispatchStatus.ACCEPTED]
    )
    return rows.aggregate(
        **{tab: Count("pk", filter=_unit_inbox_tab(tab)) for tab in UNIT_INBOX_TABS}
    )


def dispatch_of_liaison(user: User | AnonymousUser | None, complaint: Complaint) -> Dispatch | None:
    """The user's active dispatch of this report (to a unit where they are a liaison, or a
    sub-unit of it), if any; the first one when there are several."""
    unit_ids = unit_ids_for_role(user, Role.LIAISON, instansi_id=complaint.instansi_id)
    if not unit_ids:
        return None
    return (
        Dispatch.objects.filter(
            complaint=complaint,
            unit_id__in=unit_ids,
            status__in=[DispatchStatus.PENDING, DispatchStatus.ACCEPTED],
        )
        .select_related("unit")
        .order_by("pk")
        .first()
    )


def attachment_get_for_user(*, user: User | AnonymousUser | None, pk: int) -> Attachment:
    """An attachment of a report the user may open; Http404 otherwise (as if it did not exist)."""
    try:
        return Attachment.objects.select_related("complaint").get(
            pk=pk, complaint__in=complaints_visible_to(user)
        )
    except Attachment.DoesNotExist:
        raise Http404 from None
