"""Reads for the lifecycle: the running clocks of a report, each with its state."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, F, Q, QuerySet, prefetch_related_objects
from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from aduan.accounts.choices import Role
from aduan.accounts.models import User
from aduan.complaints import screening
from aduan.complaints.choices import (
    ACTIVE_DISPATCH_STATUSES,
    OPEN_STATUSES,
    DispatchStatus,
    Status,
)
from aduan.complaints.models import Complaint, ComplaintEvent, Dispatch, Improvement, Reporter
from aduan.complaints.search import query_stems
from aduan.complaints.selectors import (
    complaints_visible_to,
    identity_visible_to,
    reporter_of,
    with_priority,
)
from aduan.organisation.choices import RegionLevel
from aduan.organisation.clocks import ClockState, clock_state
from aduan.organisation.models import Instansi, Region
from aduan.organisation.selectors import grants_of, unit_ids_for_role


@dataclass(frozen=True)
class Clock:
    """One deadline of a report: what it is for, when it started, when it is due, its state."""

    label: str | Promise
    started_at: datetime
    due_at: datetime
    state: ClockState
    unit_name: str = ""


def clocks_of(complaint: Complaint, *, now: datetime) -> list[Clock]:
    """The clocks that run now (none while on hold or once resolved), nearest deadline first."""
    instansi = complaint.instansi
    clocks: list[Clock] = []
    if complaint.status == Status.SUBMITTED and complaint.verify_due_at:
        clocks.append(
            Clock(
                _("Verification and dispatch"),
                complaint.submitted_at,
                complaint.verify_due_at,
                clock_state(instansi, complaint.submitted_at, complaint.verify_due_at, now),
            )
        )
    running = complaint.status in (Status.SUBMITTED, Status.DISPATCHED, Status.IN_PROGRESS)
    if running and complaint.complete_due_at:
        start = complaint.verified_at or complaint.submitted_at
        clocks.append(
            Clock(
                _("Completion"),
                start,
                complaint.complete_due_at,
                clock_state(instansi, start, complaint.complete_due_at, now),
            )
        )
    if complaint.status in (Status.DISPATCHED, Status.IN_PROGRESS):
        for dispatch in complaint.dispatches.filter(
            status__in=ACTIVE_DISPATCH_STATUSES, followup_due_at__isnull=False
        ).select_related("unit"):
            assert dispatch.followup_due_at is not None
            clocks.append(
                Clock(
                    _("First follow-up"),
                    dispatch.dispatched_at,
                    dispatch.followup_due_at,
                    clock_state(instansi, dispatch.dispatched_at, dispatch.followup_due_at, now),
                    unit_name=str(dispatch.unit),
                )
            )
    return sorted(clocks, key=lambda c: c.due_at)


# ---------------------------------------------------------------- the staff console

INBOX_PAGE_SIZE = 50
DUPLICATE_WINDOW = timedelta(days=30)
DUPLICATE_CANDIDATES = 200  # the newest candidates compared word by word, at most


class InboxTab(enum.StrEnum):
    """The coordinator inbox's tabs: new reports, reports on hold, every open report."""

    SUBMITTED = "submitted"
    ON_HOLD = "on_hold"
    OPEN = "open"


@dataclass(frozen=True)
class InboxRow:
    """One report of the coordinator inbox, with its kecamatan and its nearest deadline."""

    complaint: Complaint
    kecamatan: Region | None
    due_at: datetime | None
    state: ClockState | None  # None: no clock runs (on hold)
    is_priority: bool = False  # the reporter asked for extra help (GESI)


def kecamatan_of(region: Region | None) -> Region | None:
    """The kecamatan of a region (a village's parent); needs `region__parent` loaded."""
    if region is None:
        return None
    if region.level == RegionLevel.VILLAGE:
        return region.parent
    return region if region.level == RegionLevel.DISTRICT else None


def coordinator_instansi_of(user: User | AnonymousUser | None) -> list[Instansi]:
    """The governments where the user is a coordinator, by name."""
    ids = {g.instansi_id for g in grants_of(user) if g.role == Role.COORDINATOR}
    return list(Instansi.objects.filter(pk__in=ids).order_by("name", "pk")) if ids else []


