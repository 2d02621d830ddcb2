"""Public API: file a report (idempotent), the public feed with search, and the report types.

Tracking a report and the reporter's actions on it call workflow services, so they live in
`workflow/api.py` (complaints sits below workflow); both routers share /api/v1/reports.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any
from urllib.parse import quote, urlencode

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.urls import get_script_prefix, reverse
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.params import HeaderEx, P

from aduan.complaints.choices import Channel, ReportType, Status
from aduan.complaints.idempotency import (
    KeyedFiling,
    Outcome,
    fingerprint,
    idempotency_replay,
)
from aduan.complaints.intake import intake_guard, intake_within_limits
from aduan.complaints.models import Complaint
from aduan.complaints.schemas import (
    FeedOut,
    FeedQuery,
    ReporterIn,
    ReportIn,
    ReportSummaryOut,
    SubmittedOut,
    reporter_label,
)
from aduan.complaints.search import FeedFilters, search_public
from aduan.complaints.services import (
    ReporterInput,
    ReportInput,
    Submitted,
    complaint_file,
    complaint_prepare,
)
from aduan.core.errors import DomainError, ValidationFailed
from aduan.core.http import client_ip
from aduan.core.schemas import Choice, Named, error_responses
from aduan.organisation import selectors as org
from aduan.organisation.models import Category, Instansi, Region, Unit

router = Router(tags=["reports"])
reference_router = Router(tags=["reference"])

# ---------------------------------------------------------------- output


def choice(value: str, label: Any) -> Choice:
    return Choice(code=value, label=str(label))


def report_url(tracking_number: str) -> str:
    """The report's API address. reverse() takes about 50 µs, and a feed page asks it for every
    item: the address differs only by the number, so the rest is reversed once."""
    return _reports_path(get_script_prefix()) + quote(tracking_number, safe="")


@functools.lru_cache(maxsize=16)
def _reports_path(script_prefix: str) -> str:
    # reverse() reads the same prefix; it is this cache's key.
    placeholder = "0"
    url = reverse("api-v1:track_report", kwargs={"tracking_number": placeholder})
    assert url.endswith("/" + placeholder)
    return url[: -len(placeholder)]


def summary_out(complaint: Complaint) -> ReportSummaryOut:
    return ReportSummaryOut(
        tracking_number=complaint.tracking_number,
        type=choice(complaint.type, complaint.get_type_display()),
        title=complaint.title,
        status=choice(complaint.status, complaint.get_status_display()),
        category=Named(code=complaint.category.code, name=complaint.category.name)
        if complaint.category
        else None,
        region=Named(code=complaint.region.code, name=complaint.region.name)
        if complaint.region
        else None,
        reporter_label=reporter_label(complaint),
        submitted_at=complaint.submitted_at,
        url=report_url(complaint.tracking_number),
    )


_encode_value = DjangoJSONEncoder().default


def _time(value: datetime | None) -> str | None:
    """A time as ninja writes it in every answer (DjangoJSONEncoder: to the millisecond), in UTC
    as the other answers give it from the database (the deadlines are worked out in WITA)."""
    return None if value is None else _encode_value(value.astimezone(UTC))


def _submitted_body(submitted: Submitted) -> dict[str, Any]:
    """The answer to a submission, as `SubmittedOut` would encode it.

    Written out rather than built through the schema: the schema's validation, the labels'
    lazy translation through it and a JSON round trip took about 0.4 ms of a submission
    (docs/performance.md). `test_api_submit.py` holds it to the schema's own encoding.
    """
    complaint = submitted.complaint
    return {
        "tracking_number": complaint.tracking_number,
        "access_code": submitted.access_code,
        # The labels from the choices themselves: get_FOO_display() rebuilds a dict of all the
        # choices on every call.
        "type": {"code": complaint.type, "label": str(ReportType(complaint.type).label)},
        "status": {"code": complaint.status, "label": str(Status(complaint.status).label)},
        "submitted_at": _time(complaint.submitted_at),
        "verify_due_at": _time(complaint.verify_due_at),
        "complete_due_at": _time(complaint.complete_due_at),
        "is_late_filing": complaint.is_late_filing,
        "url": report_url(complaint.tracking_number),
    }


def _answer(response: HttpResponse, outcome: Outcome) -> HttpResponse:
    """The submission's answer: a body made by `_submitted_body` (now, or kept for the key), sent
    as it is rather than validated by ninja a second time (docs/performance.md)."""
    if outcome.replayed:
        response["Idempotent-Replayed"] = "true"
    response.status_code = outcome.status
    response.content = json.dumps(outcome.body)
    return response


# ---------------------------------------------------------------- input


def _instansi(code: str | None, *, field: str = "instansi") -> Instansi:
    found = org.instansi_by_code(code or settings.ADUAN_DEFAULT_INSTANSI)
    if found is None:
        raise ValidationFailed(_("There is no government with this code."), code=field)
    return found


def _region(code: str | None) -> Region | None:
    if not code:
        return None
    found = org.region_by_code(code.strip())
    if found is None:
        raise ValidationFailed(_("There is no region with this code."), code="region")
    return found


def _category(instansi: Instansi, code: str | None, *, error: str = "category") -> Category | None:
    if not code:
        return None
    found = org.category_by_code(instansi_id=instansi.pk, code=code.strip())
    if found is None:
        raise ValidationFailed(_("There is no category with this code."), code=error)
    return found


def _unit(instansi: Instansi, code: str | None, *, error: str = "unit") -> Unit | None:
    if not code:
        return None
    found = org.unit_by_code(instansi_id=instansi.pk, code=code.strip())
    if found is None:
        raise ValidationFailed(_("There is no unit with this code."), code=error)
    return found


def _reporter_input(given: ReporterIn | None) -> ReporterInput:
    if given is None:
        return ReporterInput()
    return ReporterInput(
        name=given.name.strip(),
        nik=given.nik,
        phone=given.phone,
        email=given.email.strip(),
        address=given.address.strip(),
        gender=given.gender.value if given.gender else "",
        age_group=given.age_group.value if given.age_group else "",
        has_disability=given.has_disability,
        vulnerable_group=given.vulnerable_group.strip(),
    )


def _coordinate(value: float | None) -> Decimal | None:
    # The column keeps 6 decimals (about 10 cm); more would be refused by the database.
    return None if value is None else round(Decimal(str(value)), 6)


def _report_input(payload: ReportIn, instansi: Instansi) -> ReportInput:
    return ReportInput(
        type=payload.type,
        title=payload.title,
        description=payload.description,
        channel=Channel.API,
        incident_date=payload.incident_date,
        region=_region(payload.region_code),
        address=payload.address,
        latitude=_coordinate(payload.latitude),
        longitude=_coordinate(payload.longitude),
        category=_category(instansi, payload.category_code),
        target_unit=_unit(instansi, payload.unit_code),
        is_anonymous=payload.is_anonymous,
        is_confidential=payload.is_confidential,
        reporter=_reporter_input(payload.reporter),
    )


# ---------------------------------------------------------------- submission


@router.post(
    "",
    url_name="submit_report",
    response={201: SubmittedOut, **error_responses(400, 409, 413, 429)},
)
def submit_report(
    request: HttpRequest,
    payload: ReportIn,
    response: HttpResponse,
    idempotency_key: HeaderEx[
        str | None,
        P(
            alias="Idempotency-Key",
            min_length=1,
            max_length=255,
            pattern=r"^[\x21-\x7e]+$",
            description="Any unique string (a UUID). A retry with the same key and body gets "
            "the same answer instead of a second report, for 24 hours.",
        ),
    ] = None,
) -> HttpResponse:
    """File a report. The answer carries the tracking number and the secret access code."""
    request_hash = fingerprint(payload.model_dump(mode="json"))
    if idempotency_key:
        replay = idempotency_replay(key=idempotency_key, request_hash=request_hash)
        if replay is not None:
            return _answer(response, replay)
    instansi = _instansi(payload.instansi)
    data = _report_input(payload, instansi)
    refused: DomainError | None = None
    keyed: KeyedFiling | None = None
    try:
        # Checks, numbers, rows and the answer are made before the write transaction, which
        # then holds only the counters and the inserts (docs/performance.md).
        filing = complaint_prepare(instansi=instansi, data=data)
        if idempotency_key:
            keyed = KeyedFiling(
                key=idempotency_key,
                request_hash=request_hash,
                filing=filing,
                render=_submitted_body,
            )
        else:
            body = _submitted_body(filing.submitted)
    except DomainError as error:
        refused = error  # raised once the attempt is counted, like any refused submission

    def submit() -> Outcome:
        if refused is not None:
            raise refused
        if keyed is not None:
            # The key was looked up above, before the limits counted this request.
            return keyed.file()
        submitted = complaint_file(filing=filing)
        if submitted.complaint is not filing.complaint:  # filed under a new number after a clash
            return Outcome(status=201, body=_submitted_body(submitted), replayed=False)
        return Outcome(status=201, body=body, replayed=False)

    outcome = _counted_and_filed(ip=client_ip(request), phone=data.reporter.phone, submit=submit)
    return _answer(response, outcome)


def _counted_and_filed(*, ip: str, phone: str, submit: Callable[[], Outcome]) -> Outcome:
    """File the report and count the attempt against the intake limits, in one transaction.

    A sender already at a limit is refused first, by reading the counters, before anything is
    written. The attempt is counted last, after the report's inserts, so that on PostgreSQL the
    counters' rows (one per IP address, which a mobile carrier's NAT shares among many
    citizens, and one per phone number) stay locked only until the commit, not for the whole
    filing (docs/performance.md). One commit per request: on PostgreSQL one WAL flush, on
    SQLite one turn of the write lock.

    As before, a refused or failed submission is counted too (its report, a savepoint, was
    rolled back) and raised once the count is committed. When the count finds the limit
    passed (a concurrent request took the last place since the first read), the transaction
    rolls back: nothing is filed, and the counter already stands at the limit.
    """
    intake_within_limits(ip=ip, phone=phone)
    failed: BaseException | None = None
    with transaction.atomic():
        try:
            outcome = submit()
        except Exception as error:  # raised once the attempt is counted
            failed = error
        intake_guard(ip=ip, phone=phone, honeypot="")
    if failed is not None:
        raise failed
    return outcome


# ---------------------------------------------------------------- the public feed


def _page_link(request: HttpRequest, page: int) -> str:
    params = request.GET.copy()
    params["page"] = str(page)
    return f"{request.path}?{urlencode(sorted(params.items()))}"


@router.get("", url_name="list_reports", response={200: FeedOut, **error_responses(400)})
def list_reports(request: HttpRequest, query: Query[FeedQuery]) -> FeedOut:
    """The public feed, newest first: never a rahasia report, never who filed it."""
    # Category and unit codes are unique per government: the one named, or the default one.
    instansi = None
    if query.instansi or query.category or query.unit:
        instansi = _instansi(query.instansi)
    category = _category(instansi, query.category, error="category_filter") if instansi else None
    unit = _unit(instansi, query.unit, error="unit_filter") if instansi else None
    filters = FeedFilters(
        status=query.status,
        type=query.type,
        category_id=category.pk if category else None,
        unit_id=unit.pk if unit else None,
        district=(query.kecamatan or "").strip(),
        submitted_from=query.submitted_from,
        submitted_to=query.submitted_to,
        instansi_id=instansi.pk if instansi and query.instansi else None,
    )
    offset = (query.page - 1) * query.page_size
    # One more than the page, so the last page is known even when the total is not counted.
    total, rows = search_public(
        query=query.q, filters=filters, limit=query.page_size + 1, offset=offset
    )
    has_next = len(rows) > query.page_size
    return FeedOut(
        total=total,
        page=query.page,
        page_size=query.page_size,
        next=_page_link(request, query.page + 1) if has_next else None,
        previous=_page_link(request, query.page - 1) if query.page > 1 else None,
        results=[summary_out(c) for c in rows[: query.page_size]],
    )


# ---------------------------------------------------------------- reference: types


@reference_router.get("/types", url_name="list_report_types", response=list[Choice])
def list_report_types(request: HttpRequest) -> list[Choice]:
    """The three types of report, with their labels in the requested language."""
    return [choice(value, label) for value, label in ReportType.choices]
