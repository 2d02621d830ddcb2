"""Shapes of the public API's tracking of one report, and of the reporter's actions on it."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Field, Schema

from aduan.core.schemas import Choice, Named, StrictInput


class TimelineEntryOut(Schema):
    """One public event of the report; names the acting unit, never a person."""

    kind: Choice
    at: datetime
    actor: Choice = Field(description="staff, reporter or system.")
    unit: str | None = Field(description="The unit that acted, when a unit did.")
    note: str


class ClockOut(Schema):
    label: str
    started_at: datetime
    due_at: datetime
    state: Choice = Field(description="on_track, at_risk or breached.")
    unit: str | None


class ReporterOwnOut(Schema):
    """The identity the reporter gave, shown back only to the holder of the access code."""

    name: str
    phone: str
    email: str
    nik: str = Field(description="Masked: only the last four digits are shown.")


class ReportPublicOut(Schema):
    """A report as the public sees it: no reporter identity."""

    tracking_number: str
    type: Choice
    title: str
    description: str
    status: Choice
    category: Named | None
    region: Named | None
    address: str
    incident_date: date | None
    reporter_label: str = Field(description="`Anonim` for an anonymous report, else `Pelapor`.")
    submitted_at: datetime
    resolved_at: datetime | None
    closed_at: datetime | None
    timeline: list[TimelineEntryOut]


class ReportPrivateOut(ReportPublicOut):
    """The reporter's own view (with the access code): adds the identity given, the running
    clocks and what the reporter can do now."""

    is_anonymous: bool
    is_confidential: bool
    awaits_verification: bool = Field(
        description="True until a coordinator verified the report; until then it is public "
        "nowhere, and only the reporter (with the access code) sees it."
    )
    is_published: bool = Field(
        description="Whether the report is on the public feed, search and its public page."
    )
    reporter: ReporterOwnOut | None
    clocks: list[ClockOut]
    can_reply: bool
    can_confirm: bool
    can_rate: bool
    rating: int | None
    rating_comment: str


class ReplyIn(StrictInput):
    text: str = Field(max_length=5000, description="The reporter's message or answer.")


class ConfirmIn(StrictInput):
    note: str = Field("", max_length=2000)


class RatingIn(StrictInput):
    stars: int = Field(ge=1, le=5)
    comment: str = Field("", max_length=2000)
