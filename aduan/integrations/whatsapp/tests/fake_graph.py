"""A real HTTP server on 127.0.0.1 that plays WhatsApp's Graph API in tests.

It checks the bearer token (401 otherwise, as Graph does), answers POST /<phone id>/messages
with a new wamid, GET /<media id> with the media's URL and GET /media/<id> with its bytes.
`graph.script(429, 500, 200)` sets the status of the next requests, in order. Every request
is recorded.
"""

from __future__ import annotations

import itertools
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

TOKEN = "test-graph-token"
PHONE_ID = "1234567890"


@dataclass
class Request:
    method: str
    path: str
    body: dict[str, Any]
    status: int


@dataclass
class FakeGraph:
    url: str = ""
    requests: list[Request] = field(default_factory=list)
    answers: list[int] = field(default_factory=list)
    media: dict[str, bytes] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    ids: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    def script(self, *answers: int) -> None:
        with self.lock:
            self.answers = list(answers)

    def next_answer(self) -> int:
        with self.lock:
            return self.answers.pop(0) if self.answers else 200

    @property
    def sent(self) -> list[dict[str, Any]]:
        """Message bodies WhatsApp accepted."""
        return [
            r.body
            for r in self.requests
            if r.method == "POST" and r.status == 200 and r.path.endswith("/messages")
        ]

    def texts(self) -> list[str]:
        """What the citizen's phone shows of each accepted message."""
        shown = []
        for body in self.sent:
            if body["type"] == "text":
                shown.append(body["text"]["body"])
            elif body["type"] == "interactive":
                shown.append(body["interactive"]["body"]["text"])
            else:
                shown.append(body["template"]["components"][0]["parameters"][0]["text"])
        return shown


def _handler(graph: FakeGraph) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _answer(self, status: int, payload: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def _json(self, status: int, document: dict[str, Any]) -> None:
            self._answer(status, json.dumps(document).encode(), "application/json")

        def _serve(self, method: str) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            raw = self.rfile.read(length) if length else b""
            body = json.loads(raw) if raw else {}
            if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                graph.requests.append(Request(method, self.path, body, 401))
                self._json(401, {"error": {"message": "Invalid OAuth access token", "code": 190}})
                return
            status = graph.next_answer()
            graph.requests.append(Request(method, self.path, body, status))
            if status != 200:
                self._json(status, {"error": {"message": "try later", "code": 4}})
                return
            if method == "POST" and self.path == f"/{PHONE_ID}/messages":
                if body.get("messaging_product") != "whatsapp" or not body.get("to"):
                    graph.requests[-1].status = 400
                    self._json(400, {"error": {"message": "bad request", "code": 100}})
                    return
                self._json(200, {"messages": [{"id": f"wamid.out.{next(graph.ids)}"}]})
            elif method == "GET" and self.path.startswith("/media/"):
                data = graph.media.get(self.path.removeprefix("/media/"))
                if data is None:
                    self._json(404, {"error": {"message": "no such media"}})
                else:
                    self._answer(200, data, "image/jpeg")
            elif method == "GET" and self.path.lstrip("/") in graph.media:
                media_id = self.path.lstrip("/")
                self._json(200, {"url": f"{graph.url}/media/{media_id}", "id": media_id})
            else:
                self._json(404, {"error": {"message": "unknown path"}})

        def do_POST(self) -> None:
            self._serve("POST")

        def do_GET(self) -> None:
            self._serve("GET")

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@contextmanager
def running_graph() -> Iterator[FakeGraph]:
    graph = FakeGraph()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(graph))
    server.daemon_threads = True
    graph.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield graph
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
