"""Idempotent submissions: a retried request with the same `Idempotency-Key` gets the same report.

A key is kept 24 hours (KEEP_FOR). The table holds the key's hash, never the key; the request's
fingerprint (a hash of its parsed body); and the response without the access code. The access
code is sealed with a one-time pad derived from the server's secret, the key and the
fingerprint, so a copy of the table alone reveals no access code: only a retry that brings the
same key and the same body opens it again. Nothing lists the keys (no admin, no API).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection
from django.utils.translation import gettext as _

from aduan.complaints.models import IdempotencyKey
from aduan.complaints.services import Filing, Submitted, complaint_file
from aduan.core import clock
from aduan.core.errors import Conflict
from aduan.core.inserts import insert, prepare

KEEP_FOR = timedelta(hours=24)


@dataclass(frozen=True)
class Outcome:
    """The response body of a submission, and whether it answers an earlier request."""

    status: int
    body: dict[str, Any]
    replayed: bool


def fingerprint(payload: dict[str, Any]) -> str:
    """A hash of the parsed request: the same fields and values give the same fingerprint,
    whatever the key order or white space of the JSON text."""
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _key_hash(key: str) -> str:
    return hashlib.sha256(f"idempotency-key:{key}".encode()).hexdigest()


def _pad(key: str, request_hash: str, length: int) -> bytes:
    # HMAC as a PRF: a fresh pad for every (key, request); the access code is 10 characters,
    # well inside one 32-byte block, and each pad seals exactly one code.
    message = f"idempotency-seal:{key}:{request_hash}".encode()
    pad = hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).digest()
    assert length <= len(pad)
    return pad[:length]


def _seal(code: str, key: str, request_hash: str) -> str:
    raw = code.encode("ascii")
    return bytes(a ^ b for a, b in zip(raw, _pad(key, request_hash, len(raw)), strict=True)).hex()


def _unseal(sealed: str, key: str, request_hash: str) -> str:
    raw = bytes.fromhex(sealed)
    return bytes(a ^ b for a, b in zip(raw, _pad(key, request_hash, len(raw)), strict=True)).decode(
        "ascii"
    )


@dataclass(frozen=True)
class _Stored:
    request_hash: str
    response_status: int
    response_body: dict[str, Any]
    sealed_access_code: str


def _live_row(key_hash: str, now: datetime) -> _Stored | None:
    """The unexpired row of a key, in one plain SELECT.

    Every API submission asks this before anything else, and almost always finds nothing: the
    ORM's query building was a sixth of a submission (docs/performance.md), the SQL itself a
    unique-index lookup.
    """
    table = IdempotencyKey._meta.db_table
    body_field = IdempotencyKey._meta.get_field("response_body")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT request_hash, response_status, response_body, sealed_access_code "  # noqa: S608 (the model's own table name)
            f"FROM {connection.ops.quote_name(table)} WHERE key_hash = %s AND expires_at > %s",
            [key_hash, connection.ops.adapt_datetimefield_value(now)],
        )
        found = cursor.fetchone()
    if found is None:
        return None
    request_hash_, status, body, sealed = found
    body = body_field.from_db_value(body, None, connection)  # type: ignore[arg-type]
    return _Stored(request_hash_, int(status), body, sealed)


def idempotency_replay(
    *, key: str, request_hash: str, now: datetime | None = None
) -> Outcome | None:
    """The stored answer to an earlier request with this key, or None if the key is new
    (or expired). The same key with a different request is a Conflict."""
    now = now or clock.now()
    row = _live_row(_key_hash(key), now)
    if row is None:
        return None
    if not hmac.compare_digest(row.request_hash, request_hash):
        raise Conflict(
            _(
                "This Idempotency-Key was already used for a different request. "
                "Use a new key for a new report."
            ),
            code="idempotency_mismatch",
        )
    body = {**row.response_body, "access_code": _unseal(row.sealed_access_code, key, request_hash)}
    return Outcome(status=row.response_status, body=body, replayed=True)


class KeyedFiling:
    """A prepared report and the answer to keep under its Idempotency-Key.

    `KeyedFiling(...)` renders the answer and builds the key's row before any transaction;
    `file()` then writes the report and the row in one, so that transaction holds only inserts
    (docs/performance.md). `render` turns the report into the response body (it must carry
    `access_code`); it runs again inside the transaction only if the report had to take a new
    tracking number. When a concurrent request with the same key commits first, this one's
    report is rolled back and the winner's answer is returned: never two reports for one key.
    The caller looks the key up first (`idempotency_replay`): a key already answered is
    replayed without preparing anything.
    """

    def __init__(
        self,
        *,
        key: str,
        request_hash: str,
        filing: Filing,
        render: Callable[[Submitted], dict[str, Any]],
    ) -> None:
        self.key = key
        self.request_hash = request_hash
        self.key_hash = _key_hash(key)
        self.render = render
        self._prepared(filing)

    def _prepared(self, filing: Filing) -> None:
        self.filing = filing
        self.body = self.render(filing.submitted)
        self.row = self._row(filing.submitted, self.body)

    def _row(self, submitted: Submitted, body: dict[str, Any]) -> IdempotencyKey:
        now = clock.now()
        row = IdempotencyKey(
            key_hash=self.key_hash,
            request_hash=self.request_hash,
            complaint=submitted.complaint,
            response_status=201,
            response_body={k: v for k, v in body.items() if k != "access_code"},
            sealed_access_code=_seal(submitted.access_code, self.key, self.request_hash),
            created_at=now,
            expires_at=now + KEEP_FOR,
        )
        prepare(row)  # its values worked out before the write transaction (core.inserts)
        return row

    def _remember(self, submitted: Submitted) -> None:
        if submitted.complaint is not self.filing.complaint:
            # Filed again under a new number (complaint_file): answer with that one.
            self.body = self.render(submitted)
            self.row = self._row(submitted, self.body)
        insert(self.row)

    def file(self) -> Outcome:
        """File the report and keep the answer; or the answer kept by a concurrent winner."""
        for attempt in range(2):
            try:
                complaint_file(filing=self.filing, on_filed=self._remember)
            except IntegrityError:
                replay = idempotency_replay(key=self.key, request_hash=self.request_hash)
                if replay is not None:
                    return replay
                # An expired row of the same key must make way (the key hash is unique). That
                # is rare, so it is looked for only when the insert is refused, then filed again
                # (prepared anew: the refused attempt's rows were rolled back).
                if attempt == 0 and _expired_delete(self.key_hash):
                    self._prepared(self.filing.again())
                    continue
                raise
            break
        return Outcome(status=201, body=self.body, replayed=False)


def _expired_delete(key_hash: str) -> int:
    deleted, _by_model = IdempotencyKey.objects.filter(
        key_hash=key_hash, expires_at__lte=clock.now()
    ).delete()
    return deleted


def idempotency_keys_prune(*, now: datetime | None = None) -> int:
    """Delete the keys past their 24 hours; returns how many (run from cron or the worker)."""
    now = now or clock.now()
    deleted, _by_model = IdempotencyKey.objects.filter(expires_at__lte=now).delete()
    return deleted
