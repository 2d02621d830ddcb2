"""The Django admin behind the same two-step sign-in as the rest of the site.

Listed in INSTALLED_APPS in place of django.contrib.admin, so every `admin.site.register`
lands on this site. Its own login page is replaced by /masuk/, and a session that did not
pass the second factor (a password-only or force_login session) is treated as not staff.
Loaded while the app registry starts: no model imports at module level.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode

from aduan.core.http import client_ip


class StaffAdminSite(admin.AdminSite):
    """AdminSite that needs a django-otp verified session and signs in through accounts."""

    def has_permission(self, request: HttpRequest) -> bool:
        is_verified = getattr(request.user, "is_verified", None)  # set by OTPMiddleware
        return super().has_permission(request) and callable(is_verified) and is_verified()

    def login(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        target = request.GET.get(REDIRECT_FIELD_NAME) or reverse(
            "admin:index", current_app=self.name
        )
        query = urlencode({REDIRECT_FIELD_NAME: target})
        return HttpResponseRedirect(f"{reverse('accounts:login')}?{query}")

    def logout(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> TemplateResponse:
        if request.method == "POST" and request.user.is_authenticated:
            from aduan.accounts import services  # models are ready by the time a request comes

            services.sign_out_record(user=request.user, ip=client_ip(request))
        return super().logout(request, extra_context)


class StaffAdminConfig(AdminConfig):
    default_site = "aduan.accounts.admin_site.StaffAdminSite"
