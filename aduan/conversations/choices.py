from django.db import models
from django.utils.translation import gettext_lazy as _


class ChatChannel(models.TextChoices):
    """The text channels a citizen writes in on (a subset of complaints.choices.Channel)."""

    WHATSAPP = "whatsapp", _("WhatsApp")
    SMS = "sms", _("SMS")
    EMAIL = "email", _("Email")


class InboundKind(models.TextChoices):
    TEXT = "text", _("Text")
    IMAGE = "image", _("Photo")
    LOCATION = "location", _("Location")
    STATUS = "status", _("Delivery status")
    OTHER = "other", _("Other")


class Step(models.TextChoices):
    """Where a conversation stands: which question the citizen's next message answers."""

    IDLE = "idle", _("Nothing asked")
    TYPE = "type", _("Type of report")
    WHAT = "what", _("What happened")
    KECAMATAN = "kecamatan", _("Kecamatan")
    DESA = "desa", _("Desa / kelurahan")
    PLACE = "place", _("Confirm the desa of a shared location")
    PHOTOS = "photos", _("Photos")
    ANONYMOUS = "anonymous", _("Anonymous?")
    CONFIDENTIAL = "confidential", _("Confidential?")
    CONFIRM = "confirm", _("Confirm the summary")
    ANSWER = "answer", _("Answer to a staff question")
    RESOLVED = "resolved", _("Confirm or re-open a resolution")
    REOPEN = "reopen", _("Why the report is not resolved")
    RATE = "rate", _("Rating")


# Steps of a report being written: a timeout discards what was collected.
DRAFT_STEPS = (
    Step.TYPE,
    Step.WHAT,
    Step.KECAMATAN,
    Step.DESA,
    Step.PLACE,
    Step.PHOTOS,
    Step.ANONYMOUS,
    Step.CONFIDENTIAL,
    Step.CONFIRM,
)
