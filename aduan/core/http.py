"""HTTP helpers every app shares."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


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
