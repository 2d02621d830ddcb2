"""Intake: filing a report (any channel) and adding attachments. The lifecycle is in workflow."""

from __future__ import annotations

import contextlib
import hashlib
import io
import math
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from PIL import Image, ImageCms, ImageOps

from aduan.accounts.choices import Role
from aduan.accounts.models import User
from aduan.complaints import codes, screening
from aduan.complaints.choices import STAFF_CHANNELS, ActorKind, Channel, EventKind, ReportType
from aduan.complaints.events import event_new, event_write
from aduan.complaints.identity import check_nik, normalise_phone
from aduan.complaints.models import Attachment, Complaint, ComplaintEvent, Reporter
from aduan.core import clock
from aduan.core.errors import PermissionDenied, ValidationFailed
from aduan.core.inserts import insert, prepare
from aduan.organisation.choices import RegionLevel
from aduan.organisation.clocks import deadline_after, local_date
from aduan.organisation.models import Category, Instansi, Region, Unit
from aduan.organisation.selectors import has_role

MAX_ATTACHMENTS = 5
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024

# Accepted files, recognised by their first bytes, never by their name.
_SIGNATURES: tuple[tuple[bytes, int, str], ...] = (
    (b"\xff\xd8\xff", 0, "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", 0, "image/png"),
    (b"WEBP", 8, "image/webp"),
    (b"%PDF-", 0, "application/pdf"),
)


@dataclass(frozen=True)
class ReporterInput:
    """Identity and GESI answers as given; every field is optional."""

    name: str = ""
    nik: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    gender: str = ""
    age_group: str = ""
    has_disability: bool | None = None
    vulnerable_group: str = ""
    user: User | None = None


@dataclass(frozen=True)
class ReportInput:
    type: ReportType
    title: str
    description: str
    channel: Channel
    incident_date: date | None = None
    region: Region | None = None
    address: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    category: Category | None = None
    target_unit: Unit | None = None
    is_anonymous: bool = False
    is_confidential: bool = False
    reporter: ReporterInput = field(default_factory=ReporterInput)
    # Staff channels (operator entry): the letter's number, date and date of receipt; the call.
    letter_number: str = ""
    letter_date: date | None = None
    letter_received_on: date | None = None
    call_at: datetime | None = None


@dataclass(frozen=True)
class Submitted:
    """The new report and its access code: the only moment the plain code exists."""

    complaint: Complaint
    access_code: str


def _check_staff_channel_details(*, data: ReportInput, today: date) -> None:
    """A letter's dates and a call's time: only on their channels, never in the future, and a
    letter is not received before it was written."""
    letter = data.letter_number or data.letter_date or data.letter_received_on
    if letter and data.channel not in (Channel.LETTER, Channel.COMPLAINT_BOX):
        raise ValidationFailed(_("Letter details belong to a letter."), code="letter_number")
    if data.call_at is not None and data.channel != Channel.PHONE:
        raise ValidationFailed(_("The time of a call belongs to a phone call."), code="call_at")
    if len(data.letter_number) > 100:
        raise ValidationFailed(
            _("The letter number may be at most 100 characters."), code="letter_number"
        )
    for day, code in ((data.letter_date, "letter_date"), (data.letter_received_on, "received")):
        if day is not None and day > today:
            raise ValidationFailed(_("This date cannot be in the future."), code=code)
    if data.letter_date and data.letter_received_on and data.letter_received_on < data.letter_date:
        raise ValidationFailed(
            _("The letter cannot have been received before its date."), code="received"
        )
    if data.call_at is not None and data.call_at.date() > today:
        raise ValidationFailed(_("The time of the call cannot be in the future."), code="call_at")


def _check_report(*, instansi: Instansi, data: ReportInput, today: date) -> None:
    if not data.title.strip():
        raise ValidationFailed(_("Write a short title."), code="title")
    if len(data.title) > 200:
        raise ValidationFailed(_("The title may be at most 200 characters."), code="title")
    if not data.description.strip():
        raise ValidationFailed(_("Describe what happened."), code="description")
    if len(data.description) > 10_000:
        raise ValidationFailed(
            _("The description may be at most 10,000 characters."), code="description"
        )
    if data.incident_date is not None and data.incident_date > today:
        raise ValidationFailed(_("The date of the incident cannot be in the future."), code="date")
    _check_staff_channel_details(data=data, today=today)
    if data.category is not None and data.category.instansi_id != instansi.pk:
        raise ValidationFailed(_("Choose a category of this government."), code="category")
    if data.target_unit is not None and data.target_unit.instansi_id != instansi.pk:
        raise ValidationFailed(_("Choose a unit of this government."), code="unit")
    if data.region is not None and data.region.level not in (
        RegionLevel.DISTRICT,
        RegionLevel.VILLAGE,
    ):
        raise ValidationFailed(_("Choose a kecamatan or a village."), code="region")
    if (data.latitude is None) != (data.longitude is None):
        raise ValidationFailed(_("A map point needs both latitude and longitude."), code="point")
    if data.latitude is not None and not (-90 <= data.latitude <= 90):
        raise ValidationFailed(_("The latitude is out of range."), code="point")
    if data.longitude is not None and not (-180 <= data.longitude <= 180):
        raise ValidationFailed(_("The longitude is out of range."), code="point")


