"""Shapes of the staff API's input and output. Output is filled by explicit functions in
`api.py`; no schema here carries the reporter's identity except `ReporterOut`, answered only by
the logged identity action."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from ninja import Field, Schema

from aduan.complaints.choices import ArchiveReason, ReportType
from aduan.core.schemas import Choice, Named, StrictInput

# ---------------------------------------------------------------- output


class TokenOut(Schema):
    name: str
    kind: Choice
    role: Choice
    instansi: Named
    unit: Named | None
    expires_at: datetime


class InboxItemOut(Schema):
    tracking_number: str
    title: str
    type: Choice
    status: Choice
    category: Named | None
    channel: Choice
    is_anonymous: bool
    is_confidential: bool
    submitted_at: datetime
    due_at: datetime | None = Field(description="The deadline that matters now, if a clock runs.")
    url: str


class InboxOut(Schema):
    page: int
    has_next: bool
    results: list[InboxItemOut]


class DispatchOut(Schema):
    unit: Named
    status: Choice
    instruction: str
    dispatched_at: datetime
    followup_due_at: datetime | None


class EventOut(Schema):
    seq: int
    kind: Choice
    at: datetime
    actor_kind: Choice
    unit: str | None
    note: str
    is_public: bool
    via: str = Field(description="`token:<id>` when done through the staff API, else empty.")


class StaffReportOut(Schema):
    """A report as its staff see it: no reporter identity (see the identity action)."""

    tracking_number: str
    type: Choice
    title: str
    description: str
    status: Choice
    channel: Choice
    category: Named | None
    region: Named | None
    address: str
    latitude: float | None
    longitude: float | None
    is_anonymous: bool
    is_confidential: bool
    has_reporter: bool
    submitted_at: datetime
    verify_due_at: datetime | None
    complete_due_at: datetime | None
    dispatches: list[DispatchOut]
    events: list[EventOut]


class ActionOut(Schema):
    tracking_number: str
    status: Choice
    event_count: int


class ReporterOut(Schema):
    name: str
    nik: str
    phone: str
    email: str
    address: str


class IdentityOut(Schema):
    reporter: ReporterOut | None = Field(description="null when the reporter gave no identity.")


# ---------------------------------------------------------------- input


class CoordinatorTab(StrEnum):
    SUBMITTED = "submitted"
    ON_HOLD = "on_hold"
    OPEN = "open"


class UnitTab(StrEnum):
    ALL = "all"
    NEW = "new"
    IN_PROGRESS = "in_progress"
    ON_HOLD = "on_hold"


Text = Field(max_length=5000)
Reason = Field(min_length=1, max_length=2000)
Code = Field(min_length=1, max_length=60)


class VerifyIn(StrictInput):
    units: list[str] = Field(min_length=1, max_length=10, description="Unit codes.")
    instruction: str = Field("", max_length=5000)
    title: str | None = Field(None, min_length=1, max_length=200)
    category_code: str | None = Field(None, min_length=1, max_length=60)
    is_anonymous: bool | None = None
    is_confidential: bool | None = None


class DispatchIn(StrictInput):
    units: list[str] = Field(min_length=1, max_length=10, description="Unit codes.")
    instruction: str = Field("", max_length=5000)


class HandleIn(StrictInput):
    category_code: str | None = Field(None, min_length=1, max_length=60)
    note: str = Field("", max_length=5000)


class EditIn(StrictInput):
    title: str | None = Field(None, min_length=1, max_length=200)
    category_code: str | None = Field(None, min_length=1, max_length=60)
    type: ReportType | None = None
    is_anonymous: bool | None = None
    is_confidential: bool | None = None


class ForwardIn(StrictInput):
    reason: str = Field(min_length=1, max_length=2000)
    to_lapor: bool = Field(False, description="Forward to the national SP4N-LAPOR!.")
    to_instansi: str | None = Field(
        None, min_length=1, max_length=20, description="Or the code of another government."
    )


class ArchiveIn(StrictInput):
    reason: ArchiveReason
    note: str = Field("", max_length=2000)


class NoteIn(StrictInput):
    note: str = Field("", max_length=2000)


class QuestionIn(StrictInput):
    question: str = Field(min_length=1, max_length=2000)


class ReasonIn(StrictInput):
    reason: str = Field(min_length=1, max_length=2000)


class FollowupIn(StrictInput):
    text: str = Field(min_length=1, max_length=5000)
    is_public: bool = Field(True, description="false: an internal note, not shown to the reporter.")


class ResolveIn(StrictInput):
    summary: str = Field(min_length=1, max_length=5000)


class ReassignIn(StrictInput):
    unit: str = Field(min_length=1, max_length=60, description="The sub-unit's code.")
    note: str = Field("", max_length=2000)


class EmptyIn(StrictInput):
    pass
