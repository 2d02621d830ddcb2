"""The periodic reports of the console (/konsol/rekap/): the page, and the same report as an
A4 PDF (?format=pdf) or a workbook (?format=xlsx). Figures come from the rollups only."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.views.decorators.http import require_GET

from aduan.accounts.choices import Role
from aduan.core import clock
from aduan.organisation.clocks import local_date
from aduan.organisation.decorators import role_required
from aduan.reporting import oversight as sel
from aduan.reporting.forms import RecapForm
from aduan.reporting.periodic import period_parse, recap_build
from aduan.reporting.periodic_files import (
    cause_headers,
    improvement_cells,
    improvement_headers,
    recap_cells,
    recap_headers,
    recap_pdf,
    recap_xlsx,
    table1_rows,
)
from aduan.reporting.views.oversight import _context, _user

_FILES = {
    "pdf": ("application/pdf", "pdf"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}


@require_GET
@role_required(Role.COORDINATOR, Role.LEADER, Role.AUDITOR)
def recap(request: HttpRequest) -> HttpResponseBase:
    scope, scopes = sel.oversight_scope_for(_user(request), request.GET.get("instansi"))
    form = RecapForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    today = local_date(scope.instansi, clock.now())
    period = period_parse(data.get("period"), data.get("year"), data.get("number"), today)
    report = recap_build(scope=scope, period=period)
    fmt = request.GET.get("format")
    if fmt in _FILES and form.is_valid():
        content_type, extension = _FILES[fmt]
        content = recap_pdf(report) if fmt == "pdf" else recap_xlsx(report)
        response = HttpResponse(content, content_type=content_type)
        filename = f"rekap-{scope.instansi.code}-{period.slug}.{extension}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    return render(
        request,
        "reporting/recap.html",
        {
            **_context(request, scope, scopes),
            "form": form,
            "report": report,
            "period": period,
            "headers": recap_headers(),
            "total_cells": recap_cells(report.total) if report.total else None,
            "table1": table1_rows(report.table1) if report.table1 else None,
            "cause_headers": cause_headers(),
            "improvement_headers": improvement_headers(),
            "improvement_rows": [improvement_cells(r) for r in report.improvements.proposals],
            "sections": [
                {"section": s, "rows": [recap_cells(r) for r in s.rows]} for s in report.sections
            ],
        },
    )
