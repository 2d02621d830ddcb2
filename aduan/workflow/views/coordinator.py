"""The coordinator's inbox and actions.

PLACEHOLDER written by the lead so the URLs resolve; the owning helper replaces every view.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse


def coordinator_inbox(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def verify(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def dispatch(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def handle(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def hold(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def resume(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def forward(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def archive(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def merge(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def edit(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def identity(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404
