"""The Open311 GeoReport v2 server (docs/open311.md): discovery, services, requests, tokens.

Each path ends in `.json` or `.xml` and answers in that format; errors use the spec's format
(a list of `{code, description}`) with the description in the request's language. Reports are
read only through `complaints.selectors.complaints_public()` (via this package's selectors):
published reports only, never the reporter's identity, never a rahasia report.
"""

from __future__ import annotations

import base64
import binascii
from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from aduan.complaints.choices import Channel, ReportType, Status
from aduan.complaints.intake import HOUR
from aduan.complaints.services import ReporterInput, ReportInput
from aduan.core import clock
from aduan.core.errors import DomainError
from aduan.integrations.open311 import selectors, services
from aduan.integrations.open311.formats import JSON, answer, error
from aduan.organisation.models import Category, Instansi

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-12-04T00:00:00Z"  # when this server's answers last changed shape
MAX_WINDOW = timedelta(days=90)  # the spec's widest start_date..end_date range
DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000  # the spec lets a server cap a list; 1000 is the common cap
MAX_IDS = 100
MAX_DESCRIPTION = 4000  # the spec's limit for a request's description
TITLE_LENGTH = 80


class BadRequest(Exception):
    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.description = description


# ---------------------------------------------------------------- output


def _time(value: datetime | None, zone: ZoneInfo) -> str | None:
    """W3C date-time in the government's time zone, e.g. 2026-12-04T09:30:00+08:00."""
    return None if value is None else value.astimezone(zone).isoformat(timespec="seconds")


def _coordinate(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def request_out(row: selectors.Row, instansi: Instansi) -> dict[str, Any]:
    """One service request as the spec names its fields, from a row of `selectors`. No
    reporter identity: the report's own public fields only (this is the one place the
    Open311 shape is made)."""
    zone = ZoneInfo(instansi.time_zone)
    place = [row["address"], row["region__name"] or ""]
    return {
        "service_request_id": row["tracking_number"],
        "status": selectors.open311_status(row["status"]),
        "status_notes": str(Status(row["status"]).label),
        "service_name": row["category__name"],
        "service_code": row["category__code"],
        "description": row["public_description"],  # masked (complaints.screening)
        "agency_responsible": ", ".join(dict.fromkeys(row["units"])) or instansi.name,
        "service_notice": None,
        "requested_datetime": _time(row["submitted_at"], zone),
        "updated_datetime": _time(row["updated_at"], zone),
        "expected_datetime": _time(row["complete_due_at"], zone),
        "address": ", ".join(p for p in place if p) or None,
        "address_id": None,
        "zipcode": None,
        "lat": _coordinate(row["latitude"]),
        "long": _coordinate(row["longitude"]),
        "media_url": None,
    }


def service_out(category: Category) -> dict[str, Any]:
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": category.name_en or category.name,
        "metadata": False,
        "type": "realtime",
        "keywords": category.lapor_topic_id or None,
        "group": category.parent.name if category.parent else category.name,
    }


# ---------------------------------------------------------------- input


def _instansi(request: HttpRequest) -> Instansi:
    code = (request.GET.get("jurisdiction_id") or request.POST.get("jurisdiction_id") or "").strip()
    found = selectors.jurisdiction(code)
    if found is None:
        raise BadRequest(404, _("There is no jurisdiction with this jurisdiction_id."))
    return found


def _list(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(",") if v.strip()]


def _date(name: str, value: str | None, zone: ZoneInfo) -> datetime | None:
    if not value:
        return None
    try:
        parsed = parse_datetime(value.strip().replace(" ", "+"))  # "+08:00" unescaped in a URL
    except ValueError:
        parsed = None
    if parsed is None:
        raise BadRequest(
            400,
            _("%(name)s must be a W3C date and time, e.g. 2026-01-31T00:00:00Z.") % {"name": name},
        )
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=zone)


def _cursor_text(row: selectors.Row) -> str:
    raw = f"{int(row['submitted_at'].timestamp() * 1_000_000)}.{row['pk']}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _cursor(value: str | None) -> selectors.Cursor | None:
    if not value:
        return None
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode()
        micros, pk = raw.split(".")
        at = datetime.fromtimestamp(int(micros) / 1_000_000, tz=UTC)
        return selectors.Cursor(submitted_at=at, pk=int(pk))
    except (ValueError, binascii.Error, UnicodeDecodeError, OverflowError, OSError):
        raise BadRequest(400, _("The after parameter is not valid.")) from None


