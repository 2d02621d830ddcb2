"""Reads of the oversight console: open work per unit, overdue reports, each unit's times, and
the auditor's event log. Nothing here reads a reporter's identity.

Scope (DOMAIN.md section 2, the same rule as `complaints.selectors.complaints_visible_to`):
coordinators, auditors and leaders without a unit see their whole instansi; a leader whose
membership names a unit sees that unit's subtree, i.e. the reports dispatched to it that it
did not hand back. Only auditors read the event log.

Cost at 1,000,000 reports: the overdue list is a range scan of the (instansi, next_due_at)
index, bounded by what is overdue; open work reads the active dispatches through the
(unit, status, followup_due_at) index, each with its report; unit times read the rollups'
dispatch cells (whole months) plus one count of the dispatches still waiting for a follow-up;
the event log pages by keyset on (created_at, id), newest first, never counting the whole log.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.core.cache import cache
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import get_language

from aduan.accounts.choices import Role
from aduan.accounts.models import User
from aduan.complaints import codes
from aduan.complaints.choices import (
    ACTIVE_DISPATCH_STATUSES,
    DispatchStatus,
    EventKind,
    Status,
)
from aduan.complaints.models import Complaint, ComplaintEvent, Dispatch
from aduan.core import clock
from aduan.organisation.models import Instansi, Unit
from aduan.organisation.selectors import grants_of, unit_subtree_ids
from aduan.reporting.models import Dimension
from aduan.reporting.rollups import Tally, tallies
from aduan.reporting.selectors import month_span

OVERSIGHT_ROLES = (Role.COORDINATOR, Role.AUDITOR, Role.LEADER)
UNIT_TIMES_CACHE_SECONDS = 600
# An export is a file for a spreadsheet, not a backup: past this many rows, narrow the filter.
EXPORT_MAX_ROWS = 100_000

# ---------------------------------------------------------------- scope


@dataclass(frozen=True)
class Scope:
    """What one user oversees in one instansi: all of it (`unit_ids` None) or unit subtrees."""

    instansi: Instansi
    unit_ids: frozenset[int] | None

    @property
    def whole_instansi(self) -> bool:
        return self.unit_ids is None


def oversight_scopes(user: User) -> list[Scope]:
    """Each instansi the user oversees, by name."""
    wide: set[int] = set()
    units: dict[int, set[int]] = {}
    for grant in grants_of(user):
        if grant.role not in OVERSIGHT_ROLES:
            continue
        if grant.role != Role.LEADER or grant.unit_id is None:
            wide.add(grant.instansi_id)
        else:
            units.setdefault(grant.instansi_id, set()).add(grant.unit_id)
    scopes = []
    for instansi in Instansi.objects.filter(pk__in=wide | set(units)).order_by("name"):
        if instansi.pk in wide:
            scopes.append(Scope(instansi, None))
            continue
        subtree: set[int] = set()
        for unit_id in units[instansi.pk]:
            subtree |= unit_subtree_ids(Unit(pk=unit_id, instansi_id=instansi.pk))
        scopes.append(Scope(instansi, frozenset(subtree)))
    return scopes


def _pick(scopes: list[Scope], code: str | None) -> Scope:
    if not scopes:
        raise Http404
    if not code:
        return scopes[0]
    for scope in scopes:
        if scope.instansi.code == code:
            return scope
    raise Http404


def oversight_scope_for(user: User, code: str | None) -> tuple[Scope, list[Scope]]:
    """The scope asked for (`?instansi=`), else the first; 404 outside the user's scopes."""
    scopes = oversight_scopes(user)
    return _pick(scopes, code), scopes


def audit_scope_for(user: User, code: str | None) -> tuple[Scope, list[Scope]]:
    """An instansi where the user is an auditor (the event log is theirs only)."""
    ids = {g.instansi_id for g in grants_of(user) if g.role == Role.AUDITOR}
    scopes = [Scope(i, None) for i in Instansi.objects.filter(pk__in=ids).order_by("name")]
    return _pick(scopes, code), scopes


def scope_units(scope: Scope) -> list[Unit]:
    rows = Unit.objects.filter(instansi=scope.instansi)
    if scope.unit_ids is not None:
        rows = rows.filter(pk__in=scope.unit_ids)
    return list(rows.order_by("name", "pk"))


