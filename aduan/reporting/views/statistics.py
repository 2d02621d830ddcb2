"""The public statistics page (/statistik/): charts and the same numbers in tables."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from aduan.organisation.models import Instansi
from aduan.reporting.charts import bar_chart
from aduan.reporting.selectors import MAX_PERIOD_DAYS, instansi_for, period_of, statistics_for


class PeriodForm(forms.Form):
    """Which government and which days of submission; all optional."""

    instansi = forms.ChoiceField(label=gettext_lazy("Government"), required=False)
    date_from = forms.DateField(
        label=gettext_lazy("Received from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = forms.DateField(
        label=gettext_lazy("Received until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["instansi"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            ("", gettext_lazy("Default")),
            *Instansi.objects.order_by("name").values_list("code", "name"),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        date_from, date_to = data.get("date_from"), data.get("date_to")
        if date_from and date_to:
            if date_from > date_to:
                self.add_error("date_to", _("The end of the period is before its start."))
            elif date_to - date_from > timedelta(days=MAX_PERIOD_DAYS):
                self.add_error("date_to", _("Choose a period of at most five years."))
        return data


@require_GET
def statistics(request: HttpRequest) -> HttpResponse:
    form = PeriodForm(request.GET)
    valid = form.is_valid()
    data = form.cleaned_data if valid else {}
    instansi = instansi_for(data.get("instansi"))
    date_from, date_to = period_of(instansi, data.get("date_from"), data.get("date_to"))
    stats = statistics_for(instansi=instansi, date_from=date_from, date_to=date_to)
    sections = [
        ("month", _("Per month"), stats.by_month),
        ("unit", _("Per unit the reports were dispatched to"), stats.by_unit),
        ("category", _("Per category"), stats.by_category),
        ("district", _("Per kecamatan"), stats.by_district),
    ]
    return render(
        request,
        "reporting/statistics.html",
        {
            "form": form,
            "form_valid": valid,
            "stats": stats,
            "sections": [
                {"slug": slug, "title": title, "rows": rows, "chart": bar_chart(rows)}
                for slug, title, rows in sections
            ],
        },
    )