def public_text_refresh(complaint: Complaint) -> None:
    """Work out the report's public title and description again from its text and the
    coordinator's masks (`Complaint.masks`), in memory: the caller saves them."""
    added = complaint.masks.get("added", [])
    kept = complaint.masks.get("kept", [])
    complaint.public_title = screening.mask(complaint.title, added=added, kept=kept)[:200]
    complaint.public_description = screening.mask(complaint.description, added=added, kept=kept)


def _sniff(head: bytes) -> str | None:
    for signature, offset, content_type in _SIGNATURES:
        if head[offset : offset + len(signature)] == signature:
            if content_type == "image/webp" and not head.startswith(b"RIFF"):
                continue
            return content_type
    return None


_PILLOW_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}
# A JPEG is decoded at 1/1, 1/2, 1/4 or 1/8 of its size (Image.draft): the largest that fits.
_JPEG_SCALES = (1, 2, 4, 8)


def image_limits_apply() -> None:
    """Pillow's own decompression-bomb check, from ADUAN_IMAGE_MAX_PIXELS: it refuses at open
    (before any pixel is decoded) a header of more than 64 times the limit, the most a JPEG
    decoded at 1/8 could still fit under it; `_reencode_image` checks the exact limit before
    decoding anything. Called when the app is ready."""
    Image.MAX_IMAGE_PIXELS = settings.ADUAN_IMAGE_MAX_PIXELS * 32
    # Our check runs first and says it in the user's language; Pillow's warning is noise.
    warnings.simplefilter("ignore", Image.DecompressionBombWarning)


def _jpeg_scale(width: int, height: int) -> int | None:
    """The reduction (1, 2, 4 or 8) to decode a JPEG at (Image.draft, nearly free): the
    least that brings it within ADUAN_IMAGE_MAX_SIDE a side (else 8) and under
    ADUAN_IMAGE_MAX_PIXELS. None: not even 1/8 fits the pixel limit."""
    fits = [
        s
        for s in _JPEG_SCALES
        if math.ceil(width / s) * math.ceil(height / s) <= settings.ADUAN_IMAGE_MAX_PIXELS
    ]
    if not fits:
        return None
    within_side = next(
        (
            s
            for s in _JPEG_SCALES
            if max(math.ceil(width / s), math.ceil(height / s)) <= settings.ADUAN_IMAGE_MAX_SIDE
        ),
        _JPEG_SCALES[-1],
    )
    return max(fits[0], within_side)


def _too_large() -> ValidationFailed:
    megapixels = settings.ADUAN_IMAGE_MAX_PIXELS // 1_000_000
    return ValidationFailed(
        _("This photo is too large (more than %(mp)s megapixels).") % {"mp": megapixels},
        code="attachment_size",
    )


