"""Template context every page needs: the reader's display preferences and the site name."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

# Text size steps (class text-N on <html>): 100%, 115%, 130%, 150% (static/css/site.css).
TEXT_SIZE_COOKIE = "aduan_text"
TEXT_SIZES = 4
CONTRAST_COOKIE = "aduan_contrast"


def text_size_of(request: HttpRequest) -> int:
    raw = request.COOKIES.get(TEXT_SIZE_COOKIE, "0")
    return int(raw) if raw.isdigit() and int(raw) < TEXT_SIZES else 0


def high_contrast_of(request: HttpRequest) -> bool:
    return request.COOKIES.get(CONTRAST_COOKIE) == "high"


def display(request: HttpRequest) -> dict[str, Any]:
    """Applied on the server as classes of <html>, so they work without JavaScript."""
    size = text_size_of(request)
    contrast = high_contrast_of(request)
    classes = [f"text-{size}"] + (["contrast-high"] if contrast else [])
    return {
        "display_classes": " ".join(classes),
        "text_size": size,
        "text_size_max": TEXT_SIZES - 1,
        "high_contrast": contrast,
        "site_name": settings.SITE_NAME,
    }
