"""Two people act on the same report at once: exactly one wins, the other gets a conflict.

Runs on whichever database the suite runs on (SQLite and PostgreSQL in `make test`). Each
thread has its own connection; the barrier releases both at the same moment.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from aduan.accounts.choices import Role
from aduan.accounts.models import User
from aduan.complaints.choices import DispatchStatus, EventKind, Status
from aduan.complaints.events import verify_chain
from aduan.complaints.models import Complaint, ComplaintEvent, Dispatch
from aduan.core.errors import Conflict
from aduan.organisation.models import Membership
from aduan.workflow import services

pytestmark = pytest.mark.django_db(transaction=True)


def _race(*attempts: Callable[[], Any]) -> list[Any]:
    """Run the attempts in parallel threads; each result is "ok" or the exception raised."""
    barrier = threading.Barrier(len(attempts))
    results: list[Any] = [None] * len(attempts)

    def run(i: int, attempt: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=10)
            attempt()
            results[i] = "ok"
        except Exception as exc:
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(attempts)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


def _one_wins(results: list[Any]) -> Conflict:
    assert results.count("ok") == 1, results
    (loser,) = [r for r in results if r != "ok"]
    assert isinstance(loser, Conflict), loser
    assert str(loser).strip()
    return loser


def test_two_coordinators_verify_the_same_report_at_once(
    submit, admin, luwu, diskominfo, pupr, dinkes
):
    second = User.objects.create_user(username="admin2", password="test-pass-123")
    Membership.objects.create(user=second, role=Role.COORDINATOR, instansi=luwu, unit=diskominfo)
    complaint = submit().complaint

    _one_wins(
        _race(
            lambda: services.complaint_verify(actor=admin, complaint=complaint, units=[pupr]),
            lambda: services.complaint_verify(actor=second, complaint=complaint, units=[dinkes]),
        )
    )
    complaint.refresh_from_db()
    assert complaint.status == Status.DISPATCHED
    assert (
        ComplaintEvent.objects.filter(complaint=complaint, kind=EventKind.DISPATCHED).count() == 1
    )
    assert Dispatch.objects.filter(complaint=complaint).count() == 1
    assert complaint.event_count == ComplaintEvent.objects.filter(complaint=complaint).count()


def test_two_liaisons_of_the_unit_accept_the_same_dispatch_at_once(
    submit, admin, officer, luwu, pupr
):
    colleague = User.objects.create_user(username="officer2", password="test-pass-123")
    Membership.objects.create(user=colleague, role=Role.LIAISON, instansi=luwu, unit=pupr)
    complaint = services.complaint_verify(actor=admin, complaint=submit().complaint, units=[pupr])

    _one_wins(
        _race(
            lambda: services.dispatch_accept(actor=officer, complaint=complaint),
            lambda: services.dispatch_accept(actor=colleague, complaint=complaint),
        )
    )
    complaint.refresh_from_db()
    assert complaint.status == Status.IN_PROGRESS
    assert (
        ComplaintEvent.objects.filter(complaint=complaint, kind=EventKind.DISPATCH_ACCEPTED).count()
        == 1
    )
    assert Dispatch.objects.get(complaint=complaint).status == DispatchStatus.ACCEPTED


def test_event_chain_stays_whole_after_a_race(submit, admin, officer, pupr):
    complaint = services.complaint_verify(actor=admin, complaint=submit().complaint, units=[pupr])
    _race(
        lambda: services.followup_add(actor=officer, complaint=complaint, text="Tim berangkat"),
        lambda: services.complaint_hold(actor=admin, complaint=complaint, question="Nomor rumah?"),
    )
    assert verify_chain(Complaint.objects.get(pk=complaint.pk)) == []