def _reencode_image(upload: File[bytes], content_type: str) -> bytes:
    """The photo decoded and encoded again without its metadata: EXIF (GPS position, camera,
    time), XMP, JPEG comments, PNG text chunks and the ICC profile (its colours converted to
    sRGB first) are dropped. The EXIF orientation is applied to the pixels first, so a
    portrait photo stays upright.

    Memory is bounded by ADUAN_IMAGE_MAX_PIXELS: the size is read from the header before any
    pixel is decoded; a larger JPEG is decoded at a reduced scale (Image.draft), a larger PNG
    or WebP is refused. The result is at most ADUAN_IMAGE_MAX_SIDE pixels a side: a large
    JPEG is decoded at the reduction that fits (so it may come out smaller), other photos are
    scaled down. Runs before the write transaction (`attachments_prepare`)."""
    unreadable = ValidationFailed(_("This photo could not be read."), code="attachment_type")
    max_pixels = settings.ADUAN_IMAGE_MAX_PIXELS
    upload.seek(0)
    try:
        with Image.open(upload) as original:
            width, height = original.size
            if width * height > max_pixels and content_type != "image/jpeg":
                raise _too_large()
            if content_type == "image/jpeg":
                scale = _jpeg_scale(width, height)
                if scale is None:
                    raise _too_large()
                if scale > 1:
                    original.draft("RGB", (math.ceil(width / scale), math.ceil(height / scale)))
                if original.width * original.height > max_pixels:
                    raise _too_large()
            icc = original.info.get("icc_profile")
            image = ImageOps.exif_transpose(original)
            image.load()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise unreadable from None
    if icc and image.mode in ("RGB", "RGBA"):
        # An unreadable profile: the pixels stay as they are.
        with contextlib.suppress(ImageCms.PyCMSError, OSError, ValueError):
            image = (
                ImageCms.profileToProfile(
                    image,
                    ImageCms.ImageCmsProfile(io.BytesIO(icc)),
                    ImageCms.createProfile("sRGB"),
                    outputMode=image.mode,
                )
                or image
            )
    # Evidence needs no more than ADUAN_IMAGE_MAX_SIDE pixels a side: smaller to encode, store
    # and send.
    side = settings.ADUAN_IMAGE_MAX_SIDE
    if max(image.size) > side:
        image.thumbnail((side, side), Image.Resampling.BICUBIC, reducing_gap=2.0)
    if content_type == "image/jpeg" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")  # CMYK and other scanner modes
    elif image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
        image = image.convert("RGBA")
    # Pillow writes some of `info` back by default (a JPEG's comment, XMP): keep only what
    # the pixels need, a palette's transparent colour.
    transparency = image.info.get("transparency")
    image.info.clear()
    if transparency is not None:
        image.info["transparency"] = transparency
    out = io.BytesIO()
    options: dict[str, object] = {"quality": 90} if content_type != "image/png" else {}
    image.save(out, format=_PILLOW_FORMATS[content_type], **options)
    return out.getvalue()


@dataclass(frozen=True)
class PreparedFile:
    """An upload checked and, for a photo, re-encoded: what `attachments_store` writes.

    Made by `attachments_prepare` before any transaction is open, so that decoding photos
    never holds a write lock (on SQLite, the whole site's)."""

    content: bytes
    content_type: str
    original_name: str
    sha256: str

    @property
    def size(self) -> int:
        return len(self.content)


def attachment_prepare(upload: File[bytes]) -> PreparedFile:
    """Check one upload (size, type by content) and re-encode a photo; raises ValidationFailed."""
    size = upload.size or 0
    if size > MAX_ATTACHMENT_BYTES:
        raise ValidationFailed(_("Each file may be at most 10 MB."), code="attachment_size")
    upload.seek(0)
    head = upload.read(16)
    content_type = _sniff(head)
    if content_type is None:
        raise ValidationFailed(
            _("Only photos (JPEG, PNG, WebP) and PDF documents can be attached."),
            code="attachment_type",
        )
    if content_type == "application/pdf":
        upload.seek(0)
        content = upload.read()
    else:
        content = _reencode_image(upload, content_type)
    return PreparedFile(
        content=content,
        content_type=content_type,
        original_name=(upload.name or "file")[-200:],
        sha256=hashlib.sha256(content).hexdigest(),
    )


def attachment_check(upload: File[bytes]) -> str:
    """Raise the ValidationFailed that filing would raise for this file (size, type by
    content, a photo that cannot be decoded or is too large) and return its content type;
    stores nothing.

    For channels that collect files before the report exists (a WhatsApp conversation), so
    the citizen hears at once that a photo was refused; filing screens the file again."""
    content_type = attachment_prepare(upload).content_type
    upload.seek(0)
    return content_type


def attachments_prepare(uploads: Sequence[File[bytes]]) -> list[PreparedFile]:
    """Check and re-encode the files of one action, before its transaction (see PreparedFile).

    Raises ValidationFailed for the first file refused; nothing is written either way."""
    if len(uploads) > MAX_ATTACHMENTS:
        raise ValidationFailed(_("At most 5 files can be attached."), code="attachments")
    return [attachment_prepare(upload) for upload in uploads]


def _store_attachment(
    *,
    complaint: Complaint,
    prepared: PreparedFile,
    is_public: bool,
    event: ComplaintEvent | None = None,
) -> Attachment:
    attachment = Attachment(
        complaint=complaint,
        original_name=prepared.original_name,
        content_type=prepared.content_type,
        size=prepared.size,
        sha256=prepared.sha256,
        is_public=is_public,
        uploaded_at=clock.now(),
        event=event,
    )
    attachment.file.save(attachment.sha256, ContentFile(prepared.content), save=False)
    attachment.save(force_insert=True)
    return attachment


