"""Fixed-window rate limits on the shared cache (database table by default, Redis if set).

Used by intake (per IP, per phone number) so abuse is slowed without any third-party
service. Counters are approximate under races (the database cache's incr is not atomic),
which is acceptable for a limit; they never block a request that is under the limit.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache

from aduan.core import clock


def _key(scope: str, subject: str, window_seconds: int) -> str:
    window = int(clock.now().timestamp()) // window_seconds
    # Hash the subject: the cache key must not carry a phone number or IP in clear text.
    digest = hashlib.sha256(subject.encode()).hexdigest()[:24]
    return f"rl:{scope}:{window_seconds}:{window}:{digest}"


def hit(scope: str, subject: str, *, limit: int, window_seconds: int) -> bool:
    """Count one attempt; True while the subject is within `limit` per window."""
    if limit <= 0:
        return True
    key = _key(scope, subject, window_seconds)
    if cache.add(key, 1, timeout=window_seconds + 1):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window_seconds + 1)
        count = 1
    return count <= limit


def peek(scope: str, subject: str, *, limit: int, window_seconds: int) -> bool:
    """True while the subject is still within `limit` (without counting an attempt)."""
    value = cache.get(_key(scope, subject, window_seconds), 0)
    return int(value) < limit or limit <= 0
