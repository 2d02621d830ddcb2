"""The link with the national SP4N-LAPOR!: which report is which national one, the outbox of
messages to LAPOR!, the unit mapping, and the event cursor."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from aduan.complaints.models import Complaint, ComplaintEvent
from aduan.organisation.models import Unit


class Direction(models.TextChoices):
    OUT = "out", _("Forwarded to SP4N-LAPOR!")
    IN = "in", _("Disposed by SP4N-LAPOR!")


class LaporLink(models.Model):
    """A report and its national twin: the national tracking id, and the national status and
    follow-ups as last read (for the reporter's tracking page)."""

    complaint = models.OneToOneField(Complaint, on_delete=models.PROTECT, related_name="+")
    national_id = models.CharField(_("SP4N-LAPOR! tracking id"), max_length=60, unique=True)
    direction = models.CharField(max_length=3, choices=Direction.choices)
    manual = models.BooleanField(default=False, help_text=_("Recorded by hand by a coordinator."))
    national_status = models.CharField(max_length=60, blank=True)
    national_followups = models.JSONField(default=list, blank=True)
    synced_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("SP4N-LAPOR! link")
        verbose_name_plural = _("SP4N-LAPOR! links")

    def __str__(self) -> str:
        return f"{self.complaint_id} ↔ {self.national_id}"


class UnitMapping(models.Model):
    """Which national institution id (a disposition's `unit_id`) is which local unit."""

    unit = models.OneToOneField(Unit, on_delete=models.CASCADE, related_name="+")
    lapor_id = models.CharField(_("SP4N-LAPOR! institution id"), max_length=60, unique=True)

    class Meta:
        verbose_name = _("SP4N-LAPOR! unit mapping")
        verbose_name_plural = _("SP4N-LAPOR! unit mappings")

    def __str__(self) -> str:
        return f"{self.lapor_id} → {self.unit_id}"


class MessageKind(models.TextChoices):
    FORWARD = "forward", _("Report forwarded")
    FOLLOWUP = "followup", _("Follow-up or status")
    STATUS = "status", _("Status")


class MessageStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Refused")


class LaporMessage(models.Model):
    """One message to SP4N-LAPOR!, made from one event: the outbox row.

    `idempotency_key` goes with every attempt, so LAPOR! keeps one copy however often a
    message is retried; the unique event keeps one message per event on our side. Retryable
    failures (no answer, 429, 5xx) are retried with backoff for as long as it takes; only a
    refusal (4xx) fails a message.
    """

    kind = models.CharField(max_length=10, choices=MessageKind.choices)
    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="+")
    # One message per event, except a reconciliation's "send again" (its own key).
    event = models.ForeignKey(ComplaintEvent, on_delete=models.PROTECT, related_name="+")
    idempotency_key = models.CharField(max_length=60, unique=True)
    payload = models.JSONField()
    status = models.CharField(
        max_length=10, choices=MessageStatus.choices, default=MessageStatus.PENDING
    )
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    claimed_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=80, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("SP4N-LAPOR! message")
        verbose_name_plural = _("SP4N-LAPOR! messages")
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="lapor_due")]

    def __str__(self) -> str:
        return f"{self.kind} {self.idempotency_key} ({self.status})"


class Cursor(models.Model):
    """How far the event log has been turned into messages (one row)."""

    name = models.CharField(max_length=40, unique=True)
    last_event_id = models.BigIntegerField(default=0)
    gaps = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("SP4N-LAPOR! cursor")
        verbose_name_plural = _("SP4N-LAPOR! cursors")

    def __str__(self) -> str:
        return f"{self.name} @ {self.last_event_id}"


class DifferenceKind(models.TextChoices):
    """What the reconciler found about one report (ReconcileRun.differences)."""

    MISSING_NATIONALLY = "missing_national", _("Missing at SP4N-LAPOR!")
    MISSING_LOCALLY = "missing_local", _("Missing here")
    STATUS = "status", _("Status differs")
    FOLLOWUPS = "followups", _("Follow-ups differ")


class Repair(models.TextChoices):
    """How "send again" fixes a difference (blank: it cannot; a person looks)."""

    RESEND = "resend", _("Send the refused message again")
    STATUS = "status", _("Push the status again")
    FOLLOWUPS = "followups", _("Push the missing follow-ups again")


class ReconcileRun(models.Model):
    """One comparison of both sides (daily, `aduan lapor_reconcile`), with what differed."""

    at = models.DateTimeField()
    differences = models.JSONField(default=list)
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("SP4N-LAPOR! reconciliation")
        verbose_name_plural = _("SP4N-LAPOR! reconciliations")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} ({len(self.differences)})"
