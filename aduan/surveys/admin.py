"""Admin for the survey's reference data: each unit's population per period (the base of the
minimum sample). Responses are written only by `survey_response_record`, never here."""

from __future__ import annotations

from django.contrib import admin

from aduan.surveys.models import SurveyPopulation


@admin.register(SurveyPopulation)
class SurveyPopulationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["unit", "date_from", "date_to", "population", "note"]
    list_filter = ["unit__instansi"]
    search_fields = ["unit__name", "unit__code"]
    autocomplete_fields = ["unit"]
    date_hierarchy = "date_from"
