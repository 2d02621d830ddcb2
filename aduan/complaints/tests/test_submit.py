"""Filing a report: tracking number and access code, identity checks, late filing, channels."""

from __future__ import annotations

import io
import re
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.http import Http404
from PIL import Image

from aduan.complaints import codes
from aduan.complaints.choices import STAFF_CHANNELS, ActorKind, EventKind
from aduan.complaints.events import verify_chain
from aduan.complaints.models import Attachment, Complaint, ComplaintEvent, Reporter
from aduan.complaints.selectors import complaint_get_for_reporter
from aduan.complaints.services import ReporterInput
from aduan.core.errors import PermissionDenied, ValidationFailed

WITA = ZoneInfo("Asia/Makassar")
TRACKING = re.compile(r"^LWU-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$")


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), (10, 20, 30)).save(out, format="PNG")
    return out.getvalue()


# A real image: photos are decoded and re-encoded (without their metadata) on intake.
PNG = _png()
EXE = b"MZ\x90\x00" + b"\x00" * 64


def _nothing_stored() -> None:
    assert (Complaint.objects.count(), Reporter.objects.count(), Attachment.objects.count()) == (
        0,
        0,
        0,
    )
    media = Path(settings.MEDIA_ROOT)
    assert not media.exists() or not [p for p in media.rglob("*") if p.is_file()]


def test_tracking_numbers_are_readable_and_unique(submit):
    numbers = [submit().complaint.tracking_number for _ in range(30)]
    assert all(TRACKING.match(n) for n in numbers), numbers
    assert len(set(numbers)) == 30


def test_submission_records_one_public_event_and_the_verification_clock(submit):
    complaint = submit().complaint
    (event,) = complaint.events.all()
    assert (event.kind, event.actor_kind, event.is_public) == (
        EventKind.SUBMITTED,
        ActorKind.REPORTER,
        True,
    )
    assert complaint.event_count == 1
    assert complaint.last_event_hash == event.hash


def test_access_code_opens_only_its_own_report(submit):
    mine = submit()
    other = submit()
    found = complaint_get_for_reporter(
        tracking_number=mine.complaint.tracking_number.lower(),
        access_code=" " + mine.access_code.lower() + " ",
    )
    assert found == mine.complaint
    for tracking, code in (
        (mine.complaint.tracking_number, other.access_code),
        (mine.complaint.tracking_number, ""),
        (other.complaint.tracking_number, mine.access_code),
        ("LWU-0000-0000", mine.access_code),
    ):
        with pytest.raises(Http404):
            complaint_get_for_reporter(tracking_number=tracking, access_code=code)


def test_access_code_is_stored_only_as_a_hash(submit):
    submitted = submit()
    row = Complaint.objects.get(pk=submitted.complaint.pk)
    assert submitted.access_code not in row.access_code_hash
    assert len(row.access_code_hash) == 64


@pytest.mark.parametrize(
    "raw", ["0812 3456 7890", "081234567890", "6281234567890", "+62 812-3456-7890"]
)
def test_phone_numbers_are_one_number_in_plus_62_form(submit, raw):
    complaint = submit(reporter=ReporterInput(name="Andi", phone=raw)).complaint
    assert Reporter.objects.get(pk=complaint.reporter_id).phone == "+6281234567890"


@pytest.mark.parametrize("raw", ["12345", "+1 415 555 0100", "0812-ABCD-7890", "08123"])
def test_bad_phone_is_refused_and_nothing_is_stored(submit, raw):
    with pytest.raises(ValidationFailed):
        submit(reporter=ReporterInput(name="Andi", phone=raw))
    _nothing_stored()


@pytest.mark.parametrize(
    "nik",
    [
        "731701010190000",  # 15 digits
        "73170132019000012",  # 17 digits
        "7317013201900001",  # day 32
        "7317011013900001",  # month 13
        "7317011001900000",  # serial 0000
        "73170110019O0001",  # a letter
    ],
)
def test_bad_nik_is_refused_and_nothing_is_stored(submit, nik):
    with pytest.raises(ValidationFailed):
        submit(reporter=ReporterInput(name="Andi", nik=nik))
    _nothing_stored()


@pytest.mark.parametrize("nik", ["7317011001900001", "7317015001900001"])  # man, woman (+40)
def test_valid_nik_is_kept(submit, nik):
    complaint = submit(reporter=ReporterInput(name="Andi", nik=nik)).complaint
    assert Reporter.objects.get(pk=complaint.reporter_id).nik == nik


