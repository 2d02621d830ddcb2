"""HTTP helpers every app shares."""

from __future__ import annotations

from django.conf import settings
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, HttpRequest


def site_url(path: str) -> str:
    """The address of `path` (from reverse()) for a message that leaves the site: an e-mail,
    an SMS, a printed receipt. Built from SITE_URL, never from the request's Host header, so a
    worker without a request writes the same links, and a forged Host cannot redirect them."""
    return settings.SITE_URL.rstrip("/") + "/" + path.lstrip("/")


def client_ip(request: HttpRequest) -> str:
    """The visitor's address: the connecting one, or the one the n-th trusted proxy saw.

    ADUAN_PROXY_HOPS counts the proxies that append to X-Forwarded-For; entries left of them
    are written by the client and cannot be trusted.
    """
    hops = settings.ADUAN_PROXY_HOPS
    if hops > 0:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [p for p in forwarded if p]
        if len(forwarded) >= hops:
            return str(forwarded[-hops])
    return str(request.META.get("REMOTE_ADDR", ""))


# Types a browser may show in the page; anything else is always downloaded.
INLINE_TYPES = frozenset({"image/jpeg", "image/png", "image/webp"})


def stored_file_response(
    file: FieldFile, *, content_type: str, filename: str, inline: bool = True
) -> FileResponse:
    """Serve an uploaded file after the caller's access check.

    The type is the one checked by content at upload, sniffing is off, and the response may not
    run scripts or be framed (a PDF with scripts opens sandboxed, or downloads).
    """
    show = inline and content_type in INLINE_TYPES
    response = FileResponse(
        file.open("rb"), content_type=content_type, as_attachment=not show, filename=filename
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response["Cache-Control"] = "private, max-age=3600"
    return response