def _nearest_clock(
    complaint: Complaint, instansi: Instansi, now: datetime
) -> tuple[datetime | None, ClockState | None]:
    if complaint.status == Status.SUBMITTED and complaint.verify_due_at:
        due = complaint.verify_due_at
        return due, clock_state(instansi, complaint.submitted_at, due, now)
    if complaint.status == Status.ON_HOLD or complaint.next_due_at is None:
        return None, None
    start = complaint.verified_at or complaint.submitted_at
    return complaint.next_due_at, clock_state(instansi, start, complaint.next_due_at, now)


_INBOX_COLUMNS = (
    "tracking_number",
    "title",
    "type",  # the staff API's inbox answers it
    "status",
    "channel",
    "is_confidential",
    "is_anonymous",
    "submitted_at",
    "verified_at",
    "verify_due_at",
    "next_due_at",
    "hold_started_at",
    "instansi_id",
    "category__name",
    "category__code",
    "region__name",
    "region__level",
    "region__parent_id",
)


def coordinator_queue(
    *,
    instansi: Instansi,
    tab: InboxTab,
    now: datetime,
    limit: int = INBOX_PAGE_SIZE,
    offset: int = 0,
    priority_first: bool = False,
) -> list[InboxRow]:
    """A page of the coordinator inbox: the nearest deadline first (on hold: longest waiting);
    with `priority_first`, reports whose reporter asked for extra help before the rest.

    Walks the (instansi, status, next_due_at) index; three queries whatever the page size.
    """
    if tab == InboxTab.SUBMITTED:
        statuses = [Status.SUBMITTED]
        order: tuple[Any, ...] = ("next_due_at", "pk")  # as complaints.selectors.coordinator_inbox
    else:
        statuses = [Status.ON_HOLD] if tab == InboxTab.ON_HOLD else list(OPEN_STATUSES)
        order = (
            ("hold_started_at", "pk")
            if tab == InboxTab.ON_HOLD
            else (F("next_due_at").asc(nulls_last=True), "pk")
        )
    if priority_first:
        order = (F("is_priority").desc(), *order)
    rows = list(
        with_priority(Complaint.objects.filter(instansi_id=instansi.pk, status__in=statuses))
        .select_related("category", "region")
        # Only what a row shows: a report has some sixty columns, and building fifty full
        # objects cost more than the query itself.
        .only(*_INBOX_COLUMNS)
        .order_by(*order)[offset : offset + limit]
    )
    prefetch_related_objects(rows, "region__parent")
    found = []
    for complaint in rows:
        complaint.instansi = instansi
        due, state = _nearest_clock(complaint, instansi, now)
        found.append(
            InboxRow(
                complaint,
                kecamatan_of(complaint.region),
                due,
                state,
                is_priority=bool(getattr(complaint, "is_priority", False)),
            )
        )
    return found


@dataclass(frozen=True)
class CoordinatorWork:
    instansi: Instansi
    to_verify: int
    verify_breached: int
    on_hold: int
    overdue: int


@dataclass(frozen=True)
class UnitWork:
    to_accept: int
    active: int
    followup_overdue: int


@dataclass(frozen=True)
class OversightWork:
    instansi: Instansi
    overdue: int


@dataclass
class ConsoleSummary:
    """What the start page says to do next, per role the user holds."""

    coordinator: list[CoordinatorWork] = field(default_factory=list)
    unit: UnitWork | None = None
    oversight: list[OversightWork] = field(default_factory=list)
    operator_open: int | None = None


def console_summary(user: User, *, now: datetime) -> ConsoleSummary:
    """Counts for the console's start page; each an index range count, never a scan."""
    summary = ConsoleSummary()
    for instansi in coordinator_instansi_of(user):
        new = Complaint.objects.filter(instansi_id=instansi.pk, status=Status.SUBMITTED)
        summary.coordinator.append(
            CoordinatorWork(
                instansi=instansi,
                to_verify=new.count(),
                verify_breached=new.filter(next_due_at__lt=now).count(),
                on_hold=Complaint.objects.filter(
                    instansi_id=instansi.pk, status=Status.ON_HOLD
                ).count(),
                overdue=Complaint.objects.filter(
                    instansi_id=instansi.pk, next_due_at__lt=now
                ).count(),
            )
        )
    units = unit_ids_for_role(user, Role.LIAISON)
    if units:
        counts = Dispatch.objects.filter(
            unit_id__in=units, status__in=ACTIVE_DISPATCH_STATUSES
        ).aggregate(
            to_accept=Count("pk", filter=Q(status=DispatchStatus.PENDING)),
            active=Count("pk"),
            followup_overdue=Count("pk", filter=Q(followup_due_at__lt=now)),
        )
        summary.unit = UnitWork(**counts)
    watched = {
        g.instansi_id
        for g in grants_of(user)
        if g.role in (Role.LEADER, Role.AUDITOR) and g.unit_id is None
    }
    if watched:
        for instansi in Instansi.objects.filter(pk__in=watched).order_by("name", "pk"):
            summary.oversight.append(
                OversightWork(
                    instansi,
                    Complaint.objects.filter(instansi_id=instansi.pk, next_due_at__lt=now).count(),
                )
            )
    if any(g.role == Role.OPERATOR for g in grants_of(user)):
        summary.operator_open = Complaint.objects.filter(
            created_by=user, status__in=OPEN_STATUSES
        ).count()
    return summary


