"""The indexes a submission no longer writes are still there for the lookups that need them.

Migration 0011 made the foreign keys' indexes partial (WHERE ... IS NOT NULL) or left them to an
index that begins with the same column; a lookup by value must still use one, on both databases.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.db import connection
from django.db.models import QuerySet

from aduan.complaints.models import Complaint, ComplaintEvent, Reporter
from aduan.core import clock

pytestmark = pytest.mark.django_db


@contextmanager
def _index_scans_only() -> Iterator[None]:
    # On a nearly empty table PostgreSQL rightly prefers to read it whole; this asks whether
    # an index can serve the query at all, which is what a partial index puts in doubt.
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET enable_seqscan = on")


def _plan(queryset: QuerySet[Any]) -> str:
    with _index_scans_only():
        return queryset.explain()


@pytest.mark.parametrize(
    ("lookup", "index"),
    [
        ({"created_by_id": 1}, "complaint_created_by"),
        ({"duplicate_of_id": 1}, "complaint_duplicate_of"),
        ({"forwarded_to_id": 1}, "complaint_forwarded_to"),
        ({"forwarded_from_id": 1}, "complaint_forwarded_from"),
        ({"duplicate_of_id__in": [1, 2]}, "complaint_duplicate_of"),
    ],
)
def test_a_lookup_by_a_rarely_set_key_uses_its_partial_index(lookup, index):
    assert index in _plan(Complaint.objects.filter(**lookup))


def test_the_autoclose_sweep_uses_its_partial_index():
    assert "complaint_autoclose_at" in _plan(
        Complaint.objects.filter(autoclose_at__lte=clock.now())
    )


def test_an_event_lookup_by_actor_unit_or_report_uses_an_index():
    assert "event_actor" in _plan(ComplaintEvent.objects.filter(actor_id=1))
    assert "event_unit" in _plan(ComplaintEvent.objects.filter(unit_id=1))
    # A report's events: the unique (complaint, seq) index begins with the report.
    by_report = _plan(ComplaintEvent.objects.filter(complaint_id=1))
    assert (
        "event_seq_unique" in by_report or "sqlite_autoindex_complaints_complaintevent" in by_report
    )


def test_a_lookup_by_government_uses_an_index_that_begins_with_it():
    plan = _plan(Complaint.objects.filter(instansi_id=1))
    assert any(name in plan for name in ("complaint_inbox", "complaint_due", "complaint_submitted"))


def test_a_reporters_account_lookup_uses_its_partial_index():
    assert "reporter_user" in _plan(Reporter.objects.filter(user_id=1))
