"""GET /healthz: 200 while the database answers, 503 when it does not.

The outage is real, not mocked: the default connection is pointed at a database that cannot
be reached (a closed TCP port for PostgreSQL, a directory that does not exist for SQLite).
"""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.utils import load_backend


def _closed_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port  # nothing listens here any more: connecting is refused


@contextmanager
def default_database(**overrides: Any) -> Iterator[None]:
    """Point the default connection at another database for the block."""
    original = connections[DEFAULT_DB_ALIAS]
    settings_dict = {**original.settings_dict, **overrides}
    wrapper = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, DEFAULT_DB_ALIAS)
    connections[DEFAULT_DB_ALIAS] = wrapper
    try:
        yield
    finally:
        wrapper.close()
        connections[DEFAULT_DB_ALIAS] = original


def _postgres_closed_port(tmp: Path) -> dict[str, Any]:
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "aduan",
        "USER": "aduan",
        "PASSWORD": "",
        "HOST": "127.0.0.1",
        "PORT": str(_closed_port()),
        "OPTIONS": {"connect_timeout": 2},
        "CONN_HEALTH_CHECKS": False,
    }


def _sqlite_missing_directory(tmp: Path) -> dict[str, Any]:
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(tmp / "no-such-dir" / "aduan.sqlite3"),
        "OPTIONS": {},
    }


UNREACHABLE: dict[str, Callable[[Path], dict[str, Any]]] = {
    "postgres-closed-port": _postgres_closed_port,
    "sqlite-missing-directory": _sqlite_missing_directory,
}


@pytest.mark.django_db
def test_healthz_answers_200_with_json_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
@pytest.mark.parametrize("outage", sorted(UNREACHABLE))
def test_healthz_answers_503_when_the_database_is_unreachable(client, tmp_path: Path, outage):
    with default_database(**UNREACHABLE[outage](tmp_path)):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unreachable"}
    # The real connection is back: the site is healthy again.
    assert client.get("/healthz").status_code == 200


@pytest.mark.django_db
def test_healthz_accepts_only_get(client):
    assert client.post("/healthz").status_code == 405
