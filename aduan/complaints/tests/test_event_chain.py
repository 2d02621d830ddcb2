"""The hash-chained, append-only event log and `aduan verify-events`."""

from __future__ import annotations

import importlib
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from aduan.complaints.events import verify_chain
from aduan.complaints.models import Complaint, ComplaintEvent
from aduan.workflow import services

_trigger_sql = importlib.import_module("aduan.complaints.migrations.0002_event_append_only")


@pytest.fixture
def lifecycle(submit, admin, officer, pupr) -> Complaint:
    complaint: Complaint = submit().complaint
    services.complaint_verify(actor=admin, complaint=complaint, units=[pupr])
    services.followup_add(actor=officer, complaint=complaint, text="Tim ke lokasi")
    services.complaint_resolve(actor=officer, complaint=complaint, summary="Ditambal")
    complaint.refresh_from_db()
    assert complaint.event_count == 6
    return complaint


@pytest.fixture
def trigger_dropped(db: None):
    """Tamper the way someone with direct database access would: without the trigger."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Fire the deferred foreign-key checks first: ALTER TABLE refuses pending ones.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(
                "ALTER TABLE complaints_complaintevent DISABLE TRIGGER complaints_event_no_update"
            )
        else:
            cursor.execute("DROP TRIGGER complaints_event_no_update")
    yield
    # The test's transaction rolls this back anyway; restore it explicitly all the same.
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "ALTER TABLE complaints_complaintevent ENABLE TRIGGER complaints_event_no_update"
            )
        else:
            cursor.execute(_trigger_sql.SQLITE_UP)


def _verify_events() -> str:
    out = StringIO()
    call_command("verify-events", stdout=out)
    return out.getvalue()


def test_an_intact_log_verifies(lifecycle):
    assert verify_chain(lifecycle) == []
    assert "intact" in _verify_events()


def test_the_database_refuses_to_update_an_event(lifecycle):
    event = lifecycle.events.get(seq=3)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        ComplaintEvent.objects.filter(pk=event.pk).update(note="diubah")
    event.refresh_from_db()
    assert event.note == ""


def test_an_altered_event_is_detected(lifecycle, trigger_dropped, submit):
    untouched = submit().complaint
    ComplaintEvent.objects.filter(complaint=lifecycle, seq=4).update(note="Tidak ada apa-apa")
    problems = verify_chain(lifecycle)
    assert [(p.seq, "altered" in p.problem) for p in problems] == [(4, True)]
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("verify-events", stdout=out)
    assert lifecycle.tracking_number in out.getvalue()
    assert untouched.tracking_number not in out.getvalue()


def test_an_event_moved_to_another_actor_is_detected(lifecycle, trigger_dropped, other_officer):
    ComplaintEvent.objects.filter(complaint=lifecycle, seq=5).update(actor=other_officer)
    assert [p.seq for p in verify_chain(lifecycle)] == [5]


def test_a_deleted_event_is_detected(lifecycle):
    ComplaintEvent.objects.filter(complaint=lifecycle, seq=2).delete()  # DELETE is not blocked
    problems = verify_chain(lifecycle)
    assert problems
    assert problems[0].seq == 2
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("verify-events", stdout=out)
    assert lifecycle.tracking_number in out.getvalue()


def test_a_deleted_last_event_is_detected(lifecycle):
    ComplaintEvent.objects.filter(complaint=lifecycle, seq=6).delete()
    assert [p.seq for p in verify_chain(lifecycle)] == [None]  # the chain's tail is gone


def test_a_rewritten_tail_is_detected(lifecycle):
    Complaint.objects.filter(pk=lifecycle.pk).update(last_event_hash="0" * 64)
    lifecycle.refresh_from_db()
    assert [p.seq for p in verify_chain(lifecycle)] == [None]


@pytest.mark.django_db
def test_append_only_trigger_comes_back_after_a_table_rebuild_drops_it(submit):
    from aduan.complaints.events import append_only_trigger_repair

    if connection.vendor != "sqlite":
        assert append_only_trigger_repair() is False  # PostgreSQL keeps triggers on ALTER
        return
    submit()
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER complaints_event_no_update")  # what a rebuild does
    assert append_only_trigger_repair() is True
    assert append_only_trigger_repair() is False
    with pytest.raises(DatabaseError, match="append-only"), connection.cursor() as cursor:
        cursor.execute("UPDATE complaints_complaintevent SET note = 'x'")
