"""One time format everywhere: "21.35 WITA", in the instansi's time zone."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import translation

from aduan.core.templatetags.aduan_format import moment, moment_short, time_of_day

EVENING = datetime(2025, 11, 3, 13, 35, tzinfo=UTC)  # 21.35 in Makassar, 20.35 in Jakarta


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        ("Asia/Makassar", "21.35 WITA"),
        ("Asia/Jakarta", "20.35 WIB"),
        ("Asia/Jayapura", "22.35 WIT"),
        ("", "21.35 WITA"),  # the site's TIME_ZONE
        ("Europe/Amsterdam", "14.35 UTC+0100"),
    ],
)
def test_time_of_day_is_written_one_way_in_the_zone(zone, expected):
    assert time_of_day(EVENING, zone) == expected


def test_dates_with_times_use_the_same_time_of_day():
    with translation.override("id"):
        assert moment(EVENING, "Asia/Makassar") == "Senin, 3 November 2025 pukul 21.35 WITA"
        assert moment_short(EVENING, "Asia/Makassar") == "3 Nov 2025, 21.35 WITA"
    with translation.override("en"):
        assert moment(EVENING, "Asia/Makassar") == "Monday, 3 November 2025 at 21.35 WITA"
    rendered = Template("{% load aduan_format %}{{ at|moment_short }}").render(
        Context({"at": EVENING})
    )
    assert rendered.endswith("21.35 WITA")


def _templates() -> list[Path]:
    root = Path(settings.BASE_DIR)
    found = list((root / "templates").rglob("*.html"))
    for pattern in ("*.html", "*.txt"):
        found += (root / "aduan").rglob(f"templates/**/{pattern}")
    return found


def test_no_template_writes_a_time_another_way():
    # Django's |date/|time with hours (H:i, "21:38") was the second format of issue 15.
    hours = re.compile(r"\|(date|time):[\"'][^\"']*[HGhg]")
    offenders = [
        str(path) for path in _templates() if hours.search(path.read_text(encoding="utf-8"))
    ]
    assert len(_templates()) > 30
    assert offenders == []
