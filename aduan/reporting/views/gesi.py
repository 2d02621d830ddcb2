"""GESI figures: public (/statistik/gesi/, small cells suppressed) and for those who oversee
(/konsol/pengawasan/gesi/, exact, with the handling times of prioritised reports)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.views.decorators.http import require_GET

from aduan.accounts.choices import Role
from aduan.accounts.models import User
from aduan.organisation.decorators import role_required
from aduan.reporting import oversight as sel
from aduan.reporting.forms import PeriodForm
from aduan.reporting.gesi import gesi_tables, outcome_labels, priority_handling, table_rows
from aduan.reporting.selectors import instansi_for, period_of


@require_GET
def gesi_public(request: HttpRequest) -> HttpResponse:
    instansi = instansi_for(request.GET.get("instansi"))
    form = PeriodForm(request.GET)
    valid = form.is_valid()
    data = form.cleaned_data if valid else {}
    date_from, date_to = period_of(instansi, data.get("date_from"), data.get("date_to"))
    tables = gesi_tables(instansi=instansi, date_from=date_from, date_to=date_to)
    context = {
        "instansi": instansi,
        "form": form,
        "form_valid": valid,
        "date_from": date_from,
        "date_to": date_to,
        "outcomes": outcome_labels(),
        "tables": [(t.dimension, table_rows(t, public=True)) for t in tables],
    }
    return render(request, "reporting/gesi_public.html", context)


@require_GET
@role_required(Role.COORDINATOR, Role.LEADER, Role.AUDITOR)
def oversight_gesi(request: HttpRequest) -> HttpResponseBase:
    user = request.user
    assert isinstance(user, User)
    scope, scopes = sel.oversight_scope_for(user, request.GET.get("instansi"))
    form = PeriodForm(request.GET)
    valid = form.is_valid()
    data = form.cleaned_data if valid else {}
    date_from, date_to = period_of(scope.instansi, data.get("date_from"), data.get("date_to"))
    tables = gesi_tables(
        instansi=scope.instansi, date_from=date_from, date_to=date_to, unit_ids=scope.unit_ids
    )
    priority = priority_handling(
        instansi=scope.instansi, date_from=date_from, date_to=date_to, unit_ids=scope.unit_ids
    )
    context = {
        "scope": scope,
        "scopes": scopes,
        "instansi": scope.instansi,
        "form": form,
        "form_valid": valid,
        "date_from": date_from,
        "date_to": date_to,
        "outcomes": outcome_labels(),
        "tables": [(t.dimension, table_rows(t, public=False)) for t in tables],
        "priority": priority,
    }
    return render(request, "reporting/oversight_gesi.html", context)
