from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from aduan.core.context_processors import (
    CONTRAST_COOKIE,
    TEXT_SIZE_COOKIE,
    TEXT_SIZES,
    text_size_of,
)

# Display preferences: readable by JavaScript (it may apply them without a reload).
_COOKIE: dict[str, Any] = {
    "max_age": 365 * 24 * 60 * 60,
    "samesite": "Lax",
    "secure": settings.SESSION_COOKIE_SECURE,
}


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers, 503 otherwise (for load balancers and monitors)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_POST
def display_set(request: HttpRequest) -> HttpResponse:
    """Text size and contrast, chosen with plain buttons (no JavaScript), kept a year in
    cookies; `core.context_processors.display` applies them to every page."""
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    size = text_size_of(request)
    step = request.POST.get("text_size")
    if step in ("smaller", "larger", "reset"):
        size = {"smaller": max(size - 1, 0), "larger": min(size + 1, TEXT_SIZES - 1)}.get(step, 0)
        response.set_cookie(TEXT_SIZE_COOKIE, str(size), **_COOKIE)
    contrast = request.POST.get("contrast")
    if contrast in ("high", "normal"):
        response.set_cookie(CONTRAST_COOKIE, contrast, **_COOKIE)
    return response
