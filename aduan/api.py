"""The public JSON API at /api/v1/ (docs/api.md): the apps' routers and the one error format.

Every error answers `{"error": {"code", "message", "fields"}}` with the message in the
request's language (Accept-Language; Indonesian by default): 400 for input that does not fit,
404 for a report that does not exist or may not be seen, 409 for a state conflict or a reused
Idempotency-Key, 413 for a body over DATA_UPLOAD_MAX_MEMORY_SIZE, 415 for a body that is
not declared `application/json` (core.middleware.ApiJsonBodyMiddleware), 429 with Retry-After for
rate limits. Bad input never reaches a service, so it changes nothing.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.docs import Swagger

from aduan.complaints import api as complaints_api
from aduan.complaints.intake import DAY, HOUR
from aduan.core import clock, ratelimit
from aduan.core.errors import DomainError
from aduan.organisation import api as organisation_api
from aduan.reporting import api as reporting_api
from aduan.staffapi import api as staff_api
from aduan.surveys import api as surveys_api
from aduan.workflow import api as workflow_api

logger = logging.getLogger(__name__)


api = NinjaAPI(
    title="aduan API",
    version="1",
    description=(
        "File, track and follow public-service complaints, and read the public feed, the "
        "reference data and the statistics. See docs/api.md."
    ),
    urls_namespace="api-v1",
    docs=Swagger(settings={"persistAuthorization": False}),
)
api.add_router("/reports", complaints_api.router)
api.add_router("/reports", workflow_api.router)
api.add_router("/reference", complaints_api.reference_router)
api.add_router("/reference", organisation_api.router)
api.add_router("/statistics", reporting_api.router)
api.add_router("/surveys", surveys_api.router)
api.add_router("/staff", staff_api.router)


# ---------------------------------------------------------------- errors

# Service error codes (DomainError.code) → the API field the message belongs to.
FIELD_OF_ERROR = {
    "title": "title",
    "description": "description",
    "date": "incident_date",
    "category": "category_code",
    "unit": "unit_code",
    "region": "region_code",
    "point": "latitude",
    "phone": "reporter.phone",
    "nik": "reporter.nik",
    "instansi": "instansi",
    "text": "text",
    "stars": "stars",
    "comment": "comment",
    "date_to": "date_to",
    "answers": "answers",
    "respondent": "respondent",
    "invitation": "invitation",
    "suggestion": "suggestion",
    # The staff API's publication, merge and resolution fields.
    "publish": "publish",
    "public_attachments": "public_attachments",
    "original": "original",
    "cause": "cause",
    "improvement": "improvement",
    # The staff intake's letter, call and files; the manual SP4N-LAPOR! id.
    "letter_number": "letter_number",
    "letter_date": "letter_date",
    "received": "letter_received_on",
    "call_at": "call_at",
    "attachments": "attachments",
    "attachment_size": "attachments",
    "attachment_type": "attachments",
    "national_id": "national_id",
    # The feed's filters, named as its query parameters.
    "category_filter": "category",
    "unit_filter": "unit",
}

# Rate-limit codes (intake and tracking) → the window the client has to wait out.
RETRY_WINDOW = {
    "rate_limited_phone": DAY,
    "rate_limited_ip": HOUR,
    # A sliding window (core.ratelimit.sliding_hit): it next moves at its bucket's end.
    "rate_limited_access_code": HOUR // ratelimit.SLIDING_BUCKETS,
}


def error_response(
    status: int, code: str, message: str, fields: dict[str, str] | None = None
) -> JsonResponse:
    body = {"error": {"code": code, "message": message, "fields": fields or {}}}
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def _field_message(error: dict[str, Any]) -> str:
    """A pydantic error in plain words of the request's language."""
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind == "string_too_long":
        return _("At most %(count)s characters.") % {"count": ctx.get("max_length")}
    if kind == "string_too_short":
        return _("At least %(count)s characters.") % {"count": ctx.get("min_length")}
    if kind == "string_pattern_mismatch":
        return _("The format is not valid.")
    if kind in ("enum", "literal_error"):
        # pydantic writes "'a', 'b' or 'c'": the "or" is English, so list them with commas.
        choices = str(ctx.get("expected", "")).replace(" or ", ", ")
        return _("Choose one of: %(choices)s.") % {"choices": choices}
    if kind in ("greater_than_equal", "greater_than"):
        return _("Must be at least %(limit)s.") % {"limit": ctx.get("ge", ctx.get("gt"))}
    if kind in ("less_than_equal", "less_than"):
        return _("Must be at most %(limit)s.") % {"limit": ctx.get("le", ctx.get("lt"))}
    if kind.startswith("bool"):
        return _("Must be true or false.")
    if kind.startswith("int"):
        return _("Must be a whole number.")
    if kind.startswith(("float", "decimal", "finite")):
        return _("Must be a number.")
    if kind.startswith("date"):
        return _("Must be a date like 2025-01-31.")
    if kind.startswith("string") or kind == "str_type":
        return _("Must be text.")
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return _("Must be an object.")
    if kind == "extra_forbidden":
        return _("This field is not known.")
    if kind == "value_error" and ctx.get("error"):
        return str(ctx["error"])
    return _("This value is not valid.")


def _field_path(loc: tuple[Any, ...] | list[Any]) -> str:
    # ("body", "payload", "reporter", "phone") → "reporter.phone"; ("query", "page") → "page".
    parts = list(loc[1:])
    if loc and loc[0] == "body" and parts and parts[0] == "payload":
        parts = parts[1:]
    return ".".join(str(p) for p in parts) or "body"


@api.exception_handler(NinjaValidationError)
def on_validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    fields: dict[str, str] = {}
    for error in exc.errors:
        fields.setdefault(_field_path(error.get("loc", ())), _field_message(error))
    return error_response(400, "validation", _("Some fields need to be corrected."), fields)


@api.exception_handler(DomainError)
def on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    field = FIELD_OF_ERROR.get(exc.code)
    response = error_response(
        exc.http_status, exc.code, str(exc.message), {field: str(exc.message)} if field else {}
    )
    if exc.http_status == 429:
        window = RETRY_WINDOW.get(exc.code, HOUR)
        response["Retry-After"] = str(window - int(clock.now().timestamp()) % window)
    return response


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error_response(404, "not_found", _("Nothing was found here."))


@api.exception_handler(RequestDataTooBig)
def on_too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return error_response(413, "too_large", _("The request is too large."))


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = error_response(
        401,
        "unauthorized",
        _("This needs a valid staff API token: Authorization: Bearer <token>."),
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 400:  # ninja's answer to a body that is not JSON
        return error_response(400, "invalid_json", _("The request body is not valid JSON."))
    return error_response(exc.status_code, "error", str(exc))


@api.exception_handler(Exception)
def on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.error("API error on %s %s", request.method, request.path, exc_info=exc)
    return error_response(500, "server_error", _("Something went wrong on our side."))


def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any other path under /api/v1/: the same JSON 404 as the API's own."""
    return error_response(404, "not_found", _("Nothing was found here."))
