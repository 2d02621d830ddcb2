"""Open311 reads. Reports come only from the one public door,
`complaints.selectors.complaints_public()`: this module adds no visibility rule of its own."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet

from aduan.complaints.choices import DispatchStatus, Status
from aduan.complaints.models import Complaint, Dispatch
from aduan.complaints.selectors import complaints_public
from aduan.integrations.open311.models import PartnerSubmission
from aduan.organisation.models import Category, Instansi

# Open311 knows two statuses. "resolved" waits only for the reporter's word: the government's
# work is done, so it is closed to Open311 (status_notes tells the exact state).
OPEN_STATUSES = (Status.SUBMITTED, Status.DISPATCHED, Status.IN_PROGRESS, Status.ON_HOLD)


def open311_status(status: str) -> str:
    return "open" if status in OPEN_STATUSES else "closed"


def jurisdiction(code: str | None) -> Instansi | None:
    """The instansi named by `jurisdiction_id`; without one, the default government, or the
    first one when the deployment has no government of that code."""
    if code:
        return Instansi.objects.filter(code=code).first()
    return (
        Instansi.objects.filter(code=settings.ADUAN_DEFAULT_INSTANSI).first()
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


def _rows(instansi: Instansi) -> QuerySet[Complaint]:
    return (
        complaints_public()
        .filter(instansi=instansi)
        .select_related("category", "region", "instansi")
        .prefetch_related(
            Prefetch(
                "dispatches",
                queryset=Dispatch.objects.exclude(status=DispatchStatus.RETURNED)
                .select_related("unit")
                .order_by("pk"),
                to_attr="open311_dispatches",
            )
        )
    )


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


def requests_page(*, instansi: Instansi, query: RequestQuery, limit: int) -> list[Complaint]:
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
    return list(rows.order_by("-submitted_at", "-pk")[:limit])


def requests_by_ids(*, instansi: Instansi, ids: Sequence[str]) -> list[Complaint]:
    """Public reports with these tracking numbers, in the order asked; unknown ones left out."""
    found = {
        c.tracking_number: c
        for c in _rows(instansi).filter(tracking_number__in=[i.strip().upper() for i in ids])
    }
    return [found[i.strip().upper()] for i in ids if i.strip().upper() in found]


def submission_by_token(token: str) -> PartnerSubmission | None:
    return PartnerSubmission.objects.select_related("complaint").filter(token=token).first()
