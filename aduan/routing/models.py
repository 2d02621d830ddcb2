"""The routing assistant's tables: units' sectors, the instansi's own models, and decisions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from aduan.complaints.models import Complaint
from aduan.organisation.models import Instansi, Unit
from aduan.routing.choices import Scope, Sector


class UnitSector(models.Model):
    """The generic sector a unit works in: how the base model's sectors become this instansi's
    units. Units without a row are placed by their name and kind (selectors.sector_of_unit)."""

    unit = models.OneToOneField(Unit, on_delete=models.CASCADE, related_name="routing_sector")
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)

    class Meta:
        verbose_name = _("unit sector")
        verbose_name_plural = _("unit sectors")

    def __str__(self) -> str:
        return f"{self.unit}: {self.get_sector_display()}"


class RoutingModel(models.Model):
    """A unit model trained on an instansi's own dispatch decisions, with its figures. At most
    one per instansi is in use; a new one replaces it only when it is not worse."""

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="+")
    version = models.PositiveIntegerField()
    created_at = models.DateTimeField()
    examples = models.PositiveIntegerField()
    figures = models.JSONField(default=dict)
    params = models.JSONField()
    in_use = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["instansi", "version"], name="routing_model_version"),
            models.UniqueConstraint(
                fields=["instansi"], condition=Q(in_use=True), name="routing_model_one_in_use"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instansi.code} v{self.version}"


class SuggestionDecision(models.Model):
    """What the assistant suggested for a report and what the coordinator chose: accepted with
    one action, or dispatched otherwise. Training data and the acceptance figures."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    decided_at = models.DateTimeField()
    suggested = models.JSONField(default=list)  # unit codes, best first
    chosen = models.JSONField(default=list)
    scope = models.CharField(max_length=12, choices=Scope.choices)
    accepted = models.BooleanField()
    model_version = models.PositiveIntegerField(null=True)

    class Meta:
        indexes = [models.Index(fields=["complaint"])]

    def __str__(self) -> str:
        return f"{self.complaint_id}: {'accepted' if self.accepted else 'otherwise'}"
