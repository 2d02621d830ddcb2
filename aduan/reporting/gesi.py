"""GESI figures (gender equality and social inclusion, DOMAIN.md section 3): reports by the
reporter's voluntary answers (gender, age group, disability, vulnerable group), and how fast
the reports of people who asked for extra help are handled against the rest.

Counts go through `core.suppression` wherever the public sees them. Aggregated in the
database (one grouped query per table, over the period's reports by the (instansi,
submitted_at) index); the priority comparison fetches four time columns of the period's
reports and is cached like the public statistics.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from aduan.complaints.choices import AgeGroup, ArchiveReason, Gender, Status, VulnerableGroup
from aduan.complaints.models import Complaint, Dispatch
from aduan.complaints.selectors import with_priority
from aduan.core.suppression import SuppressedTable, suppress
from aduan.organisation.models import Instansi
from aduan.reporting.selectors import STATISTICS_CACHE_SECONDS, _median_days

NOT_STATED = _("Not stated")
# The columns of every GESI table.
OUTCOMES: tuple[Promise, ...] = (_("Resolved"), _("Not resolved yet"))


@dataclass(frozen=True)
class Dimension:
    key: str
    title: Promise
    field: str  # on Complaint
    choices: list[tuple[Any, Any]]


DIMENSIONS: tuple[Dimension, ...] = (
    Dimension("gender", _("Gender"), "reporter__gender", list(Gender.choices)),
    Dimension("age_group", _("Age group"), "reporter__age_group", list(AgeGroup.choices)),
    Dimension(
        "disability",
        _("Disability"),
        "reporter__has_disability",
        [(True, _("With a disability")), (False, _("Without a disability"))],
    ),
    Dimension(
        "vulnerable_group",
        _("Vulnerable group"),
        "reporter__vulnerable_group",
        list(VulnerableGroup.choices),
    ),
)


@dataclass(frozen=True)
class GesiTable:
    dimension: Dimension
    labels: list[str]
    counts: list[list[int]]  # per row: resolved, not resolved yet

    def suppressed(self) -> SuppressedTable:
        return suppress(self.counts)


def _bounds(instansi: Instansi, date_from: date, date_to: date) -> tuple[datetime, datetime]:
    zone = ZoneInfo(instansi.time_zone)
    start = datetime.combine(date_from, time.min, tzinfo=zone)
    end = datetime.combine(date_to + timedelta(days=1), time.min, tzinfo=zone)
    return start, end


def reports_of(
    *, instansi: Instansi, date_from: date, date_to: date, unit_ids: frozenset[int] | None = None
) -> QuerySet[Complaint]:
    """The period's reports (spam left out, as in the statistics), of some units' when given."""
    start, end = _bounds(instansi, date_from, date_to)
    rows = Complaint.objects.filter(
        instansi=instansi, submitted_at__gte=start, submitted_at__lt=end
    ).exclude(status=Status.ARCHIVED, archive_reason=ArchiveReason.SPAM)
    if unit_ids is not None:
        rows = rows.filter(
            pk__in=Dispatch.objects.filter(unit_id__in=unit_ids).values("complaint_id")
        )
    return rows


def gesi_tables(
    *, instansi: Instansi, date_from: date, date_to: date, unit_ids: frozenset[int] | None = None
) -> list[GesiTable]:
    """One table per GESI question: its answers (and "not stated") by resolved or not."""
    rows = reports_of(instansi=instansi, date_from=date_from, date_to=date_to, unit_ids=unit_ids)
    resolved = Q(resolved_at__isnull=False)
    tables = []
    for dim in DIMENSIONS:
        grouped = {
            r[dim.field]: (int(r["resolved"]), int(r["open"]))
            for r in rows.values(dim.field)
            .annotate(resolved=Count("pk", filter=resolved), open=Count("pk", filter=~resolved))
            .order_by()
        }
        labels, counts = [], []
        known = {value for value, _label in dim.choices}
        for value, label in dim.choices:
            labels.append(str(label))
            counts.append(list(grouped.get(value, (0, 0))))
        # Blank, null, and free text the form no longer offers: "not stated".
        rest = [v for k, v in grouped.items() if k not in known]
        labels.append(str(NOT_STATED))
        counts.append([sum(v[0] for v in rest), sum(v[1] for v in rest)])
        tables.append(GesiTable(dimension=dim, labels=labels, counts=counts))
    return tables


# ---------------------------------------------------------------- priority against the rest


@dataclass(frozen=True)
class HandlingTimes:
    """How one group of reports was handled."""

    label: str
    received: int
    resolved: int
    resolved_on_time: int
    median_days_to_first_followup: float | None
    median_days_to_resolution: float | None


def _hours(start: datetime, end: datetime) -> int:
    return max(0, int((end - start).total_seconds() // 3600))


@dataclass
class _Tally:
    received: int = 0
    resolved: int = 0
    on_time: int = 0
    to_followup: Counter[int] = field(default_factory=Counter)
    to_resolution: Counter[int] = field(default_factory=Counter)


def priority_handling(
    *,
    instansi: Instansi,
    date_from: date,
    date_to: date,
    unit_ids: frozenset[int] | None = None,
) -> list[HandlingTimes]:
    """Reports whose reporter asked for extra help, then the rest: received in the period,
    resolved, resolved by the deadline, median days to the first follow-up and to
    resolution. Cached for STATISTICS_CACHE_SECONDS."""
    units = ",".join(str(u) for u in sorted(unit_ids)) if unit_ids is not None else "all"
    key = f"reporting:gesi:priority:v1:{instansi.pk}:{date_from}:{date_to}:{units}"
    found: list[HandlingTimes] | None = cache.get(key)
    if found is not None:
        return found
    rows = reports_of(instansi=instansi, date_from=date_from, date_to=date_to, unit_ids=unit_ids)
    tallies = {True: _Tally(), False: _Tally()}
    columns = ("is_priority", "submitted_at", "first_followup_at", "resolved_at", "complete_due_at")
    for priority, submitted, followup, resolved, due in (
        with_priority(rows).values_list(*columns).iterator(chunk_size=5000)
    ):
        tally = tallies[bool(priority)]
        tally.received += 1
        if resolved is not None:
            tally.resolved += 1
            if due is not None and resolved <= due:
                tally.on_time += 1
            tally.to_resolution[_hours(submitted, resolved)] += 1
        if followup is not None:
            tally.to_followup[_hours(submitted, followup)] += 1
    found = [
        HandlingTimes(
            label=str(label),
            received=t.received,
            resolved=t.resolved,
            resolved_on_time=t.on_time,
            median_days_to_first_followup=_median_days(t.to_followup),
            median_days_to_resolution=_median_days(t.to_resolution),
        )
        for label, t in (
            (_("Asked for extra help"), tallies[True]),
            (_("Other reports"), tallies[False]),
        )
    ]
    cache.set(key, found, STATISTICS_CACHE_SECONDS)
    return found


def table_rows(table: GesiTable, *, public: bool) -> list[dict[str, Any]]:
    """The rows a page prints: label, the two counts and the row total, suppressed for the
    public, exact for staff; plus the totals row last."""
    rows: list[dict[str, Any]]
    if public:
        s = table.suppressed()
        rows = [
            {"label": label, "cells": [c.text for c in cells], "total": total.text}
            for label, cells, total in zip(table.labels, s.cells, s.row_totals, strict=True)
        ]
        rows.append(
            {"label": None, "cells": [c.text for c in s.column_totals], "total": s.total.text}
        )
        return rows
    rows = [
        {"label": label, "cells": [str(v) for v in counts], "total": str(sum(counts))}
        for label, counts in zip(table.labels, table.counts, strict=True)
    ]
    columns = [sum(col) for col in zip(*table.counts, strict=True)] if table.counts else [0, 0]
    rows.append({"label": None, "cells": [str(v) for v in columns], "total": str(sum(columns))})
    return rows


def outcome_labels() -> Sequence[str]:
    return [str(label) for label in OUTCOMES]
