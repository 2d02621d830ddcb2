"""Every lifecycle action, for every role, from every starting state: allowed, 403 or 409.

A refused action raises the DomainError subclass with a message and changes nothing: the
attempt runs without any savepoint of ours, so only the service's own transaction protects
the report. An allowed attempt runs in a savepoint that is rolled back, so every role is
tried on the very same report.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from django.db import transaction

from aduan.accounts.models import User
from aduan.complaints.choices import ArchiveReason, ReportType
from aduan.complaints.models import Complaint
from aduan.core.errors import Conflict, DomainError, PermissionDenied
from aduan.organisation.models import Unit
from aduan.workflow import services
from aduan.workflow.tests.states import ALL_STATES, snapshot

OK, DENIED, CONFLICT = "ok", "403", "409"
FAR_FUTURE = datetime(2100, 1, 1, tzinfo=UTC)

Action = Callable[[User, Complaint, Unit], Any]


def _pupr_sub_unit(complaint: Complaint) -> Unit:
    """A sub-unit of Dinas PUPR to re-assign to (the reference data has none)."""
    pupr = Unit.objects.get(instansi_id=complaint.instansi_id, code="pupr")
    unit, _ = Unit.objects.get_or_create(
        instansi_id=complaint.instansi_id,
        code="upt-jalan-1",
        defaults={"name": "UPT Jalan Wilayah I", "kind": "sub_unit", "parent": pupr},
    )
    return unit


STAFF_ACTIONS: dict[str, Action] = {
    "verify": lambda u, c, other_unit: services.complaint_verify(
        actor=u, complaint=c, units=[other_unit]
    ),
    "dispatch": lambda u, c, other_unit: services.complaint_dispatch(
        actor=u, complaint=c, units=[other_unit]
    ),
    "handle": lambda u, c, _: services.complaint_handle(actor=u, complaint=c, note="Kami tangani"),
    "edit": lambda u, c, _: services.complaint_edit(actor=u, complaint=c, title="Jalan rusak"),
    "forward": lambda u, c, _: services.complaint_forward(
        actor=u, complaint=c, reason="Jalan nasional", to_lapor=True
    ),
    "archive": lambda u, c, _: services.complaint_archive(
        actor=u, complaint=c, reason=ArchiveReason.UNCLEAR
    ),
    "close": lambda u, c, _: services.complaint_close(actor=u, complaint=c),
    "hold": lambda u, c, _: services.complaint_hold(actor=u, complaint=c, question="Di mana?"),
    "resume": lambda u, c, _: services.complaint_resume(actor=u, complaint=c),
    "accept": lambda u, c, _: services.dispatch_accept(actor=u, complaint=c),
    "return": lambda u, c, _: services.dispatch_return(
        actor=u, complaint=c, reason="Bukan jalan kabupaten"
    ),
    "followup": lambda u, c, _: services.followup_add(actor=u, complaint=c, text="Tim ke lokasi"),
    "resolve": lambda u, c, _: services.complaint_resolve(actor=u, complaint=c, summary="Beres"),
    "extend": lambda u, c, _: services.info_request_extend(
        actor=u, complaint=c, reason="Dokumen di arsip kecamatan"
    ),
    "reassign": lambda u, c, _: services.dispatch_reassign(
        actor=u, complaint=c, to_unit=_pupr_sub_unit(c)
    ),
}

# Columns are ALL_STATES: submitted, dispatched, in progress, on hold, resolved, closed,
# forwarded, archived. The unit's report is PUPR's (`reach`); "dispatch" sends it on to
# Dinkes; "extend" runs on an information request.
#                  coordinator (admin)               liaison of PUPR (officer)
TABLE: dict[str, tuple[str, str]] = {
    "verify": ("ok  409 409 409 409 409 409 409", "403 403 403 403 403 403 403 403"),
    "dispatch": ("409 ok  ok  409 409 409 409 409", "403 403 403 403 403 403 403 403"),
    "handle": ("ok  409 409 409 409 409 409 409", "403 403 403 403 403 403 403 403"),
    "edit": ("ok  ok  ok  ok  409 409 409 409", "403 403 403 403 403 403 403 403"),
    "forward": ("ok  409 409 409 409 409 409 409", "403 403 403 403 403 403 403 403"),
    "archive": ("ok  409 409 ok  409 409 409 409", "403 403 403 403 403 403 403 403"),
    "close": ("409 409 409 409 ok  409 409 409", "403 403 403 403 403 403 403 403"),
    "hold": ("ok  ok  ok  409 409 409 409 409", "403 ok  ok  409 403 403 403 403"),
    "resume": ("409 409 409 ok  409 409 409 409", "403 409 409 ok  403 403 403 403"),
    "accept": ("403 403 403 403 403 403 403 403", "403 ok  409 409 403 403 403 403"),
    "return": ("403 403 403 403 403 403 403 403", "403 ok  ok  409 403 403 403 403"),
    # A coordinator may answer the reporter on a resolved report (DOMAIN.md 5).
    "followup": ("409 ok  ok  409 ok  409 409 409", "403 ok  ok  409 403 403 403 403"),
    "resolve": ("409 ok  ok  409 409 409 409 409", "403 ok  ok  409 403 403 403 403"),
    "extend": ("ok  ok  ok  409 409 409 409 409", "403 ok  ok  409 403 403 403 403"),
    "reassign": ("403 403 403 403 403 403 403 403", "403 ok  ok  409 403 403 403 403"),
}
# Nobody else may act for the government: these roles get 403 for every action and state.
ALWAYS_DENIED = ("citizen", "other_officer", "operator", "leader", "auditor", "sysadmin")

# The reporter's actions (access proven by the caller) and the system's auto-close.
REPORTER_ACTIONS: dict[str, Callable[[Complaint], Any]] = {
    "reply": lambda c: services.complaint_reporter_reply(complaint=c, text="Masih berlubang"),
    "confirm": lambda c: services.complaint_confirm(complaint=c),
    "autoclose": lambda c: services.complaint_autoclose(complaint=c, now=FAR_FUTURE),
    "rate": lambda c: services.complaint_rate(complaint=c, stars=5),
}
REPORTER_TABLE = {
    "reply": "ok  ok  ok  ok  ok  409 409 409",
    "confirm": "409 409 409 409 ok  409 409 409",
    "autoclose": "409 409 409 409 ok  409 409 409",
    "rate": "409 409 409 409 409 ok  409 409",
}


def _row(cells: str) -> dict[str, str]:
    outcomes = cells.split()
    assert len(outcomes) == len(ALL_STATES)
    return dict(zip(ALL_STATES, outcomes, strict=True))


class _Undo(Exception):
    """Raised to roll back an allowed attempt so the next role finds the same report."""


def _attempt(run: Callable[[], Any], complaint: Complaint, expected: str, who: str) -> None:
    before = snapshot(complaint)
    if expected == OK:
        try:
            with transaction.atomic():
                run()
                after = snapshot(complaint)
                raise _Undo
        except _Undo:
            pass
        assert after["event_count"] > before["event_count"], f"{who}: nothing was recorded"
        return
    with pytest.raises(DomainError) as refused:
        run()
    outcome = {PermissionDenied: DENIED, Conflict: CONFLICT}.get(type(refused.value), "?")
    assert outcome == expected, f"{who}: expected {expected}, got {refused.value!r}"
    assert str(refused.value).strip(), f"{who}: the refusal has no message"
    assert snapshot(complaint) == before, f"{who}: a refused action changed the report"


# One test per action, trying every state in turn: the reference data loads once per action.
@pytest.mark.parametrize("action", STAFF_ACTIONS)
def test_staff_action_is_allowed_or_refused_per_role_and_state(
    action: str, reach: Callable[..., Complaint], dinkes: Unit, request: Any
) -> None:
    overrides = {"type": ReportType.INFO_REQUEST} if action == "extend" else {}
    admin_row, officer_row = _row(TABLE[action][0]), _row(TABLE[action][1])
    for state in ALL_STATES:
        complaint = reach(state, **overrides)
        assert complaint.status == state
        expected = {"admin": admin_row[state], "officer": officer_row[state]}
        expected |= dict.fromkeys(ALWAYS_DENIED, DENIED)
        for role, outcome in expected.items():
            actor = request.getfixturevalue(role)
            _attempt(
                functools.partial(STAFF_ACTIONS[action], actor, complaint, dinkes),
                complaint,
                outcome,
                f"{action} by {role} on {state}",
            )


@pytest.mark.parametrize("action", REPORTER_ACTIONS)
def test_reporter_action_is_allowed_or_refused_per_state(
    action: str, reach: Callable[..., Complaint]
) -> None:
    for state in ALL_STATES:
        complaint = reach(state)
        _attempt(
            functools.partial(REPORTER_ACTIONS[action], complaint),
            complaint,
            _row(REPORTER_TABLE[action])[state],
            f"{action} on {state}",
        )


def test_table_covers_every_lifecycle_service() -> None:
    covered = {
        "complaint_verify",
        "complaint_dispatch",
        "complaint_handle",
        "complaint_edit",
        "complaint_forward",
        "complaint_archive",
        "complaint_close",
        "complaint_hold",
        "complaint_resume",
        "dispatch_accept",
        "dispatch_return",
        "followup_add",
        "complaint_resolve",
        "info_request_extend",
        "dispatch_reassign",
        "complaint_merge",  # its role-by-state table is in test_merge.py (two reports involved)
        "complaint_reporter_reply",
        "complaint_confirm",
        "complaint_autoclose",
        "complaint_rate",
    }
    public = {
        name
        for name, value in vars(services).items()
        if callable(value)
        and not name.startswith("_")
        and getattr(value, "__module__", "") == services.__name__
    }
    # Batch and read helpers, not actions a person takes on one report.
    public -= {"complaints_autoclose_due", "reporter_identity_view"}
    assert public == covered, "a new lifecycle service needs a row in the permission table"