# ---------------------------------------------------------------- the page of one report


def staff_events_of(complaint: Complaint) -> list[ComplaintEvent]:
    """The whole timeline of a report for its staff, internal events included, oldest first."""
    return list(
        ComplaintEvent.objects.filter(complaint=complaint)
        .select_related("unit", "actor")
        .order_by("seq")
    )


def dispatches_of(complaint: Complaint) -> list[Dispatch]:
    """Every dispatch of a report (handed back and done too), oldest first, with its unit."""
    return list(
        Dispatch.objects.filter(complaint=complaint)
        .select_related("unit")
        .order_by("dispatched_at", "pk")
    )


def reporter_other_reports(*, user: User, complaint: Complaint, limit: int = 10) -> list[Complaint]:
    """Other reports of the same person (same account, phone, email or NIK) that `user` may
    open, newest first. Empty when `user` may not see this reporter's identity. An anonim
    report elsewhere is left out unless `user` coordinates its government: listing it next to
    a named report would tell who filed it."""
    if not identity_visible_to(user, complaint):
        return []
    reporter = reporter_of(complaint)
    if reporter is None:
        return []
    same = Q(pk=reporter.pk)
    if reporter.user_id:
        same |= Q(user_id=reporter.user_id)
    if reporter.phone:
        same |= Q(phone=reporter.phone)
    if reporter.nik:
        same |= Q(nik=reporter.nik)
    if reporter.email:
        same |= Q(email=reporter.email.lower())  # stored lower-case at intake
    coordinated = [g.instansi_id for g in grants_of(user) if g.role == Role.COORDINATOR]
    return list(
        complaints_visible_to(user)
        .filter(reporter__in=Reporter.objects.filter(same).values("pk"))
        .exclude(pk=complaint.pk)
        .exclude(Q(is_anonymous=True) & ~Q(instansi_id__in=coordinated))
        .select_related("category")
        .order_by("-submitted_at", "-pk")[:limit]
    )


# Words too common in reports to say two of them are about the same thing.
_COMMON_STEMS = frozenset(
    query_stems(
        "yang dengan untuk tidak sudah sejak dari pada karena atau kami saya juga akan sangat "
        "mohon tolong bapak ibu dalam oleh agar bisa masih belum telah hari kepada sebagai "
        "tersebut mereka warga laporan pengaduan ada ini itu sama kita sini sana para lagi "
        "bulan minggu tahun banyak setiap"
    )
)


_MIN_STEM = 4


def _stems(text: str) -> set[str]:
    return {s for s in query_stems(text) if len(s) >= _MIN_STEM and s not in _COMMON_STEMS}


def duplicate_reason(text: str, other_text: str) -> list[str]:
    """The words (rough Indonesian stems) two reports share when they are enough to call them
    a possible duplicate: at least two, and at least 30% of the shorter report's words. An
    empty list means "not a duplicate". Pure; measured by `bench.routing.duplicate_figures`."""
    words, other_words = _stems(text), _stems(other_text)
    shared = words & other_words
    overlap = len(shared) / max(1, min(len(words), len(other_words)))
    if len(shared) >= 2 and overlap >= 0.3:
        return sorted(shared)
    return []


