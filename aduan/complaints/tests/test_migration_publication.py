"""Migration 0012_publication_audience_masks: existing reports keep today's visibility, existing
timeline entries get the audience the public pages gave them, search moves to the public
text; and the migration goes back and forth."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from aduan.complaints.events import append_only_trigger_repair
from aduan.complaints.search import FeedFilters, search_public, search_triggers_repair
from aduan.organisation.reference import luwu_load

BEFORE = [("complaints", "0011_write_fewer_index_entries")]


# Forward to the app's latest migration (through the merges with other 0012s): the search
# below reads with today's model.
def _after() -> list[tuple[str, str]]:
    return [leaf for leaf in executor_leaf() if leaf[0] == "complaints"]


AT = datetime(2025, 3, 3, 2, 0, tzinfo=UTC)


def _migrate(targets: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.fixture
def at_0011(transactional_db: None) -> Iterator[Any]:
    apps = _migrate(BEFORE)
    yield apps
    _migrate(executor_leaf())
    # SQLite loses a table's triggers when a migration rebuilds it; `migrate` puts them back
    # after every run (complaints.apps), this test's executor does not.
    append_only_trigger_repair()
    search_triggers_repair()


def executor_leaf() -> list[tuple[str, str]]:
    leaves: list[tuple[str, str]] = MigrationExecutor(connection).loader.graph.leaf_nodes()
    return leaves


def _event(apps: Any, complaint: Any, seq: int, kind: str, actor_kind: str, note: str,
           public: bool) -> None:  # fmt: skip
    apps.get_model("complaints", "ComplaintEvent").objects.create(
        complaint=complaint, seq=seq, kind=kind, actor_kind=actor_kind, created_at=AT,
        note=note, is_public=public, hash=f"{seq:064d}",
    )  # fmt: skip


def test_existing_reports_stay_public_and_entries_get_their_audience(at_0011: Any) -> None:
    luwu = luwu_load()
    Complaint = at_0011.get_model("complaints", "Complaint")
    report = Complaint.objects.create(
        instansi_id=luwu.pk, tracking_number="LWU-OLD1-0001", access_code_hash="x" * 64,
        type="complaint", title="Jembatan lama retak", description="Retak sejak banjir.",
        channel="web", status="in_progress", submitted_at=AT, updated_at=AT, event_count=5,
    )  # fmt: skip
    _event(at_0011, report, 1, "submitted", "reporter", "", True)
    _event(at_0011, report, 2, "dispatched", "staff", "Instruksi: cek anggaran", True)
    _event(at_0011, report, 3, "followup", "staff", "Tim sudah ke lokasi", True)
    _event(at_0011, report, 4, "reporter_message", "reporter", "Makin parah", True)
    _event(at_0011, report, 5, "followup", "staff", "Catatan internal", False)

    after = _migrate(_after())

    migrated = after.get_model("complaints", "Complaint").objects.get(pk=report.pk)
    assert migrated.is_published is True
    assert (migrated.public_title, migrated.public_description) == (
        "Jembatan lama retak",
        "Retak sejak banjir.",
    )
    audiences = list(
        after.get_model("complaints", "ComplaintEvent")
        .objects.filter(complaint_id=report.pk)
        .order_by("seq")
        .values_list("audience", "note_audience")
    )
    assert audiences == [
        ("public", "reporter"),  # the reporter's own entry: a note would be theirs
        ("public", "staff"),  # the instruction to the unit
        ("public", "public"),
        ("public", "reporter"),
        ("staff", "staff"),
    ]
    # The search index was rebuilt on the public text.
    _count, found = search_public(query="jembatan", filters=FeedFilters(), limit=5, offset=0)
    assert [c.tracking_number for c in found] == ["LWU-OLD1-0001"]

    # And back, and forth again: the data stays.
    _migrate(BEFORE)
    again = _migrate(_after())
    assert again.get_model("complaints", "Complaint").objects.get(pk=report.pk).title == (
        "Jembatan lama retak"
    )