def test_report_without_identity_has_no_reporter_row(submit):
    complaint = submit(reporter=ReporterInput()).complaint
    assert complaint.reporter_id is None
    assert Reporter.objects.count() == 0


@pytest.mark.parametrize(("days_ago", "late"), [(30, False), (31, True), (400, True)])
def test_late_report_is_accepted_and_flagged(submit, days_ago, late):
    with time_machine.travel(datetime(2026, 11, 2, 9, 0, tzinfo=WITA), tick=False):
        complaint = submit(incident_date=date(2026, 11, 2) - timedelta(days=days_ago)).complaint
    assert complaint.is_late_filing is late
    assert complaint.events.get().new["late"] is late


def test_incident_in_the_future_is_refused(submit):
    with (
        time_machine.travel(datetime(2026, 11, 2, 9, 0, tzinfo=WITA), tick=False),
        pytest.raises(ValidationFailed),
    ):
        submit(incident_date=date(2026, 11, 3))
    _nothing_stored()


@pytest.mark.parametrize("channel", STAFF_CHANNELS)
def test_staff_channels_need_an_operator_or_coordinator(
    submit, channel, citizen, officer, sysadmin, operator, admin
):
    for outsider in (None, citizen, officer, sysadmin):
        with pytest.raises(PermissionDenied):
            submit(channel=channel, actor=outsider)
    _nothing_stored()
    for staff in (operator, admin):
        complaint = submit(channel=channel, actor=staff).complaint
        assert (complaint.channel, complaint.created_by) == (channel, staff)
        assert complaint.events.get().actor_kind == ActorKind.STAFF


def test_attachment_is_stored_by_content_not_by_name(submit):
    upload = SimpleUploadedFile("foto.exe", PNG, content_type="application/octet-stream")
    complaint = submit(attachments=[upload]).complaint
    (attachment,) = Attachment.objects.filter(complaint=complaint)
    assert attachment.content_type == "image/png"
    assert attachment.original_name == "foto.exe"
    assert not attachment.file.name.endswith(".exe")
    assert (Path(settings.MEDIA_ROOT) / attachment.file.name).read_bytes() == PNG


def test_refused_attachment_leaves_no_row_and_no_file(submit):
    good = SimpleUploadedFile("jalan.png", PNG, content_type="image/png")
    bad = SimpleUploadedFile("jalan.jpg", EXE, content_type="image/jpeg")
    with pytest.raises(ValidationFailed):
        submit(attachments=[good, bad])
    _nothing_stored()


def test_more_than_five_attachments_are_refused(submit):
    uploads = [SimpleUploadedFile(f"{i}.png", PNG, content_type="image/png") for i in range(6)]
    with pytest.raises(ValidationFailed):
        submit(attachments=uploads)
    _nothing_stored()


def _numbers_taken(monkeypatch, taken: list[str]) -> None:
    """The next tracking numbers drawn are `taken` (in order), then random ones again."""
    real = codes.new_tracking_number
    queue = list(taken)
    monkeypatch.setattr(
        codes, "new_tracking_number", lambda prefix: queue.pop(0) if queue else real(prefix)
    )


def test_a_taken_tracking_number_is_filed_again_under_a_new_one(submit, monkeypatch):
    first = submit().complaint
    _numbers_taken(monkeypatch, [first.tracking_number, first.tracking_number])

    second = submit(title="Lampu jalan mati")

    complaint = Complaint.objects.get(pk=second.complaint.pk)
    assert complaint.tracking_number not in ("", first.tracking_number)
    assert complaint.title == "Lampu jalan mati"
    assert codes.access_code_matches(
        complaint.tracking_number, second.access_code, complaint.access_code_hash
    )
    assert verify_chain(complaint) == []
    # The refused attempts left nothing: one reporter, one report, one event each.
    assert (Complaint.objects.count(), Reporter.objects.count()) == (2, 2)
    assert ComplaintEvent.objects.count() == 2


def test_a_number_taken_on_every_try_is_an_error_that_leaves_nothing(submit, monkeypatch):
    first = submit().complaint
    _numbers_taken(monkeypatch, [first.tracking_number] * 5)

    with pytest.raises(IntegrityError):
        submit(title="Lampu jalan mati")

    assert (Complaint.objects.count(), Reporter.objects.count()) == (1, 1)
    assert ComplaintEvent.objects.count() == 1
