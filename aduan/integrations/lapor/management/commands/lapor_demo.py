"""`aduan lapor_demo`: the demo's fake SP4N-LAPOR! (`lapor/fake.py`), which `make run` starts
beside gunicorn and the worker and stops with them (SIGTERM).

Only with ADUAN_DEMO on, only on 127.0.0.1, at ADUAN_DEMO_LAPOR_PORT, with the token the
settings give the adapter (docs/lapor.md). On its first start it disposes two national reports
to the instansi (`fake.DEMO_DISPOSITIONS`), which the worker's next sweep files into the
coordinator's inbox; it keeps its state in var/lapor-demo.json, so a restarted demo still knows
the reports aduan forwarded. Its faults are off unless ADUAN_DEMO_LAPOR_FAULTS (or the options)
turn them on. `--wait` only waits until the fake answers (for `make run`'s order of start).
"""

from __future__ import annotations

import signal
import socket
import sys
import threading
import time
from pathlib import Path
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from aduan.integrations.lapor.fake import DEMO_DISPOSITIONS, HOST, FakeLapor, fake_lapor


def _percent(raw: str) -> float:
    value = float(raw)
    if not 0 <= value <= 100:
        raise ValueError(raw)
    return value / 100


class Command(BaseCommand):
    help = "Serve the demo's fake SP4N-LAPOR! on 127.0.0.1 (only with ADUAN_DEMO on)."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        faults = settings.ADUAN_DEMO_LAPOR_FAULTS
        parser.add_argument(
            "--port", type=int, default=settings.ADUAN_DEMO_LAPOR_PORT, help="port on 127.0.0.1"
        )
        parser.add_argument(
            "--state-file",
            default=str(settings.VAR_DIR / "lapor-demo.json"),
            help="where the fake keeps its reports ('' : in memory only)",
        )
        parser.add_argument(
            "--faults", type=_percent, default=faults / 100, help="percent answered 429 or 503"
        )
        parser.add_argument(
            "--slow", type=_percent, default=faults / 100, help="percent answered 2 s late"
        )
        parser.add_argument(
            "--duplicates",
            type=_percent,
            default=faults / 100,
            help="percent of disposition pages that deliver an item twice",
        )
        parser.add_argument(
            "--progress-seconds",
            type=float,
            default=30.0,
            help="a forwarded report takes its next national step after so many seconds",
        )
        parser.add_argument(
            "--wait", action="store_true", help="only wait (up to 30 s) until the fake answers"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.ADUAN_DEMO:
            raise CommandError("The fake SP4N-LAPOR! runs only in the demo (ADUAN_DEMO=1).")
        if not settings.ADUAN_DEMO_LAPOR:
            self.stdout.write(
                "SP4N-LAPOR! is configured (ADUAN_LAPOR_URL) or the demo's fake is off "
                "(ADUAN_DEMO_LAPOR_PORT=0): no fake started."
            )
            return
        if options["wait"]:
            self._wait(options["port"])
            return
        state = FakeLapor(
            token=settings.ADUAN_LAPOR_TOKEN,
            fault_rate=options["faults"],
            slow_rate=options["slow"],
            duplicate_rate=options["duplicates"],
            progress_seconds=options["progress_seconds"],
            state_file=Path(options["state_file"]) if options["state_file"] else None,
        )
        if not state.load():
            for item in DEMO_DISPOSITIONS:
                state.dispose(dict(item))
            state.save()
        stop = threading.Event()

        def request_stop(signum: int, frame: FrameType | None) -> None:
            stop.set()

        signal.signal(signal.SIGTERM, request_stop)
        signal.signal(signal.SIGINT, request_stop)
        try:
            with fake_lapor(state, port=options["port"]) as served:
                self.stdout.write(f"demo SP4N-LAPOR! on {served.url}")
                self.stdout.flush()
                stop.wait()
        except OSError as error:
            raise CommandError(f"The demo's SP4N-LAPOR! cannot listen: {error}") from None

    def _wait(self, port: int) -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with socket.create_connection((HOST, port), timeout=1):
                    return
            except OSError:
                time.sleep(0.2)
        sys.stderr.write(f"The demo's SP4N-LAPOR! does not answer on {HOST}:{port}.\n")
