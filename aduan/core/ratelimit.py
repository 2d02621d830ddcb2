"""Fixed-window rate limits, kept in the database by default, in the cache when it is not the
database table (Redis if REDIS_URL is set).

Used by intake (per IP, per phone number) so abuse is slowed without any third-party
service. They never block a request that is under the limit.

With the database cache, the counters live in their own table (`RateCounter`), one row per
subject, counted by a single INSERT … ON CONFLICT DO UPDATE … RETURNING statement: atomic, and
without the `SELECT COUNT(*)` that Django's database cache runs on every write to decide on
culling (docs/performance.md). Rows of past windows are pruned lazily.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.core.cache import cache, caches
from django.core.cache.backends.db import DatabaseCache
from django.db import connection

from aduan.core import clock
from aduan.core.models import RateCounter

# Every this many counted attempts, a process deletes the counters of windows long past.
PRUNE_EVERY = 1000
_attempts = itertools.count(1)


def _key(scope: str, subject: str, window_seconds: int) -> str:
    window = int(clock.now().timestamp()) // window_seconds
    # Hash the subject: the cache key must not carry a phone number or IP in clear text.
    digest = hashlib.sha256(subject.encode()).hexdigest()[:24]
    return f"rl:{scope}:{window_seconds}:{window}:{digest}"


def _in_table() -> bool:
    """The counters use their own table where the cache is the database table."""
    return isinstance(caches["default"], DatabaseCache)


def _row(scope: str, subject: str, window_seconds: int) -> tuple[str, datetime]:
    """The counter's row key (without the window) and the start of the current window."""
    window = int(clock.now().timestamp()) // window_seconds
    digest = hashlib.sha256(subject.encode()).hexdigest()[:24]
    start = datetime.fromtimestamp(window * window_seconds, tz=UTC)
    return f"rl:{scope}:{window_seconds}:{digest}", start


# One statement, atomic on both databases (SQLite 3.35 and later, PostgreSQL): the first attempt
# of a subject inserts its row, a later one counts on, or starts again in a new window.
_COUNT_SQL = """
INSERT INTO "core_ratecounter" ("key", "window_start", "expires_at", "count")
VALUES {values}
ON CONFLICT ("key") DO UPDATE SET
    "count" = CASE WHEN "core_ratecounter"."window_start" = excluded."window_start"
                   THEN "core_ratecounter"."count" + 1 ELSE 1 END,
    "window_start" = excluded."window_start",
    "expires_at" = excluded."expires_at"
RETURNING "key", "count"
"""


def _count_rows(rows: Sequence[tuple[str, datetime, int]]) -> dict[str, int]:
    """Count one attempt on each (key, window start, window seconds) row, in one statement;
    the new count of each key. Every PRUNE_EVERY attempts, the past windows are deleted."""
    adapt = connection.ops.adapt_datetimefield_value
    params: list[Any] = []
    for key, start, window_seconds in rows:
        params += [key, adapt(start), adapt(start + timedelta(seconds=window_seconds))]
    sql = _COUNT_SQL.format(values=", ".join(["(%s, %s, %s, 1)"] * len(rows)))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        counts = {key: int(count) for key, count in cursor.fetchall()}
    for _row_counted in rows:
        if next(_attempts) % PRUNE_EVERY == 0:
            prune()
    return counts


def _count_in_table(scope: str, subject: str, window_seconds: int) -> int:
    key, start = _row(scope, subject, window_seconds)
    return _count_rows([(key, start, window_seconds)])[key]


def prune() -> int:
    """Delete the table's counters of windows that are over; returns how many."""
    deleted, _by_model = RateCounter.objects.filter(expires_at__lte=clock.now()).delete()
    return deleted


@dataclass(frozen=True)
class Limit:
    """At most `limit` attempts of `subject` per window of `window_seconds` (none: 0 or less)."""

    scope: str
    subject: str
    limit: int
    window_seconds: int


def hit(scope: str, subject: str, *, limit: int, window_seconds: int) -> bool:
    """Count one attempt; True while the subject is within `limit` per window."""
    if limit <= 0:
        return True
    if _in_table():
        return _count_in_table(scope, subject, window_seconds) <= limit
    key = _key(scope, subject, window_seconds)
    if cache.add(key, 1, timeout=window_seconds + 1):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window_seconds + 1)
        count = 1
    return count <= limit


def hit_all(limits: Sequence[Limit]) -> Limit | None:
    """Count one attempt against each of `limits`; the first one it passes, or None.

    `hit` for several limits at once: in the counter table, one statement for all of them
    (the rows are written in the order given, so concurrent callers lock them in one order).
    """
    active = [item for item in limits if item.limit > 0]
    if not active:
        return None
    if not _in_table():
        for item in active:
            if not hit(
                item.scope, item.subject, limit=item.limit, window_seconds=item.window_seconds
            ):
                return item
        return None
    rows = [
        (*_row(item.scope, item.subject, item.window_seconds), item.window_seconds)
        for item in active
    ]
    counts = _count_rows(rows)
    keys = [key for key, _start, _window in rows]
    for item, key in zip(active, keys, strict=True):
        if int(counts[key]) > item.limit:
            return item
    return None


