"""The staff console's notification list. PLACEHOLDER (lead replaces)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse


def console_list(request: HttpRequest) -> HttpResponse:
    raise Http404
