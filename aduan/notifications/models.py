"""The outbox (Notification), what the clock sweep already did (Escalation), and the worker's
place in the event log (EventCursor). Work is rows, so "what is pending" is a query."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from aduan.complaints.models import Complaint, Dispatch
from aduan.notifications.choices import (
    ClockKind,
    DeliveryStatus,
    EscalationLevel,
    NotificationStatus,
    NotifyChannel,
    RecipientKind,
)


class Notification(models.Model):
    """One message to one address, rendered when it was decided (a later change of wording
    never alters it). The row is also the record of what was sent or why it failed."""

    recipient_kind = models.CharField(max_length=10, choices=RecipientKind.choices)
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
    )
    channel = models.CharField(max_length=10, choices=NotifyChannel.choices)
    address = models.CharField(max_length=254, blank=True, help_text=_("Email or +62 number"))
    language = models.CharField(max_length=8, default="id")
    template_key = models.CharField(max_length=40)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # Where it came from, so the same decision never enqueues twice: "ev:<event id>:…" or
    # "clk:<complaint>:<dispatch>:<clock>:<level>:<due>:…", plus recipient and channel.
    dedupe_key = models.CharField(max_length=200, unique=True)
    status = models.CharField(
        max_length=10, choices=NotificationStatus.choices, default=NotificationStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    claimed_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=80, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField()
    # Console messages only: when the staff member marked it read (null: unread).
    read_at = models.DateTimeField(null=True, blank=True)
    # Channel details: "options", the choices a chat channel may show as buttons or a list
    # ([answer, label], …); "secret", text of the body replaced by dots once sent (an
    # access code is in clear only until it reached the citizen).
    extra = models.JSONField(default=dict, blank=True)
    # What the provider said after accepting it: its message id (WhatsApp wamid, or the id
    # the SMS gateway reports back), and the last delivery status it reported.
    provider_message_id = models.CharField(max_length=255, blank=True)
    delivery_status = models.CharField(max_length=10, choices=DeliveryStatus.choices, blank=True)
    delivery_updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="notification_due"),
            models.Index(
                fields=["recipient_user", "channel", "created_at"], name="notification_user"
            ),
            # Delivery statuses find their message by the provider's id (most rows have none).
            models.Index(
                fields=["provider_message_id"],
                name="notification_provider_id",
                condition=~Q(provider_message_id=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pk} {self.channel}:{self.template_key} ({self.status})"


class Escalation(models.Model):
    """A clock event the sweep acted on (a reminder, a breach, an escalation, a warning).

    Unique per clock (its report, dispatch, kind and deadline) and level, so however often
    the sweep runs, each is acted on once. A deadline moved by a hold is a new clock.
    """

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="+")
    dispatch = models.ForeignKey(
        Dispatch, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    clock = models.CharField(max_length=10, choices=ClockKind.choices)
    level = models.CharField(max_length=10, choices=EscalationLevel.choices)
    due_at = models.DateTimeField()
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")
        # The oversight list: newest first.
        indexes = [models.Index(fields=["created_at", "id"], name="escalation_recent")]
        constraints = [
            # Two partial constraints: NULL dispatches would never clash in one.
            models.UniqueConstraint(
                fields=["complaint", "clock", "level", "due_at"],
                condition=Q(dispatch__isnull=True),
                name="escalation_once_per_report_clock",
            ),
            models.UniqueConstraint(
                fields=["dispatch", "clock", "level", "due_at"],
                condition=Q(dispatch__isnull=False),
                name="escalation_once_per_dispatch_clock",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id}/{self.dispatch_id} {self.clock} {self.level}"


class EventCursor(models.Model):
    """How far the worker has turned the event log into notifications.

    `gaps`: ids below `last_event_id` not seen yet (a transaction still open when the id was
    passed, on PostgreSQL), with when they were first missed; looked at again until they appear
    or are older than the lease (then the transaction rolled back).
    """

    name = models.CharField(max_length=40, unique=True)
    last_event_id = models.BigIntegerField(default=0)
    gaps = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("event cursor")
        verbose_name_plural = _("event cursors")

    def __str__(self) -> str:
        return f"{self.name} @ {self.last_event_id}"
