"""The core app's one table: the rate-limit counters of the default deployment."""

from __future__ import annotations

from django.db import models


class RateCounter(models.Model):
    """One fixed-window counter of `aduan.core.ratelimit` when the cache is the database table.

    One row per scope, window length and hashed subject (never a phone number or IP in clear
    text); a new window starts the count again. Rows past `expires_at` are pruned lazily.
    """

    key = models.CharField(max_length=100, primary_key=True)
    window_start = models.DateTimeField()
    expires_at = models.DateTimeField(db_index=True)
    count = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"
