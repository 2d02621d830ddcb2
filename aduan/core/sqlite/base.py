"""Django's SQLite backend, with the processes' write transactions taking turns promptly.

SQLite lets one transaction write at a time. A connection that finds the write lock taken is
put to sleep by SQLite's busy handler for 1, 2, 5, 10, 15, 20 ms and so on between attempts, so
the lock often stands free while the next writer sleeps. Under load the API submission's
workers spent about a third of their time waiting in `BEGIN IMMEDIATE` (1.6 to 1.8 ms a
submission, while a transaction holds the lock for 2.3 ms; docs/performance.md).

Here each write transaction (every `atomic()` block opens one: settings use
`transaction_mode=IMMEDIATE`) first takes an exclusive `flock` on a file beside the database
(`<database>-writers`), and gives it back when the transaction commits, rolls back or its
connection closes. The next writer, in this process or another, is polled for every 0.1 ms or so
instead of after several milliseconds. The file lock only orders the writers: SQLite's own lock
still guards the data, statements in autocommit mode and other programs don't take the file
lock, and a writer that cannot have it within the busy timeout goes on to `BEGIN` as before
(and gets SQLite's "database is locked" if that fails too). The kernel drops the lock of a
process that dies.
"""

from __future__ import annotations

import errno
import fcntl
import logging
import os
import time
from typing import Any

from django.db.backends.sqlite3 import base

logger = logging.getLogger(__name__)

# First pause, and longest, between two tries for the file lock, in seconds.
_FIRST_PAUSE = 0.00002
_LONGEST_PAUSE = 0.0001


class DatabaseWrapper(base.DatabaseWrapper):
    _queue_fd: int | None = None
    _queue_pid = 0  # the process that opened _queue_fd
    _queue_held = False
    _queue_unavailable = False

    def _queue_file(self) -> int | None:
        if self._queue_fd is not None and self._queue_pid != os.getpid():
            # Inherited through fork(): the descriptor (and a lock on it) is the parent's. Closing
            # the child's copy releases nothing; unlocking it would.
            os.close(self._queue_fd)
            self._queue_fd, self._queue_held = None, False
        if self._queue_fd is None:
            if self.is_in_memory_db() or self._queue_unavailable:
                return None
            name = str(self.settings_dict["NAME"])
            try:
                # Read-only is enough for flock, so another account that may use the database
                # (an administrator's command, say) can take its turn too.
                self._queue_fd = os.open(f"{name}-writers", os.O_RDONLY | os.O_CREAT, 0o644)
            except OSError:
                # A directory this process may not write to: no queue, SQLite's busy handler.
                logger.warning("No writers' queue for %s", name, exc_info=True)
                self._queue_unavailable = True
                return None
            self._queue_pid = os.getpid()
        return self._queue_fd

    def _queue_take(self) -> None:
        fd = self._queue_file()
        if fd is None:
            return
        timeout = float(self.settings_dict.get("OPTIONS", {}).get("timeout", 5))
        give_up = time.monotonic() + timeout
        pause = _FIRST_PAUSE
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as error:
                if error.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                if time.monotonic() >= give_up:
                    return  # SQLite's busy handler decides, as without the queue
                time.sleep(pause)
                pause = min(pause * 2, _LONGEST_PAUSE)
            else:
                self._queue_held = True
                return

    def _queue_give_back(self) -> None:
        if self._queue_held and self._queue_fd is not None and self._queue_pid == os.getpid():
            self._queue_held = False
            fcntl.flock(self._queue_fd, fcntl.LOCK_UN)

    def _start_transaction_under_autocommit(self) -> None:
        self._queue_take()
        try:
            super()._start_transaction_under_autocommit()  # type: ignore[misc]  # private, not in django-stubs
        except BaseException:
            self._queue_give_back()
            raise

    def _commit(self) -> None:
        try:
            super()._commit()  # type: ignore[misc]  # private, not in django-stubs
        finally:
            self._queue_give_back()

    def _rollback(self) -> None:
        try:
            super()._rollback()  # type: ignore[misc]  # private, not in django-stubs
        finally:
            self._queue_give_back()

    def _close(self) -> None:
        try:
            super()._close()  # type: ignore[misc]  # private, not in django-stubs
        finally:
            self._queue_give_back()

    def get_new_connection(self, conn_params: dict[str, Any]) -> Any:
        # A new connection starts outside any transaction: whatever the old one held is free.
        self._queue_give_back()
        return super().get_new_connection(conn_params)
