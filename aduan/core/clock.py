"""The one source of the current time for domain code (STYLE.md: time goes through one function).

`now()` is Django's aware `timezone.now()` unless a caller pinned the clock with `pinned(at)`:
the demo-data generator and benchmarks replay months of history through the real services
that way. Tests move time with time-machine instead, which moves this clock too.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from django.utils import timezone

_local = threading.local()


def now() -> datetime:
    pinned_at: datetime | None = getattr(_local, "at", None)
    return pinned_at if pinned_at is not None else timezone.now()


@contextmanager
def pinned(at: datetime) -> Iterator[None]:
    """Make `now()` answer `at` in this thread until the block ends."""
    if timezone.is_naive(at):
        raise ValueError("pinned() needs an aware datetime")
    previous = getattr(_local, "at", None)
    _local.at = at
    try:
        yield
    finally:
        _local.at = previous
