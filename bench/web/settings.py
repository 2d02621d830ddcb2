"""Settings of the web benchmark only: production's settings plus the bare app and its URLs.

Production never loads this module (aduan.settings stays the only settings of the site); the
benchmark's gunicorn runs with DJANGO_SETTINGS_MODULE=bench.web.settings.

Two switches, for measuring aduan's own replacements of Django internals against plain Django
(`python -m bench.web.ab`; docs/performance.md, "Django's public API"):

- BENCH_PLAIN_ENGINE=1: SQLite through Django's own backend, without the writers' queue of
  `aduan.core.sqlite`.
- BENCH_PLAIN_INSERTS=1: every row written by `Model.save(force_insert=True)` instead of
  `aduan.core.inserts` (its `prepare` does nothing, its `insert` calls save()).
"""

import os

from aduan.settings import *  # noqa: F403 (the production set-up, unchanged)
from aduan.settings import DATABASES, INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "bench.web.bareapp"]
ROOT_URLCONF = "bench.web.urls"

if os.environ.get("BENCH_PLAIN_ENGINE") == "1" and DATABASES["default"]["ENGINE"] == (
    "aduan.core.sqlite"
):
    DATABASES["default"]["ENGINE"] = "django.db.backends.sqlite3"

if os.environ.get("BENCH_PLAIN_INSERTS") == "1":
    # Before any app module imports them: settings load first. Benchmark only.
    from typing import Any

    from aduan.core import inserts

    def _plain_prepare(obj: Any, *, using: str | None = None) -> None:
        return None

    def _plain_insert(obj: Any, *, using: str | None = None) -> None:
        obj.save(force_insert=True, using=using)

    inserts.prepare = _plain_prepare
    inserts.insert = _plain_insert
