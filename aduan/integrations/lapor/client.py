"""The SP4N-LAPOR! client: the interface the adapter uses, and its HTTP implementation.

Every failure raises `TransportError`: retryable (no answer, a timeout, 401, 408, 429, 5xx)
or permanent (any other 4xx: LAPOR! refused the message itself). Paths and bodies follow
`mapping.py`.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, Protocol

from django.conf import settings

from aduan.integrations.errors import TransportError
from aduan.integrations.lapor import mapping

TIMEOUT_SECONDS = 15
RETRYABLE = {401, 408, 425, 429}


class LaporApi(Protocol):
    def report_send(self, *, body: dict[str, Any], idempotency_key: str) -> str:
        """File a report nationally; the national tracking id."""

    def followup_send(
        self, *, national_id: str, body: dict[str, Any], idempotency_key: str
    ) -> None:
        """Add a follow-up (and status) to a national report."""

    def report_get(self, *, national_id: str) -> dict[str, Any]:
        """A national report with its status and follow-ups."""

    def status_send(self, *, national_id: str, body: dict[str, Any], idempotency_key: str) -> None:
        """Set the national status of a disposed report (no follow-up text)."""

    def dispositions(self, *, page: int) -> tuple[list[dict[str, Any]], int | None]:
        """One page of the reports disposed to this instansi, and the next page's number."""

    def reports(self, *, page: int) -> tuple[list[dict[str, Any]], int | None]:
        """One page of this instansi's national reports (forwarded by it or disposed to it),
        each with its status and follow-ups, and the next page's number."""


class HttpLapor:
    """LAPOR! over HTTP with the instansi's token (ADUAN_LAPOR_URL, ADUAN_LAPOR_TOKEN)."""

    def __init__(self, base_url: str | None = None, token: str | None = None) -> None:
        self.base_url = (base_url if base_url is not None else settings.ADUAN_LAPOR_URL).rstrip("/")
        self.token = token if token is not None else settings.ADUAN_LAPOR_TOKEN

    def _call(
        self, method: str, path: str, body: dict[str, Any] | None = None, key: str = ""
    ) -> Any:
        if not self.base_url:
            raise TransportError("SP4N-LAPOR! is not configured (ADUAN_LAPOR_URL)")
        headers = {"Authorization": f"Bearer {self.token}", "Accept": "application/json"}
        data = None
        if body is not None:
            data = json.dumps(body, ensure_ascii=False).encode()
            headers["Content-Type"] = "application/json"
        if key:
            headers["Idempotency-Key"] = key
        request = urllib.request.Request(  # noqa: S310 (the configured http(s) address)
            self.base_url + path, data=data, method=method, headers=headers
        )
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as answer:  # noqa: S310
                raw = answer.read()
        except urllib.error.HTTPError as error:
            permanent = error.code < 500 and error.code not in RETRYABLE
            raise TransportError(f"HTTP {error.code}", permanent=permanent) from None
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise TransportError(f"no answer: {error}") from None
        try:
            return json.loads(raw) if raw else {}
        except ValueError:
            raise TransportError("the answer is not JSON") from None

    def report_send(self, *, body: dict[str, Any], idempotency_key: str) -> str:
        answer = self._call("POST", "/api/v1/laporan", body, idempotency_key)
        if not isinstance(answer, dict) or not answer.get("id"):
            raise TransportError("the answer has no id")
        return str(answer["id"])

    def followup_send(
        self, *, national_id: str, body: dict[str, Any], idempotency_key: str
    ) -> None:
        path = f"/api/v1/laporan/{urllib.parse.quote(national_id, safe='')}/tindak-lanjut"
        self._call("POST", path, body, idempotency_key)

    def status_send(self, *, national_id: str, body: dict[str, Any], idempotency_key: str) -> None:
        path = f"/api/v1/laporan/{urllib.parse.quote(national_id, safe='')}/status"
        self._call("POST", path, body, idempotency_key)

    def report_get(self, *, national_id: str) -> dict[str, Any]:
        answer = self._call("GET", f"/api/v1/laporan/{urllib.parse.quote(national_id, safe='')}")
        if not isinstance(answer, dict):
            raise TransportError("the answer is not an object")
        return answer

    def dispositions(self, *, page: int) -> tuple[list[dict[str, Any]], int | None]:
        return self._list(f"/api/v1/disposisi?page={page}")

    def reports(self, *, page: int) -> tuple[list[dict[str, Any]], int | None]:
        return self._list(f"/api/v1/laporan?page={page}")

    def _list(self, path: str) -> tuple[list[dict[str, Any]], int | None]:
        try:
            return mapping.national_items(self._call("GET", path))
        except ValueError as error:
            raise TransportError(str(error)) from None
