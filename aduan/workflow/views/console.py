"""The staff console: start page, the page of one report, attachment downloads.

PLACEHOLDER written by the lead so the URLs resolve; the owning helper replaces every view.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse


def console_home(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def console_report(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def console_attachment(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404
