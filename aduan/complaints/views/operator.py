"""Operator entry: a report filed on behalf of a citizen.

PLACEHOLDER written by the lead so the URLs resolve; the owning helper replaces every view.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse


def operator_entry(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def operator_done(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404
