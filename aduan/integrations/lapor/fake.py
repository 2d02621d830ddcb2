"""A fake SP4N-LAPOR! on 127.0.0.1 that behaves like a national API would: bearer-token auth
(401 otherwise), Idempotency-Key honoured (a repeated key gets the first answer, never a second
report), paginated lists (the dispositions, with the same item delivered twice when told; the
instansi's reports), 429 and 5xx on demand or at random, a whole outage (`down`), and slow
answers (`delay`, or at random).

The tests use it (`tests/fake_lapor.py`), and `make run` serves it in the demo (`aduan
lapor_demo`), where it also keeps its state in a file, moves a forwarded report on by itself
(`progress_seconds`) and shows a public tracking page (`/lacak/<id>`). It never listens
beyond 127.0.0.1.

Speaks the shapes of `mapping.py`.
"""

from __future__ import annotations

import html
import itertools
import json
import random
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

HOST = "127.0.0.1"
TOKEN = "lapor-test-token"  # noqa: S105 (the tests' fake token)
PAGE_SIZE = 2
# What LAPOR! does with a report forwarded to it, one step each `progress_seconds` (demo).
NATIONAL_STEPS = [
    ("Sudah Didisposisi", "Laporan diverifikasi dan didisposisikan ke instansi berwenang."),
    ("Sedang Diproses", "Instansi berwenang sedang menindaklanjuti laporan."),
    ("Selesai", "Instansi berwenang menyatakan laporan selesai ditindaklanjuti."),
]


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
    paths: list[str] = field(default_factory=list)  # every request's method and path
    # Random faults (the demo's knobs; 0 in tests): shares of requests answered 429 or 503,
    # answered `slow_seconds` late, and of disposition pages delivering an item twice.
    fault_rate: float = 0.0
    slow_rate: float = 0.0
    slow_seconds: float = 2.0
    duplicate_rate: float = 0.0
    # > 0: a forwarded report takes one of NATIONAL_STEPS every so many seconds (demo).
    progress_seconds: float = 0.0
    received_at: dict[str, float] = field(default_factory=dict)
    state_file: Path | None = None
    next_id: int = 1001
    rng: random.Random = field(default_factory=random.Random)
    lock: threading.Lock = field(default_factory=threading.Lock)
    _ids: Iterator[int] | None = None

    def new_id(self) -> str:
        if self._ids is None:
            self._ids = itertools.count(self.next_id)
        self.next_id = next(self._ids)
        return f"LAPOR-{self.next_id}"

    def dispose(self, item: dict[str, Any], status: str = "Sudah Didisposisi") -> None:
        """A national report disposed to the instansi: listed as a disposition and kept as a
        report, so its follow-ups can come back."""
        self.dispositions.append(item)
        self.reports[str(item["id"])] = {"status": status, "tindak_lanjut": [], **item}

    # ------------------------------------------------------------ the demo's state on disk

    def load(self) -> bool:
        if self.state_file is None or not self.state_file.exists():
            return False
        saved = json.loads(self.state_file.read_text(encoding="utf-8"))
        self.reports = saved["reports"]
        self.by_key = saved["by_key"]
        self.dispositions = saved["dispositions"]
        self.received_at = saved.get("received_at", {})
        self.next_id = int(saved.get("next_id", 1001))
        self._ids = itertools.count(self.next_id + 1)
        return True

    def save(self) -> None:
        if self.state_file is None:
            return
        saved = {
            "reports": self.reports,
            "by_key": self.by_key,
            "dispositions": self.dispositions,
            "received_at": self.received_at,
            "next_id": self.next_id,
        }
        partial = self.state_file.with_suffix(".tmp")
        partial.write_text(json.dumps(saved, ensure_ascii=False), encoding="utf-8")
        partial.replace(self.state_file)

    def advance(self, now: float | None = None) -> None:
        """Move forwarded reports on through NATIONAL_STEPS (called under the lock)."""
        if self.progress_seconds <= 0:
            return
        now = time.time() if now is None else now
        changed = False
        for national_id, received in self.received_at.items():
            report = self.reports.get(national_id)
            if report is None:
                continue
            due = min(int((now - received) // self.progress_seconds), len(NATIONAL_STEPS))
            done = int(report.get("_langkah", 0))
            for status, text in NATIONAL_STEPS[done:due]:
                report["status"] = status
                report["tindak_lanjut"].append(
                    {"isi": text, "waktu": time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime())}
                )
                changed = True
            if due > done:
                report["_langkah"] = due
        if changed:
            self.save()


def _public(report: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in report.items() if not k.startswith("_")}


def _page(items: list[dict[str, Any]], query: str) -> tuple[list[dict[str, Any]], int | None]:
    page = max(int(parse_qs(query).get("page", ["1"])[0]), 1)
    start = (page - 1) * PAGE_SIZE
    more = start + PAGE_SIZE < len(items)
    return items[start : start + PAGE_SIZE], page + 1 if more else None


def _handler(state: FakeLapor) -> type[BaseHTTPRequestHandler]:
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
                state.paths.append(f"{self.command} {self.path}")
                forced = state.answers.pop(0) if state.answers else None
                if forced is None and state.fault_rate and state.rng.random() < state.fault_rate:
                    forced = state.rng.choice([429, 503])
                slow = state.slow_rate and state.rng.random() < state.slow_rate
                state.advance()
            if state.delay or slow:
                time.sleep(state.delay + (state.slow_seconds if slow else 0))
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

        def _tracking_page(self, national_id: str) -> None:
            """The national public tracking page (no token), linked from aduan's in the demo."""
            with state.lock:
                state.advance()
                report = state.reports.get(national_id)
            if report is None or report.get("rahasia"):
                body = "<p>Laporan tidak ditemukan.</p>"
                status = 404
            else:
                followups = "".join(
                    f"<li>{html.escape(str(f.get('waktu', '')))}: "
                    f"{html.escape(str(f.get('isi', '')))}</li>"
                    for f in report["tindak_lanjut"]
                )
                body = (
                    f"<h1>{html.escape(national_id)}: {html.escape(str(report.get('judul', '')))}"
                    f"</h1><p>Status: <strong>{html.escape(str(report['status']))}</strong></p>"
                    f"<h2>Tindak lanjut</h2><ul>{followups}</ul>"
                )
                status = 200
            raw = (
                '<!doctype html><html lang="id"><meta charset="utf-8">'
                "<title>SP4N-LAPOR! (tiruan demo)</title>"
                "<p><em>SP4N-LAPOR! tiruan untuk demo aduan</em></p>"
                f"{body}</html>"
            ).encode()
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            if parts.path.startswith("/lacak/"):
                self._tracking_page(parts.path.rsplit("/", 1)[1])
                return
            if not self._gate():
                return
            if parts.path == "/api/v1/disposisi":
                with state.lock:
                    items, following = _page(state.dispositions, parts.query)
                    if items and state.duplicate_rate and state.rng.random() < state.duplicate_rate:
                        items = [*items, items[0]]  # the same item delivered twice
                self._answer(200, {"data": items, "next_page": following})
                return
            if parts.path == "/api/v1/laporan":
                with state.lock:
                    everything = [_public(r) for r in state.reports.values()]
                items, following = _page(everything, parts.query)
                self._answer(200, {"data": items, "next_page": following})
                return
            if parts.path.startswith("/api/v1/laporan/"):
                with state.lock:
                    found = state.reports.get(parts.path.rsplit("/", 1)[1])
                    answer = _public(found) if found else None
                self._answer(200 if answer else 404, answer or {"pesan": "tidak ada"})
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
                parts = path.split("/")
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
                    state.received_at[national_id] = time.time()
                    answer: dict[str, Any] = {"id": national_id, "status": "Belum Diverifikasi"}
                elif len(parts) == 6 and path.startswith("/api/v1/laporan/"):
                    report = state.reports.get(parts[4])
                    if report is None:
                        self._answer(404, {"pesan": "tidak ada"})
                        return
                    if parts[5] == "tindak-lanjut":
                        report["tindak_lanjut"].append(
                            {"isi": body.get("isi"), "waktu": body.get("waktu")}
                        )
                        report["status"] = body.get("status", report["status"])
                        answer = {"id": f"TL-{len(report['tindak_lanjut'])}"}
                    elif parts[5] == "status" and body.get("status"):
                        report["status"] = body["status"]
                        answer = {"id": parts[4], "status": report["status"]}
                    else:
                        self._answer(404, {"pesan": "tidak ada"})
                        return
                else:
                    self._answer(404, {"pesan": "tidak ada"})
                    return
                if key:
                    state.by_key[key] = answer
                state.save()
            self._answer(201, answer)

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


class _Server(ThreadingHTTPServer):
    # A real API's listen queue: with the default of 5, parallel clients' connections
    # are dropped and retried a second later.
    request_queue_size = 128
    daemon_threads = True


@contextmanager
def fake_lapor(state: FakeLapor | None = None, *, port: int = 0) -> Iterator[FakeLapor]:
    """Serve `state` (a new one by default) on 127.0.0.1:`port` (0: a free one) until the
    block ends; `state.url` is its address."""
    state = state if state is not None else FakeLapor()
    server = _Server((HOST, port), _handler(state))
    state.url = f"http://{HOST}:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


# The national reports the demo's fake disposes to the instansi when it first starts.
DEMO_DISPOSITIONS: list[dict[str, Any]] = [
    {
        "id": "LAPOR-DEMO-1",
        "judul": "Lampu jalan padam di Jalan Andi Djemma, Belopa",
        "isi": (
            "Sudah dua minggu lampu penerangan jalan di Jalan Andi Djemma dekat pasar Belopa "
            "padam. Malam hari jalan gelap dan rawan kecelakaan. Mohon segera diperbaiki."
        ),
        "kategori_id": "",
        "unit_id": "",
        "anonim": False,
        "rahasia": False,
        "pelapor": {"nama": "Hasnah"},
        "tanggal_disposisi": "2026-01-05",
    },
    {
        "id": "LAPOR-DEMO-2",
        "judul": "Pungutan untuk surat keterangan di kantor desa",
        "isi": (
            "Warga dimintai uang Rp50.000 untuk mengurus surat keterangan tidak mampu di kantor "
            "desa, tanpa kuitansi. Saya minta identitas saya dirahasiakan."
        ),
        "kategori_id": "",
        "unit_id": "",
        "anonim": True,
        "rahasia": False,
        "tanggal_disposisi": "2026-01-06",
    },
]
