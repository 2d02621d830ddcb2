"""Administrators issue and revoke application tokens here (an OPD's own system, a dashboard).

The token is shown once, in the message after it is issued; only its hash is kept. Issuing
and revoking are recorded in the admin's change log (LogEntry) and on the token row.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aduan.accounts.models import User
from aduan.core.errors import DomainError
from aduan.staffapi import services
from aduan.staffapi.models import ApiToken


class ApplicationTokenForm(forms.ModelForm):  # type: ignore[type-arg]
    days = forms.IntegerField(
        label=gettext_lazy("Valid for (days)"),
        min_value=1,
        max_value=services.MAX_DAYS,
        initial=365,
    )

    class Meta:
        model = ApiToken
        fields = ("name", "role", "instansi", "unit")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "name",
        "kind",
        "user",
        "role",
        "instansi",
        "unit",
        "prefix",
        "expires_at",
        "last_used_at",
        "revoked_at",
    )
    list_filter = ("kind", "role", "instansi")
    search_fields = ("name", "prefix", "user__username")
    actions = ["revoke"]

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        if obj is None:
            kwargs["form"] = ApplicationTokenForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ()
        return (
            "kind",
            "name",
            "user",
            "role",
            "instansi",
            "unit",
            "prefix",
            "created_at",
            "created_by",
            "expires_at",
            "revoked_at",
            "last_used_at",
        )

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ("name", "role", "instansi", "unit", "days")
        return self.get_readonly_fields(request, obj)

    def save_model(self, request: HttpRequest, obj: ApiToken, form: Any, change: bool) -> None:
        if change:
            return  # nothing of an issued token is edited
        actor = request.user
        assert isinstance(actor, User)
        try:
            issued, raw = services.application_token_issue(
                actor=actor,
                name=obj.name,
                role=obj.role,
                instansi=obj.instansi,
                unit=obj.unit,
                days=form.cleaned_data["days"],
            )
        except DomainError as error:
            raise forms.ValidationError(str(error)) from error
        obj.pk = issued.pk
        obj.user = issued.user
        messages.warning(
            request,
            _("The token of %(name)s is %(key)s. Copy it now: it is not shown again.")
            % {"name": issued.name, "key": raw},
        )

    @admin.action(description=gettext_lazy("Revoke the selected tokens"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        actor = request.user
        assert isinstance(actor, User)
        for token in queryset:
            try:
                services.token_revoke(actor=actor, token=token)
            except DomainError as error:
                messages.error(request, str(error))
                continue
            self.log_change(request, token, _("Revoked"))
        messages.success(request, _("The selected tokens are revoked."))
