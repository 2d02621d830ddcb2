from django.db import models
from django.utils.translation import gettext_lazy as _


class RecipientKind(models.TextChoices):
    REPORTER = "reporter", _("Reporter")
    STAFF = "staff", _("Staff")


class NotifyChannel(models.TextChoices):
    EMAIL = "email", _("Email")
    SMS = "sms", _("SMS")
    WHATSAPP = "whatsapp", _("WhatsApp")
    CONSOLE = "console", _("Console")


class NotificationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


class DeliveryStatus(models.TextChoices):
    """What the provider reported after accepting a message (WhatsApp, SMS gateway)."""

    SENT = "sent", _("Sent to the phone network")
    DELIVERED = "delivered", _("Delivered to the phone")
    READ = "read", _("Read")
    FAILED = "failed", _("Not delivered")


# Later states never go back to earlier ones (statuses can arrive out of order).
DELIVERY_RANK = {"sent": 1, "delivered": 2, "read": 3, "failed": 4}


class ClockKind(models.TextChoices):
    VERIFY = "verify", _("Verification and dispatch")
    FOLLOWUP = "followup", _("First follow-up")
    COMPLETE = "complete", _("Completion")
    AUTOCLOSE = "autoclose", _("Auto-close")
    OMBUDSMAN = "ombudsman", _("Unresolved for a long time")


class EscalationLevel(models.TextChoices):
    DUE_SOON = "due_soon", _("Due soon")
    BREACHED = "breached", _("Breached")
    ESCALATED = "escalated", _("Escalated")
    WARNING = "warning", _("Warning to the reporter")
