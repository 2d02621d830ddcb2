"""Checkpoint SQLite's write-ahead log from a background thread, not from a request.

In WAL mode every commit appends its pages to the log, and by default the commit that takes the
log past 1,000 pages copies the log back into the database file (a checkpoint), with a sync,
inside that request: about 0.8 ms per submission on average at 1,000,000 reports, in bursts of
up to 40 ms (docs/performance.md). Here each process that opens the database starts one daemon
thread that runs a PASSIVE checkpoint every SQLITE_CHECKPOINT_INTERVAL_MS on a connection of its
own. A PASSIVE checkpoint never waits for readers or writers, and Python's sqlite3 releases the
GIL while it runs, so requests go on meanwhile. The connections of requests keep SQLite's own
automatic checkpoint as a safety net, at a higher threshold (settings: 10,000 pages), for a
process whose thread is gone.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time
from typing import Any

logger = logging.getLogger(__name__)

_started: set[str] = set()
_lock = threading.Lock()
# A thread does not survive fork(): a child (a gunicorn worker forked from a master that had
# connected) starts its own.
os.register_at_fork(after_in_child=_started.clear)


def _run(path: str, interval: float) -> None:
    connection = sqlite3.connect(path, timeout=0, isolation_level=None, check_same_thread=False)
    while True:
        time.sleep(interval)
        try:
            connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        except sqlite3.Error:  # the file went away (a test database), or a transient error
            logger.debug("checkpoint of %s failed", path, exc_info=True)


def checkpointer_start(path: str, interval_ms: int) -> bool:
    """Start the checkpoint thread for the database at `path`, once per process and file.

    Returns whether a thread was started (not when one runs already, nor for an interval of 0
    or an in-memory database).
    """
    if interval_ms <= 0 or path == ":memory:" or "mode=memory" in path:
        return False
    with _lock:
        if path in _started:
            return False
        _started.add(path)
    thread = threading.Thread(
        target=_run, args=(path, interval_ms / 1000), name="sqlite-checkpoint", daemon=True
    )
    thread.start()
    return True


def on_connection_created(sender: Any, connection: Any, **kwargs: Any) -> None:
    """connection_created receiver: the default SQLite database gets its checkpoint thread."""
    from django.conf import settings

    if connection.vendor == "sqlite" and connection.alias == "default":
        checkpointer_start(
            str(connection.settings_dict["NAME"]), settings.SQLITE_CHECKPOINT_INTERVAL_MS
        )
