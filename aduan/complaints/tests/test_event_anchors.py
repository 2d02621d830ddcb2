"""The event log's anchors: keyed seals, signed checkpoints, the export and the public page.

Each forgery is done as someone with the database would do it: raw SQL, the append-only trigger
dropped (or disabled), hashes recomputed with the published algorithm and the chain's tail on
the report moved to match. `aduan verify-events` must still find it.
"""

from __future__ import annotations

import hashlib
import importlib
import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.core.management import CommandError, call_command
from django.db import connection

from aduan.complaints import anchors
from aduan.complaints.events import chain_hash, digest_body, event_mac
from aduan.complaints.models import Complaint, ComplaintEvent, EventCheckpoint
from aduan.notifications.services import worker_pass
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
def checkpointed(lifecycle: Complaint) -> Complaint:
    assert anchors.checkpoint_write() is not None
    return lifecycle


@pytest.fixture
def trigger_dropped(db: None):
    """What someone with direct database access does first: the append-only trigger goes."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(
                "ALTER TABLE complaints_complaintevent DISABLE TRIGGER complaints_event_no_update"
            )
        else:
            cursor.execute("DROP TRIGGER complaints_event_no_update")
    yield
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "ALTER TABLE complaints_complaintevent ENABLE TRIGGER complaints_event_no_update"
            )
        else:
            cursor.execute(_trigger_sql.SQLITE_UP)


def _verify() -> tuple[bool, str]:
    out = StringIO()
    try:
        call_command("verify-events", stdout=out)
    except CommandError:
        return False, out.getvalue()
    return True, out.getvalue()


def _sql(query: str, params: list[Any]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(query, params)


def _events(complaint: Complaint) -> list[ComplaintEvent]:
    events = list(ComplaintEvent.objects.filter(complaint=complaint).order_by("seq"))
    for event in events:
        event.complaint = complaint
    return events


def _rechain(complaint: Complaint, *, key: bytes | None = None) -> None:
    """Recompute every hash from the rows as they now are, and move the report's tail to match:
    with `key` (a stolen key) the seals too, without it the old seals stay."""
    prev = ""
    events = _events(complaint)
    for event in events:
        event.prev_hash = prev
        new_hash = chain_hash(prev, digest_body(event))
        mac = event_mac(new_hash, key) if key else event.mac
        _sql(
            "UPDATE complaints_complaintevent SET prev_hash = %s, hash = %s, mac = %s "
            "WHERE id = %s",
            [prev, new_hash, mac, event.pk],
        )
        prev = new_hash
    _sql(
        "UPDATE complaints_complaint SET event_count = %s, last_event_hash = %s WHERE id = %s",
        [len(events), prev, complaint.pk],
    )


def _append(complaint: Complaint, *, version: int, key: bytes | None) -> None:
    """Insert a 7th event copied from the 6th with a new note, hashed as the services hash."""
    last = _events(complaint)[-1]
    forged = ComplaintEvent(
        complaint=complaint,
        seq=last.seq + 1,
        kind=last.kind,
        actor_id=last.actor_id,
        actor_kind=last.actor_kind,
        unit_id=last.unit_id,
        created_at=last.created_at,
        old=last.old,
        new=last.new,
        note="Laporan dinyatakan tidak benar",
        is_public=last.is_public,
        prev_hash=last.hash,
        digest_version=version,
    )
    forged.hash = chain_hash(forged.prev_hash, digest_body(forged))
    mac = event_mac(forged.hash, key) if key else "0" * 64
    _sql(
        "INSERT INTO complaints_complaintevent (complaint_id, seq, kind, actor_id, actor_kind, "
        "unit_id, created_at, old, new, note, is_public, audience, note_audience, via, "
        "prev_hash, hash, digest_version, mac) "
        "SELECT complaint_id, %s, kind, actor_id, actor_kind, unit_id, created_at, old, new, %s, "
        "is_public, audience, note_audience, via, %s, %s, %s, %s "
        "FROM complaints_complaintevent WHERE id = %s",
        [forged.seq, forged.note, forged.prev_hash, forged.hash, version, mac, last.pk],
    )
    _sql(
        "UPDATE complaints_complaint SET event_count = %s, last_event_hash = %s WHERE id = %s",
        [forged.seq, forged.hash, complaint.pk],
    )


# ---------------------------------------------------------------- intact


def test_new_events_are_keyed_and_an_intact_log_verifies(checkpointed):
    for event in _events(checkpointed):
        assert event.digest_version >= 1
        assert event.mac == event_mac(event.hash, b"test-event-log-key")
    ok, out = _verify()
    assert ok, out
    assert "1 signed checkpoint" in out


def test_a_seal_made_with_another_key_does_not_verify(checkpointed, settings):
    settings.EVENT_LOG_KEY = "another-key"
    ok, out = _verify()
    assert not ok
    assert f"{checkpointed.tracking_number} event 1: its seal does not match" in out


# ---------------------------------------------------------------- forgeries without the key


def test_an_appended_event_with_its_tail_updated_is_found(checkpointed):
    _append(checkpointed, version=1, key=None)  # a hash as the services make it, no key
    ok, out = _verify()
    assert not ok
    assert f"{checkpointed.tracking_number} event 7: its seal does not match" in out


def test_an_appended_unkeyed_event_is_found(checkpointed):
    _append(checkpointed, version=0, key=None)  # dressed as a row from before the key
    ok, out = _verify()
    assert not ok
    assert "event 7: an unkeyed event after keyed ones" in out


def test_an_altered_and_rechained_event_is_found(checkpointed, trigger_dropped):
    _sql(
        "UPDATE complaints_complaintevent SET note = %s WHERE complaint_id = %s AND seq = 4",
        ["Tidak ada apa-apa", checkpointed.pk],
    )
    _rechain(checkpointed)
    ok, out = _verify()
    assert not ok
    assert "event 4: its seal does not match" in out
    assert "chain tail" not in out  # the tail was moved to match: the seals tell
    assert "event 6 was rewritten after checkpoint 1" in out


def test_a_removed_and_rechained_event_is_found(checkpointed, trigger_dropped):
    _sql(
        "DELETE FROM complaints_complaintevent WHERE complaint_id = %s AND seq = 3",
        [checkpointed.pk],
    )
    for seq in (4, 5, 6):
        _sql(
            "UPDATE complaints_complaintevent SET seq = %s WHERE complaint_id = %s AND seq = %s",
            [seq - 1, checkpointed.pk, seq],
        )
    _rechain(checkpointed)
    ok, out = _verify()
    assert not ok
    assert "event 3: its seal does not match" in out
    assert "event 6 was removed after checkpoint 1" in out


def test_cutting_the_last_events_off_is_found_by_the_checkpoint(checkpointed):
    # No hash to forge: the last event goes and the tail moves back to the fifth, whose seal
    # is genuine. Only the signed checkpoint remembers there were six.
    fifth = _events(checkpointed)[4]
    _sql(
        "DELETE FROM complaints_complaintevent WHERE complaint_id = %s AND seq = 6",
        [checkpointed.pk],
    )
    _sql(
        "UPDATE complaints_complaint SET event_count = 5, last_event_hash = %s WHERE id = %s",
        [fifth.hash, checkpointed.pk],
    )
    ok, out = _verify()
    assert not ok
    assert f"{checkpointed.tracking_number}: event 6 was removed after checkpoint 1" in out


def test_a_removed_report_is_found_by_the_checkpoint(submit):
    gone = submit().complaint
    kept = submit().complaint
    anchors.checkpoint_write()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM complaints_complaintevent WHERE complaint_id = %s", [gone.pk])
        cursor.execute("DELETE FROM complaints_complaint WHERE id = %s", [gone.pk])
    ok, out = _verify()
    assert not ok
    assert f"{gone.tracking_number}: the report was removed after checkpoint 1" in out
    assert kept.tracking_number not in out


# ---------------------------------------------------------------- with a stolen key


def test_a_rewrite_with_the_stolen_key_is_found_by_the_signed_checkpoint(
    checkpointed, trigger_dropped
):
    _sql(
        "UPDATE complaints_complaintevent SET note = %s WHERE complaint_id = %s AND seq = 5",
        ["Jalan sudah bagus sejak awal", checkpointed.pk],
    )
    _rechain(checkpointed, key=b"test-event-log-key")
    ok, out = _verify()
    assert not ok
    assert "seal" not in out  # every seal is right: the attacker had the key
    assert f"{checkpointed.tracking_number}: event 6 was rewritten after checkpoint 1" in out


def test_a_checkpoint_changed_to_match_is_found(checkpointed, trigger_dropped):
    _sql(
        "DELETE FROM complaints_complaintevent WHERE complaint_id = %s AND seq = 6",
        [checkpointed.pk],
    )
    fifth = _events(checkpointed)[4]
    _sql(
        "UPDATE complaints_complaint SET event_count = 5, last_event_hash = %s WHERE id = %s",
        [fifth.hash, checkpointed.pk],
    )
    checkpoint = EventCheckpoint.objects.get()
    entries = [[checkpointed.tracking_number, 5, fifth.hash]]
    EventCheckpoint.objects.filter(pk=checkpoint.pk).update(
        entries=entries, entries_digest=anchors.entries_digest(entries)
    )
    ok, out = _verify()
    assert not ok
    assert "checkpoint 1: its statement was changed" in out


def test_a_missing_checkpoint_in_the_series_is_found(checkpointed, submit):
    submit()
    anchors.checkpoint_write()
    anchors.checkpoint_write()
    EventCheckpoint.objects.filter(seq=2).delete()
    ok, out = _verify()
    assert not ok
    assert "checkpoint 3: checkpoint 2 is missing" in out
    assert "checkpoint 3: does not follow the previous checkpoint" in out


# ---------------------------------------------------------------- rows from before the key


def test_unkeyed_rows_from_before_the_key_verify_until_more_are_added(lifecycle, trigger_dropped):
    # The log as it was before the upgrade: every row version 0, no seal.
    _sql(
        "UPDATE complaints_complaintevent SET digest_version = 0, mac = '' WHERE complaint_id = %s",
        [lifecycle.pk],
    )
    _rechain(lifecycle)
    ok, out = _verify()
    assert ok, out
    anchors.checkpoint_write()  # the first checkpoint seals the six unkeyed rows
    ok, out = _verify()
    assert ok, out
    _append(lifecycle, version=0, key=None)
    ok, out = _verify()
    assert not ok
    assert "event 7: an unkeyed event that no checkpoint sealed" in out


# ---------------------------------------------------------------- the worker


def test_the_worker_signs_a_checkpoint_when_one_is_due(lifecycle, settings, time_machine):
    settings.ADUAN_EVENT_CHECKPOINT_HOURS = 24
    first = worker_pass(worker_id="t", sweep=True).checkpoint
    assert first is not None
    assert first.entries == [[lifecycle.tracking_number, 6, lifecycle.last_event_hash]]
    assert worker_pass(worker_id="t", sweep=True).checkpoint is None  # not due yet
    time_machine.move_to(first.created_at + anchors.CHECKPOINT_OVERLAP * 25)
    second = worker_pass(worker_id="t", sweep=True).checkpoint
    assert second is not None
    assert second.seq == 2
    assert second.prev_digest == first.digest
    # The events just before the first checkpoint fall in the overlap: listed again, unchanged.
    assert second.entries == first.entries
    assert second.report_count == 1
    assert second.event_total == 6
    time_machine.move_to(second.created_at + anchors.CHECKPOINT_OVERLAP * 25)
    third = worker_pass(worker_id="t", sweep=True).checkpoint
    assert third is not None
    assert third.entries == []  # nothing moved since


# ---------------------------------------------------------------- the public page


def test_the_transparency_page_shows_the_key_and_latest_checkpoints(checkpointed, anon_client):
    checkpoint = EventCheckpoint.objects.get()
    page = anon_client.get("/transparansi/")
    assert page.status_code == 200
    html = page.content.decode()
    assert anchors.public_key_hex() in html
    assert checkpoint.digest in html
    assert checkpoint.signature in html
    assert checkpointed.tracking_number not in html


def test_outsiders_verify_the_json_download_with_the_public_key_alone(checkpointed, anon_client):
    download = anon_client.get("/transparansi/checkpoints.json")
    assert download.status_code == 200
    assert "attachment" in download["Content-Disposition"]
    assert checkpointed.tracking_number not in download.content.decode()
    data = json.loads(download.content)
    (published,) = data["checkpoints"]
    # What an outsider does, with nothing of aduan: rebuild the statement, check the digest
    # and the Ed25519 signature with the published key.
    statement = {k: published[k] for k in published if k not in ("digest", "signature")}
    statement["format"] = data["statement_format"]
    canonical = json.dumps(statement, sort_keys=True, separators=(",", ":")).encode()
    assert hashlib.sha256(canonical).hexdigest() == published["digest"]
    public_key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(data["public_key"]))
    public_key.verify(bytes.fromhex(published["signature"]), canonical)  # raises if forged


# ---------------------------------------------------------------- the auditor's export


def _export(tmp_path: Path) -> Path:
    path = tmp_path / "log.jsonl"
    call_command("export-events", str(path), stderr=StringIO())
    return path


def _verify_export(path: Path, *extra: str) -> tuple[bool, str]:
    out = StringIO()
    try:
        call_command("verify-export", str(path), *extra, stdout=out)
    except CommandError:
        return False, out.getvalue()
    return True, out.getvalue()


def test_an_export_verifies_without_the_database(checkpointed, submit, tmp_path):
    submit()  # a report after the checkpoint: covered by its chain and seals only
    path = _export(tmp_path)
    key_file = tmp_path / "key"
    key_file.write_text("test-event-log-key\n")
    public = anchors.public_key_hex()
    ok, out = _verify_export(path, "--public-key", public, "--key-file", str(key_file))
    assert ok, out
    assert "seals" in out
    ok, out = _verify_export(path, "--public-key", public)
    assert ok, out


def test_an_export_altered_after_the_fact_is_found(checkpointed, tmp_path):
    path = _export(tmp_path)
    lines = path.read_text().splitlines()
    report_line = next(i for i, line in enumerate(lines) if line.startswith('{"report"'))
    record = json.loads(lines[report_line])
    record["report"]["events"][3]["body"]["note"] = "Tidak ada apa-apa"
    lines[report_line] = json.dumps(record)
    path.write_text("\n".join(lines) + "\n")
    ok, out = _verify_export(path, "--public-key", anchors.public_key_hex())
    assert not ok
    assert f"{checkpointed.tracking_number} event 4: content was altered" in out


def test_an_export_checked_against_another_public_key_fails(checkpointed, tmp_path):
    path = _export(tmp_path)
    ok, out = _verify_export(path, "--public-key", "ab" * 32)
    assert not ok
    assert "checkpoint 1: signed with another key" in out


def test_an_export_of_a_rewritten_log_fails_against_the_held_checkpoints(
    checkpointed, trigger_dropped, tmp_path
):
    _sql(
        "UPDATE complaints_complaintevent SET note = %s WHERE complaint_id = %s AND seq = 5",
        ["Jalan sudah bagus sejak awal", checkpointed.pk],
    )
    _rechain(checkpointed, key=b"test-event-log-key")
    ok, out = _verify_export(_export(tmp_path), "--public-key", anchors.public_key_hex())
    assert not ok
    assert "event 6 was rewritten after checkpoint 1" in out
