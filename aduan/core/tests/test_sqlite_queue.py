"""SQLite's writers take turns through a file lock (core/sqlite/base.py).

Each test opens its own SQLite file through aduan's engine and production options, whatever the
default database of the run is.
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, cast

import pytest
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from aduan.core.sqlite.base import DatabaseWrapper as Queueing
from aduan.settings import _database


@contextmanager
def _alias(alias: str, url: str, django_db_blocker: Any, **options: Any) -> Iterator[None]:
    """`alias` on the database at `url`, as production's settings open it, for the block."""
    config = _database(url)
    config["OPTIONS"].update(options)
    # configure_settings fills in Django's defaults; it wants the default database beside.
    given = {DEFAULT_DB_ALIAS: connections.settings[DEFAULT_DB_ALIAS], alias: config}
    connections.settings[alias] = connections.configure_settings(given)[alias]
    try:
        with django_db_blocker.unblock():
            yield
    finally:
        connections[alias].close()
        del connections[alias]
        del connections.settings[alias]


def _free(lock_file: Path) -> bool:
    """Whether another holder could take the writers' lock now."""
    fd = os.open(lock_file, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return True
    finally:
        os.close(fd)


@pytest.fixture
def queued(tmp_path: Path, django_db_blocker) -> Iterator[tuple[str, Path]]:
    """An alias on a new SQLite file, and the path of its writers' lock."""
    path = tmp_path / "queue.sqlite3"
    alias = "queue_test"
    with _alias(alias, f"sqlite:///{path}", django_db_blocker, timeout=0.5):
        with connections[alias].cursor() as cursor:
            cursor.execute("CREATE TABLE report (id INTEGER PRIMARY KEY, who TEXT)")
        yield alias, Path(f"{path}-writers")


def test_aduan_uses_its_own_sqlite_engine():
    assert _database("sqlite:///x.sqlite3")["ENGINE"] == "aduan.core.sqlite"
    assert _database("postgres://u@127.0.0.1/x")["ENGINE"] == "django.db.backends.postgresql"


def test_a_transaction_holds_the_lock_until_it_commits(queued):
    alias, lock = queued
    assert _free(lock)
    with transaction.atomic(using=alias):
        connections[alias].cursor().execute("INSERT INTO report (who) VALUES ('a')")
        assert not _free(lock)
        with transaction.atomic(using=alias):  # a savepoint changes nothing
            assert not _free(lock)
        assert not _free(lock)
    assert _free(lock)


def test_a_rolled_back_or_closed_transaction_gives_the_lock_back(queued):
    alias, lock = queued

    def refused() -> None:
        with transaction.atomic(using=alias):
            connections[alias].cursor().execute("INSERT INTO report (who) VALUES ('a')")
            raise ValueError("refused")

    with pytest.raises(ValueError, match="refused"):
        refused()
    assert _free(lock)
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT count(*) FROM report")
        assert cursor.fetchone() == (0,)

    atomic = transaction.atomic(using=alias)
    atomic.__enter__()
    assert not _free(lock)
    connections[alias].close()  # e.g. a worker's connection dropped mid-transaction
    assert _free(lock)
    connections[alias].needs_rollback = False
    connections[alias].in_atomic_block = False


def test_a_second_writer_waits_for_the_first_and_then_goes_on(queued):
    alias, lock = queued
    order: list[str] = []
    entered = threading.Event()

    def second() -> None:
        try:
            entered.wait(5)
            with transaction.atomic(using=alias):
                order.append("second in")
                connections[alias].cursor().execute("INSERT INTO report (who) VALUES ('b')")
        finally:
            connections[alias].close()

    thread = threading.Thread(target=second)
    thread.start()
    with transaction.atomic(using=alias):
        connections[alias].cursor().execute("INSERT INTO report (who) VALUES ('a')")
        entered.set()
        time.sleep(0.2)  # the second thread is waiting now
        order.append("first commits")
    thread.join(10)

    assert order == ["first commits", "second in"]
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT who FROM report ORDER BY id")
        assert cursor.fetchall() == [("a",), ("b",)]
    assert _free(lock)


def test_a_lock_never_given_back_holds_a_writer_up_only_for_the_busy_timeout(queued):
    # Another process that took the lock and hangs: after the busy timeout (0.5 s here) the
    # writer goes on to SQLite's own lock, which is free, instead of waiting for ever.
    alias, lock = queued
    stuck = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(stuck, fcntl.LOCK_EX)
    try:
        started = time.monotonic()
        with transaction.atomic(using=alias):
            connections[alias].cursor().execute("INSERT INTO report (who) VALUES ('a')")
        waited = time.monotonic() - started
    finally:
        os.close(stuck)
    assert 0.5 <= waited < 5
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT count(*) FROM report")
        assert cursor.fetchone() == (1,)


def test_a_database_in_memory_has_no_lock_file(django_db_blocker):
    alias = "queue_memory"
    with _alias(alias, "sqlite://:memory:", django_db_blocker), transaction.atomic(using=alias):
        connections[alias].cursor().execute("CREATE TABLE t (x)")
        assert cast(Queueing, connections[alias])._queue_fd is None


def test_a_forked_child_does_not_give_back_its_parents_lock(queued):
    alias, lock = queued
    with transaction.atomic(using=alias):
        connections[alias].cursor().execute("INSERT INTO report (who) VALUES ('a')")
        child = os.fork()
        if child == 0:  # the child inherits the wrapper, its descriptor and the lock
            wrapper = cast(Queueing, connections[alias])
            wrapper._queue_give_back()
            wrapper._queue_file()  # opens its own
            os._exit(0)
        os.waitpid(child, 0)
        assert not _free(lock)  # still the parent's
    assert _free(lock)


def test_without_a_lock_file_the_writers_fall_back_to_sqlites_own_waiting(queued):
    # The lock file cannot be made (here it points into a directory that does not exist; in
    # real life, a directory the process may not write to): transactions still work.
    alias, lock = queued
    os.symlink(lock.parent / "no-such-directory" / "writers", lock)
    with transaction.atomic(using=alias):
        connections[alias].cursor().execute("INSERT INTO report (who) VALUES ('a')")
    wrapper = cast(Queueing, connections[alias])
    assert wrapper._queue_fd is None
    assert wrapper._queue_unavailable
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT count(*) FROM report")
        assert cursor.fetchone() == (1,)
