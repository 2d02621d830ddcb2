"""Admin for reference data: instansi, units, regions, categories, calendars, users and roles.

Workflow actions are not done here: reports are changed only through the workflow services.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import Model
from django.forms import ModelForm
from django.http import HttpRequest

from aduan.accounts.models import User
from aduan.organisation.models import CalendarDay, Category, Instansi, Membership, Region, Unit
from aduan.organisation.services import calendar_changed


class MembershipInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Membership
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):  # type: ignore[type-arg]
    inlines = [MembershipInline]
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        (None, {"fields": ("phone", "preferred_language")}),
    )
    list_display = ("username", "email", "first_name", "last_name", "is_active", "is_staff")


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("code", "name", "level", "parent")
    list_filter = ("level",)
    search_fields = ("code", "name")
    raw_id_fields = ("parent",)


class CalendarDayInline(admin.TabularInline):  # type: ignore[type-arg]
    model = CalendarDay
    extra = 0


@admin.register(Instansi)
class InstansiAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "code", "tracking_prefix", "time_zone")
    raw_id_fields = ("region",)
    inlines = [CalendarDayInline]
    fieldsets = (
        (None, {"fields": ("code", "name", "region", "time_zone", "tracking_prefix")}),
        (
            "SLA (working days)",
            {
                "fields": (
                    "verify_days",
                    "first_followup_days",
                    "light_days",
                    "normative_days",
                    "non_supervisory_days",
                    "supervisory_days",
                    "info_request_days",
                    "info_extension_days",
                    "autoclose_days",
                    "at_risk_percent",
                    "late_filing_days",
                )
            },
        ),
    )

    def save_related(
        self, request: HttpRequest, form: ModelForm[Model], formsets: object, change: bool
    ) -> None:
        super().save_related(request, form, formsets, change)
        # Days off may have changed in the inline: cached calendars must be rebuilt.
        instansi = form.instance
        assert isinstance(instansi, Instansi)
        calendar_changed(instansi=instansi)


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "short_name", "kind", "instansi", "parent", "is_active")
    list_filter = ("instansi", "kind", "is_active")
    search_fields = ("name", "short_name", "code")
    raw_id_fields = ("parent", "region")


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "parent", "sla_tier", "default_unit", "instansi", "is_active")
    list_filter = ("instansi", "sla_tier", "is_active")
    search_fields = ("name", "code")
    autocomplete_fields = ("default_unit",)
    raw_id_fields = ("parent",)
