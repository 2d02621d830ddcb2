"""The survey tests' world: a report of Luwu lived to `closed` through the real services."""

from __future__ import annotations

import pytest

from aduan.complaints.models import Complaint
from aduan.complaints.services import ReporterInput
from aduan.workflow import services as workflow

ALL_THREE = {f"u{i}": 3 for i in range(1, 10)}


@pytest.fixture
def closed(submit, admin, officer, pupr) -> Complaint:
    """A road complaint handled by Dinas PUPR and confirmed by its reporter (e-mail given)."""
    complaint = submit(reporter=ReporterInput(name="Andi Baso", email="andi@example.id")).complaint
    workflow.complaint_verify(actor=admin, complaint=complaint, units=[pupr])
    workflow.followup_add(actor=officer, complaint=complaint, text="Tim sudah survei lokasi.")
    workflow.complaint_resolve(actor=officer, complaint=complaint, summary="Lubang ditambal.")
    workflow.complaint_confirm(complaint=complaint)
    complaint.refresh_from_db()
    return complaint  # type: ignore[no-any-return]
