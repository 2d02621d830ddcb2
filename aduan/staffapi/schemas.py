"""Shapes of the staff API's input and output. Output is filled by explicit functions in
`api.py`; no schema here carries the reporter's identity except `ReporterOut`, answered only by
the logged identity action."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

from ninja import Field, Schema

from aduan.complaints.choices import STAFF_CHANNELS, ArchiveReason, Cause, ReportType
from aduan.complaints.schemas import ReporterIn
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


class StaffSubmittedOut(Schema):
    """A report entered at the desk: the only time its access code is given out."""

    tracking_number: str
    access_code: str = Field(
        description="The reporter's secret: hand it to the citizen (the slip); not shown again."
    )
    type: Choice
    status: Choice
    channel: Choice
    submitted_at: datetime
    verify_due_at: datetime | None
    complete_due_at: datetime | None
    is_late_filing: bool
    attachments: int = Field(description="How many files were stored with the report.")
    url: str


class LaporIdOut(Schema):
    tracking_number: str
    national_id: str | None = Field(description="null once an id recorded by hand is removed.")
    manual: bool = Field(description="Recorded by hand (true) or answered by SP4N-LAPOR!.")
    event_count: int


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


class ScreenedPieceOut(Schema):
    text: str
    kind: str | None = Field(
        description="null for plain text; else what it looks like: `nik`, `phone`, `email`, "
        "`name`, or `manual` (masked by hand)."
    )


class ScreeningMatchOut(Schema):
    kind: str = Field(description="`nik`, `phone`, `email`, `name` or `manual`.")
    text: str = Field(description="The piece as written; post it to `unmask` to keep it readable.")


class ScreeningOut(Schema):
    """What the screening finds in the report's text, as the console's publication section
    shows it: the pieces to highlight, the masks, and the text the public reads."""

    is_published: bool
    is_confidential: bool
    has_personal_data: bool
    found: list[ScreeningMatchOut]
    title: list[ScreenedPieceOut]
    description: list[ScreenedPieceOut]
    added: list[str] = Field(description="Masked by hand (`mask`).")
    kept: list[str] = Field(description="Found by the screening but kept readable (`unmask`).")
    public_title: str
    public_description: str


class UnitSuggestionOut(Schema):
    unit: Named
    category: Named | None = Field(description="The category this unit implies, if any.")
    confidence: float
    reason: str = Field(description="The words that weighed most, comma-separated.")


class PlaceOut(Schema):
    code: str
    name: str
    level: str
    from_text: bool = Field(
        description="true: named in the text (the reporter left the location empty); "
        "false: the location the report already has."
    )


class SuggestionsOut(Schema):
    """The routing assistant's suggestions for a report awaiting verification. They decide
    nothing: accept one (`suggestions/accept`) or verify otherwise."""

    units: list[UnitSuggestionOut] = Field(description="Three units, best first.")
    scope: Choice = Field(description="Whose business it is: regional, central, BPJS, BUMN/BUMD.")
    scope_confidence: float
    place: PlaceOut | None
    model_version: int | None = Field(description="The government's own model, if one is in use.")


class DuplicateOut(Schema):
    tracking_number: str
    title: str
    status: Choice
    submitted_at: datetime
    shared: list[str] = Field(description="The words both reports share: why it is listed.")
    url: str


class DuplicatesOut(Schema):
    results: list[DuplicateOut]


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
AttachmentId = Annotated[int, Field(ge=1, le=2**63 - 1)]


class PublicationIn(StrictInput):
    """The publication decision taken when a report is first verified, as on the console."""

    publish: bool | None = Field(
        None, description="Publish the report; default: yes, unless it is confidential (rahasia)."
    )
    public_attachments: list[AttachmentId] = Field(
        default_factory=list,
        max_length=50,
        description="Ids of the reporter's attachments the public may see; default: none.",
    )


class VerifyIn(PublicationIn):
    units: list[str] = Field(min_length=1, max_length=10, description="Unit codes.")
    instruction: str = Field("", max_length=5000)
    title: str | None = Field(None, min_length=1, max_length=200)
    category_code: str | None = Field(None, min_length=1, max_length=60)
    is_anonymous: bool | None = None
    is_confidential: bool | None = None


class DispatchIn(StrictInput):
    units: list[str] = Field(min_length=1, max_length=10, description="Unit codes.")
    instruction: str = Field("", max_length=5000)


class HandleIn(PublicationIn):
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
    cause: Cause | None = Field(
        None, description="Where the service failed (optional; not shown to the public)."
    )
    improvement: str = Field(
        "",
        max_length=2000,
        description="A unit's proposal to prevent it next time (needs a cause); the leader "
        "decides on it.",
    )


class PublishIn(StrictInput):
    public_attachments: list[AttachmentId] = Field(
        default_factory=list,
        max_length=50,
        description="Ids of the reporter's attachments the public may see (these exactly).",
    )


class MaskIn(StrictInput):
    text: str = Field(
        min_length=1,
        max_length=200,
        description="A piece of the title or description, exactly as written.",
    )


class SuggestionAcceptIn(StrictInput):
    unit: str = Field(
        min_length=1, max_length=60, description="The code of one of the suggested units."
    )


class MergeIn(StrictInput):
    original: str = Field(
        min_length=1, max_length=40, description="The tracking number of the original report."
    )
    note: str = Field("", max_length=2000)


class ReassignIn(StrictInput):
    unit: str = Field(min_length=1, max_length=60, description="The sub-unit's code.")
    note: str = Field("", max_length=2000)


class EmptyIn(StrictInput):
    pass


class StaffChannel(StrEnum):
    """The channels an operator records (STAFF_CHANNELS: the console's entry form offers
    these only)."""

    LETTER = "letter"
    PHONE = "phone"
    WALK_IN = "walk_in"
    COMPLAINT_BOX = "complaint_box"
    OUTREACH = "outreach"
    SOCIAL_MEDIA = "social_media"


# One definition: the API offers exactly the console's channels.
assert [c.value for c in StaffChannel] == [c.value for c in STAFF_CHANNELS]


class AttachmentIn(StrictInput):
    """A file sent in the JSON body (the API takes JSON only)."""

    name: str = Field(min_length=1, max_length=200, description="The file's name, e.g. surat.pdf.")
    content_base64: str = Field(
        min_length=1,
        description="The file's bytes in standard base64. A photo (JPEG, PNG, WebP) or a PDF of "
        "at most 10 MB, checked and screened as on the console (type by content, pixel budget, "
        "location data removed).",
    )


class StaffReportIn(StrictInput):
    """A report entered at the front desk on a citizen's behalf, as on /konsol/entri/."""

    channel: StaffChannel = Field(
        description="How it came in: a letter, a phone call, a walk-in, the complaint box, an "
        "outreach visit, social media."
    )
    type: ReportType
    title: str = Field(max_length=200)
    description: str = Field(max_length=10_000)
    incident_date: date | None = None
    region_code: str | None = Field(
        None, max_length=16, description="A kecamatan or desa/kelurahan code (73.17.01.2005)."
    )
    address: str = Field("", max_length=255)
    latitude: float | None = Field(None, ge=-90, le=90)
    longitude: float | None = Field(None, ge=-180, le=180)
    category_code: str | None = Field(None, max_length=60)
    unit_code: str | None = Field(None, max_length=60)
    is_anonymous: bool = Field(False, description="The citizen asks to hide their name.")
    is_confidential: bool = Field(
        False, description="Rahasia: the citizen asks not to publish the report."
    )
    reporter: ReporterIn | None = None
    letter_number: str = Field(
        "", max_length=100, description="A letter or complaint-box note: its number."
    )
    letter_date: date | None = Field(None, description="A letter: its date.")
    letter_received_on: date | None = Field(
        None, description="A letter: the day the office received it, if not today."
    )
    call_at: datetime | None = Field(
        None,
        description="A phone call: when it was; without an offset, in the government's time zone.",
    )
    attachments: list[AttachmentIn] = Field(
        default_factory=list,
        description="At most 5 files (the letter's scan first), 10 MB each; the whole request "
        "at most ADUAN_MAX_REQUEST_MB (55 MB).",
    )


class LaporIdIn(StrictInput):
    national_id: str | None = Field(
        max_length=60,
        description="The report's SP4N-LAPOR! tracking id; null removes an id recorded by hand.",
    )
