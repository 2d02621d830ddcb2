"""The WAL checkpoint thread: it copies the log into the database file, once per process."""

from __future__ import annotations

import os
import sqlite3
import time

from aduan.core.sqlite_checkpoint import checkpointer_start


def test_the_thread_copies_the_log_into_the_database_file(tmp_path):
    path = str(tmp_path / "wal.sqlite3")
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA wal_autocheckpoint=0")  # nothing but the thread checkpoints
    db.execute("CREATE TABLE report (text TEXT)")
    for _ in range(200):
        db.execute("INSERT INTO report VALUES (?)", ["jalan berlubang " * 20])
    before = os.path.getsize(path)
    assert os.path.getsize(path + "-wal") > before  # the rows are in the log only

    assert checkpointer_start(path, 20)

    deadline = time.monotonic() + 10
    while os.path.getsize(path) <= before and time.monotonic() < deadline:
        time.sleep(0.02)
    assert os.path.getsize(path) > before
    assert db.execute("SELECT count(*) FROM report").fetchone() == (200,)
    # One thread per process and file.
    assert not checkpointer_start(path, 20)
    db.close()


def test_no_thread_without_an_interval_or_for_a_database_in_memory(tmp_path):
    assert not checkpointer_start(str(tmp_path / "none.sqlite3"), 0)
    assert not checkpointer_start(":memory:", 200)
    assert not checkpointer_start("file:aduan?mode=memory&cache=shared", 200)


def test_a_forked_child_starts_its_own_thread(tmp_path):
    path = str(tmp_path / "fork.sqlite3")
    sqlite3.connect(path).execute("PRAGMA journal_mode=WAL").fetchall()
    assert checkpointer_start(path, 1000)
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # the child: its parent's thread is not here, so it may start one
        os.write(write, b"1" if checkpointer_start(path, 1000) else b"0")
        os._exit(0)
    os.waitpid(child, 0)
    assert os.read(read, 1) == b"1"
    assert not checkpointer_start(path, 1000)  # the parent's own thread still counts
