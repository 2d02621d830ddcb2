"""`python -m bench.inbound_cpu`: CPU per inbound chat message through the worker's real path.

    python -m bench.inbound_cpu --db sqlite
    python -m bench.inbound_cpu --db postgres --database-url postgres://postgres@127.0.0.1:5432/NAME
    python -m bench.inbound_cpu --db sqlite --profile        # also cProfile the drain (CPU time)

Stores `--messages` synthetic WhatsApp messages as the webhook does (`inbound_store`), from
`--senders` citizens who each file a report message by message (greeting, type, story,
kecamatan, desa, no photo, not anonim, not rahasia, send: nine messages, the last one files
the report through `complaint_submit`), interleaved as they would arrive. Then it calls
`worker_pass` (what `aduan worker` runs each turn, clock sweep off) in this process until
every message is worked off and every answer sent to a gateway on 127.0.0.1 that accepts
everything (a separate process, so its CPU is not counted). Figures: this process's CPU
time per message (`time.process_time`, the worker's own CPU, not the database server's on
PostgreSQL) and messages per second of wall time. The database is the bench's own: a new
SQLite file under var/bench/, or the PostgreSQL database given, migrated and emptied of
conversations, inbound messages and the outbox first.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = ROOT / "var" / "bench"
STORY = "Jalan di depan SD Kanna berlubang besar sejak sebulan, dua motor jatuh."
# One report, message by message, as test_engine_id.file_report sends it.
SCRIPT = ("halo", "1", STORY, "Basse Sangtempe", "Kanna", "0", "2", "2", "1")

GATEWAY = """
import os
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

class Gateway(BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass

def orphaned():
    sys.stdin.read()  # EOF: the bench ended, however it ended
    os._exit(0)

threading.Thread(target=orphaned, daemon=True).start()
server = ThreadingHTTPServer(("127.0.0.1", 0), Gateway)
print(server.server_address[1], flush=True)
server.serve_forever()
"""


def _store(messages: int, senders: int) -> None:
    from aduan.conversations.choices import ChatChannel, InboundKind
    from aduan.conversations.services import Delivered, inbound_store

    batch: list[Delivered] = []
    for n in range(messages):
        sender, turn = n % senders, n // senders
        batch.append(
            Delivered(
                ChatChannel.WHATSAPP,
                f"wamid.cpu.{n}",
                f"62813{sender:07d}",
                InboundKind.TEXT,
                SCRIPT[turn % len(SCRIPT)],
                {"profile_name": f"Warga {sender}"},
            )
        )
        if len(batch) == 500:
            inbound_store(batch)
            batch = []
    inbound_store(batch)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.inbound_cpu")
    parser.add_argument("--db", choices=["sqlite", "postgres"], required=True)
    parser.add_argument("--database-url", default="", help="PostgreSQL: the database to use")
    parser.add_argument("--messages", type=int, default=2700)
    parser.add_argument("--senders", type=int, default=300)
    parser.add_argument("--profile", action="store_true", help="print a cProfile of the drain")
    args = parser.parse_args(argv)
    if args.messages < 1 or args.senders < 1:
        parser.error("--messages and --senders must be positive")
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    if args.db == "sqlite":
        for stale in VAR_DIR.glob("inbound_cpu.sqlite3*"):
            stale.unlink()
        url = f"sqlite:///{VAR_DIR / 'inbound_cpu.sqlite3'}"
    else:
        if not args.database_url.startswith("postgres://"):
            parser.error("--database-url postgres://… is needed for --db postgres")
        url = args.database_url
    gateway = subprocess.Popen(  # noqa: S603 (our own interpreter, fixed script)
        [sys.executable, "-c", GATEWAY], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert gateway.stdout is not None
    port = int(gateway.stdout.readline())
    os.environ.update(
        DATABASE_URL=url,
        ADUAN_VAR_DIR=str(VAR_DIR),
        DJANGO_SETTINGS_MODULE="aduan.settings",
        ADUAN_SMS_GATEWAY_URL=f"http://127.0.0.1:{port}/send",
        LOG_LEVEL="WARNING",
    )
    try:
        return _run(args)
    finally:
        gateway.terminate()
        gateway.wait(timeout=30)


def _run(args: argparse.Namespace) -> int:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.urls import reverse

    from aduan.conversations.models import Conversation, InboundMessage
    from aduan.notifications.choices import NotificationStatus
    from aduan.notifications.models import Notification
    from aduan.notifications.services import notifications_from_events, worker_pass

    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable")
    call_command("load_reference", verbosity=0)
    Notification.objects.all().delete()
    InboundMessage.objects.all().delete()
    Conversation.objects.all().delete()
    notifications_from_events()  # earlier runs' events: not this run's work
    Notification.objects.all().delete()
    # Every sender files one report: the per-phone daily limit must not refuse it.
    settings.ADUAN_INTAKE_PER_PHONE_PER_DAY = 1000
    _store(args.messages, args.senders)
    # A worker that has been running has its URLconf loaded (the answers' links need it).
    reverse("workflow:track", args=["LWU-0000-0000"])

    # Timed by CPU, not wall clock: on a shared machine the wall clock counts other processes.
    profiler = cProfile.Profile(time.process_time) if args.profile else None
    wall, cpu = time.perf_counter(), time.process_time()
    if profiler is not None:
        profiler.enable()
    passes = 0
    while True:
        result = worker_pass(worker_id="bench", sweep=False)
        passes += 1
        if not (result.inbound or result.sent or result.retried or result.failed):
            break
    if profiler is not None:
        profiler.disable()
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall

    left = InboundMessage.objects.filter(processed_at__isnull=True).count()
    failed = InboundMessage.objects.exclude(error="").count()
    unsent = Notification.objects.exclude(status=NotificationStatus.SENT).count()
    figures: dict[str, Any] = {
        "database": args.db,
        "messages": args.messages,
        "senders": args.senders,
        "inbound_transaction_messages": getattr(settings, "ADUAN_INBOUND_TRANSACTION_MESSAGES", 1),
        "worker_passes": passes,
        "answers_sent": Notification.objects.filter(status=NotificationStatus.SENT).count(),
        "reports_filed": Conversation.objects.exclude(complaint=None).count(),
        "cpu_ms_per_message": round(cpu * 1000 / args.messages, 2),
        "wall_s": round(wall, 2),
        "messages_per_s": round(args.messages / wall, 1),
        "left_unprocessed": left,
        "with_error": failed,
        "answers_not_sent": unsent,
        "load_average": [round(v, 2) for v in os.getloadavg()],
    }
    (VAR_DIR / f"inbound_cpu-{args.db}.json").write_text(json.dumps(figures, indent=2))
    print(json.dumps(figures, indent=2))
    if profiler is not None:
        profiler.dump_stats(VAR_DIR / f"inbound_cpu-{args.db}.prof")
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(90)
    return 0 if left == 0 and failed == 0 and unsent == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
