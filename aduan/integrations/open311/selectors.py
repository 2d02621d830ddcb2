"""Open311 reads. Reports come only from the one public door,
`complaints.selectors.complaints_public()`: this module adds no visibility rule of its own."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet

from aduan.complaints.choices import DispatchStatus, Status
from aduan.complaints.models import Complaint, Dispatch
from aduan.complaints.selectors import complaints_public
from aduan.integrations.open311.models import PartnerSubmission
from aduan.organisation.models import Category, Instansi
from aduan.organisation.selectors import instansi_by_code

# Open311 knows two statuses. "resolved" waits only for the reporter's word: the government's
# work is done, so it is closed to Open311 (status_notes tells the exact state).
OPEN_STATUSES = (Status.SUBMITTED, Status.DISPATCHED, Status.IN_PROGRESS, Status.ON_HOLD)


def open311_status(status: str) -> str:
    return "open" if status in OPEN_STATUSES else "closed"


def jurisdiction(code: str | None) -> Instansi | None:
    """The instansi named by `jurisdiction_id`; without one, the default government, or the
    first one when the deployment has no government of that code."""
    if code:
        return instansi_by_code(code)  # cached reference data: no query on most requests
    return (
        instansi_by_code(settings.ADUAN_DEFAULT_INSTANSI)
        or Instansi.objects.order_by("code").first()
    )


def services_of(instansi: Instansi) -> list[Category]:
    """The instansi's active categories, parents first."""
    return list(
        Category.objects.filter(instansi=instansi, is_active=True)
        .select_related("parent")
        .order_by("parent_id", "name", "pk")
    )


def service_of(instansi: Instansi, code: str) -> Category | None:
    return Category.objects.filter(instansi=instansi, is_active=True, code=code).first()


# Only what an answer shows: a report has some sixty columns. Rows come as dicts of these
# (QuerySet.values): building a report, its category and its region as model instances was a
# quarter of the list's time at 1,000,000 reports (docs/performance.md).
_COLUMNS = (
    "pk",
    "tracking_number",
    "status",
    "public_description",
    "address",
    "latitude",
    "longitude",
    "submitted_at",
    "updated_at",
    "complete_due_at",
    "category__code",
    "category__name",
    "region__name",
)

Row = dict[str, Any]


def _rows(instansi: Instansi) -> QuerySet[Complaint, Row]:
    # Not the instansi: a join there makes the database sort the whole window instead of
    # walking the (instansi, submitted_at) index newest first; the caller has it already.
    rows: QuerySet[Complaint, Row] = complaints_public().filter(instansi=instansi).values(*_COLUMNS)
    return rows


def _with_units(rows: list[Row]) -> list[Row]:
    """Each row with "units": the names of the units it was dispatched to (and not handed
    back by), in one query for the page."""
    units: dict[int, list[str]] = {}
    for complaint_id, name in (
        Dispatch.objects.filter(complaint_id__in=[r["pk"] for r in rows])
        .exclude(status=DispatchStatus.RETURNED)
        .order_by("pk")
        .values_list("complaint_id", "unit__name")
    ):
        units.setdefault(complaint_id, []).append(name)
    for row in rows:
        row["units"] = units.get(row["pk"], [])
    return rows


@dataclass(frozen=True)
class Cursor:
    """Where a page ends: the last row's (submitted_at, id), newest first."""

    submitted_at: datetime
    pk: int


@dataclass(frozen=True)
class RequestQuery:
    start: datetime
    end: datetime
    service_codes: Sequence[str] = ()
    statuses: Sequence[str] = ()  # "open", "closed"
    after: Cursor | None = None


def requests_page(*, instansi: Instansi, query: RequestQuery, limit: int) -> list[Row]:
    """Public reports submitted in [start, end), newest first, after the cursor.

    A keyset page over the (instansi, submitted_at) index: no OFFSET and no count, so the
    first page and the thousandth cost the same at a million rows.
    """
    rows = _rows(instansi).filter(submitted_at__gte=query.start, submitted_at__lt=query.end)
    if query.service_codes:
        rows = rows.filter(
            Q(category__code__in=query.service_codes)
            | Q(category__parent__code__in=query.service_codes)
        )
    wanted = set(query.statuses)
    if wanted == {"open"}:
        rows = rows.filter(status__in=OPEN_STATUSES)
    elif wanted == {"closed"}:
        rows = rows.exclude(status__in=OPEN_STATUSES)
    if query.after is not None:
        rows = rows.filter(
            Q(submitted_at__lt=query.after.submitted_at)
            | Q(submitted_at=query.after.submitted_at, pk__lt=query.after.pk)
        )
    return _with_units(list(rows.order_by("-submitted_at", "-pk")[:limit]))


def requests_by_ids(*, instansi: Instansi, ids: Sequence[str]) -> list[Row]:
    """Public reports with these tracking numbers, in the order asked; unknown ones left out."""
    numbers = [i.strip().upper() for i in ids]
    found = {
        row["tracking_number"]: row
        for row in _with_units(list(_rows(instansi).filter(tracking_number__in=numbers)))
    }
    return [found[i.strip().upper()] for i in ids if i.strip().upper() in found]


def submission_by_token(token: str) -> PartnerSubmission | None:
    return PartnerSubmission.objects.select_related("complaint").filter(token=token).first()
