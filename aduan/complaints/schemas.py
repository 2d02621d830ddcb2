"""Shapes of the public API's input and output for reports (submission and the public feed).

Input schemas check shape only (types, lengths, required fields); the rules are the services'.
Output schemas are filled by explicit functions in `api.py`, never from a model dump, and
carry no reporter identity unless their name says so (`ReporterOwnOut`).
"""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import field_validator

from aduan.complaints.choices import AgeGroup, Gender, ReportType, Status
from aduan.complaints.models import Complaint
from aduan.core.schemas import Choice, CleanInput, Named, StrictInput

MAX_PAGE_SIZE = 100

# ---------------------------------------------------------------- submission


class ReporterIn(StrictInput):
    """Who files the report. Every field is optional; GESI answers are voluntary."""

    name: str = Field("", max_length=120)
    nik: str = Field("", max_length=20, description="16 digits of the KTP (optional).")
    phone: str = Field("", max_length=24, description="Indonesian number, e.g. 0812 3456 7890.")
    email: str = Field("", max_length=254)
    address: str = Field("", max_length=255)
    gender: Gender | None = None
    age_group: AgeGroup | None = None
    has_disability: bool | None = None
    vulnerable_group: str = Field("", max_length=60)

    @field_validator("email")
    @classmethod
    def _email_like_the_web_form(cls, value: str) -> str:
        """The check of the web form's EmailField (Django's validate_email), same message."""
        value = value.strip()
        if value:
            try:
                validate_email(value)
            except DjangoValidationError:
                raise ValueError(_("Enter a valid email address.")) from None
        return value


class ReportIn(StrictInput):
    """A new report. Attachments are not part of the JSON body."""

    type: ReportType
    title: str = Field(max_length=200)
    description: str = Field(max_length=10_000)
    instansi: str | None = Field(
        None,
        max_length=20,
        description="Code of the government the report is for; may be left out when the "
        "deployment hosts only one.",
    )
    incident_date: date | None = None
    region_code: str | None = Field(
        None, max_length=16, description="A kecamatan or desa/kelurahan code (73.17.01.2005)."
    )
    address: str = Field("", max_length=255)
    latitude: float | None = Field(None, ge=-90, le=90)
    longitude: float | None = Field(None, ge=-180, le=180)
    category_code: str | None = Field(None, max_length=60)
    unit_code: str | None = Field(None, max_length=40)
    is_anonymous: bool = Field(
        False, description="Hide the reporter's identity from the public and from the units."
    )
    is_confidential: bool = Field(
        False, description="Rahasia: keep the content out of every public page and feed."
    )
    reporter: ReporterIn | None = None


class SubmittedOut(Schema):
    """The answer to a submission: the only time the access code is given out."""

    tracking_number: str
    access_code: str = Field(description="The reporter's secret; keep it, it is not shown again.")
    type: Choice
    status: Choice
    submitted_at: datetime
    verify_due_at: datetime | None = Field(
        description="By when the report is to be verified and dispatched."
    )
    complete_due_at: datetime | None = Field(
        description="For an information request: by when it is to be answered."
    )
    is_late_filing: bool
    url: str = Field(description="Where to track the report in this API.")


# ---------------------------------------------------------------- the public feed


class FeedQuery(CleanInput):
    q: str = Field("", max_length=200, description="Words to search in titles and descriptions.")
    instansi: str | None = Field(None, max_length=20)
    status: Status | None = None
    type: ReportType | None = None
    category: str | None = Field(None, max_length=60, description="A category code.")
    unit: str | None = Field(None, max_length=40, description="A unit code.")
    kecamatan: str | None = Field(None, max_length=16, description="A kecamatan code.")
    submitted_from: date | None = Field(None, description="First day (local date), inclusive.")
    submitted_to: date | None = Field(None, description="Last day (local date), inclusive.")
    page: int = Field(1, ge=1, le=10_000)
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE)


class ReportSummaryOut(Schema):
    """One report of the public feed: no reporter identity, never a rahasia report."""

    tracking_number: str
    type: Choice
    title: str
    status: Choice
    category: Named | None
    region: Named | None
    reporter_label: str = Field(description="`Anonim` for an anonymous report, else `Pelapor`.")
    submitted_at: datetime
    url: str


class FeedOut(Schema):
    total: int | None = Field(description="How many reports match; null when not counted.")
    page: int
    page_size: int
    next: str | None = Field(description="Link to the next page, or null on the last one.")
    previous: str | None
    results: list[ReportSummaryOut]


def reporter_label(complaint: Complaint) -> str:
    """What public output says about who filed a report: never who it was."""
    return _("Anonymous") if complaint.is_anonymous else _("Reporter")
