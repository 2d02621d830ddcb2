"""The public survey (/survei/<unit>/): the questionnaire, its thank-you page and the
printable page with a QR code for the service counter; the results per unit and period on the
public page (/hasil-survei/) and in the console (/konsol/survei/, also as XLSX). Every page
works without JavaScript."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from aduan.accounts.choices import Role
from aduan.accounts.models import User
from aduan.accounts.twofactor import qr_svg
from aduan.complaints.models import Complaint
from aduan.core import clock
from aduan.core.errors import DomainError, RateLimited, ValidationFailed
from aduan.core.http import client_ip, site_url
from aduan.core.suppression import SMALL, suppress
from aduan.organisation import selectors as org
from aduan.organisation.clocks import local_date
from aduan.organisation.decorators import role_required
from aduan.organisation.models import Instansi, Unit
from aduan.surveys.choices import ELEMENTS, Element, Grade, Source
from aduan.surveys.exports import Cell, xlsx_response
from aduan.surveys.forms import SurveyForm, YearPeriodForm
from aduan.surveys.invitations import TOKEN_PARAMETER, invitation_complaint
from aduan.surveys.selectors import (
    GroupResults,
    Results,
    oversight_scope_for,
    survey_results,
    survey_results_by_profile,
    survey_results_by_unit,
    unit_answered,
)
from aduan.surveys.services import survey_rate_check, survey_response_record


def _instansi(request: HttpRequest) -> Instansi:
    instansi = org.instansi_by_code(request.GET.get("instansi") or settings.ADUAN_DEFAULT_INSTANSI)
    if instansi is None:
        raise Http404
    return instansi


def _unit(request: HttpRequest, unit_code: str) -> tuple[Instansi, Unit]:
    instansi = _instansi(request)
    unit = org.unit_by_code(instansi_id=instansi.pk, code=unit_code)
    if unit is None:
        raise Http404
    return instansi, unit


def _form_query(instansi: Instansi, token: str) -> str:
    params = {}
    if instansi.code != settings.ADUAN_DEFAULT_INSTANSI:
        params["instansi"] = instansi.code
    if token:
        params[TOKEN_PARAMETER] = token
    return urlencode(params)


@require_http_methods(["GET", "POST"])
def survey_form(request: HttpRequest, unit_code: str) -> HttpResponse:
    instansi, unit = _unit(request, unit_code)
    token = request.GET.get(TOKEN_PARAMETER, "")
    complaint: Complaint | None = None
    notice = ""
    if token:
        complaint = invitation_complaint(token)
        if complaint is None or complaint.instansi_id != instansi.pk:
            complaint = None
            notice = _(
                "This invitation link is not valid or has expired. You can still answer the "
                "survey; your answers are counted for the unit."
            )
            token = ""
        elif unit_answered(complaint_id=complaint.pk):
            return render(
                request, "surveys/answered.html", {"unit": unit, "instansi": instansi}, status=409
            )
    status = 200
    if request.method == "POST":
        form = SurveyForm(request.POST)
        if form.is_valid():
            try:
                if form.cleaned_data["website"].strip():
                    raise ValidationFailed(
                        _("This form could not be sent. Leave the last, hidden field empty."),
                        code="honeypot",
                    )
                survey_rate_check(ip=client_ip(request))
                survey_response_record(
                    unit=unit,
                    answers=form.answers(),
                    respondent=form.respondent(),
                    source=Source.INVITATION if complaint else Source.WEB,
                    complaint=complaint,
                    suggestion=form.cleaned_data["suggestion"],
                )
            except DomainError as error:
                form.add_error(None, str(error))
                status = 429 if isinstance(error, RateLimited) else 400
            else:
                thanks = reverse("surveys:thanks", kwargs={"unit_code": unit.code})
                query = _form_query(instansi, "")
                return redirect(f"{thanks}?{query}" if query else thanks)
        else:
            status = 400
    else:
        form = SurveyForm()
    query = _form_query(instansi, token)
    action = reverse("surveys:form", kwargs={"unit_code": unit.code})
    context = {
        "form": form,
        "unit": unit,
        "instansi": instansi,
        "invited": complaint is not None,
        "notice": notice,
        "action": f"{action}?{query}" if query else action,
        "elements": [form[e] for e in ELEMENTS],
    }
    return render(request, "surveys/form.html", context, status=status)


@require_GET
def survey_thanks(request: HttpRequest, unit_code: str) -> HttpResponse:
    instansi, unit = _unit(request, unit_code)
    return render(request, "surveys/thanks.html", {"unit": unit, "instansi": instansi})


@require_GET
def survey_poster(request: HttpRequest, unit_code: str) -> HttpResponse:
    """A page to print and put on the service counter: the unit, the address and its QR code."""
    instansi, unit = _unit(request, unit_code)
    path = reverse("surveys:form", kwargs={"unit_code": unit.code})
    query = _form_query(instansi, "")
    # The site's configured address (SITE_URL), not the Host this page was asked with: the
    # poster hangs at a service counter long after.
    url = site_url(f"{path}?{query}" if query else path)
    context = {"unit": unit, "instansi": instansi, "url": url, "qr_svg": qr_svg(url)}
    return render(request, "surveys/poster.html", context)


# ---------------------------------------------------------------- results


def _grade_label(results: Results) -> str:
    grade = results.grade
    return f"{grade} ({Grade(grade).label})" if grade else ""


def _nrr(results: Results) -> list[Any]:
    return [e.nrr_rounded for e in results.elements]


@require_GET
@role_required(Role.COORDINATOR, Role.LEADER, Role.AUDITOR)
def survey_console(request: HttpRequest) -> HttpResponseBase:
    user = request.user
    assert isinstance(user, User)
    scope, scopes = oversight_scope_for(user, request.GET.get("instansi"))
    instansi = scope.instansi
    form = YearPeriodForm(request.GET)
    valid = form.is_valid()
    date_from, date_to = form.period(local_date(instansi, clock.now()))
    per_unit = [
        r
        for r in survey_results_by_unit(instansi=instansi, date_from=date_from, date_to=date_to)
        if scope.unit_ids is None or (r.unit is not None and r.unit.pk in scope.unit_ids)
    ]
    total = (
        survey_results(instansi=instansi, date_from=date_from, date_to=date_to)
        if scope.whole_instansi
        else None
    )
    if request.GET.get("format") == "xlsx":
        header = [
            _("Unit"),
            _("Respondents"),
            *(f"{e} {Element(e).label}" for e in ELEMENTS),
            _("IKM"),
            _("Grade"),
            _("Population"),
            _("Minimum sample"),
            _("Below the minimum sample"),
        ]

        def row(r: Results, name: str) -> list[Cell]:
            return [
                name,
                r.respondents,
                *(None if v is None else float(v) for v in _nrr(r)),
                None if r.ikm is None else float(r.ikm),
                _grade_label(r),
                r.population,
                r.minimum_sample,
                _("yes") if r.below_minimum else "",
            ]

        rows = [row(r, str(r.unit)) for r in per_unit]
        if total is not None:
            rows.append(row(total, _("All units")))
        return xlsx_response(
            filename=f"ikm-{instansi.code}-{date_from:%Y%m%d}-{date_to:%Y%m%d}",
            title=_("Satisfaction survey"),
            header=header,
            rows=rows,
        )
    query = request.GET.copy()
    query.pop("format", None)
    context = {
        "scope": scope,
        "scopes": scopes,
        "instansi": instansi,
        "form": form,
        "form_valid": valid,
        "date_from": date_from,
        "date_to": date_to,
        "per_unit": per_unit,
        "total": total,
        "elements": [(e, Element(e).label) for e in ELEMENTS],
        "query": query.urlencode(),
        "profiles": survey_results_by_profile(
            instansi=instansi, date_from=date_from, date_to=date_to
        )
        if scope.whole_instansi
        else [],
    }
    return render(request, "surveys/survey_console.html", context)


def _published_groups(groups: list[GroupResults]) -> list[dict[str, Any]]:
    """A profile question's groups as the public sees them: counts under five as "< 5", and
    one more hidden where the total (published above) would give a small one away."""
    table = suppress([[g.results.respondents] for g in groups])
    return [
        {
            "label": g.label,
            "respondents": row[0].text,
            "ikm": g.results.ikm if g.results.respondents >= SMALL else None,
        }
        for g, row in zip(groups, table.cells, strict=True)
    ]


@require_GET
def survey_public(request: HttpRequest) -> HttpResponse:
    """Every unit's IKM and grade; a unit with fewer than five respondents shows "< 5" and no
    index (a handful of answers could point at the people who gave them), and the answers by
    the respondents' profile, suppressed the same way."""
    instansi = _instansi(request)
    form = YearPeriodForm(request.GET)
    valid = form.is_valid()
    date_from, date_to = form.period(local_date(instansi, clock.now()))
    per_unit = survey_results_by_unit(instansi=instansi, date_from=date_from, date_to=date_to)
    total = survey_results(instansi=instansi, date_from=date_from, date_to=date_to)
    # Counts under five as "< 5", and one more hidden where the total would give it away.
    counts = suppress([[r.respondents] for r in per_unit]).cells
    rows = [
        {
            "unit": r.unit,
            "respondents": shown[0],
            "published": r.respondents >= SMALL,
            "results": r,
        }
        for r, shown in zip(per_unit, counts, strict=True)
    ]
    context = {
        "instansi": instansi,
        "form": form,
        "form_valid": valid,
        "date_from": date_from,
        "date_to": date_to,
        "rows": rows,
        "total": total,
        "total_published": total.respondents >= SMALL,
        "elements": [(e, Element(e).label) for e in ELEMENTS],
        "profiles": [
            (title, _published_groups(groups))
            for title, groups in survey_results_by_profile(
                instansi=instansi, date_from=date_from, date_to=date_to
            )
        ],
    }
    return render(request, "surveys/survey_public.html", context)
