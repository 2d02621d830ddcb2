"""Open311 partner applications: the API keys that may file reports, and what each filed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from aduan.complaints.models import Complaint
from aduan.organisation.models import Instansi


class PartnerKey(models.Model):
    """An API key of one partner application (a city app, a kiosk) for Open311 POST requests.

    Only the key's SHA-256 is stored; the key itself is shown once, when it is issued
    (`services.partner_key_issue`). A revoked key is kept, so its reports stay attributed.
    """

    name = models.CharField(_("application"), max_length=120)
    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+")
    prefix = models.CharField(_("key begins with"), max_length=12, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    per_hour = models.PositiveIntegerField(
        _("reports per hour"),
        default=60,
        help_text=_("How many reports this application may file in one hour."),
    )
    created_at = models.DateTimeField(_("issued at"), editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("Open311 partner key")
        verbose_name_plural = _("Open311 partner keys")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class PartnerSubmission(models.Model):
    """A report filed through Open311: which key filed it, and the token its answer carried
    (GET tokens/{token} answers the report's id)."""

    key = models.ForeignKey(PartnerKey, on_delete=models.PROTECT, related_name="submissions")
    complaint = models.OneToOneField(Complaint, on_delete=models.PROTECT, related_name="+")
    token = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("Open311 submission")
        verbose_name_plural = _("Open311 submissions")

    def __str__(self) -> str:
        return self.token
