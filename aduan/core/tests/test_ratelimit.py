from datetime import UTC, datetime

import pytest
import time_machine

from aduan.core import ratelimit

pytestmark = pytest.mark.django_db


def test_limit_allows_up_to_the_limit_then_refuses():
    with time_machine.travel(datetime(2026, 11, 2, 9, 0, 5, tzinfo=UTC), tick=False):
        results = [
            ratelimit.hit("intake-ip", "10.0.0.1", limit=3, window_seconds=60) for _ in range(5)
        ]
        assert results == [True, True, True, False, False]
        assert not ratelimit.peek("intake-ip", "10.0.0.1", limit=3, window_seconds=60)
        # Another subject has its own counter.
        assert ratelimit.hit("intake-ip", "10.0.0.2", limit=3, window_seconds=60)


def test_limit_resets_in_the_next_window():
    with time_machine.travel(datetime(2026, 11, 2, 9, 0, 5, tzinfo=UTC), tick=False):
        for _ in range(3):
            ratelimit.hit("intake-phone", "+628123", limit=3, window_seconds=60)
        assert not ratelimit.hit("intake-phone", "+628123", limit=3, window_seconds=60)
    with time_machine.travel(datetime(2026, 11, 2, 9, 1, 5, tzinfo=UTC), tick=False):
        assert ratelimit.hit("intake-phone", "+628123", limit=3, window_seconds=60)


def test_cache_key_does_not_carry_the_phone_number():
    with time_machine.travel(datetime(2026, 11, 2, 9, 0, 5, tzinfo=UTC), tick=False):
        assert "+628123" not in ratelimit._key("intake-phone", "+628123", 60)


def test_counters_use_their_own_table_with_the_database_cache():
    from aduan.core.models import RateCounter

    with time_machine.travel(datetime(2026, 11, 2, 9, 0, 5, tzinfo=UTC), tick=False):
        for _ in range(2):
            ratelimit.hit("intake-ip", "10.0.0.9", limit=3, window_seconds=60)
        row = RateCounter.objects.get()
        assert row.count == 2
        assert "10.0.0.9" not in row.key
        assert RateCounter._meta.db_table == "core_ratecounter"  # named in ratelimit's SQL
    with time_machine.travel(datetime(2026, 11, 2, 9, 1, 5, tzinfo=UTC), tick=False):
        assert ratelimit.peek("intake-ip", "10.0.0.9", limit=1, window_seconds=60)
        ratelimit.hit("intake-ip", "10.0.0.9", limit=3, window_seconds=60)
        assert RateCounter.objects.get().count == 1  # a new window starts again
    with time_machine.travel(datetime(2026, 11, 2, 9, 3, 0, tzinfo=UTC), tick=False):
        assert ratelimit.prune() == 1
        assert not RateCounter.objects.exists()


def _first_full_agrees_with_peek() -> None:
    ip = ratelimit.Limit("intake-ip", "10.0.0.7", 2, 60)
    phone = ratelimit.Limit("intake-phone", "+628777", 3, 3600)
    unlimited = ratelimit.Limit("intake-ip", "10.0.0.8", 0, 60)
    with time_machine.travel(datetime(2026, 11, 2, 9, 0, 5, tzinfo=UTC), tick=False):
        assert ratelimit.first_full([ip, phone, unlimited]) is None
        for _ in range(2):
            ratelimit.hit("intake-phone", "+628777", limit=3, window_seconds=3600)
        assert ratelimit.first_full([ip, phone]) is None  # 2 of 3: one attempt left
        ratelimit.hit("intake-phone", "+628777", limit=3, window_seconds=3600)
        assert ratelimit.first_full([ip, phone]) is phone
        for _ in range(2):
            ratelimit.hit("intake-ip", "10.0.0.7", limit=2, window_seconds=60)
        assert ratelimit.first_full([ip, phone]) is ip  # the first one full, in order
        assert ratelimit.first_full([unlimited]) is None
        # Counting nothing: the counts are where the hits left them.
        assert ratelimit.peek("intake-ip", "10.0.0.7", limit=3, window_seconds=60)  # 2 of 3
    with time_machine.travel(datetime(2026, 11, 2, 9, 1, 5, tzinfo=UTC), tick=False):
        assert ratelimit.first_full([ip, phone]) is phone  # a new minute, the same hour


def test_first_full_reads_the_counter_table():
    _first_full_agrees_with_peek()


def test_first_full_reads_the_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    _first_full_agrees_with_peek()


def _hit_all_counts_each_limit() -> None:
    ip = ratelimit.Limit("intake-ip", "10.0.0.5", 2, 60)
    phone = ratelimit.Limit("intake-phone", "+628555", 3, 3600)
    with time_machine.travel(datetime(2026, 11, 2, 9, 0, 5, tzinfo=UTC), tick=False):
        assert [ratelimit.hit_all([phone, ip]) for _ in range(3)] == [None, None, ip]
        # Each attempt was counted on the phone number too: 3 of 3.
        assert ratelimit.hit_all([phone]) is phone
        assert ratelimit.hit_all([ratelimit.Limit("intake-ip", "10.0.0.6", 0, 60)]) is None
    with time_machine.travel(datetime(2026, 11, 2, 9, 1, 5, tzinfo=UTC), tick=False):
        assert ratelimit.hit_all([ip]) is None  # a new minute: the IP starts again


def test_hit_all_counts_in_the_table():
    _hit_all_counts_each_limit()


def test_hit_all_counts_in_the_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    _hit_all_counts_each_limit()