def scoped_complaints(scope: Scope) -> QuerySet[Complaint]:
    """The reports of the scope: as `complaints_visible_to` gives them to its staff."""
    rows = Complaint.objects.filter(instansi=scope.instansi)
    if scope.unit_ids is not None:
        rows = rows.filter(
            pk__in=Dispatch.objects.filter(unit_id__in=scope.unit_ids)
            .exclude(status=DispatchStatus.RETURNED)
            .values("complaint_id")
        )
    return rows


# ---------------------------------------------------------------- open work per unit


@dataclass(frozen=True)
class UnitWork:
    """Active dispatches of one unit, by where they stand."""

    unit_id: int
    unit: str
    pending: int
    accepted: int
    on_hold: int
    followup_overdue: int
    completion_overdue: int

    @property
    def total(self) -> int:
        return self.pending + self.accepted


def open_work_per_unit(scope: Scope, *, now: datetime) -> list[UnitWork]:
    """One aggregate query over the active dispatches of the scope's units; busiest first."""
    units = {u.pk: u for u in scope_units(scope)}
    running = (Status.DISPATCHED, Status.IN_PROGRESS)
    rows = (
        Dispatch.objects.filter(unit_id__in=list(units), status__in=ACTIVE_DISPATCH_STATUSES)
        .values("unit_id")
        .annotate(
            pending=Count("pk", filter=Q(status=DispatchStatus.PENDING)),
            accepted=Count("pk", filter=Q(status=DispatchStatus.ACCEPTED)),
            on_hold=Count("pk", filter=Q(complaint__status=Status.ON_HOLD)),
            followup_overdue=Count(
                "pk",
                filter=Q(
                    first_followup_at__isnull=True,
                    followup_due_at__lt=now,
                    complaint__status__in=running,
                ),
            ),
            completion_overdue=Count(
                "pk",
                filter=Q(complaint__complete_due_at__lt=now, complaint__status__in=running),
            ),
        )
        .order_by()
    )
    found = [
        UnitWork(
            unit_id=row["unit_id"],
            unit=str(units[row["unit_id"]]),
            pending=row["pending"],
            accepted=row["accepted"],
            on_hold=row["on_hold"],
            followup_overdue=row["followup_overdue"],
            completion_overdue=row["completion_overdue"],
        )
        for row in rows
    ]
    return sorted(found, key=lambda w: (-w.total, w.unit))


def work_total(work: list[UnitWork]) -> UnitWork:
    """The sum of the rows (a dispatch belongs to one unit, so nothing counts twice)."""
    return UnitWork(
        unit_id=0,
        unit="",
        pending=sum(w.pending for w in work),
        accepted=sum(w.accepted for w in work),
        on_hold=sum(w.on_hold for w in work),
        followup_overdue=sum(w.followup_overdue for w in work),
        completion_overdue=sum(w.completion_overdue for w in work),
    )


def awaiting_verification(scope: Scope) -> int | None:
    """Reports not yet verified (the coordinator's queue); None for a unit-limited scope."""
    if scope.unit_ids is not None:
        return None
    return Complaint.objects.filter(instansi=scope.instansi, status=Status.SUBMITTED).count()


# ---------------------------------------------------------------- overdue


def overdue_in(scope: Scope, *, now: datetime, unit_id: int | None = None) -> QuerySet[Complaint]:
    """Reports with a running clock past its deadline, the most overdue first, each with its
    active dispatches (`active_dispatches`) prefetched."""
    rows = scoped_complaints(scope).filter(next_due_at__lt=now)
    if unit_id is not None:
        rows = rows.filter(
            pk__in=Dispatch.objects.filter(
                unit_id=unit_id, status__in=ACTIVE_DISPATCH_STATUSES
            ).values("complaint_id")
        )
    return (
        rows.select_related("category")
        .only(
            "pk",
            "instansi_id",
            "tracking_number",
            "title",
            "type",
            "status",
            "is_confidential",
            "submitted_at",
            "verify_due_at",
            "complete_due_at",
            "next_due_at",
            "category__name",
        )
        .prefetch_related(
            Prefetch(
                "dispatches",
                queryset=Dispatch.objects.filter(status__in=ACTIVE_DISPATCH_STATUSES)
                .select_related("unit")
                .only(
                    "pk",
                    "complaint_id",
                    "status",
                    "followup_due_at",
                    "first_followup_at",
                    "unit__name",
                    "unit__short_name",
                )
                .order_by("pk"),
                to_attr="active_dispatches",
            )
        )
        .order_by("next_due_at", "pk")
    )


