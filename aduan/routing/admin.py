from django.contrib import admin

from aduan.routing.models import RoutingModel, UnitSector


@admin.register(UnitSector)
class UnitSectorAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("unit", "sector")
    list_filter = ("sector", "unit__instansi")
    search_fields = ("unit__name", "unit__code")
    autocomplete_fields = ("unit",)


@admin.register(RoutingModel)
class RoutingModelAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Read-only: models are trained by the worker; the figures say why one is in use."""

    list_display = ("instansi", "version", "created_at", "examples", "in_use")
    list_filter = ("instansi", "in_use")
    exclude = ("params",)
    readonly_fields = ("instansi", "version", "created_at", "examples", "figures", "in_use")

    def has_add_permission(self, request: object) -> bool:
        return False
