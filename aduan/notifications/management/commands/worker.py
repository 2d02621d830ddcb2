"""`aduan worker`: the background loop (notifications, clocks). Restartable; stops on SIGTERM.

Each turn: the complaint mailbox is read every ADUAN_EMAIL_IMAP_POLL_SECONDS (when set), the
messages the webhooks stored go through the conversation engine, new events become outbox
rows and are read into the statistics rollups, the clock sweep (and the monthly report to
leaders) runs every ADUAN_WORKER_SWEEP_SECONDS, and due messages are claimed in batches and
sent one by one. Every
ADUAN_STATISTICS_REFRESH_SECONDS the public statistics of the default period are computed
again, so no visitor waits for them; once a day (the first turn of each local day) the open
dataset of every instansi is written (reporting.opendata). SIGTERM or
SIGINT lets the message in hand finish, then the command exits 0. Several workers may run.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import threading
import time
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError, close_old_connections

from aduan.integrations.email import inbound as email_in
from aduan.integrations.errors import TransportError
from aduan.notifications.services import worker_pass
from aduan.reporting.opendata import open_data_export_due
from aduan.reporting.selectors import statistics_warm

logger = logging.getLogger("aduan.worker")


class Command(BaseCommand):
    help = "Send notifications and run the SLA clocks until stopped (SIGTERM)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="run one pass and exit")
        parser.add_argument(
            "--poll",
            type=float,
            default=settings.ADUAN_WORKER_POLL_SECONDS,
            help="seconds to wait when there is nothing to do",
        )
        parser.add_argument(
            "--sweep-every",
            type=float,
            default=settings.ADUAN_WORKER_SWEEP_SECONDS,
            help="seconds between clock sweeps",
        )
        parser.add_argument(
            "--statistics-every",
            type=float,
            default=settings.ADUAN_STATISTICS_REFRESH_SECONDS,
            help="seconds between refreshes of the public statistics (0: never)",
        )
        parser.add_argument("--worker-id", default="", help="name recorded on claimed rows")

    def handle(self, *args: Any, **options: Any) -> None:
        worker_id = options["worker_id"] or f"{socket.gethostname()}:{os.getpid()}"
        stop = threading.Event()

        def request_stop(signum: int, frame: FrameType | None) -> None:
            logger.info(
                "worker %s: signal %s, stopping after the current message", worker_id, signum
            )
            stop.set()

        signal.signal(signal.SIGTERM, request_stop)
        signal.signal(signal.SIGINT, request_stop)
        logger.info("worker %s started", worker_id)
        last_sweep = last_statistics = last_mail = float("-inf")
        while not stop.is_set():
            close_old_connections()
            mail_every = settings.ADUAN_EMAIL_IMAP_POLL_SECONDS
            if email_in.is_configured() and time.monotonic() - last_mail >= mail_every:
                last_mail = time.monotonic()
                try:
                    read = email_in.mailbox_poll()
                except (TransportError, DatabaseError):
                    logger.exception("worker %s: reading the mailbox failed", worker_id)
                else:
                    if read:
                        logger.info("worker %s: %s mails read", worker_id, read)
            sweep = time.monotonic() - last_sweep >= options["sweep_every"]
            busy = False
            try:
                result = worker_pass(worker_id=worker_id, sweep=sweep, should_stop=stop.is_set)
            except DatabaseError:
                # The database went away or is locked: keep the loop alive and try again.
                logger.exception("worker %s: database error, retrying", worker_id)
            else:
                if sweep:
                    last_sweep = time.monotonic()
                busy = bool(result.inbound or result.sent or result.retried or result.failed)
                if result.enqueued or busy or (result.swept and result.swept.escalations):
                    logger.info("worker %s: %s", worker_id, result)
            every = options["statistics_every"]
            if every > 0 and time.monotonic() - last_statistics >= every and not stop.is_set():
                last_statistics = time.monotonic()
                try:
                    statistics_warm()
                except DatabaseError:
                    logger.exception("worker %s: statistics refresh failed", worker_id)
            if not stop.is_set():
                try:
                    # Today's open dataset, once a day per instansi (a file check otherwise).
                    for exported in open_data_export_due():
                        logger.info(
                            "worker %s: open data of %s: %s reports",
                            worker_id,
                            exported.instansi.code,
                            exported.records,
                        )
                except (DatabaseError, OSError):
                    logger.exception("worker %s: open data export failed", worker_id)
            if options["once"]:
                break
            if not busy:
                stop.wait(options["poll"])
        logger.info("worker %s stopped", worker_id)
