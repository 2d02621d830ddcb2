"""`python -m bench.webhooks`: inbound WhatsApp webhook calls under gunicorn, then the worker.

    python -m bench.webhooks --db sqlite --duration 15
    python -m bench.webhooks --db postgres --database-url postgres://postgres@127.0.0.1:5432/NAME

Serves the site as `make run` does (gunicorn, 2 sync workers) on 127.0.0.1 with a port the
kernel hands out, against a database of its own (migrated, with Luwu's reference data). wrk
(--connections clients, --duration seconds) posts signed WhatsApp webhook calls, each with one
text message from one of 2,000 senders and its own message id, as the Cloud API sends them;
every answer must be 200. Then `aduan worker` works off what was stored (each message through
the conversation engine, its answers into the outbox) and the time it takes is measured, to
see that it keeps up with the intake. Figures: requests per second and latency percentiles
of the webhook, messages per second of the worker; written to var/bench/webhooks-<db>.json.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = ROOT / "var" / "bench"
SENDERS = 2000
REQUESTS = 60_000  # more than any run sends: each line of the file is used once
LUA = """
local lines = {}
local index = 0
function init(args)
  for line in io.lines(args[1]) do
    local tab = string.find(line, "\\t", 1, true)
    lines[#lines + 1] = {string.sub(line, 1, tab - 1), string.sub(line, tab + 1)}
  end
  index = (id or 0) * 30000
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end
local threads = 0
function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end
function request()
  index = index + 1
  local entry = lines[(index - 1) % #lines + 1]
  wrk.headers["X-Hub-Signature-256"] = entry[1]
  return wrk.format(nil, nil, nil, entry[2])
end
function done(summary, latency, requests)
  io.write(string.format("BENCH %d %d %d %d %d %.0f %.0f %.0f %.0f\\n",
    summary.requests, summary.errors.status, summary.errors.connect + summary.errors.read,
    summary.errors.write, summary.errors.timeout, latency:percentile(50),
    latency:percentile(90), latency:percentile(99), latency.max))
end
"""


def _signed_lines(path: Path, secret: str) -> None:
    with path.open("w") as out:
        for n in range(REQUESTS):
            sender = f"62812{n % SENDERS:07d}"
            value = {
                "messaging_product": "whatsapp",
                "contacts": [{"profile": {"name": "Bench"}, "wa_id": sender}],
                "messages": [
                    {
                        "from": sender,
                        "id": f"wamid.bench.{n}.{secrets.token_hex(4)}",
                        "type": "text",
                        "text": {"body": "halo" if n < SENDERS else "1"},
                    }
                ],
            }
            change = {"field": "messages", "value": value}
            body = json.dumps(
                {
                    "object": "whatsapp_business_account",
                    "entry": [{"id": "bench", "changes": [change]}],
                }
            )
            signature = (
                "sha256=" + hmac.new(secret.encode(), body.encode(), hashlib.sha256).hexdigest()
            )
            out.write(f"{signature}\t{body}\n")


def _aduan(env: dict[str, str], *args: str) -> None:
    subprocess.run([str(Path(sys.executable).with_name("aduan")), *args], env=env, check=True)  # noqa: S603 (our own binaries, fixed arguments)


def _gunicorn(env: dict[str, str], log: Path) -> tuple[subprocess.Popen[bytes], int]:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(  # noqa: S603
        [
            str(gunicorn),
            "aduan.wsgi",
            "--bind",
            "127.0.0.1:0",
            "--workers",
            "2",
            "--log-level",
            "info",
            "--error-logfile",
            str(log),
        ],
        env=env,
        cwd=ROOT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        found = re.search(
            r"Listening at: http://127\.0\.0\.1:(\d+)", log.read_text() if log.exists() else ""
        )
        if found:
            time.sleep(2)  # both workers booted
            return process, int(found.group(1))
        if process.poll() is not None:
            raise RuntimeError("gunicorn stopped while starting")
        time.sleep(0.2)
    process.terminate()
    raise RuntimeError("gunicorn did not start within 60 s")


class _Gateway(BaseHTTPRequestHandler):
    """The SMS/WhatsApp gateway the worker sends the answers to: accepts everything."""

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, format: str, *args: Any) -> None:
        pass


def _pending(env: dict[str, str]) -> tuple[int, int]:
    """(stored, still unprocessed) inbound rows, read by a small Django script."""
    code = (
        "import django; django.setup();"
        "from aduan.conversations.models import InboundMessage as M;"
        "print(M.objects.count(), M.objects.filter(processed_at__isnull=True).count())"
    )
    out = subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True)  # noqa: S603 (our own binaries, fixed arguments)
    stored, pending = out.stdout.split()
    return int(stored), int(pending)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.webhooks")
    parser.add_argument("--db", choices=["sqlite", "postgres"], required=True)
    parser.add_argument("--database-url", default="", help="PostgreSQL: the database to use")
    parser.add_argument("--duration", type=int, default=15)
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args(argv)
    if not 1 <= args.duration <= 60 or not 1 <= args.connections <= 32:
        parser.error("--duration is 1 to 60 s, --connections 1 to 32")
    wrk = shutil.which("wrk")
    if wrk is None:
        parser.error("wrk is needed: apt-get install wrk")
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    if args.db == "sqlite":
        database = VAR_DIR / "webhooks.sqlite3"
        for stale in VAR_DIR.glob("webhooks.sqlite3*"):
            stale.unlink()
        url = f"sqlite:///{database}"
    else:
        if not args.database_url.startswith("postgres://"):
            parser.error("--database-url postgres://… is needed for --db postgres")
        url = args.database_url
    secret = secrets.token_hex(16)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "ADUAN_VAR_DIR": str(VAR_DIR),
        "DJANGO_SETTINGS_MODULE": "aduan.settings",
        "ADUAN_WHATSAPP_APP_SECRET": secret,
        "LOG_LEVEL": "WARNING",
    }
    _aduan(env, "migrate", "--noinput", "--verbosity", "0")
    _aduan(env, "createcachetable")
    _aduan(env, "load_reference")
    if args.db == "postgres":  # a fresh start on the shared database
        subprocess.run(
            [
                sys.executable,
                "-c",
                "import django; django.setup();"
                "from aduan.notifications.models import Notification;"
                "from aduan.conversations.models import InboundMessage, Conversation;"
                "Notification.objects.all().delete(); InboundMessage.objects.all().delete();"
                "Conversation.objects.all().delete()",
            ],
            env=env,
            check=True,
        )
    with tempfile.TemporaryDirectory() as tmp:
        lines, script, log = (
            Path(tmp) / "requests.tsv",
            Path(tmp) / "post.lua",
            Path(tmp) / "gunicorn.log",
        )
        _signed_lines(lines, secret)
        script.write_text(LUA)
        server, port = _gunicorn(env, log)
        try:
            url_path = f"http://127.0.0.1:{port}/integrasi/whatsapp/webhook/"
            result = subprocess.run(  # noqa: S603 (our own binaries, fixed arguments)
                [
                    wrk,
                    "-t2",
                    f"-c{args.connections}",
                    f"-d{args.duration}s",
                    "--latency",
                    "-s",
                    str(script),
                    url_path,
                    "--",
                    str(lines),
                ],
                check=True,
                capture_output=True,
                text=True,
            )
        finally:
            server.terminate()
            server.wait(timeout=30)
    summary = next(line for line in result.stdout.splitlines() if line.startswith("BENCH"))
    fields = summary.split()[1:]
    requests, status_errors, socket_errors, write_errors, timeouts = map(int, fields[:5])
    p50, p90, p99, worst = (int(float(v)) / 1000 for v in fields[5:])
    stored, pending = _pending(env)
    # The worker drains what the webhook stored (each: engine, conversation, outbox rows), and
    # sends the answers to a gateway on 127.0.0.1 that accepts them all.
    gateway = ThreadingHTTPServer(("127.0.0.1", 0), _Gateway)
    threading.Thread(target=gateway.serve_forever, daemon=True).start()
    env["ADUAN_SMS_GATEWAY_URL"] = f"http://127.0.0.1:{gateway.server_address[1]}/send"
    started = time.monotonic()
    worker = subprocess.Popen(  # noqa: S603
        [
            str(Path(sys.executable).with_name("aduan")),
            "worker",
            "--poll",
            "0.2",
            "--statistics-every",
            "0",
            "--sweep-every",
            "3600",
        ],
        env=env,
    )
    try:
        while True:
            time.sleep(1)
            left = _pending(env)[1]
            if left == 0 or time.monotonic() - started > 600:
                break
    finally:
        worker.terminate()
        worker.wait(timeout=60)
    drained = time.monotonic() - started
    gateway.shutdown()
    figures: dict[str, Any] = {
        "database": args.db,
        "connections": args.connections,
        "duration_s": args.duration,
        "requests": requests,
        "requests_per_s": round(requests / args.duration, 1),
        "non_2xx": status_errors,
        "socket_errors": socket_errors + write_errors + timeouts,
        "latency_ms": {"p50": p50, "p90": p90, "p99": p99, "max": worst},
        "stored": stored,
        "worker_seconds": round(drained, 1),
        "worker_messages_per_s": round(pending / drained, 1) if drained else None,
        "left_unprocessed": left,
    }
    out = VAR_DIR / f"webhooks-{args.db}.json"
    out.write_text(json.dumps(figures, indent=2))
    print(json.dumps(figures, indent=2))
    ok = (
        figures["requests_per_s"] >= 300
        and p99 < 100
        and status_errors == 0
        and stored >= requests
        and left == 0
    )
    print("targets met" if ok else "targets NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
