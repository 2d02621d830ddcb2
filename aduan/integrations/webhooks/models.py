"""Outbound webhooks: subscriptions, their outbox of deliveries, and every attempt."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from aduan.complaints.models import ComplaintEvent
from aduan.organisation.models import Instansi, Unit


class Subscription(models.Model):
    """A URL of another application that receives the events of a government or of one unit
    (and its sub-units), signed the Standard Webhooks way with `secret`."""

    name = models.CharField(_("name"), max_length=120)
    url = models.URLField(_("URL"), max_length=500)
    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Only reports dispatched to this unit or its sub-units; empty: all."),
    )
    event_kinds = models.JSONField(
        _("event kinds"), default=list, blank=True, help_text=_("Empty: every kind.")
    )
    include_identity = models.BooleanField(
        _("may receive the reporter's identity"),
        default=False,
        help_text=_("Only with a legal basis. Never the identity of an anonim reporter."),
    )
    secret = models.CharField(_("signing secret"), max_length=80, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(editable=False)

    class Meta:
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")

    def __str__(self) -> str:
        return self.name


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    SENDING = "sending", _("Sending")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")


class Delivery(models.Model):
    """One message to one subscription: the outbox row and its delivery log.

    `message_id` is the Standard Webhooks `webhook-id`, the same on every retry and replay, so
    a receiver can drop a message it already has.
    """

    subscription = models.ForeignKey(
        Subscription, on_delete=models.PROTECT, related_name="deliveries"
    )
    event = models.ForeignKey(ComplaintEvent, on_delete=models.PROTECT, related_name="+")
    message_id = models.CharField(max_length=40, db_index=True)
    payload = models.JSONField()
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    claimed_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=80, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    replay_of = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="webhook_due")]
        constraints = [
            # An event goes once to each subscription (a replay is a new row of its own).
            models.UniqueConstraint(
                fields=["subscription", "event"],
                condition=Q(replay_of__isnull=True),
                name="webhook_once_per_event",
            )
        ]

    def __str__(self) -> str:
        return f"{self.message_id} → {self.subscription_id} ({self.status})"


class Attempt(models.Model):
    """One try of a delivery: when, the HTTP status (none when it never answered), the error."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="log")
    at = models.DateTimeField()
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("webhook attempt")
        verbose_name_plural = _("webhook attempts")

    def __str__(self) -> str:
        return f"{self.delivery_id} {self.at:%Y-%m-%d %H:%M:%S} {self.status_code}"


class Cursor(models.Model):
    """How far the event log has been turned into deliveries (one row)."""

    name = models.CharField(max_length=40, unique=True)
    last_event_id = models.BigIntegerField(default=0)
    # Ids skipped over (a transaction still open on PostgreSQL), with when they were seen.
    gaps = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("webhook cursor")
        verbose_name_plural = _("webhook cursors")

    def __str__(self) -> str:
        return f"{self.name} @ {self.last_event_id}"
