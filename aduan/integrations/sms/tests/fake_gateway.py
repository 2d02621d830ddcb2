"""A real HTTP server on 127.0.0.1 that plays an SMS/WhatsApp gateway in tests.

`gateway.script(200, 500, "hang", 429, 400)` sets the answers of the next requests, in order;
after the script runs out it answers 200. Every request is recorded (headers and JSON body).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Recorded:
    headers: dict[str, str]
    body: dict[str, Any]
    answered: int | str


@dataclass
class FakeGateway:
    url: str = ""
    requests: list[Recorded] = field(default_factory=list)
    answers: list[int | str] = field(default_factory=list)
    hang_seconds: float = 3.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def script(self, *answers: int | str) -> None:
        with self.lock:
            self.answers = list(answers)

    def next_answer(self) -> int | str:
        with self.lock:
            return self.answers.pop(0) if self.answers else 200

    @property
    def delivered(self) -> list[dict[str, Any]]:
        """Bodies of the requests answered 2xx."""
        return [r.body for r in self.requests if r.answered == 200]


def _handler(gateway: FakeGateway) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = json.loads(self.rfile.read(length) or b"{}")
            answer = gateway.next_answer()
            gateway.requests.append(Recorded(dict(self.headers), body, answer))
            if answer == "hang":
                time.sleep(gateway.hang_seconds)
                answer = 200
            status = int(answer)
            payload = json.dumps({"ok": status < 300}).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeout)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@contextmanager
def running_gateway() -> Iterator[FakeGateway]:
    gateway = FakeGateway()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(gateway))
    server.daemon_threads = True
    gateway.url = f"http://127.0.0.1:{server.server_address[1]}/send"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield gateway
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
