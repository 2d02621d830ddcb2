"""Shared pieces of the workflow tests: the states of a report, and what a refusal must keep."""

from __future__ import annotations

from typing import Any

from aduan.complaints.choices import Status
from aduan.complaints.models import Complaint, Dispatch

# Every state of DOMAIN.md section 5, in the order `reach` walks through them.
ALL_STATES = (
    Status.SUBMITTED,
    Status.DISPATCHED,
    Status.IN_PROGRESS,
    Status.ON_HOLD,
    Status.RESOLVED,
    Status.CLOSED,
    Status.FORWARDED,
    Status.ARCHIVED,
)


def snapshot(complaint: Complaint) -> dict[str, Any]:
    """Everything a refused action must leave as it was, read fresh from the database."""
    row = Complaint.objects.get(pk=complaint.pk)
    return {
        **{
            f: getattr(row, f)
            for f in (
                "status",
                "status_before_hold",
                "title",
                "is_anonymous",
                "is_confidential",
                "category_id",
                "event_count",
                "last_event_hash",
                "updated_at",
                "verified_at",
                "verify_due_at",
                "complete_due_at",
                "autoclose_at",
                "hold_started_at",
                "next_due_at",
                "extension_reason",
                "archive_reason",
                "closed_at",
            )
        },
        "events": row.events.count(),
        "dispatches": list(
            Dispatch.objects.filter(complaint=row)
            .order_by("pk")
            .values_list("unit_id", "status", "followup_due_at", "accepted_at", "returned_at")
        ),
        "reports": Complaint.objects.count(),
    }