def possible_duplicates_with_reasons(
    complaint: Complaint, *, limit: int = 10
) -> list[tuple[Complaint, list[str]]]:
    """Reports that may be the same matter, each with the reason (the words in common): same
    government, kecamatan (so the same or a neighbouring desa) and category, filed within 30
    days of this one, sharing words (rough Indonesian stems) in title or description.

    The candidates are read through the (instansi, submitted_at) index and at most
    DUPLICATE_CANDIDATES of them are compared, the newest first; the best matches come first.
    """
    if complaint.category_id is None:
        return []
    text = f"{complaint.title} {complaint.description}"
    if not _stems(text):
        return []
    rows = Complaint.objects.filter(
        instansi_id=complaint.instansi_id,
        category_id=complaint.category_id,
        submitted_at__gte=complaint.submitted_at - DUPLICATE_WINDOW,
        submitted_at__lte=complaint.submitted_at + DUPLICATE_WINDOW,
    ).exclude(pk=complaint.pk)
    # A report already merged into another, or thrown out as spam, is no one's original.
    rows = rows.exclude(status=Status.ARCHIVED, archive_reason__in=["duplicate", "spam"])
    if complaint.region_id is not None:
        region = Region.objects.select_related("parent").get(pk=complaint.region_id)
        kecamatan = kecamatan_of(region)
        if kecamatan is not None:
            rows = rows.filter(Q(region_id=kecamatan.pk) | Q(region__parent_id=kecamatan.pk))
        else:
            rows = rows.filter(region_id=complaint.region_id)
    candidates = rows.only(
        "pk", "tracking_number", "title", "description", "status", "submitted_at", "instansi_id"
    ).order_by("-submitted_at", "-pk")[:DUPLICATE_CANDIDATES]
    scored = []
    for other in candidates:
        shared = duplicate_reason(text, f"{other.title} {other.description}")
        if shared:
            scored.append((len(shared), other.submitted_at, other, shared))
    scored.sort(key=lambda s: (s[0], s[1]), reverse=True)
    return [(other, shared) for _n, _at, other, shared in scored[:limit]]


def possible_duplicates(complaint: Complaint, *, limit: int = 10) -> list[Complaint]:
    """`possible_duplicates_with_reasons` without the reasons."""
    return [other for other, _shared in possible_duplicates_with_reasons(complaint, limit=limit)]


# ---------------------------------------------------------------- personal data in the text


@dataclass(frozen=True)
class Screened:
    """The screening of a report's text for the coordinator (DOMAIN.md section 4): the title
    and description cut into plain pieces and matches to highlight, the matches by kind, the
    masks added by hand, and the text the public reads."""

    title: list[screening.Segment]
    description: list[screening.Segment]
    found: list[screening.Match]
    added: list[str]
    kept: list[str]
    public_title: str
    public_description: str

    @property
    def has_personal_data(self) -> bool:
        return any(m.kind != screening.Kind.MANUAL for m in self.found)


def screening_of(complaint: Complaint) -> Screened:
    """What `complaints.screening` finds in the report, with the coordinator's masks."""
    added = list(complaint.masks.get("added", []))
    kept = list(complaint.masks.get("kept", []))
    found = [
        m
        for text in (complaint.title, complaint.description)
        for m in screening.matches(text, added=added, kept=kept)
    ]
    return Screened(
        title=screening.segments(complaint.title, added=added, kept=kept),
        description=screening.segments(complaint.description, added=added, kept=kept),
        found=found,
        added=added,
        kept=kept,
        public_title=complaint.public_title,
        public_description=complaint.public_description,
    )


# ---------------------------------------------------------------- improvements


def improvements_visible_to(user: User | AnonymousUser | None) -> QuerySet[Improvement]:
    """Improvements a staff member may see: coordinators, auditors and leaders of an instansi
    all of it; liaisons and unit leaders their units and sub-units."""
    grants = grants_of(user)
    wide = {
        g.instansi_id
        for g in grants
        if g.role in (Role.COORDINATOR, Role.AUDITOR)
        or (g.role == Role.LEADER and g.unit_id is None)
    }
    units = unit_ids_for_role(user, Role.LIAISON) | unit_ids_for_role(user, Role.LEADER)
    allowed = Q(unit__instansi_id__in=wide) | Q(unit_id__in=units)
    if not wide and not units:
        return Improvement.objects.none()
    return Improvement.objects.filter(allowed)


def improvement_get_for_user(*, user: User | AnonymousUser | None, pk: int) -> Improvement:
    try:
        return improvements_visible_to(user).select_related("complaint", "unit").get(pk=pk)
    except Improvement.DoesNotExist:
        raise Http404 from None
