"""A fake SP4N-LAPOR! on 127.0.0.1 (a free port) that behaves like a national API would:
bearer-token auth (401 otherwise), Idempotency-Key honoured (a repeated key gets the first
answer, never a second report), paginated dispositions (with the same item delivered twice
when told), 429 and 5xx on demand, a whole outage (`down`), and slow answers (`delay`).

Speaks the shapes of `aduan/integrations/lapor/mapping.py`.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

TOKEN = "lapor-test-token"
PAGE_SIZE = 2


@dataclass
class FakeLapor:
    url: str = ""
    token: str = TOKEN
    reports: dict[str, dict[str, Any]] = field(default_factory=dict)
    by_key: dict[str, Any] = field(default_factory=dict)
    dispositions: list[dict[str, Any]] = field(default_factory=list)
    answers: list[int] = field(default_factory=list)  # status codes for the next requests
    down: bool = False
    delay: float = 0.0
    requests: int = 0
    _ids: Iterator[int] = field(default_factory=lambda: itertools.count(1001))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def new_id(self) -> str:
        return f"LAPOR-{next(self._ids)}"


@contextmanager
def fake_lapor() -> Iterator[FakeLapor]:
    state = FakeLapor()

    class Handler(BaseHTTPRequestHandler):
        def _answer(self, status: int, body: Any = None) -> None:
            raw = json.dumps(body if body is not None else {}).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            if status == 429:
                self.send_header("Retry-After", "30")
            self.end_headers()
            self.wfile.write(raw)

        def _gate(self) -> bool:
            with state.lock:
                state.requests += 1
                forced = state.answers.pop(0) if state.answers else None
            if state.delay:
                time.sleep(state.delay)
            if state.down:
                self._answer(503, {"pesan": "sedang pemeliharaan"})
                return False
            if forced is not None:
                self._answer(forced, {"pesan": "coba lagi"})
                return False
            if self.headers.get("Authorization") != f"Bearer {state.token}":
                self._answer(401, {"pesan": "token salah"})
                return False
            return True

        def _body(self) -> dict[str, Any]:
            raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            loaded: dict[str, Any] = json.loads(raw or b"{}")
            return loaded

        def do_GET(self) -> None:
            if not self._gate():
                return
            parts = urlsplit(self.path)
            if parts.path == "/api/v1/disposisi":
                page = int(parse_qs(parts.query).get("page", ["1"])[0])
                start = (page - 1) * PAGE_SIZE
                items = state.dispositions[start : start + PAGE_SIZE]
                more = start + PAGE_SIZE < len(state.dispositions)
                self._answer(200, {"data": items, "next_page": page + 1 if more else None})
                return
            if parts.path.startswith("/api/v1/laporan/"):
                found = state.reports.get(parts.path.rsplit("/", 1)[1])
                self._answer(200 if found else 404, found or {"pesan": "tidak ada"})
                return
            self._answer(404, {"pesan": "tidak ada"})

        def do_POST(self) -> None:
            if not self._gate():
                return
            body = self._body()
            key = self.headers.get("Idempotency-Key", "")
            with state.lock:
                if key and key in state.by_key:
                    self._answer(200, state.by_key[key])
                    return
                path = urlsplit(self.path).path
                if path == "/api/v1/laporan":
                    if not body.get("judul") or not body.get("isi"):
                        self._answer(422, {"pesan": "judul dan isi wajib"})
                        return
                    national_id = state.new_id()
                    state.reports[national_id] = {
                        "id": national_id,
                        "status": "Belum Diverifikasi",
                        "tindak_lanjut": [],
                        **body,
                    }
                    answer: dict[str, Any] = {"id": national_id, "status": "Belum Diverifikasi"}
                elif path.startswith("/api/v1/laporan/") and path.endswith("/tindak-lanjut"):
                    national_id = path.split("/")[4]
                    report = state.reports.get(national_id)
                    if report is None:
                        self._answer(404, {"pesan": "tidak ada"})
                        return
                    report["tindak_lanjut"].append(
                        {"isi": body.get("isi"), "waktu": body.get("waktu")}
                    )
                    report["status"] = body.get("status", report["status"])
                    answer = {"id": f"TL-{len(report['tindak_lanjut'])}"}
                else:
                    self._answer(404, {"pesan": "tidak ada"})
                    return
                if key:
                    state.by_key[key] = answer
            self._answer(201, answer)

        def log_message(self, format: str, *args: object) -> None:
            pass

    class Server(ThreadingHTTPServer):
        # A real API's listen queue: with the default of 5, parallel clients' connections
        # are dropped and retried a second later.
        request_queue_size = 128
        daemon_threads = True

    server = Server(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
