"""Delete API idempotency keys older than 24 hours (cron, daily or more often)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from aduan.complaints.idempotency import idempotency_keys_prune


class Command(BaseCommand):
    help = "Delete API idempotency keys past their 24 hours."

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = idempotency_keys_prune()
        self.stdout.write(f"{deleted} expired idempotency keys deleted")
