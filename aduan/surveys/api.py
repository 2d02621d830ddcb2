"""The survey API (mounted in aduan.api at /api/v1/surveys): answer a unit's survey, read the
IKM of a unit or a government over a period."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status

from aduan.core import clock
from aduan.core.errors import ValidationFailed
from aduan.core.http import client_ip
from aduan.core.schemas import error_responses
from aduan.organisation import selectors as org
from aduan.organisation.clocks import local_date
from aduan.organisation.models import Instansi, Unit
from aduan.surveys.choices import Grade, Source
from aduan.surveys.invitations import invitation_complaint
from aduan.surveys.schemas import IkmOut, SurveyResponseIn, SurveyResponseOut
from aduan.surveys.selectors import MAX_PERIOD_DAYS, survey_results
from aduan.surveys.services import Respondent, survey_rate_check, survey_response_record

router = Router(tags=["surveys"])


def _instansi(code: str | None) -> Instansi:
    found = org.instansi_by_code(code or settings.ADUAN_DEFAULT_INSTANSI)
    if found is None:
        raise ValidationFailed(_("There is no government with this code."), code="instansi")
    return found


def _unit(instansi: Instansi, code: str) -> Unit:
    found = org.unit_by_code(instansi_id=instansi.pk, code=code.strip())
    if found is None:
        raise ValidationFailed(_("There is no unit with this code."), code="unit")
    return found


@router.post(
    "/{unit_code}/responses",
    url_name="survey_respond",
    response={201: SurveyResponseOut, **error_responses(400, 409, 429)},
)
def survey_respond(
    request: HttpRequest, unit_code: str, payload: SurveyResponseIn
) -> Status[SurveyResponseOut]:
    """Answer the satisfaction survey of a unit. Anonymous; the profile is optional."""
    instansi = _instansi(payload.instansi)
    unit = _unit(instansi, unit_code)
    complaint = None
    if payload.invitation:
        complaint = invitation_complaint(payload.invitation)
        if complaint is None or complaint.instansi_id != instansi.pk:
            raise ValidationFailed(_("This invitation is not valid."), code="invitation")
    given = payload.respondent
    respondent = Respondent(
        gender=given.gender.value if given and given.gender else "",
        age_group=given.age_group.value if given and given.age_group else "",
        education=given.education.value if given and given.education else "",
        occupation=given.occupation.value if given and given.occupation else "",
        has_disability=given.has_disability if given else None,
    )
    answers = payload.answers.model_dump()
    survey_rate_check(ip=client_ip(request))
    recorded = survey_response_record(
        unit=unit,
        answers=answers,
        respondent=respondent,
        source=Source.INVITATION if complaint else Source.API,
        complaint=complaint,
        suggestion=payload.suggestion,
    )
    return Status(
        201, SurveyResponseOut(id=recorded.pk, unit=unit.code, submitted_on=recorded.submitted_on)
    )


@router.get("/ikm", url_name="survey_ikm", response={200: IkmOut, **error_responses(400)})
def survey_ikm(
    request: HttpRequest,
    instansi: str | None = None,
    unit: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> IkmOut:
    """NRR per element, IKM and grade of the responses received from `date_from` to `date_to`
    (local dates, both included; default this year so far), for one unit or the whole
    government."""
    found = _instansi(instansi)
    the_unit = _unit(found, unit) if unit else None
    today = local_date(found, clock.now())
    end = date_to or (date_from.replace(month=12, day=31) if date_from else today)
    start = date_from or end.replace(month=1, day=1)
    if start > end:
        raise ValidationFailed(_("The end of the period is before its start."), code="date_to")
    if end - start > timedelta(days=MAX_PERIOD_DAYS):
        raise ValidationFailed(_("Choose a period of at most five years."), code="date_to")
    results = survey_results(instansi=found, unit=the_unit, date_from=start, date_to=end)
    grade = results.grade
    return IkmOut(
        instansi=found.code,
        unit=the_unit.code if the_unit else None,
        date_from=start,
        date_to=end,
        respondents=results.respondents,
        nrr={
            e.element: None if e.nrr_rounded is None else float(e.nrr_rounded)
            for e in results.elements
        },
        ikm=None if results.ikm is None else float(results.ikm),
        grade=grade,
        grade_label=str(Grade(grade).label) if grade else None,
        population=results.population,
        minimum_sample=results.minimum_sample,
        below_minimum=results.below_minimum,
    )
