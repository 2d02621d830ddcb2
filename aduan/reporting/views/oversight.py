"""Oversight dashboards, exports and the auditor's pages.

PLACEHOLDER written by the lead so the URLs resolve; the owning helper replaces every view.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse


def oversight(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def oversight_overdue(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def oversight_escalations(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def oversight_units(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def audit_events(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def audit_identity_views(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404
