from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save


def _repair_triggers(using: str, **kwargs: Any) -> None:
    from aduan.complaints.events import append_only_trigger_repair
    from aduan.complaints.search import search_triggers_repair

    append_only_trigger_repair(using=using)
    search_triggers_repair(using=using)


def _report_changed(**kwargs: Any) -> None:
    from aduan.complaints.views.feed import feed_count_forget

    feed_count_forget()


def _reference_changed(**kwargs: Any) -> None:
    from aduan.complaints.views.feed import filter_options_forget

    filter_options_forget()


class ComplaintsConfig(AppConfig):
    name = "aduan.complaints"
    label = "complaints"

    def ready(self) -> None:
        from aduan.complaints.services import image_limits_apply

        image_limits_apply()  # Pillow's decompression-bomb limit, from the settings
        # SQLite drops triggers when a migration rebuilds their table: put them back.
        post_migrate.connect(_repair_triggers, sender=self)
        # Cache invalidation only: the feed's filter options never outlive a change in this
        # process (views/feed.py).
        from aduan.complaints.models import Complaint
        from aduan.organisation.models import Category, Instansi, Region, Unit

        # The feed's unfiltered count (kept a few seconds) never outlives a report saved here.
        post_save.connect(_report_changed, sender=Complaint, dispatch_uid="feed-count")
        post_delete.connect(_report_changed, sender=Complaint, dispatch_uid="feed-count-deleted")

        for model in (Instansi, Region, Category, Unit):
            uid = f"feed-options-{model.__name__}"
            post_save.connect(_reference_changed, sender=model, dispatch_uid=uid)
            post_delete.connect(_reference_changed, sender=model, dispatch_uid=f"{uid}-deleted")
