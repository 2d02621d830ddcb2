"""The unit mapping is edited here; links and messages are shown read only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from aduan.integrations.lapor.models import LaporLink, LaporMessage, UnitMapping


@admin.register(UnitMapping)
class UnitMappingAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("lapor_id", "unit")
    search_fields = ("lapor_id", "unit__name")
    autocomplete_fields = ["unit"]


class ReadOnly(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(LaporLink)
class LaporLinkAdmin(ReadOnly):
    list_display = ("complaint", "national_id", "direction", "manual", "national_status")
    search_fields = ("national_id", "complaint__tracking_number")


@admin.register(LaporMessage)
class LaporMessageAdmin(ReadOnly):
    list_display = ("idempotency_key", "kind", "status", "attempts", "next_attempt_at")
    list_filter = ("status", "kind")