def attachments_store(
    *,
    complaint: Complaint,
    files: Sequence[PreparedFile],
    is_public: bool,
    event: ComplaintEvent | None = None,
) -> list[Attachment]:
    """Store prepared files (`attachments_prepare`) on a report, each linked to `event` when
    given.

    Call it inside the service's transaction, as its last write: if anything fails, the files
    already written are removed and the error goes on, so the rolled-back transaction leaves
    neither a row nor a file.
    """
    stored: list[Attachment] = []
    try:
        for prepared in files:
            stored.append(
                _store_attachment(
                    complaint=complaint, prepared=prepared, is_public=is_public, event=event
                )
            )
    except BaseException:
        for attachment in stored:
            default_storage.delete(attachment.file.name)
        raise
    return stored


@dataclass
class Filing:
    """A report checked and built, not yet written: what `complaint_file` inserts.

    `complaint_prepare` makes it before any transaction is open, so that the transaction that
    writes the report holds its locks (on SQLite, the database's one write lock) only for the
    inserts, not for the checks, numbers, deadlines and hashing (docs/performance.md).
    """

    instansi: Instansi
    data: ReportInput
    actor: User | None
    forwarded_from: Complaint | None
    reporter: Reporter | None
    complaint: Complaint
    event: ComplaintEvent
    access_code: str

    @property
    def submitted(self) -> Submitted:
        return Submitted(complaint=self.complaint, access_code=self.access_code)

    def again(self) -> Filing:
        """The same report prepared anew, with new numbers and unsaved rows (after a refused
        insert rolled this one's rows back)."""
        return complaint_prepare(
            instansi=self.instansi,
            data=self.data,
            actor=self.actor,
            forwarded_from=self.forwarded_from,
        )


def complaint_prepare(
    *,
    instansi: Instansi,
    data: ReportInput,
    actor: User | None = None,
    forwarded_from: Complaint | None = None,
) -> Filing:
    """Check a report and build its rows (reporter, report, first event) without writing.

    Raises what filing would raise for the input (ValidationFailed, PermissionDenied); reads
    reference data and nothing else. The numbers are new on every call.
    """
    now = clock.now()
    today = local_date(instansi, now)
    _check_report(instansi=instansi, data=data, today=today)
    if (
        data.channel in STAFF_CHANNELS
        and forwarded_from is None
        and not has_role(actor, (Role.OPERATOR, Role.COORDINATOR), instansi_id=instansi.pk)
    ):
        raise PermissionDenied(_("Only front-desk staff can enter reports from this channel."))

    given = data.reporter
    reporter = None
    identity = ReporterInput(
        **{
            **given.__dict__,
            "phone": normalise_phone(given.phone),
            "nik": check_nik(given.nik),
            # One address, one spelling: matched exactly against the person's other reports.
            "email": given.email.strip().lower(),
        }
    )
    if any(
        (
            identity.name,
            identity.nik,
            identity.phone,
            identity.email,
            identity.address,
            identity.gender,
            identity.age_group,
            identity.has_disability is not None,
            identity.vulnerable_group,
            identity.user,
        )
    ):
        reporter = Reporter(**identity.__dict__)

    # Unique by the index; a clash is filed again with new numbers (complaint_file).
    tracking_number = codes.new_tracking_number(instansi.tracking_prefix)
    access_code = codes.new_access_code()

    verify_due = deadline_after(instansi, now, instansi.verify_days)
    complete_due = None
    if data.type == ReportType.INFO_REQUEST:
        # UU 14/2008: an information request is answered within 10 working days of receipt.
        complete_due = deadline_after(instansi, now, instansi.info_request_days)
    late = data.incident_date is not None and data.incident_date < today - timedelta(
        days=instansi.late_filing_days
    )
    complaint = Complaint(
        instansi=instansi,
        tracking_number=tracking_number,
        access_code_hash=codes.hash_access_code(tracking_number, access_code),
        type=data.type,
        title=data.title.strip(),
        description=data.description.strip(),
        # Screened at intake: the public text has personal data masked (complaints.screening);
        # it is public only once a coordinator publishes the report.
        public_title=screening.mask(data.title.strip())[:200],
        public_description=screening.mask(data.description.strip()),
        incident_date=data.incident_date,
        region=data.region,
        address=data.address.strip(),
        latitude=data.latitude,
        longitude=data.longitude,
        category=data.category,
        target_unit=data.target_unit,
        channel=data.channel,
        letter_number=data.letter_number.strip(),
        letter_date=data.letter_date,
        letter_received_on=data.letter_received_on,
        call_at=data.call_at,
        is_anonymous=data.is_anonymous,
        is_confidential=data.is_confidential,
        reporter=reporter,
        created_by=actor if data.channel in STAFF_CHANNELS else None,
        forwarded_from=forwarded_from,
        is_late_filing=late,
        submitted_at=now,
        updated_at=now,
        verify_due_at=verify_due,
        complete_due_at=complete_due,
        next_due_at=min(d for d in (verify_due, complete_due) if d is not None),
    )
    event = event_new(
        complaint=complaint,
        kind=EventKind.SUBMITTED,
        actor=actor,
        actor_kind=ActorKind.STAFF if complaint.created_by else ActorKind.REPORTER,
        at=now,
        new={"status": complaint.status, "channel": complaint.channel, "late": late},
        is_public=True,
    )
    # The rows' values are worked out here, before the write transaction (core.inserts).
    for row in (reporter, complaint, event):
        if row is not None:
            prepare(row)
    return Filing(
        instansi=instansi,
        data=data,
        actor=actor,
        forwarded_from=forwarded_from,
        reporter=reporter,
        complaint=complaint,
        event=event,
        access_code=access_code,
    )