def overdue_clock(complaint: Complaint, now: datetime) -> str:
    """Which clock made the report overdue: "verify", "followup" or "complete"."""
    if (
        complaint.status == Status.SUBMITTED
        and complaint.verify_due_at is not None
        and complaint.verify_due_at < now
    ):
        return "verify"
    for dispatch in getattr(complaint, "active_dispatches", ()):
        if (
            dispatch.first_followup_at is None
            and dispatch.followup_due_at is not None
            and dispatch.followup_due_at < now
        ):
            return "followup"
    return "complete"


# ---------------------------------------------------------------- each unit's times


@dataclass(frozen=True)
class UnitTimes:
    """Dispatches a unit received in a period and how fast it acted on them."""

    unit_id: int
    unit: str
    dispatched: int
    followed_up: int
    followup_missing_late: int  # no follow-up yet and its deadline has passed
    followup_on_time: int  # first follow-up by its deadline (Dispatch.followup_was_due_at)
    resolved: int
    resolved_on_time: int
    mean_hours_to_followup: float | None
    mean_hours_to_resolution: float | None

    @property
    def followup_on_time_percent(self) -> float | None:
        if not self.followed_up:
            return None
        return round(100 * self.followup_on_time / self.followed_up, 1)

    @property
    def resolved_on_time_percent(self) -> float | None:
        return round(100 * self.resolved_on_time / self.resolved, 1) if self.resolved else None

    @property
    def mean_days_to_followup(self) -> float | None:
        return _days(self.mean_hours_to_followup)

    @property
    def mean_days_to_resolution(self) -> float | None:
        return _days(self.mean_hours_to_resolution)


def _days(hours: float | None) -> float | None:
    return None if hours is None else round(hours / 24, 1)


def period_bounds(instansi: Instansi, date_from: date, date_to: date) -> tuple[datetime, datetime]:
    """Local midnight of the first day and of the day after the last, as aware datetimes."""
    zone = ZoneInfo(instansi.time_zone)
    start = datetime.combine(date_from, time.min, tzinfo=zone)
    return start, datetime.combine(date_to + timedelta(days=1), time.min, tzinfo=zone)


def unit_times_compute(
    scope: Scope, *, date_from: date, date_to: date, now: datetime
) -> list[UnitTimes]:
    """The dispatches each unit of the scope received in the whole months of the period
    (hand-backs left out), from the rollups' dispatch cells; only "no follow-up yet, past its
    deadline" depends on now, and is one count over the dispatches still waiting for a
    first follow-up (the (unit, status, followup_due_at) index), bounded by open work."""
    units = {u.pk: u for u in scope_units(scope)}
    first, last = month_span(date_from, date_to)
    found = tallies(
        instansi=scope.instansi,
        month_from=first,
        month_to=last,
        dimension=Dimension.DISPATCH_UNIT,
        keys=[str(pk) for pk in units],
        histograms=(),  # the page shows means and shares, no median
    )
    start, end = period_bounds(scope.instansi, first, last)
    # The period is the count's FILTER, not a WHERE term: as a WHERE term SQLite walked the
    # (unit, dispatched_at) index over every dispatch of the period (374 ms for a year at
    # 1,000,000 reports) instead of the (unit, status, followup_due_at) range of those
    # waiting, which is bounded by open work. The statuses are listed for the same index.
    late = dict(
        Dispatch.objects.filter(
            unit_id__in=list(units),
            status__in=[s for s in DispatchStatus if s != DispatchStatus.RETURNED],
            followup_due_at__lt=now,
            first_followup_at__isnull=True,
        )
        .values("unit_id")
        .annotate(n=Count("pk", filter=Q(dispatched_at__gte=start, dispatched_at__lt=end)))
        .order_by()
        .values_list("unit_id", "n")
    )

    def mean(tally: Tally, name: str) -> float | None:
        count = tally.counts[name]
        return round(tally.hours[name] / count, 1) if count else None

    times = [
        UnitTimes(
            unit_id=int(key),
            unit=str(units[int(key)]),
            dispatched=tally.received,
            followed_up=tally.followed_up,
            followup_missing_late=late.get(int(key), 0),
            followup_on_time=tally.followup_on_time,
            resolved=tally.resolved,
            resolved_on_time=tally.resolved_on_time,
            mean_hours_to_followup=mean(tally, "followup"),
            mean_hours_to_resolution=mean(tally, "resolution"),
        )
        for key, tally in found.items()
        if tally.received
    ]
    return sorted(times, key=lambda t: (-t.dispatched, t.unit))