def first_full(limits: Sequence[Limit]) -> Limit | None:
    """The first of `limits` whose subject has no attempt left in its window, or None.

    Counts nothing: `peek` for several limits at once, in one query (or one cache read).
    """
    active = [item for item in limits if item.limit > 0]
    if not active:
        return None
    if _in_table():
        rows = [_row(item.scope, item.subject, item.window_seconds) for item in active]
        adapt = connection.ops.adapt_datetimefield_value
        where = " OR ".join(['("key" = %s AND "window_start" = %s)'] * len(rows))
        with connection.cursor() as cursor:
            cursor.execute(
                f'SELECT "key", "count" FROM "core_ratecounter" WHERE {where}',  # noqa: S608 (placeholders only)
                [value for key, start in rows for value in (key, adapt(start))],
            )
            counts = dict(cursor.fetchall())
        for item, (key, _start) in zip(active, rows, strict=True):
            if counts.get(key, 0) >= item.limit:
                return item
        return None
    keys = [_key(item.scope, item.subject, item.window_seconds) for item in active]
    counts = cache.get_many(keys)
    for item, key in zip(active, keys, strict=True):
        if int(counts.get(key, 0)) >= item.limit:
            return item
    return None


def peek(scope: str, subject: str, *, limit: int, window_seconds: int) -> bool:
    """True while the subject is still within `limit` (without counting an attempt)."""
    return first_full([Limit(scope, subject, limit, window_seconds)]) is None


# ---------------------------------------------------------------- sliding windows

# Wrong access codes, from the tracking page and the API alike: one counter per address.
ACCESS_CODE_SCOPE = "access-code"

# A sliding window is kept as this many buckets; it moves on a bucket at a time (10 minutes of
# an hour), so attempts just before and just after a fixed window's end still count together.
SLIDING_BUCKETS = 6


def _buckets(scope: str, subject: str, window_seconds: int) -> list[tuple[str, datetime, int]]:
    """(row key, bucket start, bucket seconds) of the window's buckets, the current first."""
    step = max(1, window_seconds // SLIDING_BUCKETS)
    index = int(clock.now().timestamp()) // step
    digest = hashlib.sha256(subject.encode()).hexdigest()[:24]
    return [
        (
            f"rl:{scope}@{(index - i) % SLIDING_BUCKETS}:{step}:{digest}",
            datetime.fromtimestamp((index - i) * step, tz=UTC),
            step,
        )
        for i in range(SLIDING_BUCKETS)
    ]


def sliding_count(scope: str, subject: str, *, window_seconds: int) -> int:
    """Attempts of `subject` in the last `window_seconds` (to a bucket's precision)."""
    buckets = _buckets(scope, subject, window_seconds)
    if _in_table():
        adapt = connection.ops.adapt_datetimefield_value
        where = " OR ".join(['("key" = %s AND "window_start" = %s)'] * len(buckets))
        with connection.cursor() as cursor:
            cursor.execute(
                f'SELECT COALESCE(SUM("count"), 0) FROM "core_ratecounter" WHERE {where}',  # noqa: S608 (placeholders only)
                [value for key, start, _step in buckets for value in (key, adapt(start))],
            )
            return int(cursor.fetchone()[0])
    keys = [f"{key}:{int(start.timestamp())}" for key, start, _step in buckets]
    return sum(int(value) for value in cache.get_many(keys).values())


def sliding_hit(scope: str, subject: str, *, limit: int, window_seconds: int) -> bool:
    """Count one attempt in the current bucket; True while the subject is within `limit` in
    the sliding window (the attempt included)."""
    if limit <= 0:
        return True
    key, start, step = _buckets(scope, subject, window_seconds)[0]
    if _in_table():
        _count_rows([(key, start, step)])
    else:
        cache_key = f"{key}:{int(start.timestamp())}"
        if not cache.add(cache_key, 1, timeout=window_seconds + step):
            try:
                cache.incr(cache_key)
            except ValueError:  # expired between add and incr
                cache.set(cache_key, 1, timeout=window_seconds + step)
    return sliding_count(scope, subject, window_seconds=window_seconds) <= limit


def sliding_peek(scope: str, subject: str, *, limit: int, window_seconds: int) -> bool:
    """True while the subject has an attempt left in the sliding window (counts nothing)."""
    return limit <= 0 or sliding_count(scope, subject, window_seconds=window_seconds) < limit
