"""Admin of reporting's reference data: the letterhead of the periodic reports. The rollups are
not edited here (`aduan rollups --rebuild` recomputes them)."""

from __future__ import annotations

from django.contrib import admin

from aduan.reporting.models import Letterhead


@admin.register(Letterhead)
class LetterheadAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("instansi", "heading")
    fields = ("instansi", "heading", "subheading", "address", "contact")
