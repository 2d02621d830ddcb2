"""Administrators issue and revoke the API keys of Open311 partner applications here.

The key is shown once, in the message after it is issued; only its hash is kept. Issuing,
editing and revoking are recorded in the admin's own change log (LogEntry).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aduan.accounts.models import User
from aduan.integrations.open311 import services
from aduan.integrations.open311.models import PartnerKey


@admin.register(PartnerKey)
class PartnerKeyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "name",
        "instansi",
        "prefix",
        "per_hour",
        "created_at",
        "last_used_at",
        "revoked_at",
    )
    list_filter = ("instansi",)
    search_fields = ("name", "prefix")
    fields = ("name", "instansi", "per_hour", "prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("prefix", "created_at", "last_used_at", "revoked_at")
    actions = ["revoke"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # The government a key files for is fixed once it is issued.
        return (*self.readonly_fields, "instansi") if obj else self.readonly_fields

    def save_model(
        self, request: HttpRequest, obj: PartnerKey, form: ModelForm[PartnerKey], change: bool
    ) -> None:
        if change:
            obj.save(update_fields=["name", "per_hour"])
            return
        actor = request.user if isinstance(request.user, User) else None
        issued, raw = services.partner_key_issue(
            actor=actor, name=obj.name, instansi=obj.instansi, per_hour=obj.per_hour
        )
        for field in ("pk", "prefix", "key_hash", "created_at", "created_by_id"):
            setattr(obj, field, getattr(issued, field))
        messages.warning(
            request,
            _("The API key of %(name)s is %(key)s. Copy it now: it is not shown again.")
            % {"name": issued.name, "key": raw},
        )

    @admin.action(description=gettext_lazy("Revoke the selected keys"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[PartnerKey]) -> None:
        actor = request.user if isinstance(request.user, User) else None
        for key in queryset:
            services.partner_key_revoke(actor=actor, key=key)
            self.log_change(request, key, _("Revoked"))
        messages.success(request, _("The selected keys are revoked."))
