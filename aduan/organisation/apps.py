from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class OrganisationConfig(AppConfig):
    name = "aduan.organisation"
    label = "organisation"

    def ready(self) -> None:
        from aduan.organisation.models import Category, Instansi, Region, Unit

        # Cache invalidation only (STYLE.md section 3, rule 7): a saved or deleted reference
        # row is never served from this process's lookups by code.
        for model in (Instansi, Region, Category, Unit):
            post_save.connect(_reference_changed, sender=model, dispatch_uid=f"ref-{model}")
            post_delete.connect(_reference_changed, sender=model, dispatch_uid=f"ref-d-{model}")


def _reference_changed(**kwargs: Any) -> None:
    from aduan.organisation.selectors import reference_caches_clear

    reference_caches_clear()
