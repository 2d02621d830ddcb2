"""Public accountability pages: the maklumat pelayanan pengaduan (/maklumat/) and each unit's
standing (/kinerja/, /kinerja/<unit>/): on-time share, median times and IKM, suppressed."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from aduan.core import clock
from aduan.organisation import selectors as org
from aduan.organisation.choices import SlaTier
from aduan.organisation.clocks import local_date
from aduan.organisation.models import Instansi, ServiceCharter
from aduan.reporting.accountability import unit_standing, unit_standings


def _instansi(request: HttpRequest) -> Instansi:
    found = org.instansi_by_code(request.GET.get("instansi") or settings.ADUAN_DEFAULT_INSTANSI)
    if found is None:
        raise Http404
    return found


def _year(request: HttpRequest, instansi: Instansi) -> tuple[int, date, date]:
    """The year asked for (`?tahun=2025`), else this one; this year runs to today."""
    today = local_date(instansi, clock.now())
    raw = request.GET.get("tahun", "")
    year = int(raw) if raw.isdigit() and 2000 <= int(raw) <= today.year else today.year
    end = today if year == today.year else date(year, 12, 31)
    return year, date(year, 1, 1), end


@require_GET
def charter(request: HttpRequest) -> HttpResponse:
    instansi = _instansi(request)
    found = (
        ServiceCharter.objects.filter(instansi=instansi).prefetch_related("officials__unit").first()
    )
    sop = [
        (SlaTier(tier).label, instansi.completion_days(tier))
        for tier in (SlaTier.LIGHT, SlaTier.NORMATIVE, SlaTier.NON_SUPERVISORY, SlaTier.SUPERVISORY)
    ]
    context: dict[str, Any] = {"instansi": instansi, "charter": found, "sop": sop}
    return render(request, "reporting/charter.html", context)


@require_GET
def units_standing(request: HttpRequest) -> HttpResponse:
    instansi = _instansi(request)
    year, date_from, date_to = _year(request, instansi)
    context = {
        "instansi": instansi,
        "year": year,
        "years": list(range(date_to.year, date_to.year - 5, -1)),
        "date_from": date_from,
        "date_to": date_to,
        "standings": unit_standings(instansi=instansi, date_from=date_from, date_to=date_to),
    }
    return render(request, "reporting/units_standing.html", context)


@require_GET
def unit_page(request: HttpRequest, unit_code: str) -> HttpResponse:
    instansi = _instansi(request)
    unit = org.unit_by_code(instansi_id=instansi.pk, code=unit_code)
    if unit is None:
        raise Http404
    year, date_from, date_to = _year(request, instansi)
    context = {
        "instansi": instansi,
        "unit": unit,
        "year": year,
        "date_from": date_from,
        "date_to": date_to,
        "standing": unit_standing(unit=unit, date_from=date_from, date_to=date_to),
    }
    return render(request, "reporting/unit_page.html", context)
