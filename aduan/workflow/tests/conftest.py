"""Helpers of the workflow tests: reach a state through the services, and snapshot a report.

`reach("in_progress")` files PUPR's road report and walks it through the real services, so
every state carries its events, dispatches and clocks exactly as in production.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from aduan.accounts.models import User
from aduan.complaints.choices import ArchiveReason, Status
from aduan.complaints.models import Complaint
from aduan.complaints.services import Submitted
from aduan.organisation.models import Unit
from aduan.workflow import services


@pytest.fixture
def reach(
    submit: Callable[..., Submitted], admin: User, officer: User, pupr: Unit
) -> Callable[..., Complaint]:
    """File a report (keyword arguments go to `submit`) and bring it to `state`.

    Dispatched, in progress, on hold (asked by the coordinator while PUPR works on it),
    resolved and closed all go through Dinas PUPR.
    """

    def _reach(state: str, **overrides: Any) -> Complaint:
        complaint = submit(**overrides).complaint
        if state == Status.SUBMITTED:
            return complaint
        if state == Status.FORWARDED:
            return services.complaint_forward(
                actor=admin, complaint=complaint, reason="Jalan nasional", to_lapor=True
            )
        if state == Status.ARCHIVED:
            return services.complaint_archive(
                actor=admin, complaint=complaint, reason=ArchiveReason.SPAM
            )
        complaint = services.complaint_verify(actor=admin, complaint=complaint, units=[pupr])
        if state == Status.DISPATCHED:
            return complaint
        complaint = services.dispatch_accept(actor=officer, complaint=complaint)
        if state == Status.IN_PROGRESS:
            return complaint
        if state == Status.ON_HOLD:
            return services.complaint_hold(
                actor=admin, complaint=complaint, question="Di depan rumah nomor berapa?"
            )
        complaint = services.complaint_resolve(
            actor=officer, complaint=complaint, summary="Lubang sudah ditambal."
        )
        if state == Status.RESOLVED:
            return complaint
        assert state == Status.CLOSED, state
        return services.complaint_confirm(complaint=complaint, note="Terima kasih")

    return _reach
