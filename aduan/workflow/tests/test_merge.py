"""`complaint_merge`: a duplicate is archived as *duplikat* linked to its original, and the
original's log records it. Allowed or refused per role and state, like the permission matrix
(test_permissions_matrix.py) does for the other services; a refusal changes neither report."""

from __future__ import annotations

import pytest
from django.db import transaction

from aduan.complaints.choices import ArchiveReason, EventKind, Status
from aduan.core.errors import Conflict, DomainError, PermissionDenied, ValidationFailed
from aduan.workflow import services
from aduan.workflow.tests.states import ALL_STATES, snapshot

pytestmark = pytest.mark.django_db

# The duplicate's state → the coordinator's outcome; everyone else is refused with 403.
#              submitted dispatched in progress on hold resolved closed forwarded archived
OUTCOMES = ("ok", "409", "409", "ok", "409", "409", "409", "409")
COORDINATOR = dict(zip(ALL_STATES, OUTCOMES, strict=True))
OTHERS = ("officer", "other_officer", "citizen", "operator", "leader", "auditor", "sysadmin")


class _Undo(Exception):
    pass


def test_merge_per_role_and_state(reach, submit, request):
    original = submit().complaint
    for state in ALL_STATES:
        duplicate = reach(state)
        expected = {"admin": COORDINATOR[state], **dict.fromkeys(OTHERS, "403")}
        for role, outcome in expected.items():
            actor = request.getfixturevalue(role)
            before, before_original = snapshot(duplicate), snapshot(original)
            if outcome == "ok":
                try:
                    with transaction.atomic():
                        services.complaint_merge(
                            actor=actor, complaint=duplicate, original=original
                        )
                        assert snapshot(duplicate)["status"] == Status.ARCHIVED
                        assert (
                            snapshot(original)["event_count"] == before_original["event_count"] + 1
                        )
                        raise _Undo
                except _Undo:
                    pass
                continue
            with pytest.raises(DomainError) as refused:
                services.complaint_merge(actor=actor, complaint=duplicate, original=original)
            got = {PermissionDenied: "403", Conflict: "409"}.get(type(refused.value), "?")
            assert got == outcome, f"merge by {role} on {state}: {refused.value!r}"
            assert snapshot(duplicate) == before
            assert snapshot(original) == before_original


def test_merge_links_and_logs_both_reports(submit, admin):
    original = submit().complaint
    duplicate = submit().complaint
    merged = services.complaint_merge(
        actor=admin, complaint=duplicate, original=original, note="Sama lokasi"
    )
    assert merged.status == Status.ARCHIVED
    assert merged.archive_reason == ArchiveReason.DUPLICATE
    assert merged.duplicate_of_id == original.pk
    archived = duplicate.events.get(kind=EventKind.ARCHIVED)
    assert archived.new["duplicate_of"] == original.tracking_number
    event = original.events.get(kind=EventKind.MERGED)
    assert (event.actor, event.note, event.is_public) == (admin, "Sama lokasi", False)
    original.refresh_from_db()
    assert original.event_count == 2
    assert original.status == Status.SUBMITTED


@pytest.mark.parametrize("target", ["itself", "archived", "forwarded"])
def test_merge_into_a_report_that_cannot_be_an_original(reach, submit, admin, target):
    duplicate = submit().complaint
    original = {
        "itself": duplicate,
        "archived": reach(Status.ARCHIVED),
        "forwarded": reach(Status.FORWARDED),
    }[target]
    before = snapshot(duplicate)
    with pytest.raises(ValidationFailed):
        services.complaint_merge(actor=admin, complaint=duplicate, original=original)
    assert snapshot(duplicate) == before
