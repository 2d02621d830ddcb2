from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _repair_triggers(using: str, **kwargs: Any) -> None:
    from aduan.complaints.events import append_only_trigger_repair
    from aduan.complaints.search import search_triggers_repair

    append_only_trigger_repair(using=using)
    search_triggers_repair(using=using)


class ComplaintsConfig(AppConfig):
    name = "aduan.complaints"
    label = "complaints"

    def ready(self) -> None:
        # SQLite drops triggers when a migration rebuilds their table: put them back.
        post_migrate.connect(_repair_triggers, sender=self)
