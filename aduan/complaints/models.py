"""The report aggregate: Complaint, its Reporter, Dispatches, Attachments and the event log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from aduan.complaints.choices import (
    ActorKind,
    AgeGroup,
    ArchiveReason,
    Channel,
    DispatchStatus,
    EventKind,
    Gender,
    ReportType,
    Status,
)
from aduan.organisation.models import Category, Instansi, Region, Unit


def index_where_set(name: str, field: str) -> models.Index:
    """An index of the rows where `field` is set (partial: WHERE ... IS NOT NULL).

    For columns empty on nearly every row: every INSERT writes every full index, and a lookup by
    value (`= x`, `< x`, `IN`) implies NOT NULL, so both databases use the partial one.
    """
    return models.Index(fields=[field], name=name, condition=Q(**{f"{field}__isnull": False}))


class Reporter(models.Model):
    """Who filed a report, as they gave it. Seen only through the identity selectors."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, db_index=False
    )
    name = models.CharField(_("name"), max_length=120, blank=True)
    # Indexed: the coordinator's page lists the same person's other reports by NIK, phone or
    # email (workflow.selectors.reporter_other_reports).
    nik = models.CharField(_("NIK"), max_length=16, blank=True, db_index=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True, db_index=True)
    email = models.EmailField(_("email"), blank=True, db_index=True)  # stored lower-case
    address = models.CharField(_("address"), max_length=255, blank=True)
    # GESI: voluntary, for priority handling and aggregated statistics only.
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    age_group = models.CharField(
        _("age group"), max_length=10, choices=AgeGroup.choices, blank=True
    )
    has_disability = models.BooleanField(_("person with a disability"), null=True, blank=True)
    vulnerable_group = models.CharField(_("vulnerable group"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("reporter")
        verbose_name_plural = _("reporters")
        indexes = [index_where_set("reporter_user", "user")]  # most have no account

    def __str__(self) -> str:
        return self.name or str(_("(no name)"))

    @property
    def has_identity(self) -> bool:
        return bool(self.name or self.nik or self.phone or self.email)


class Complaint(models.Model):
    """A report (complaint, suggestion or information request) and its clocks."""

    # Not indexed alone: the indexes below begin with it. The keys that are nearly always empty
    # have partial indexes (index_where_set).
    instansi = models.ForeignKey(
        Instansi, on_delete=models.PROTECT, related_name="complaints", db_index=False
    )
    tracking_number = models.CharField(_("tracking number"), max_length=24, unique=True)
    access_code_hash = models.CharField(max_length=64, editable=False)
    type = models.CharField(_("type"), max_length=16, choices=ReportType.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=10_000)
    incident_date = models.DateField(_("date of the incident"), null=True, blank=True)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("region")
    )
    address = models.CharField(_("address or place"), max_length=255, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("category")
    )
    target_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unit named by the reporter"),
    )
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    is_anonymous = models.BooleanField(_("anonymous"), default=False)
    is_confidential = models.BooleanField(_("confidential"), default=False)
    reporter = models.ForeignKey(Reporter, on_delete=models.PROTECT, null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        help_text=_("The operator who entered it on the reporter's behalf"),
    )
    is_late_filing = models.BooleanField(_("filed late"), default=False)

    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.SUBMITTED
    )
    status_before_hold = models.CharField(max_length=16, choices=Status.choices, blank=True)
    archive_reason = models.CharField(max_length=16, choices=ArchiveReason.choices, blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="duplicates",
        db_index=False,
    )
    forwarded_to = models.ForeignKey(
        Instansi, on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=False
    )
    forwarded_to_lapor = models.BooleanField(default=False)
    forwarded_from = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=False
    )
    extension_reason = models.TextField(blank=True)

    submitted_at = models.DateTimeField(_("submitted at"))
    verified_at = models.DateTimeField(null=True, blank=True)
    first_followup_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField()

    # Clocks (DOMAIN.md section 5): each a deadline, recomputed on every transition.
    verify_due_at = models.DateTimeField(null=True, blank=True)
    complete_due_at = models.DateTimeField(null=True, blank=True)
    autoclose_at = models.DateTimeField(null=True, blank=True)
    hold_started_at = models.DateTimeField(null=True, blank=True)
    # Time spent on hold so far (null: never held): the Ombudsman notice's 60 days do not
    # count it. Nullable so that adding it is an ALTER TABLE, not a rebuild of the table.
    held_for = models.DurationField(null=True, blank=True)
    # The earliest running deadline (verification, first follow-up of a dispatch or
    # completion); null when no clock runs. "What is overdue" reads only this column.
    next_due_at = models.DateTimeField(null=True, blank=True)

    # The reporter's rating once the report is closed (DOMAIN.md section 7): 1 to 5 stars, once.
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    rating_comment = models.TextField(_("rating comment"), max_length=2000, blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)

    # Tail of the hash chain of this report's events (see ComplaintEvent).
    event_count = models.PositiveIntegerField(default=0)
    last_event_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        indexes = [
            models.Index(fields=["instansi", "status", "next_due_at"], name="complaint_inbox"),
            models.Index(fields=["instansi", "next_due_at"], name="complaint_due"),
            models.Index(fields=["instansi", "submitted_at"], name="complaint_submitted"),
            *(
                index_where_set(f"complaint_{field}", field)
                for field in (
                    "autoclose_at",
                    "created_by",
                    "duplicate_of",
                    "forwarded_to",
                    "forwarded_from",
                )
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=Status.ARCHIVED) | ~Q(archive_reason=""),
                name="complaint_archived_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.ON_HOLD) | Q(hold_started_at__isnull=False),
                name="complaint_on_hold_has_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tracking_number} {self.title}"


class Dispatch(models.Model):
    """A disposisi: the report sent to one unit, with its first follow-up clock."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="dispatches")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="dispatches")
    status = models.CharField(
        max_length=10, choices=DispatchStatus.choices, default=DispatchStatus.PENDING
    )
    instruction = models.TextField(_("instruction"), blank=True)
    dispatched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    dispatched_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    returned_at = models.DateTimeField(null=True, blank=True)
    return_reason = models.TextField(blank=True)
    followup_due_at = models.DateTimeField(null=True, blank=True)
    first_followup_at = models.DateTimeField(null=True, blank=True)
    # The first follow-up's deadline as it stood when that follow-up came (holds included):
    # `followup_due_at` is cleared then, as the clock stops; this keeps "was it on time".
    followup_was_due_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("dispatch")
        verbose_name_plural = _("dispatches")
        indexes = [
            models.Index(fields=["unit", "status", "followup_due_at"], name="dispatch_unit_inbox"),
            # Oversight's unit times: a unit's dispatches of a period.
            models.Index(fields=["unit", "dispatched_at"], name="dispatch_unit_period"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["complaint", "unit"],
                condition=Q(status__in=["pending", "accepted"]),
                name="dispatch_one_active_per_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id} → {self.unit_id} ({self.status})"


def attachment_path(instance: Attachment, filename: str) -> str:
    # The stored name never reuses the uploaded name: it is only kept as metadata.
    return f"attachments/{instance.complaint.submitted_at:%Y/%m}/{instance.sha256[:32]}"


class Attachment(models.Model):
    """A file on a report (photo, scan of a letter, evidence of a resolution)."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    is_public = models.BooleanField(default=False)
    uploaded_at = models.DateTimeField()
    event = models.ForeignKey(
        "ComplaintEvent", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name


class ComplaintEvent(models.Model):
    """One change to a report. Append-only and hash-chained per report.

    `hash` = sha256(prev_hash + canonical JSON of the row); the report keeps the tail, so an
    altered, removed or inserted row is found by `aduan verify-events`.
    """

    # Not indexed alone: event_seq_unique (complaint, seq) serves its lookups.
    complaint = models.ForeignKey(
        Complaint, on_delete=models.PROTECT, related_name="events", db_index=False
    )
    seq = models.PositiveIntegerField()
    kind = models.CharField(max_length=24, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    actor_kind = models.CharField(max_length=10, choices=ActorKind.choices)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=False
    )
    created_at = models.DateTimeField()
    old = models.JSONField(default=dict, blank=True)
    new = models.JSONField(default=dict, blank=True)
    note = models.TextField(blank=True)
    is_public = models.BooleanField(default=False)
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["complaint_id", "seq"]
        # The auditor's event log (newest first) and identity-view list (one kind, newest
        # first) page by keyset on (created_at, id); without these they sort the whole log.
        indexes = [
            models.Index(fields=["created_at", "id"], name="event_recent"),
            models.Index(fields=["kind", "created_at", "id"], name="event_kind_recent"),
            # A reporter's and the system's events have no actor, most no unit.
            index_where_set("event_actor", "actor"),
            index_where_set("event_unit", "unit"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["complaint", "seq"], name="event_seq_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id}#{self.seq} {self.kind}"


class IdempotencyKey(models.Model):
    """A submission made with an `Idempotency-Key` header, kept 24 hours so a retry is answered
    with the same report instead of a second one.

    Holds only the key's hash, the request's fingerprint and the response without its secret;
    the access code is sealed with a pad only the same key and body can rebuild
    (`complaints.idempotency`). Never listed anywhere.
    """

    key_hash = models.CharField(max_length=64, unique=True)
    request_hash = models.CharField(max_length=64)
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="+")
    response_status = models.PositiveSmallIntegerField()
    response_body = models.JSONField()
    sealed_access_code = models.CharField(max_length=64)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("idempotency key")
        verbose_name_plural = _("idempotency keys")

    def __str__(self) -> str:
        return f"{self.key_hash[:12]}… → {self.complaint_id}"
