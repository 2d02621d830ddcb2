"""The worker keeps the public statistics of the default period fresh, so no visitor pays for
the scan (at 1,000,000 reports a one-year figure takes seconds to compute)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.utils import translation

from aduan.notifications.tests.test_worker import _database_url
from aduan.reporting.selectors import default_period, statistics_for, statistics_warm

pytestmark = pytest.mark.django_db


def _received(luwu) -> int:
    date_from, date_to = default_period(luwu)
    return statistics_for(instansi=luwu, date_from=date_from, date_to=date_to).total.received


def test_warm_computes_every_language_ahead_of_visitors(luwu, submit):
    submit()
    assert statistics_warm() == 2  # one instansi, Indonesian and English
    submit()
    # Visitors read what the worker computed, in either language, without a scan.
    with translation.override("en"):
        assert _received(luwu) == 1
    with translation.override("id"):
        assert _received(luwu) == 1
    statistics_warm()
    with translation.override("id"):
        assert _received(luwu) == 2


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("every", "expected"), [("1", 2), ("0", 1)])
def test_the_worker_refreshes_them_unless_told_not_to(luwu, submit, tmp_path, every, expected):
    submit()
    with translation.override("id"):
        statistics_warm()
    submit()
    env = {**os.environ, "DATABASE_URL": _database_url(), "EMAIL_FILE_PATH": str(tmp_path)}
    command = [sys.executable, "-m", "aduan", "worker", "--once", "--statistics-every", every]
    subprocess.run(command, env=env, check=True, timeout=60, capture_output=True)  # noqa: S603
    with translation.override("id"):
        assert _received(luwu) == expected
