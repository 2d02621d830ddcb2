"""Admin for reference data: instansi, units, regions, categories, calendars, users and roles.

Workflow actions are not done here: reports are changed only through the workflow services.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import ForeignKey, Model, QuerySet
from django.forms import ModelChoiceField, ModelForm
from django.http import HttpRequest

from aduan.accounts.choices import Role
from aduan.accounts.models import User
from aduan.organisation.models import (
    CalendarDay,
    Category,
    CharterOfficial,
    Instansi,
    Membership,
    Region,
    ReplyTemplate,
    ServiceCharter,
    Unit,
)
from aduan.organisation.selectors import grants_of
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


@admin.register(ReplyTemplate)
class ReplyTemplateAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Reply templates of the units' follow-ups (cfg per instansi).

    A superuser edits every instansi's; a staff user given the model permissions edits only
    those of the instansi where they are a coordinator (the instansi's administrator).
    """

    list_display = ("title", "instansi", "ordering", "is_active")
    list_filter = ("instansi", "is_active")
    search_fields = ("title", "text")

    def _instansi_ids(self, request: HttpRequest) -> set[int] | None:
        """The instansi this user administers; None for a superuser (all of them)."""
        if request.user.is_superuser:
            return None
        # Coordinators often hold the role through their unit (Diskominfo): any grant counts.
        return {g.instansi_id for g in grants_of(request.user) if g.role == Role.COORDINATOR}

    def get_queryset(self, request: HttpRequest) -> QuerySet[ReplyTemplate]:
        rows = super().get_queryset(request)
        allowed = self._instansi_ids(request)
        return rows if allowed is None else rows.filter(instansi_id__in=allowed)

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField[Any] | None:
        allowed = self._instansi_ids(request)
        if db_field.name == "instansi" and allowed is not None:
            kwargs["queryset"] = Instansi.objects.filter(pk__in=allowed)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return super().has_change_permission(request, obj) and self._may_edit(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return super().has_delete_permission(request, obj) and self._may_edit(request, obj)

    def _may_edit(self, request: HttpRequest, obj: Model | None) -> bool:
        allowed = self._instansi_ids(request)
        if allowed is None or obj is None:
            return True
        assert isinstance(obj, ReplyTemplate)
        return obj.instansi_id in allowed


class CharterOfficialInline(admin.TabularInline):  # type: ignore[type-arg]
    model = CharterOfficial
    extra = 1
    autocomplete_fields = ["unit"]


@admin.register(ServiceCharter)
class ServiceCharterAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """The maklumat pelayanan pengaduan of /maklumat/, with its responsible officials."""

    list_display = ["instansi", "signed_by", "signed_on"]
    inlines = [CharterOfficialInline]
