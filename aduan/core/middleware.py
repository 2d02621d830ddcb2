"""Middleware of the whole site: the language of pages, and request-wide guards that run
before any view reads the request."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
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


class LanguageMiddleware:
    """Indonesian unless the person chose English with the language switch (its cookie).

    Django's LocaleMiddleware also reads the browser's Accept-Language, so a browser set to
    English got the English site on the first visit. Pages here follow only the cookie the
    switch (/i18n/setlang/) sets. The JSON API is for programs, which choose their language
    with Accept-Language as docs/api.md says; a cookie, when sent, still wins there too.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.api_prefix = "/api/"

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = self._chosen(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        if request.path_info.startswith(self.api_prefix):
            patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", language)
        return response

    def _chosen(self, request: HttpRequest) -> str:
        supported = {code for code, _name in settings.LANGUAGES}
        cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if cookie in supported:
            return cookie
        if request.path_info.startswith(self.api_prefix):
            return translation.get_language_from_request(request)
        return str(settings.LANGUAGE_CODE)