def unit_times_for(
    scope: Scope, *, date_from: date, date_to: date
) -> tuple[list[UnitTimes], datetime]:
    """The unit times of a scope and period, and when they were computed: from the cache when
    computed in the last UNIT_TIMES_CACHE_SECONDS (the query reads a whole period)."""
    units = ",".join(str(u) for u in sorted(scope.unit_ids)) if scope.unit_ids else "all"
    digest = hashlib.sha256(units.encode()).hexdigest()[:16]
    key = (
        f"reporting:unit-times:v1:{scope.instansi.pk}:{digest}:"
        f"{date_from.isoformat()}:{date_to.isoformat()}:{get_language() or ''}"
    )
    found: tuple[list[UnitTimes], datetime] | None = cache.get(key)
    if found is None:
        now = clock.now()
        found = (unit_times_compute(scope, date_from=date_from, date_to=date_to, now=now), now)
        cache.set(key, found, UNIT_TIMES_CACHE_SECONDS)
    return found


# ---------------------------------------------------------------- the event log


@dataclass(frozen=True)
class EventFilter:
    tracking_number: str = ""
    kinds: tuple[str, ...] = ()
    actor: User | None = None
    start: datetime | None = None
    end: datetime | None = None
    match_nothing: bool = False


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


@dataclass(frozen=True)
class Cursor:
    """Where a page of the event log ends: the last row's (created_at, id), as a URL-safe
    token "<microseconds since 1970>-<id>"."""

    created_at: datetime
    pk: int

    def token(self) -> str:
        return f"{(self.created_at - _EPOCH) // _MICROSECOND}-{self.pk}"

    @classmethod
    def parse(cls, token: str | None) -> Cursor | None:
        """The cursor of a token; None (the first page) for anything else."""
        micros, _sep, pk = (token or "").partition("-")
        if not (micros.isdigit() and pk.isdigit()) or len(micros) > 18:
            return None
        return cls(_EPOCH + int(micros) * _MICROSECOND, int(pk))


def events_of(instansi: Instansi, flt: EventFilter) -> QuerySet[ComplaintEvent]:
    """The instansi's events matching the filter, newest first, with what a row shows."""
    rows = ComplaintEvent.objects.filter(complaint__instansi=instansi)
    if flt.match_nothing:
        rows = rows.none()
    if flt.tracking_number:
        rows = rows.filter(
            complaint__tracking_number=codes.normalise_tracking_number(flt.tracking_number)
        )
    if flt.kinds:
        rows = rows.filter(kind__in=flt.kinds)
    if flt.actor is not None:
        rows = rows.filter(actor=flt.actor)
    if flt.start is not None:
        rows = rows.filter(created_at__gte=flt.start)
    if flt.end is not None:
        rows = rows.filter(created_at__lt=flt.end)
    return (
        rows.select_related("complaint", "actor", "unit")
        .only(
            "pk",
            "kind",
            "actor_kind",
            "created_at",
            "old",
            "new",
            "note",
            "complaint__tracking_number",
            "actor__username",
            "actor__first_name",
            "actor__last_name",
            "unit__name",
            "unit__short_name",
        )
        .order_by("-created_at", "-pk")
    )


def events_page(
    instansi: Instansi, flt: EventFilter, *, after: Cursor | None, limit: int
) -> tuple[list[ComplaintEvent], Cursor | None]:
    """One page of the log after `after` (keyset, no count), and the cursor of the next."""
    rows = events_of(instansi, flt)
    if after is not None:
        rows = rows.filter(
            Q(created_at__lt=after.created_at) | Q(created_at=after.created_at, pk__lt=after.pk)
        )
    found = list(rows[: limit + 1])
    if len(found) <= limit:
        return found, None
    last = found[limit - 1]
    return found[:limit], Cursor(last.created_at, last.pk)


def actor_label(event: ComplaintEvent) -> str:
    """Who acted, as the auditor may read it: staff by name; a reporter never by name (their
    account would name an anonim reporter), the system as such."""
    if event.actor_kind != "staff" or event.actor is None:
        return str(event.get_actor_kind_display())
    full = event.actor.get_full_name()
    return f"{full} ({event.actor.username})" if full else event.actor.username


def staff_user_by_username(instansi: Instansi, username: str) -> User | None:
    """A staff member of the instansi by username (the event log's actor filter)."""
    if not username.strip():
        return None
    return User.objects.filter(username=username.strip(), memberships__instansi=instansi).first()


IDENTITY_KINDS = (EventKind.IDENTITY_VIEWED,)
