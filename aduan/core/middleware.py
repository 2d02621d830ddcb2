"""Middleware of the whole site."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers


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
