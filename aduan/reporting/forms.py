"""Filters of the oversight and audit pages (GET forms; every field optional)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from aduan.complaints.choices import EventKind
from aduan.organisation.models import Unit
from aduan.reporting.selectors import MAX_PERIOD_DAYS


class PeriodForm(forms.Form):
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        date_from, date_to = data.get("date_from"), data.get("date_to")
        if date_from and date_to:
            if date_from > date_to:
                self.add_error("date_to", _("The end of the period is before its start."))
            elif date_to - date_from > timedelta(days=MAX_PERIOD_DAYS):
                self.add_error("date_to", _("Choose a period of at most five years."))
        return data


class OverdueFilterForm(forms.Form):
    unit = forms.ChoiceField(label=_("Unit"), required=False)

    def __init__(self, *args: Any, units: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("All units")), *((str(u.pk), str(u)) for u in units)]


class EventFilterForm(forms.Form):
    number = forms.CharField(label=_("Tracking number"), required=False, max_length=24)
    kind = forms.ChoiceField(
        label=_("Kind of event"),
        required=False,
        choices=[("", _("All kinds")), *EventKind.choices],
    )
    actor = forms.CharField(label=_("Staff member (user name)"), required=False, max_length=150)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        date_from, date_to = data.get("date_from"), data.get("date_to")
        if date_from and date_to and date_from > date_to:
            self.add_error("date_to", _("The end of the period is before its start."))
        return data


class RecapForm(forms.Form):
    """Which periodic report: a month, quarter, half-year or year (all optional: the default
    is the month before this one)."""

    period = forms.ChoiceField(
        label=_("Period"),
        required=False,
        choices=[
            ("month", _("Month")),
            ("quarter", _("Quarter")),
            ("half", _("Half-year")),
            ("year", _("Year")),
        ],
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    number = forms.IntegerField(
        label=_("Month, quarter or half-year number"), required=False, min_value=1, max_value=12
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        limits = {"month": 12, "quarter": 4, "half": 2, "year": 1}
        number = data.get("number")
        if number and number > limits.get(data.get("period") or "month", 12):
            self.add_error("number", _("There is no such month, quarter or half-year."))
        return data