# A clash of random tracking numbers is rare (40 bits); this many tries, then the error goes on.
_FILING_ATTEMPTS = 5


def complaint_file(
    *,
    filing: Filing,
    attachments: Sequence[File[bytes]] = (),
    on_filed: Callable[[Submitted], None] | None = None,
) -> Submitted:
    """Write a prepared report: reporter, report, first event and files, in one transaction.

    `on_filed`: called with the new report inside this transaction, so what it writes (the
    answer kept for an Idempotency-Key) commits or rolls back with the report.

    When the unique index refuses the tracking number, the report is prepared again with new
    numbers and filed again (cheaper than asking first: that SELECT was a fifth of every
    submission). The retry runs after the transaction is rolled back, because on PostgreSQL a
    refused INSERT spoils the rest of it; `on_filed` may thus see a different number from the
    one `filing` had.
    """
    # Photos are decoded and re-encoded here, before the transaction, never inside it.
    files = attachments_prepare(attachments)
    for attempt in range(_FILING_ATTEMPTS):
        try:
            return _filing_write(filing, files, on_filed)
        except IntegrityError as exc:
            if "tracking_number" not in str(exc) or attempt == _FILING_ATTEMPTS - 1:
                raise
        filing = filing.again()
    raise AssertionError("unreachable")  # the loop returns or raises


@transaction.atomic
def _filing_write(
    filing: Filing,
    files: Sequence[PreparedFile],
    on_filed: Callable[[Submitted], None] | None,
) -> Submitted:
    if filing.reporter is not None:
        insert(filing.reporter)
    event_write(complaint=filing.complaint, event=filing.event)  # inserts the report too
    stored: list[str] = []
    try:
        for prepared in files:
            attachment = _store_attachment(
                complaint=filing.complaint, prepared=prepared, is_public=False
            )
            stored.append(attachment.file.name)
        submitted = filing.submitted
        if on_filed is not None:
            on_filed(submitted)
    except BaseException:
        # The transaction rolls back the rows; the files are ours to remove.
        for name in stored:
            default_storage.delete(name)
        raise
    return submitted


def complaint_submit(
    *,
    instansi: Instansi,
    data: ReportInput,
    actor: User | None = None,
    attachments: Sequence[File[bytes]] = (),
    forwarded_from: Complaint | None = None,
    on_filed: Callable[[Submitted], None] | None = None,
) -> Submitted:
    """File a report from any channel. An operator files on behalf of a citizen (STAFF_CHANNELS).

    `forwarded_from`: the copy of a report another instansi forwarded here (bukan wewenang);
    it keeps its channel, whose staff were checked where it was first filed.

    `on_filed`: see `complaint_file`. The checks and building run before the write
    transaction (`complaint_prepare`), the inserts inside it (`complaint_file`).

    "No wrong door": a late report is accepted and flagged, never refused.
    """
    filing = complaint_prepare(
        instansi=instansi, data=data, actor=actor, forwarded_from=forwarded_from
    )
    return complaint_file(filing=filing, attachments=attachments, on_filed=on_filed)
