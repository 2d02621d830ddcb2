"""Administrators subscribe other applications' URLs to events here. The signing secret is
shown once, after the subscription is added; changes are in the admin's change log."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aduan.accounts.models import User
from aduan.complaints.choices import EventKind
from aduan.integrations.webhooks import services
from aduan.integrations.webhooks.models import Delivery, Subscription


class SubscriptionForm(forms.ModelForm):  # type: ignore[type-arg]
    event_kinds = forms.MultipleChoiceField(
        label=gettext_lazy("event kinds"),
        choices=EventKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("None ticked: every kind."),
    )

    class Meta:
        model = Subscription
        fields = ("name", "url", "instansi", "unit", "event_kinds", "include_identity", "is_active")


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    form = SubscriptionForm
    list_display = ("name", "url", "instansi", "unit", "include_identity", "is_active")
    list_filter = ("instansi", "is_active")

    def save_model(self, request: HttpRequest, obj: Subscription, form: Any, change: bool) -> None:
        if change:
            obj.save()
            return
        actor = request.user if isinstance(request.user, User) else None
        made = services.subscription_create(
            actor=actor,
            name=obj.name,
            url=obj.url,
            instansi=obj.instansi,
            unit=obj.unit,
            event_kinds=list(form.cleaned_data["event_kinds"]),
            include_identity=obj.include_identity,
        )
        if not obj.is_active:
            Subscription.objects.filter(pk=made.pk).update(is_active=False)
        obj.pk, obj.secret, obj.created_at = made.pk, made.secret, made.created_at
        messages.warning(
            request,
            _("The signing secret of %(name)s is %(secret)s. Copy it now: it is not shown again.")
            % {"name": made.name, "secret": made.secret},
        )


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """The delivery log, read only (replay is on the console page /konsol/webhook/)."""

    list_display = ("message_id", "subscription", "status", "attempts", "created_at")
    list_filter = ("status", "subscription")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
