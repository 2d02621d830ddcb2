from __future__ import annotations

import pytest

from aduan.conversations import services


@pytest.fixture(autouse=True)
def _fresh_instansi_cache() -> None:
    # Each test loads Luwu anew (on PostgreSQL with a new id): never serve an earlier test's.
    services._instansi_cache.clear()
