"""The summary tables behind every statistic, dashboard and periodic report (the rollups), and
the record of the monthly report e-mailed to leaders. See `reporting/rollups.py` for how they
are kept exact and docs/architecture.md ("Rollups") for why the worker keeps them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from aduan.complaints.models import Complaint
from aduan.organisation.models import Instansi


class Dimension(models.TextChoices):
    """How a rollup cell cuts the reports of one month (one dimension at a time)."""

    ALL = "all", _("All reports")
    UNIT = "unit", _("Unit")
    CATEGORY = "category", _("Category")
    DISTRICT = "district", _("Kecamatan")
    CHANNEL = "channel", _("Channel")
    TYPE = "type", _("Type")
    # Dispatches by the month they were sent and the unit that received them (hand-backs
    # left out): the oversight page's unit times.
    DISPATCH_UNIT = "dispatch_unit", _("Unit, by dispatch")
    # Reports resolved for a cause (the periodic report's "Perbaikan layanan"), by the month,
    # quarter, half-year or year (a `yearly` CAUSE cell) of the resolution: a report resolved
    # twice for one cause counts once in each span, so these cells are never summed.
    CAUSE = "cause", _("Cause, by resolution")
    CAUSE_QUARTER = "cause_quarter", _("Cause, by quarter of resolution")
    CAUSE_HALF = "cause_half", _("Cause, by half-year of resolution")


class ReportFact(models.Model):
    """What one report last added to the rollup cells: the cells it counts in and its measures.

    The worker compares a report's current state with this row and applies the difference to
    the cells, so re-reading a report is harmless and a cell always equals the sum of its facts.
    """

    complaint = models.OneToOneField(
        Complaint, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()  # first day of the month of submission, instansi's time zone
    counted = models.BooleanField()  # spam is left out of every figure
    type = models.CharField(max_length=16)
    channel = models.CharField(max_length=16)
    category_key = models.CharField(max_length=20, blank=True)  # leaf category, "" none
    district_key = models.CharField(max_length=20, blank=True)  # kecamatan region id, "" none
    unit_keys = models.JSONField(default=list)  # units dispatched to (hand-backs left out)
    resolved = models.BooleanField()
    resolved_on_time = models.BooleanField()
    in_process = models.BooleanField()
    hours_to_verification = models.IntegerField(null=True)
    hours_to_first_followup = models.IntegerField(null=True)
    hours_to_resolution = models.IntegerField(null=True)
    # Per dispatch not handed back: [unit id, "YYYY-MM-01", followed up, followed up on time,
    # resolved, resolved on time, hours to follow-up, hours to resolution] (from dispatch).
    dispatches = models.JSONField(default=list)
    # The causes recorded on its resolutions: ["YYYY-MM-01" of the resolution, cause], each once.
    causes = models.JSONField(default=list)

    class Meta:
        verbose_name = _("report fact")
        verbose_name_plural = _("report facts")

    def __str__(self) -> str:
        return f"fact {self.complaint_id}"


class RollupCell(models.Model):
    """The figures of the reports of one instansi received in one month, cut by one dimension
    value (unit id, leaf category id, kecamatan id, channel or type code; "" for none)."""

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()  # a year cell (`yearly`) holds its year's months, on 1 January
    yearly = models.BooleanField(default=False)
    dimension = models.CharField(max_length=16, choices=Dimension.choices)
    key = models.CharField(max_length=20, blank=True)
    received = models.IntegerField(default=0)
    resolved = models.IntegerField(default=0)
    resolved_on_time = models.IntegerField(default=0)
    in_process = models.IntegerField(default=0)
    followed_up = models.IntegerField(default=0)  # dispatch cells only
    followup_on_time = models.IntegerField(default=0)  # dispatch cells only
    # Durations: the count and exact sum of whole hours (means), and a histogram of bucketed
    # hours {"<representative hour>": count} (medians); see rollups.hour_bucket.
    verification_count = models.IntegerField(default=0)
    verification_hours = models.BigIntegerField(default=0)
    verification_histogram = models.JSONField(default=dict)
    followup_count = models.IntegerField(default=0)
    followup_hours = models.BigIntegerField(default=0)
    followup_histogram = models.JSONField(default=dict)
    resolution_count = models.IntegerField(default=0)
    resolution_hours = models.BigIntegerField(default=0)
    resolution_histogram = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("rollup cell")
        verbose_name_plural = _("rollup cells")
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "dimension", "yearly", "month", "key"],
                name="rollup_cell_unique_by_span",
            )
        ]

    def __str__(self) -> str:
        return f"{self.instansi_id} {self.month:%Y-%m} {self.dimension}={self.key}"


class RollupCursor(models.Model):
    """How far the worker has read the event log into the rollups.

    `gaps`: ids below `last_event_id` not seen yet (a transaction still open when the id was
    passed, on PostgreSQL), with when they were first missed; looked at again until they appear
    or the lease has passed.
    """

    name = models.CharField(max_length=40, unique=True)
    last_event_id = models.BigIntegerField(default=0)
    gaps = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("rollup cursor")
        verbose_name_plural = _("rollup cursors")

    def __str__(self) -> str:
        return f"{self.name} @ {self.last_event_id}"


class MonthlyReportDelivery(models.Model):
    """The monthly report of one instansi and month, e-mailed (or being e-mailed) to one
    leader: the row is the once-only claim."""

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    claimed_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("monthly report delivery")
        verbose_name_plural = _("monthly report deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "month", "recipient"], name="monthly_report_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.instansi_id} {self.month:%Y-%m} → {self.recipient_id}"


class Letterhead(models.Model):
    """The kop surat printed at the top of an instansi's periodic reports (edited in the
    admin); without one, the PDF prints the instansi's name."""

    instansi = models.OneToOneField(
        Instansi, on_delete=models.CASCADE, related_name="letterhead", verbose_name=_("instansi")
    )
    heading = models.TextField(
        _("heading"),
        help_text=_("One line each, printed large: e.g. PEMERINTAH KABUPATEN LUWU."),
    )
    subheading = models.TextField(
        _("subheading"),
        blank=True,
        help_text=_("One line each, e.g. the office that issues the report."),
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    contact = models.CharField(
        _("contact"), max_length=255, blank=True, help_text=_("Telephone, e-mail, website.")
    )

    class Meta:
        verbose_name = _("letterhead")
        verbose_name_plural = _("letterheads")

    def __str__(self) -> str:
        return self.heading.splitlines()[0] if self.heading else str(self.instansi_id)