def _page_size(value: str | None) -> int:
    if not value:
        return DEFAULT_PAGE_SIZE
    try:
        size = int(value)
    except ValueError:
        size = 0
    if not 1 <= size <= MAX_PAGE_SIZE:
        raise BadRequest(
            400, _("page_size must be a whole number from 1 to %(max)s.") % {"max": MAX_PAGE_SIZE}
        )
    return size


def _request_query(request: HttpRequest, zone: ZoneInfo) -> selectors.RequestQuery:
    start = _date("start_date", request.GET.get("start_date"), zone)
    end = _date("end_date", request.GET.get("end_date"), zone)
    if start is None and end is None:
        end = clock.now() + timedelta(seconds=1)
    if start is None:
        assert end is not None
        start = end - MAX_WINDOW
    if end is None:
        end = start + MAX_WINDOW
    if end <= start:
        raise BadRequest(400, _("end_date must be after start_date."))
    if end - start > MAX_WINDOW:
        raise BadRequest(400, _("start_date and end_date may be at most 90 days apart."))
    statuses = _list(request.GET.get("status"))
    if any(s not in ("open", "closed") for s in statuses):
        raise BadRequest(400, _("status must be open, closed, or both (comma separated)."))
    return selectors.RequestQuery(
        start=start,
        end=end,
        service_codes=_list(request.GET.get("service_code")),
        statuses=statuses,
        after=_cursor(request.GET.get("after")),
    )


def _number(name: str, value: str) -> Decimal | None:
    if not value.strip():
        return None
    try:
        number = Decimal(value.strip())
    except InvalidOperation:
        number = Decimal("NaN")
    if not number.is_finite():
        raise BadRequest(400, _("%(name)s must be a number.") % {"name": name})
    return round(number, 6)


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in ("1", "true", "yes", "ya")


def _title(description: str) -> str:
    """Open311 has no title: the first words of the description, cut at a word."""
    first = " ".join(description.split())
    if len(first) <= TITLE_LENGTH:
        return first
    cut = first[:TITLE_LENGTH].rsplit(" ", 1)[0]
    return cut + "…"


def _report_input(request: HttpRequest, instansi: Instansi) -> ReportInput:
    data = request.POST
    code = data.get("service_code", "").strip()
    if not code:
        raise BadRequest(400, _("service_code is required."))
    category = selectors.service_of(instansi, code)
    if category is None:
        raise BadRequest(400, _("There is no service with this service_code."))
    description = data.get("description", "").strip()
    if not description:
        raise BadRequest(400, _("description is required."))
    if len(description) > MAX_DESCRIPTION:
        raise BadRequest(400, _("description may be at most 4000 characters."))
    lat = _number("lat", data.get("lat", ""))
    lon = _number("long", data.get("long", ""))
    address = " ".join(data.get("address_string", "").split())[:255]
    if (lat is None or lon is None) and not address and not data.get("address_id", "").strip():
        raise BadRequest(400, _("Give the location: lat and long, or address_string."))
    name = " ".join(f"{data.get('first_name', '')} {data.get('last_name', '')}".split())
    return ReportInput(
        type=ReportType.COMPLAINT,
        title=_title(description),
        description=description,
        channel=Channel.API,
        address=address,
        latitude=lat,
        longitude=lon,
        category=category,
        is_anonymous=_flag(data.get("anonymous")),
        is_confidential=_flag(data.get("confidential")),
        reporter=ReporterInput(
            name=name[:120], phone=data.get("phone", "")[:24], email=data.get("email", "")[:254]
        ),
    )


# ---------------------------------------------------------------- views


def _guarded(fmt: str, run: Any) -> HttpResponse:
    try:
        response: HttpResponse = run()
        return response
    except BadRequest as problem:
        return error(fmt, problem.status, problem.description)
    except DomainError as refused:
        response = error(fmt, refused.http_status, str(refused))
        if refused.http_status == 429:
            response["Retry-After"] = str(HOUR - int(clock.now().timestamp()) % HOUR)
        return response


