"""The rollups: per instansi, month of submission and one dimension value, the counts and
durations of the reports received, kept exact by the worker from the event log.

How they stay exact: every change of a report writes a ComplaintEvent (the services' rule).
The worker (`rollups_refresh`) reads the events after its cursor, takes the reports they
belong to, computes each report's *fact* (the cells it counts in and its measures) from the
report's current row, compares it with the fact stored when the report was last read
(`ReportFact`) and adds the difference to the cells, all in one transaction with the cursor's
move. Reading a report twice changes nothing, so a crash or a late transaction is repaired by
reading again; `rollups_verify` recomputes every fact and cell from the reports and lists what
differs, `rollups_rebuild` replaces them. Intake and the workflow services write nothing here,
so their write transactions stay as short as docs/performance.md measured them; the price is
that figures lag the worker by its poll interval, which the pages say.

What a report counts as (the cohort of DOMAIN.md section 6): received in the month of its
submission in the instansi's time zone; spam is left out; resolved when it has a resolution
(`resolved_at`, cleared again by a re-opening), on time when that is by its completion
deadline; in process while it is open (submitted, dispatched, in progress, on hold) and not
resolved. Durations are whole hours from submission; medians come from histograms whose
buckets are exact hours for the first three days and widen after (`hour_bucket`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q, Sum
from django.db.models.fields.json import KT

from aduan.complaints.choices import (
    OPEN_STATUSES,
    ArchiveReason,
    Cause,
    DispatchStatus,
    EventKind,
    Status,
)
from aduan.complaints.models import Complaint, ComplaintEvent, Dispatch
from aduan.core import clock
from aduan.organisation.choices import RegionLevel
from aduan.organisation.models import Instansi, Region
from aduan.reporting.models import Dimension, ReportFact, RollupCell, RollupCursor

CURSOR_NAME = "rollups"
MAX_GAPS = 1000
_HOUR = 3600
DURATIONS = ("verification", "followup", "resolution")


def hour_bucket(hours: int) -> int:
    """The histogram bucket of a duration, as the hour that stands for it: the hour itself
    for the first three days, then the middle of its 6-hour step up to 14 days, of its day up
    to 120 days, of its week after. A median read from the buckets is exact up to three days
    and within 3 hours, half a day and half a week after."""
    if hours < 72:
        return hours
    if hours < 14 * 24:
        return hours - hours % 6 + 3
    if hours < 120 * 24:
        return hours - hours % 24 + 12
    return hours - hours % 168 + 84


def _hours(start: datetime | None, end: datetime | None) -> int | None:
    if start is None or end is None:
        return None
    return max(int((end - start).total_seconds() // _HOUR), 0)


# ---------------------------------------------------------------- facts


# instansi id, month (1 January for a year cell), dimension, key, year cell
CellKey = tuple[int, date, str, str, bool]
# unit id, month ("YYYY-MM-01"), followed up, on time, resolved, on time, hours, hours
DispatchFact = tuple[str, str, bool, bool, bool, bool, int | None, int | None]


@dataclass(frozen=True)
class Measures:
    """What one report (or one of its dispatches) adds to one cell."""

    resolved: bool = False
    resolved_on_time: bool = False
    in_process: bool = False
    followed_up: bool = False
    followup_on_time: bool = False
    verification: int | None = None
    followup: int | None = None
    resolution: int | None = None


@dataclass(frozen=True)
class Fact:
    """What one report counts as (see the module docstring)."""

    complaint_id: int
    instansi_id: int
    month: date
    counted: bool
    type: str
    channel: str
    category_key: str
    district_key: str
    unit_keys: tuple[str, ...]
    resolved: bool
    resolved_on_time: bool
    in_process: bool
    hours_to_verification: int | None
    hours_to_first_followup: int | None
    hours_to_resolution: int | None
    dispatches: tuple[DispatchFact, ...] = ()
    # (month of a resolution "YYYY-MM-01", the cause recorded on it), each pair once
    causes: tuple[tuple[str, str], ...] = ()

    def contributions(self) -> list[tuple[CellKey, Measures]]:
        """Each cell the report counts in, with what it adds there."""
        if not self.counted:
            # As the live count of resolutions did: spam is left out of the figures about
            # reports received, not out of what resolutions recorded.
            return self._cause_cells()
        base = (self.instansi_id, self.month)
        mine = Measures(
            resolved=self.resolved,
            resolved_on_time=self.resolved_on_time,
            in_process=self.in_process,
            verification=self.hours_to_verification,
            followup=self.hours_to_first_followup,
            resolution=self.hours_to_resolution,
        )
        found: list[tuple[CellKey, Measures]] = [
            ((*base, Dimension.ALL, "", False), mine),
            ((*base, Dimension.TYPE, self.type, False), mine),
            ((*base, Dimension.CHANNEL, self.channel, False), mine),
            ((*base, Dimension.CATEGORY, self.category_key, False), mine),
            ((*base, Dimension.DISTRICT, self.district_key, False), mine),
            *(((*base, Dimension.UNIT, unit, False), mine) for unit in self.unit_keys),
        ]
        for d in self.dispatches:
            sent = date.fromisoformat(d[1])
            found.append(
                (
                    (self.instansi_id, sent, Dimension.DISPATCH_UNIT, d[0], False),
                    Measures(
                        resolved=d[4],
                        resolved_on_time=d[5],
                        followed_up=d[2],
                        followup_on_time=d[3],
                        followup=d[6],
                        resolution=d[7],
                    ),
                )
            )
        # Each month cell has a year cell beside it, so a long period reads a few rows per
        # key instead of twelve a year.
        years = [((k[0], date(k[1].year, 1, 1), k[2], k[3], True), m) for k, m in found]
        return found + years + self._cause_cells()

    def _cause_cells(self) -> list[tuple[CellKey, Measures]]:
        """One count per cause in each month, quarter, half-year and year in which the report
        was resolved for that cause, however often (`periodic.improvements_of`)."""
        spans: set[CellKey] = set()
        for month_text, cause in self.causes:
            month = date.fromisoformat(month_text)
            quarter = date(month.year, month.month - (month.month - 1) % 3, 1)
            half = date(month.year, 1 if month.month <= 6 else 7, 1)
            spans |= {
                (self.instansi_id, month, Dimension.CAUSE, cause, False),
                (self.instansi_id, quarter, Dimension.CAUSE_QUARTER, cause, False),
                (self.instansi_id, half, Dimension.CAUSE_HALF, cause, False),
                (self.instansi_id, date(month.year, 1, 1), Dimension.CAUSE, cause, True),
            }
        return [(key, Measures()) for key in sorted(spans)]

    @classmethod
    def of_row(cls, row: ReportFact) -> Fact:
        return cls(
            complaint_id=row.complaint_id,
            instansi_id=row.instansi_id,
            month=row.month,
            counted=row.counted,
            type=row.type,
            channel=row.channel,
            category_key=row.category_key,
            district_key=row.district_key,
            unit_keys=tuple(row.unit_keys),
            resolved=row.resolved,
            resolved_on_time=row.resolved_on_time,
            in_process=row.in_process,
            hours_to_verification=row.hours_to_verification,
            hours_to_first_followup=row.hours_to_first_followup,
            hours_to_resolution=row.hours_to_resolution,
            dispatches=tuple(tuple(d) for d in row.dispatches),
            causes=tuple((str(c[0]), str(c[1])) for c in row.causes),
        )

    def row(self) -> ReportFact:
        return ReportFact(
            complaint_id=self.complaint_id,
            instansi_id=self.instansi_id,
            month=self.month,
            counted=self.counted,
            type=self.type,
            channel=self.channel,
            category_key=self.category_key,
            district_key=self.district_key,
            unit_keys=list(self.unit_keys),
            resolved=self.resolved,
            resolved_on_time=self.resolved_on_time,
            in_process=self.in_process,
            hours_to_verification=self.hours_to_verification,
            hours_to_first_followup=self.hours_to_first_followup,
            hours_to_resolution=self.hours_to_resolution,
            dispatches=[list(d) for d in self.dispatches],
            causes=[list(c) for c in self.causes],
        )


_COLUMNS = (
    "pk",
    "instansi_id",
    "submitted_at",
    "verified_at",
    "first_followup_at",
    "resolved_at",
    "complete_due_at",
    "status",
    "archive_reason",
    "type",
    "channel",
    "category_id",
    "region_id",
)


class _Zones:
    """Instansi time zones and kecamatan of regions, read once per pass."""

    def __init__(self) -> None:
        self.zone: dict[int, ZoneInfo] = {
            pk: ZoneInfo(name) for pk, name in Instansi.objects.values_list("pk", "time_zone")
        }
        self.district: dict[int, int | None] = {}

    def districts(self, region_ids: Iterable[int]) -> None:
        wanted = [pk for pk in set(region_ids) if pk not in self.district]
        for pk, level, parent_id in Region.objects.filter(pk__in=wanted).values_list(
            "pk", "level", "parent_id"
        ):
            if level == RegionLevel.DISTRICT:
                self.district[pk] = pk
            elif level == RegionLevel.VILLAGE:
                self.district[pk] = parent_id
            else:
                self.district[pk] = None


def facts_of(ids: list[int], places: _Zones) -> dict[int, Fact]:
    """The facts of these reports as they stand now (missing reports have none)."""
    rows = list(Complaint.objects.filter(pk__in=ids).order_by().values_list(*_COLUMNS))
    return _facts(rows, places)


def _facts(rows: list[tuple[object, ...]], places: _Zones) -> dict[int, Fact]:
    ids = [row[0] for row in rows]
    units: defaultdict[int, set[int]] = defaultdict(set)
    sent: defaultdict[int, list[tuple[int, datetime, datetime | None, datetime | None]]]
    sent = defaultdict(list)
    for complaint_id, unit_id, dispatched, followed, was_due in (
        Dispatch.objects.filter(complaint_id__in=ids)
        .exclude(status=DispatchStatus.RETURNED)
        .order_by("pk")
        .values_list(
            "complaint_id", "unit_id", "dispatched_at", "first_followup_at", "followup_was_due_at"
        )
    ):
        units[complaint_id].add(unit_id)
        sent[complaint_id].append((unit_id, dispatched, followed, was_due))
    # The same resolutions, with the same test of the cause, as the live count per unit
    # (`periodic.improvements_of`).
    resolved_for: defaultdict[int, list[tuple[datetime, str]]] = defaultdict(list)
    # The kind is tested here, not in SQL: there PostgreSQL added the (kind, created_at) index
    # of every resolution in the deployment to each chunk's lookup by report.
    for complaint_id, event_kind, resolved_on, cause in (
        ComplaintEvent.objects.filter(complaint_id__in=ids, new__cause__in=Cause.values)
        .annotate(cause=KT("new__cause"))
        .order_by()
        .values_list("complaint_id", "kind", "created_at", "cause")
    ):
        if event_kind == EventKind.RESOLVED:
            resolved_for[complaint_id].append((resolved_on, str(cause)))
    places.districts(row[12] for row in rows if row[12] is not None)  # type: ignore[misc]
    found: dict[int, Fact] = {}
    for row in rows:
        (pk, instansi_id, submitted, verified, followup, resolved, due, status, reason, kind,
         channel, category_id, region_id) = row  # fmt: skip
        assert isinstance(pk, int)
        assert isinstance(instansi_id, int)
        assert isinstance(submitted, datetime)
        local = submitted.astimezone(places.zone[instansi_id])
        district = places.district.get(region_id) if isinstance(region_id, int) else None
        resolved_at = resolved if isinstance(resolved, datetime) else None
        due_at = due if isinstance(due, datetime) else None
        zone = places.zone[instansi_id]
        causes = set()
        for resolved_on, cause in resolved_for.get(pk, ()):
            local_on = resolved_on.astimezone(zone)
            causes.add((f"{local_on.year:04d}-{local_on.month:02d}-01", cause))
        dispatches: list[DispatchFact] = []
        for unit_id, dispatched, followed, was_due in sent.get(pk, ()):
            local_sent = dispatched.astimezone(zone)
            dispatches.append(
                (
                    str(unit_id),
                    f"{local_sent.year:04d}-{local_sent.month:02d}-01",
                    followed is not None,
                    followed is not None and was_due is not None and followed <= was_due,
                    resolved_at is not None,
                    resolved_at is not None and due_at is not None and resolved_at <= due_at,
                    _hours(dispatched, followed),
                    _hours(dispatched, resolved_at),
                )
            )
        found[pk] = Fact(
            complaint_id=pk,
            instansi_id=instansi_id,
            month=date(local.year, local.month, 1),
            counted=not (status == Status.ARCHIVED and reason == ArchiveReason.SPAM),
            type=str(kind),
            channel=str(channel),
            category_key=str(category_id or ""),
            district_key=str(district or ""),
            unit_keys=tuple(str(u) for u in sorted(units.get(pk, ()))),
            resolved=resolved_at is not None,
            resolved_on_time=resolved_at is not None
            and due_at is not None
            and resolved_at <= due_at,
            in_process=resolved_at is None and status in OPEN_STATUSES,
            hours_to_verification=_hours(submitted, verified),  # type: ignore[arg-type]
            hours_to_first_followup=_hours(submitted, followup),  # type: ignore[arg-type]
            hours_to_resolution=_hours(submitted, resolved_at),
            dispatches=tuple(dispatches),
            causes=tuple(sorted(causes)),
        )
    return found


# ---------------------------------------------------------------- cell arithmetic


@dataclass
class Tally:
    """The figures of a group of reports (a cell, or cells summed over months)."""

    received: int = 0
    resolved: int = 0
    resolved_on_time: int = 0
    in_process: int = 0
    followed_up: int = 0
    followup_on_time: int = 0
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(DURATIONS, 0))
    hours: dict[str, int] = field(default_factory=lambda: dict.fromkeys(DURATIONS, 0))
    histograms: dict[str, Counter[int]] = field(
        default_factory=lambda: {name: Counter() for name in DURATIONS}
    )

    def add_measures(self, measures: Measures, sign: int) -> None:
        self.received += sign
        self.resolved += sign * measures.resolved
        self.resolved_on_time += sign * measures.resolved_on_time
        self.in_process += sign * measures.in_process
        self.followed_up += sign * measures.followed_up
        self.followup_on_time += sign * measures.followup_on_time
        for name, value in (
            ("verification", measures.verification),
            ("followup", measures.followup),
            ("resolution", measures.resolution),
        ):
            if value is not None:
                self.counts[name] += sign
                self.hours[name] += sign * value
                self.histograms[name][hour_bucket(value)] += sign

    def add(self, other: Tally) -> None:
        self.received += other.received
        self.resolved += other.resolved
        self.resolved_on_time += other.resolved_on_time
        self.in_process += other.in_process
        self.followed_up += other.followed_up
        self.followup_on_time += other.followup_on_time
        for name in DURATIONS:
            self.counts[name] += other.counts[name]
            self.hours[name] += other.hours[name]
            self.histograms[name].update(other.histograms[name])

    def is_zero(self) -> bool:
        return not (
            self.received
            or self.resolved
            or self.resolved_on_time
            or self.in_process
            or self.followed_up
            or self.followup_on_time
            or any(self.counts.values())
            or any(self.hours.values())
            or any(any(h.values()) for h in self.histograms.values())
        )

    @classmethod
    def of_cell(cls, cell: RollupCell) -> Tally:
        tally = cls(
            received=cell.received,
            resolved=cell.resolved,
            resolved_on_time=cell.resolved_on_time,
            in_process=cell.in_process,
            followed_up=cell.followed_up,
            followup_on_time=cell.followup_on_time,
        )
        for name in DURATIONS:
            tally.counts[name] = getattr(cell, f"{name}_count")
            tally.hours[name] = getattr(cell, f"{name}_hours")
            tally.histograms[name] = Counter(
                {int(k): v for k, v in getattr(cell, f"{name}_histogram").items()}
            )
        return tally

    def write_to(self, cell: RollupCell) -> None:
        cell.received = self.received
        cell.resolved = self.resolved
        cell.resolved_on_time = self.resolved_on_time
        cell.in_process = self.in_process
        cell.followed_up = self.followed_up
        cell.followup_on_time = self.followup_on_time
        for name in DURATIONS:
            setattr(cell, f"{name}_count", self.counts[name])
            setattr(cell, f"{name}_hours", self.hours[name])
            histogram = {str(k): v for k, v in sorted(self.histograms[name].items()) if v}
            setattr(cell, f"{name}_histogram", histogram)

    def comparable(self) -> tuple[object, ...]:
        return (
            self.received,
            self.resolved,
            self.resolved_on_time,
            self.in_process,
            self.followed_up,
            self.followup_on_time,
            tuple(self.counts[n] for n in DURATIONS),
            tuple(self.hours[n] for n in DURATIONS),
            tuple(sorted((k, v) for k, v in self.histograms[n].items() if v) for n in DURATIONS),
        )


# ---------------------------------------------------------------- keeping them exact


def _deltas(
    old: dict[int, Fact], new: dict[int, Fact], into: defaultdict[CellKey, Tally]
) -> list[int]:
    """Add to `into` what moving from the `old` facts to the `new` ones changes in the cells;
    returns the reports whose fact changed."""
    changed = [pk for pk in old.keys() | new.keys() if old.get(pk) != new.get(pk)]
    for pk in changed:
        if pk in old:
            for key, measures in old[pk].contributions():
                into[key].add_measures(measures, -1)
        if pk in new:
            for key, measures in new[pk].contributions():
                into[key].add_measures(measures, 1)
    return changed


def _write_cells(deltas: dict[CellKey, Tally]) -> None:
    """Add the deltas to the stored cells (inside the caller's transaction)."""
    wanted = {key: delta for key, delta in deltas.items() if not delta.is_zero()}
    if not wanted:
        return
    pairs = {(key[0], key[1]) for key in wanted}  # a year cell's month is 1 January
    match = Q()
    for instansi_id, month in pairs:
        match |= Q(instansi_id=instansi_id, month=month)
    existing = {
        (cell.instansi_id, cell.month, cell.dimension, cell.key, cell.yearly): cell
        for cell in RollupCell.objects.select_for_update().filter(
            match, dimension__in={key[2] for key in wanted}
        )
    }
    created, updated, emptied = [], [], []
    for key, delta in wanted.items():
        cell = existing.get(key)
        if cell is None:
            cell = RollupCell(
                instansi_id=key[0], month=key[1], dimension=key[2], key=key[3], yearly=key[4]
            )
            delta.write_to(cell)
            created.append(cell)
            continue
        tally = Tally.of_cell(cell)
        tally.add(delta)
        if tally.is_zero():
            emptied.append(cell.pk)
        else:
            tally.write_to(cell)
            updated.append(cell)
    RollupCell.objects.filter(pk__in=emptied).delete()
    RollupCell.objects.bulk_update(
        updated,
        [f.name for f in RollupCell._meta.concrete_fields if f.name not in _KEY_FIELDS],
        batch_size=500,
    )
    RollupCell.objects.bulk_create(created, batch_size=500)


def _write_facts(changed: list[int], new: dict[int, Fact]) -> None:
    ReportFact.objects.filter(pk__in=changed).delete()
    ReportFact.objects.bulk_create([new[pk].row() for pk in changed if pk in new], batch_size=500)


def _apply(old: dict[int, Fact], new: dict[int, Fact]) -> int:
    """Move the cells from the `old` facts to the `new` ones and store the new facts (inside
    the caller's transaction). Returns how many reports changed."""
    deltas: defaultdict[CellKey, Tally] = defaultdict(Tally)
    changed = _deltas(old, new, deltas)
    if changed:
        _write_cells(deltas)
        _write_facts(changed, new)
    return len(changed)


_KEY_FIELDS = {"id", "instansi", "month", "dimension", "key", "yearly"}


def rollups_apply(*, complaint_ids: Iterable[int]) -> int:
    """Bring the rollups of these reports up to date now (the worker's step, also used by
    tests and the bench); returns how many reports' facts changed."""
    ids = sorted(set(complaint_ids))
    places = _Zones()
    done = 0
    for start in range(0, len(ids), 2000):
        chunk = ids[start : start + 2000]
        with transaction.atomic():
            old = {
                row.complaint_id: Fact.of_row(row)
                for row in ReportFact.objects.filter(pk__in=chunk)
            }
            done += _apply(old, facts_of(chunk, places))
    return done


def rollups_refresh(*, now: datetime | None = None, batch: int = 5000) -> int:
    """Read the events written since the last call into the rollups; returns how many
    reports' figures changed. The cursor, the cells and the facts move in one transaction,
    so a crash redoes the batch (harmless: facts are compared, not added blindly)."""
    now = now or clock.now()
    lease = timedelta(seconds=settings.ADUAN_WORKER_LEASE_SECONDS)
    # Most polls find nothing: answer that without a write transaction (SQLite's write lock).
    peek = RollupCursor.objects.filter(name=CURSOR_NAME).first()
    if (
        peek is not None
        and not peek.gaps
        and not ComplaintEvent.objects.filter(pk__gt=peek.last_event_id).exists()
    ):
        return 0
    with transaction.atomic():
        cursor, _ = RollupCursor.objects.select_for_update().get_or_create(name=CURSOR_NAME)
        events = list(
            ComplaintEvent.objects.filter(pk__gt=cursor.last_event_id)
            .order_by("pk")
            .values_list("pk", "complaint_id")[:batch]
        )
        gaps: dict[str, str] = dict(cursor.gaps)
        if events:
            seen = {pk for pk, _c in events}
            for missing in range(cursor.last_event_id + 1, events[-1][0]):
                if missing not in seen and len(gaps) < MAX_GAPS:
                    gaps.setdefault(str(missing), now.isoformat())
        late = list(
            ComplaintEvent.objects.filter(pk__in=[int(k) for k in gaps]).values_list(
                "pk", "complaint_id"
            )
        )
        for pk, _c in late:
            gaps.pop(str(pk), None)  # the late transaction committed: its report is read now
        # Ids missing past the lease belonged to a transaction that rolled back.
        gaps = {k: v for k, v in gaps.items() if datetime.fromisoformat(v) > now - lease}
        ids = sorted({c for _pk, c in events} | {c for _pk, c in late})
        places = _Zones()
        old = {row.complaint_id: Fact.of_row(row) for row in ReportFact.objects.filter(pk__in=ids)}
        changed = _apply(old, facts_of(ids, places))
        cursor.last_event_id = max([cursor.last_event_id, *(pk for pk, _c in events)])
        cursor.gaps = gaps
        cursor.updated_at = now
        cursor.save(update_fields=["last_event_id", "gaps", "updated_at"])
    return changed


def rollups_position() -> int:
    """The id of the last event read into the rollups (0: none)."""
    found = RollupCursor.objects.filter(name=CURSOR_NAME).values_list("last_event_id", flat=True)
    return found.first() or 0


def rollups_refreshed_at() -> datetime | None:
    """When the worker last read the event log into the rollups (None: never)."""
    return (
        RollupCursor.objects.filter(name=CURSOR_NAME).values_list("updated_at", flat=True).first()
    )


# ---------------------------------------------------------------- verify and rebuild


def _all_facts(chunk: int = 5000) -> Iterator[dict[int, Fact]]:
    """Every report's fact as it stands now, in chunks by id."""
    places = _Zones()
    last = 0
    while True:
        rows = list(
            Complaint.objects.filter(pk__gt=last).order_by("pk").values_list(*_COLUMNS)[:chunk]
        )
        if not rows:
            return
        last = rows[-1][0]
        yield _facts(rows, places)


@dataclass(frozen=True)
class Difference:
    """One rollup cell or fact that differs from the figure recomputed from the reports."""

    what: str
    stored: str
    recomputed: str

    def __str__(self) -> str:
        return f"{self.what}: stored {self.stored}, recomputed {self.recomputed}"


def _summary(tally: Tally | None) -> str:
    if tally is None:
        return "nothing"
    return (
        f"received={tally.received} resolved={tally.resolved} "
        f"on_time={tally.resolved_on_time} in_process={tally.in_process} "
        f"followed_up={tally.followed_up}/{tally.followup_on_time} "
        f"hours={[tally.hours[n] for n in DURATIONS]} counts={[tally.counts[n] for n in DURATIONS]}"
    )


def rollups_verify() -> list[Difference]:
    """Recompute every fact and cell from the reports and list each one that differs from
    what is stored (an empty list: the rollups are exact). Reads only; run it when the worker
    has caught up, else the reports changed since its last pass show as differences."""
    differences: list[Difference] = []
    cells: defaultdict[CellKey, Tally] = defaultdict(Tally)
    for facts in _all_facts():
        stored = {
            row.complaint_id: Fact.of_row(row)
            for row in ReportFact.objects.filter(pk__in=list(facts))
        }
        for pk, fact in facts.items():
            if stored.get(pk) != fact:
                differences.append(Difference(f"report {pk}", str(stored.get(pk)), str(fact)))
            for key, measures in fact.contributions():
                cells[key].add_measures(measures, 1)
    # A subquery, not a list of ids: PostgreSQL takes at most 65,535 parameters.
    orphans = ReportFact.objects.exclude(complaint_id__in=Complaint.objects.values("pk"))
    for pk in orphans.values_list("pk", flat=True):
        differences.append(Difference(f"report {pk}", "a fact", "no such report"))
    seen: set[CellKey] = set()
    for cell in RollupCell.objects.order_by("instansi_id", "dimension", "yearly", "month", "key"):
        key = (cell.instansi_id, cell.month, cell.dimension, cell.key, cell.yearly)
        seen.add(key)
        mine, theirs = Tally.of_cell(cell), cells.get(key)
        if theirs is None or mine.comparable() != theirs.comparable():
            differences.append(Difference(_cell_name(key), _summary(mine), _summary(theirs)))
    for key, tally in cells.items():
        if key not in seen and not tally.is_zero():
            differences.append(Difference(_cell_name(key), "nothing", _summary(tally)))
    return differences


def _cell_name(key: CellKey) -> str:
    when = f"year={key[1]:%Y}" if key[4] else f"month={key[1]:%Y-%m}"
    return f"cell instansi={key[0]} {when} {key[2]}={key[3] or '-'}"


def rollups_rebuild(*, chunk: int = 2000, flush_every: int = 100_000) -> int:
    """Replace every fact and cell with the figures recomputed from the reports; returns the
    number of cells written.

    One short transaction empties the tables and moves the cursor to the newest event; then
    the reports are read again in chunks of `chunk`, each in its own transaction that stores
    their facts (diffed against a fact the worker may have stored meanwhile, exactly as the
    worker reads a changed report). What the facts add to the cells is summed in memory and
    added to the cells every `flush_every` reports and at the end, in a transaction of its own:
    writing the cells once per chunk cost two thirds of the rebuild's time (Django's
    `bulk_update` of the same few hundred cells again and again). So no write lock is held for
    the whole rebuild (on SQLite that would stop intake for minutes at a million reports), and
    a worker pass that runs meanwhile is harmless: cells only ever receive differences, and
    additions commute. Until it ends, the figures count only the reports flushed so far; a
    rebuild that dies half-way leaves facts without their cells, which `--verify` lists and
    another rebuild repairs."""
    with transaction.atomic():
        cursor, _ = RollupCursor.objects.select_for_update().get_or_create(name=CURSOR_NAME)
        newest = ComplaintEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        ReportFact.objects.all().delete()
        RollupCell.objects.all().delete()
        cursor.last_event_id = max(cursor.last_event_id, newest)
        cursor.gaps = {}
        cursor.updated_at = clock.now()
        cursor.save(update_fields=["last_event_id", "gaps", "updated_at"])
    places = _Zones()
    pending: defaultdict[CellKey, Tally] = defaultdict(Tally)
    unflushed = 0
    last = 0
    while True:
        ids = list(
            Complaint.objects.filter(pk__gt=last)
            .order_by("pk")
            .values_list("pk", flat=True)[:chunk]
        )
        if ids:
            last = ids[-1]
            with transaction.atomic():
                # The worker's lock: its pass and this chunk must not both store one report.
                RollupCursor.objects.select_for_update().get(name=CURSOR_NAME)
                old = {
                    row.complaint_id: Fact.of_row(row)
                    for row in ReportFact.objects.filter(pk__in=ids)
                }
                new = facts_of(ids, places)
                # The pending sums are only added to once the facts are stored: a rolled-back
                # chunk leaves them as they were.
                chunk_deltas: defaultdict[CellKey, Tally] = defaultdict(Tally)
                _write_facts(_deltas(old, new, chunk_deltas), new)
            for key, delta in chunk_deltas.items():
                pending[key].add(delta)
            unflushed += len(ids)
        if pending and (not ids or unflushed >= flush_every):
            with transaction.atomic():
                _write_cells(pending)
            pending, unflushed = defaultdict(Tally), 0
        if not ids:
            break
    return RollupCell.objects.count()


# ---------------------------------------------------------------- reads


def month_of(day: date) -> date:
    return date(day.year, day.month, 1)


def _segments(first: date, last: date, *, by_month: bool) -> list[tuple[bool, date, date]]:
    """The cells that cover the months from `first` to `last`: (year cells?, from, to). Whole
    calendar years inside the period come from year cells, the months around them from month
    cells; per month (`by_month`), month cells only."""
    if first > last:
        return []
    if by_month:
        return [(False, first, last)]
    full_from = first.year if first.month == 1 else first.year + 1
    full_to = last.year if last.month == 12 else last.year - 1
    if full_from > full_to:
        return [(False, first, last)]
    found = [(True, date(full_from, 1, 1), date(full_to, 1, 1))]
    if first < date(full_from, 1, 1):
        found.append((False, first, date(full_from - 1, 12, 1)))
    if last > date(full_to, 12, 1):
        found.append((False, date(full_to + 1, 1, 1), last))
    return found


_HISTOGRAM_SQL = {
    # Each cell's histogram is opened and summed by the database (C), not in Python: a
    # five-year breakdown merges thousands of small JSON objects.
    "sqlite": "SELECT c.{group}, b.key, SUM(b.value) FROM reporting_rollupcell c, "
    "json_each(c.{column}) b WHERE {where} GROUP BY c.{group}, b.key",
    "postgresql": "SELECT c.{group}, b.key, SUM(b.value::integer) FROM reporting_rollupcell c, "
    "jsonb_each_text(c.{column}) b WHERE {where} GROUP BY c.{group}, b.key",
}


def tallies(
    *,
    instansi: Instansi,
    month_from: date,
    month_to: date,
    dimension: str,
    keys: Iterable[str] | None = None,
    by_month: bool = False,
    histograms: Iterable[str] = DURATIONS,
) -> dict[str, Tally]:
    """The figures of the months from `month_from` to `month_to` (both included) per key of
    one dimension, summed over the months; with `by_month`, per month ("2026-03") instead
    (summed over the keys). Whole years inside the period are read from year cells
    (`_segments`). One aggregate query of counts and sums and one of the histograms per
    duration named in `histograms` (the others stay empty: a reader that shows no median
    of a duration does not pay for its buckets), over index ranges of cells; no report is
    read."""
    segments = _segments(month_of(month_from), month_of(month_to), by_month=by_month)
    if not segments:
        return {}
    match = Q()
    for yearly, first, last in segments:
        match |= Q(yearly=yearly, month__gte=first, month__lte=last)
    rows = RollupCell.objects.filter(match, instansi=instansi, dimension=dimension)
    key_list = None if keys is None else list(keys)
    if key_list is not None:
        rows = rows.filter(key__in=key_list)
    group = "month" if by_month else "key"
    sums = ["received", "resolved", "resolved_on_time", "in_process", "followed_up"]
    sums.append("followup_on_time")
    sums += [f"{name}_{part}" for name in DURATIONS for part in ("count", "hours")]
    found: dict[str, Tally] = {}

    def label(value: object) -> str:
        return f"{value:%Y-%m}" if isinstance(value, date) else str(value)

    for row in rows.order_by().values(group).annotate(**{f"s_{n}": Sum(n) for n in sums}):
        tally = found.setdefault(label(row[group]), Tally())
        tally.received = row["s_received"]
        tally.resolved = row["s_resolved"]
        tally.resolved_on_time = row["s_resolved_on_time"]
        tally.in_process = row["s_in_process"]
        tally.followed_up = row["s_followed_up"]
        tally.followup_on_time = row["s_followup_on_time"]
        for name in DURATIONS:
            tally.counts[name] = row[f"s_{name}_count"]
            tally.hours[name] = row[f"s_{name}_hours"]
    wanted = [name for name in DURATIONS if name in set(histograms)]
    if not found or not wanted:
        return found
    where = "c.instansi_id = %s AND c.dimension = %s AND ({})".format(
        " OR ".join(["(c.yearly = %s AND c.month >= %s AND c.month <= %s)"] * len(segments))
    )
    params: list[int | str | date | bool] = [instansi.pk, dimension]
    for segment in segments:
        params += segment
    if key_list is not None:
        where += " AND c.key IN ({})".format(", ".join(["%s"] * len(key_list)))
        params += key_list
    template = _HISTOGRAM_SQL[connection.vendor]
    with connection.cursor() as cursor:
        for name in wanted:
            column = f"{name}_histogram"
            cursor.execute(template.format(group=group, column=column, where=where), params)
            merged: dict[object, Counter[int]] = {}
            for value, bucket, count in cursor.fetchall():
                histogram = merged.get(value)
                if histogram is None:
                    # SQLite gives a month as text ("2026-03-01"), PostgreSQL as a date.
                    month = (
                        date.fromisoformat(value) if by_month and isinstance(value, str) else value
                    )
                    histogram = merged[value] = found[label(month)].histograms[name]
                histogram[int(bucket)] += int(count)
    return found


# Cells counted once per report and span: a year's is not the sum of its months'.
CAUSE_DIMENSIONS = (Dimension.CAUSE, Dimension.CAUSE_QUARTER, Dimension.CAUSE_HALF)
CAUSE_CELLS = {
    "month": (Dimension.CAUSE, False),
    "quarter": (Dimension.CAUSE_QUARTER, False),
    "half": (Dimension.CAUSE_HALF, False),
    "year": (Dimension.CAUSE, True),
}


def cause_counts(*, instansi: Instansi, kind: str, first_month: date) -> dict[str, int]:
    """How many reports of the instansi were resolved for each cause in the month, quarter,
    half-year or year (`kind`) that begins with `first_month`, each report once per cause:
    one cell per cause (`Fact._cause_cells`)."""
    dimension, yearly = CAUSE_CELLS[kind]
    return dict(
        RollupCell.objects.filter(
            instansi=instansi, dimension=dimension, yearly=yearly, month=first_month
        ).values_list("key", "received")
    )
