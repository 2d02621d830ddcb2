"""The one decorator of the console's action views (verify, dispatch, accept, …)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import reverse

ActionView = Callable[..., HttpResponse]


def console_action(view: ActionView) -> ActionView:
    """POST runs the action. A GET (a reload or a bookmark of the address a failed action
    left in the address bar) goes to the report's page instead of a blank 405."""

    @wraps(view)
    def wrapper(request: HttpRequest, number: str, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method in ("GET", "HEAD"):
            return redirect(reverse("workflow:console_report", args=[number]))
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        return view(request, number, *args, **kwargs)

    return wrapper
