"""Request-wide guards that run before any view reads the request."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

API_PREFIX = "/api/"


class RequestBodyLimitMiddleware:
    """Refuse a request whose declared body (Content-Length) is larger than
    ADUAN_MAX_REQUEST_MB with 413, before anything reads it: no upload is spooled to disk, no
    photo decoded, nothing written. Django's own limits (DATA_UPLOAD_MAX_MEMORY_SIZE for the
    fields, DATA_UPLOAD_MAX_NUMBER_FILES) still apply to what passes.

    It sits after the authentication middleware only so the error page has its usual header;
    none of those read the body (the CSRF check reads it in process_view, which a refused
    request never reaches).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads no body without a valid length
        limit = settings.ADUAN_MAX_REQUEST_MB * 1024 * 1024
        if length > limit:
            return self._refuse(request)
        return self.get_response(request)

    def _refuse(self, request: HttpRequest) -> HttpResponse:
        message = _(
            "The data sent is too large (at most %(mb)s MB in all). Send fewer or smaller files."
        ) % {"mb": settings.ADUAN_MAX_REQUEST_MB}
        if request.path.startswith(API_PREFIX):
            response: HttpResponse = JsonResponse(
                {"error": {"code": "too_large", "message": message, "fields": {}}},
                status=413,
            )
        else:
            response = TemplateResponse(request, "413.html", {"message": message}, status=413)
            response.render()
        return response


class ApiJsonBodyMiddleware:
    """The API takes request bodies as JSON only, declared as such: a body sent as a form or as
    text/plain (what a cross-site HTML form can send without a CORS preflight) is refused with
    415 in the API's error format before anything parses it, so another site cannot make a
    visitor's browser file a report or act on one."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            request.path.startswith(API_PREFIX)
            and _has_body(request)
            and request.content_type != "application/json"
        ):
            message = _("Send the request body as JSON (Content-Type: application/json).")
            return JsonResponse(
                {
                    "error": {
                        "code": "unsupported_media_type",
                        "message": message,
                        "fields": {},
                    }
                },
                status=415,
            )
        return self.get_response(request)


def _has_body(request: HttpRequest) -> bool:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > 0
    except ValueError:
        return False
