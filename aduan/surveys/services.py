"""Writes of the survey: record one response (from the page, an invitation or the API).

A response that answers a closed report's invitation is written with an event on that report
(`surveyed`, not public, without the answers), under the report's row lock, once per report.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from aduan.accounts.models import User
from aduan.complaints.choices import ActorKind, AgeGroup, EventKind, Gender, Status
from aduan.complaints.events import event_record
from aduan.complaints.models import Complaint
from aduan.core import clock, ratelimit
from aduan.core.errors import Conflict, RateLimited, ValidationFailed
from aduan.organisation.clocks import local_date
from aduan.organisation.models import Unit
from aduan.surveys.choices import ELEMENTS, Education, Occupation, Source
from aduan.surveys.models import SurveyResponse

HOUR = 60 * 60


@dataclass(frozen=True)
class Respondent:
    """The optional profile; "" or None where not given."""

    gender: str = ""
    age_group: str = ""
    education: str = ""
    occupation: str = ""
    has_disability: bool | None = None


def _check_answers(answers: Mapping[str, int | None]) -> dict[str, int | None]:
    unknown = set(answers) - set(ELEMENTS)
    if unknown:
        raise ValidationFailed(
            _("Unknown survey element: %(names)s.") % {"names": ", ".join(sorted(unknown))},
            code="answers",
        )
    clean: dict[str, int | None] = {}
    for element in ELEMENTS:
        value = answers.get(element)
        if value is not None and (isinstance(value, bool) or value not in (1, 2, 3, 4)):
            raise ValidationFailed(_("Each answer is a number from 1 to 4."), code="answers")
        clean[element] = value
    if all(v is None for v in clean.values()):
        raise ValidationFailed(_("Answer at least one question."), code="answers")
    return clean


def _check_respondent(respondent: Respondent) -> None:
    for value, choices in (
        (respondent.gender, Gender.values),
        (respondent.age_group, AgeGroup.values),
        (respondent.education, Education.values),
        (respondent.occupation, Occupation.values),
    ):
        if value and value not in choices:
            raise ValidationFailed(_("This answer is not one of the choices."), code="respondent")


def survey_rate_check(*, ip: str) -> None:
    """Count one response from this address; RateLimited past ADUAN_SURVEY_PER_IP_PER_HOUR
    (0 turns the limit off). A service counter's tablet shares one address: set it high there."""
    if ip and not ratelimit.hit(
        "survey-ip", ip, limit=settings.ADUAN_SURVEY_PER_IP_PER_HOUR, window_seconds=HOUR
    ):
        raise RateLimited(
            _(
                "Too many survey answers were sent from this connection in the last hour. "
                "Please wait an hour and try again."
            ),
            code="rate_limited_ip",
        )


@transaction.atomic
def survey_response_record(
    *,
    unit: Unit,
    answers: Mapping[str, int | None],
    respondent: Respondent,
    source: Source,
    actor: User | None = None,
    complaint: Complaint | None = None,
    suggestion: str = "",
) -> SurveyResponse:
    """Record one response about `unit`. With `complaint` (an invitation): the report must be
    closed, of the unit's instansi, and not answered before (Conflict otherwise)."""
    clean = _check_answers(answers)
    _check_respondent(respondent)
    if not unit.is_active:
        raise ValidationFailed(_("This unit takes no survey."), code="unit")
    if len(suggestion) > 2000:
        raise ValidationFailed(
            _("At most %(count)s characters.") % {"count": 2000}, code="suggestion"
        )
    now = clock.now()
    if complaint is not None:
        complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
        if complaint.status != Status.CLOSED or complaint.instansi_id != unit.instansi_id:
            raise Conflict(_("This invitation is not valid."), code="invitation")
        if SurveyResponse.objects.filter(complaint=complaint).exists():
            raise Conflict(
                _("The survey of this report has already been answered. Thank you."),
                code="already_answered",
            )
    response = SurveyResponse.objects.create(
        instansi_id=unit.instansi_id,
        unit=unit,
        complaint=complaint,
        source=source,
        gender=respondent.gender,
        age_group=respondent.age_group,
        education=respondent.education,
        occupation=respondent.occupation,
        has_disability=respondent.has_disability,
        suggestion=suggestion.strip(),
        submitted_at=now,
        submitted_on=local_date(unit.instansi, now),
        **clean,
    )
    if complaint is not None:
        # Only that it was answered and for which unit: the answers stay anonymous.
        event_record(
            complaint=complaint,
            kind=EventKind.SURVEYED,
            actor=actor,
            actor_kind=ActorKind.REPORTER,
            at=now,
            unit=unit,
            new={"unit": unit.pk},
        )
        complaint.updated_at = now
        complaint.save(update_fields=["event_count", "last_event_hash", "updated_at"])
    return response
