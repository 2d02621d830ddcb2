"""Reads of the SP4N-LAPOR! link for pages: a report's national twin, the outbox's state, the
latest reconciliation."""

from __future__ import annotations

from typing import Any

from django.db.models import Count

from aduan.complaints.models import Complaint
from aduan.integrations.lapor.models import (
    DifferenceKind,
    LaporLink,
    LaporMessage,
    ReconcileRun,
    Repair,
)


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


def differences_shown(run: ReconcileRun | None) -> list[dict[str, Any]]:
    """A run's differences for the page: each with its index (for "send again") and the
    labels of its kind and repair. A run stored before kinds existed shows its problem."""
    shown = []
    for index, difference in enumerate(run.differences if run else []):
        kind = difference.get("kind", "")
        repair = difference.get("repair", "")
        shown.append(
            {
                **difference,
                "index": index,
                "kind_label": DifferenceKind(kind).label if kind in DifferenceKind.values else "",
                "repair_label": Repair(repair).label if repair in Repair.values else "",
                "error": difference.get("error") or difference.get("problem", ""),
            }
        )
    return shown
