"""A citizen's chat on one channel (Conversation) and every message it received (InboundMessage).

The conversation is the state machine's memory, so it survives restarts and pauses of hours:
the step, what was collected for a report being written, the language. Inbound messages are
rows first (the webhook answers at once) and the worker works them off; the unique
(channel, provider_id) makes a webhook retry a no-op.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from aduan.complaints.models import Complaint
from aduan.conversations.choices import ChatChannel, InboundKind, Step
from aduan.organisation.models import Instansi


class Conversation(models.Model):
    """One sender on one channel: where their chat stands and what it has collected."""

    channel = models.CharField(max_length=10, choices=ChatChannel.choices)
    # +62… for WhatsApp and SMS (E.164), the case-folded address for email.
    address = models.CharField(max_length=254)
    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+")
    language = models.CharField(max_length=8, default="id")
    step = models.CharField(max_length=12, choices=Step.choices, default=Step.IDLE)
    # What the citizen answered so far (type, description, region ids, photo files, …) and the
    # numbered choices last offered, so "2" means what the citizen saw.
    data = models.JSONField(default=dict, blank=True)
    # The report the current step is about (answering a question, confirming a resolution),
    # or the last one filed here.
    complaint = models.ForeignKey(
        Complaint, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField()
    last_activity_at = models.DateTimeField()
    # The citizen's last message: WhatsApp allows free-form answers for 24 hours after it.
    last_inbound_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        constraints = [
            models.UniqueConstraint(fields=["channel", "address"], name="conversation_address")
        ]
        indexes = [models.Index(fields=["step", "last_activity_at"], name="conversation_stale")]

    def __str__(self) -> str:
        return f"{self.channel}:{self.address} ({self.step})"


class InboundMessage(models.Model):
    """A message or delivery status a provider delivered, stored before it is acted on."""

    channel = models.CharField(max_length=10, choices=ChatChannel.choices)
    # The provider's id of the message (WhatsApp wamid, the gateway's id, the Message-ID);
    # for a delivery status "status:<message id>:<status>".
    provider_id = models.CharField(max_length=255)
    address = models.CharField(max_length=254, blank=True)
    kind = models.CharField(max_length=10, choices=InboundKind.choices)
    text = models.TextField(blank=True)
    # Kind-specific details: media id, coordinates, the sender's profile name, email headers.
    payload = models.JSONField(default=dict, blank=True)
    received_at = models.DateTimeField()
    conversation = models.ForeignKey(
        Conversation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    processed_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("inbound message")
        verbose_name_plural = _("inbound messages")
        constraints = [
            models.UniqueConstraint(fields=["channel", "provider_id"], name="inbound_once")
        ]
        indexes = [
            # The worker's queue: only the rows not yet processed.
            models.Index(
                fields=["received_at", "id"],
                name="inbound_pending",
                condition=Q(processed_at__isnull=True),
            ),
            # "Has this sender an earlier message still waiting?", asked for every message.
            models.Index(
                fields=["channel", "address", "id"],
                name="inbound_sender_pending",
                condition=Q(processed_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.channel}:{self.provider_id} {self.kind}"
