"""The unit (liaison) inbox and actions.

PLACEHOLDER written by the lead so the URLs resolve; the owning helper replaces every view.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse


def unit_inbox(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def accept(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def hand_back(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def followup(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def extend(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def resolve(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def reassign(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def unit_panel(request: HttpRequest, complaint: Any) -> dict[str, Any]:
    """Context for the liaison's part of the report page (workflow/console/_unit_actions.html)."""
    return {}
