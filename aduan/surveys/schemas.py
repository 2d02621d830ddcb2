"""Shapes of the survey API's input and output (docs/api.md)."""

from __future__ import annotations

from datetime import date

from ninja import Field, Schema

from aduan.complaints.choices import AgeGroup, Gender
from aduan.core.schemas import StrictInput
from aduan.surveys.choices import Education, Grade, Occupation

_ANSWER = "1 (least satisfied) to 4 (most satisfied); leave out or null to skip."


class AnswersIn(StrictInput):
    """The nine elements of PermenPANRB 14/2017, each 1 to 4 or blank."""

    u1: int | None = Field(None, ge=1, le=4, description="Requirements. " + _ANSWER)
    u2: int | None = Field(None, ge=1, le=4, description="Procedures. " + _ANSWER)
    u3: int | None = Field(None, ge=1, le=4, description="Completion time. " + _ANSWER)
    u4: int | None = Field(None, ge=1, le=4, description="Costs and tariffs. " + _ANSWER)
    u5: int | None = Field(None, ge=1, le=4, description="Service products. " + _ANSWER)
    u6: int | None = Field(None, ge=1, le=4, description="Staff competence. " + _ANSWER)
    u7: int | None = Field(None, ge=1, le=4, description="Staff conduct. " + _ANSWER)
    u8: int | None = Field(None, ge=1, le=4, description="Complaint handling. " + _ANSWER)
    u9: int | None = Field(None, ge=1, le=4, description="Facilities. " + _ANSWER)


class RespondentIn(StrictInput):
    """The respondent's profile; every field optional."""

    gender: Gender | None = None
    age_group: AgeGroup | None = None
    education: Education | None = None
    occupation: Occupation | None = None
    has_disability: bool | None = None


class SurveyResponseIn(StrictInput):
    answers: AnswersIn
    respondent: RespondentIn | None = None
    suggestion: str = Field("", max_length=2000)
    instansi: str | None = Field(
        None, max_length=20, description="Code of the government; the default one if left out."
    )
    invitation: str | None = Field(
        None,
        max_length=200,
        description="The token of an invitation sent after a report closed (the `undangan` "
        "parameter of its link): ties the response to that report, which is answered once.",
    )


class SurveyResponseOut(Schema):
    id: int
    unit: str = Field(description="The unit's code.")
    submitted_on: date


class IkmOut(Schema):
    """The survey's figures of a unit (or the whole government) over a period."""

    instansi: str
    unit: str | None
    date_from: date
    date_to: date
    respondents: int
    nrr: dict[str, float | None] = Field(
        description="Per element (u1…u9): the mean of its non-blank answers, to 3 decimals."
    )
    ikm: float | None = Field(
        description="25 to 100, to 2 decimals; null unless every element has an answer."
    )
    grade: Grade | None = Field(description="A, B, C or D on the rounded IKM.")
    grade_label: str | None
    population: int | None = Field(description="The unit's population set for the period.")
    minimum_sample: int | None = Field(description="Krejcie-Morgan minimum for the population.")
    below_minimum: bool