def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method != "GET":
        return error(fmt, 405, _("Only GET is allowed here."))
    body = {
        "changeset": CHANGESET,
        "contact": _("The complaint desk of the government (see the site's contact page)."),
        "key_service": _(
            "API keys for filing reports are issued by the government's administrator."
        ),
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": request.build_absolute_uri(reverse("open311:root")),
                "changeset": CHANGESET,
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
    return answer(fmt, "discovery", body)


def service_list(request: HttpRequest, fmt: str) -> HttpResponse:
    def run() -> HttpResponse:
        if request.method != "GET":
            return error(fmt, 405, _("Only GET is allowed here."))
        instansi = _instansi(request)
        return answer(fmt, "services", [service_out(c) for c in selectors.services_of(instansi)])

    return _guarded(fmt, run)


def service_definition(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    def run() -> HttpResponse:
        if request.method != "GET":
            return error(fmt, 405, _("Only GET is allowed here."))
        category = selectors.service_of(_instansi(request), code)
        if category is None:
            return error(fmt, 404, _("There is no service with this service_code."))
        # No service has extra questions (metadata false): the definition lists none.
        return answer(fmt, "service_definition", {"service_code": category.code, "attributes": []})

    return _guarded(fmt, run)


@csrf_exempt  # partner servers post with an api_key, never with a browser session
def requests(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return _guarded(fmt, lambda: _post_request(request, fmt))
    if request.method != "GET":
        return error(fmt, 405, _("Only GET and POST are allowed here."))
    return _guarded(fmt, lambda: _get_requests(request, fmt))


def _get_requests(request: HttpRequest, fmt: str) -> HttpResponse:
    instansi = _instansi(request)
    ids = _list(request.GET.get("service_request_id"))
    if ids:  # overrides every other parameter, as the spec says
        if len(ids) > MAX_IDS:
            raise BadRequest(400, _("At most 100 service_request_id at once."))
        rows = selectors.requests_by_ids(instansi=instansi, ids=ids)
        return answer(fmt, "service_requests", [request_out(r, instansi) for r in rows])
    zone = ZoneInfo(instansi.time_zone)
    query = _request_query(request, zone)
    size = _page_size(request.GET.get("page_size"))
    rows = selectors.requests_page(instansi=instansi, query=query, limit=size + 1)
    response = answer(fmt, "service_requests", [request_out(r, instansi) for r in rows[:size]])
    if len(rows) > size:
        params = request.GET.copy()
        params["after"] = _cursor_text(rows[size - 1])
        link = request.build_absolute_uri(f"{request.path}?{urlencode(sorted(params.items()))}")
        response["Link"] = f'<{link}>; rel="next"'
    return response


def _post_request(request: HttpRequest, fmt: str) -> HttpResponse:
    instansi = _instansi(request)
    key = services.partner_key_check(request.POST.get("api_key", "").strip(), instansi=instansi)
    data = _report_input(request, instansi)
    filed = services.open311_submit(key=key, instansi=instansi, data=data)
    body = [
        {
            "service_request_id": filed.submitted.complaint.tracking_number,
            "token": filed.token,
            "service_notice": _(
                "Received. The report is published once the government has verified it."
            ),
            "account_id": None,
        }
    ]
    return answer(fmt, "service_requests", body, status=201)


def request_detail(request: HttpRequest, request_id: str, fmt: str) -> HttpResponse:
    def run() -> HttpResponse:
        if request.method != "GET":
            return error(fmt, 405, _("Only GET is allowed here."))
        instansi = _instansi(request)
        rows = selectors.requests_by_ids(instansi=instansi, ids=[request_id])
        if not rows:
            return error(fmt, 404, _("There is no published request with this id."))
        return answer(fmt, "service_requests", [request_out(rows[0], instansi)])

    return _guarded(fmt, run)


def token_detail(request: HttpRequest, token: str, fmt: str) -> HttpResponse:
    if request.method != "GET":
        return error(fmt, 405, _("Only GET is allowed here."))
    found = selectors.submission_by_token(token)
    if found is None:
        return error(fmt, 404, _("There is no request with this token."))
    body = [{"service_request_id": found.complaint.tracking_number, "token": found.token}]
    return answer(fmt, "service_requests", body)


def root(request: HttpRequest) -> HttpResponse:
    """/open311/v2/: where the endpoints live (named by discovery); lists nothing itself."""
    return error(JSON, 404, _("Add a resource to the path, e.g. services.json."))
