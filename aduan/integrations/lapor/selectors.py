"""Reads of the SP4N-LAPOR! link for pages: a report's national twin, the outbox's state, the
latest reconciliation."""

from __future__ import annotations

from django.db.models import Count

from aduan.complaints.models import Complaint
from aduan.integrations.lapor.models import LaporLink, LaporMessage, ReconcileRun


def link_of(complaint: Complaint) -> LaporLink | None:
    return LaporLink.objects.filter(complaint=complaint).first()


def outbox_counts() -> dict[str, int]:
    return dict(
        LaporMessage.objects.values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )


def latest_reconciliation() -> ReconcileRun | None:
    return ReconcileRun.objects.order_by("-at", "-pk").first()
