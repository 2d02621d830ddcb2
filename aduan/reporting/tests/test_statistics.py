"""Public statistics: the cohort counts, medians, breakdowns, cache, page and JSON API."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.core.cache import cache
from ninja.testing import TestClient

from aduan.complaints.choices import ArchiveReason
from aduan.organisation.clocks import local_date
from aduan.reporting.api import router
from aduan.reporting.rollups import rollups_refresh
from aduan.reporting.selectors import _median_days, statistics_compute, statistics_for
from aduan.workflow import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def reports(submit, admin, officer, pupr, luwu):
    """Four reports of March 2026: one resolved in a day, one only verified, one rahasia
    (counted, never shown), one spam (left out)."""
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(luwu.time_zone)
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=zone), tick=False) as traveller:
        resolved = submit(title="Jalan berlubang").complaint
        verified = submit(title="Lampu padam").complaint
        submit(title="Pungutan liar kepala desa", is_confidential=True)
        spam = submit(title="Promo pinjaman").complaint
        services.complaint_archive(actor=admin, complaint=spam, reason=ArchiveReason.SPAM)
        traveller.shift(timedelta(hours=6))
        services.complaint_verify(actor=admin, complaint=resolved, units=[pupr])
        services.complaint_verify(actor=admin, complaint=verified, units=[pupr])
        traveller.shift(timedelta(hours=6))
        services.followup_add(actor=officer, complaint=resolved, text="Sudah dicek.")
        traveller.shift(timedelta(hours=12))
        services.complaint_resolve(actor=officer, complaint=resolved, summary="Ditambal.")
    rollups_refresh()  # the worker's pass: the figures are read from the rollups
    return luwu


def test_counts_include_rahasia_but_not_spam(reports):
    stats = statistics_compute(
        instansi=reports, date_from=date(2026, 1, 1), date_to=date(2026, 3, 31)
    )

    assert stats.total.received == 3
    assert stats.total.resolved == 1
    assert stats.total.resolved_on_time == 1
    assert stats.total.median_days_to_verification == 0.2  # 6 hours, 6 hours, none yet
    assert stats.total.median_days_to_first_followup == 0.5
    assert stats.total.median_days_to_resolution == 1.0


def test_breakdowns_per_month_unit_category_and_kecamatan(reports, pupr):
    stats = statistics_compute(
        instansi=reports, date_from=date(2026, 1, 1), date_to=date(2026, 3, 31)
    )

    assert [row.key for row in stats.by_month] == ["2026-01", "2026-02", "2026-03"]
    assert [row.figures.received for row in stats.by_month] == [0, 0, 3]
    assert [(row.label, row.figures.received) for row in stats.by_unit] == [(pupr.name, 2)]
    assert [(row.label, row.figures.received) for row in stats.by_category] == [
        ("Jalan, jembatan dan pekerjaan umum", 3)
    ]
    assert [(row.label, row.figures.received) for row in stats.by_district] == [
        ("Basse Sangtempe", 3)
    ]


def test_reports_outside_the_period_are_not_counted(reports):
    stats = statistics_compute(
        instansi=reports, date_from=date(2026, 4, 3), date_to=date(2026, 4, 30)
    )

    assert stats.total.received == 0
    assert stats.total.median_days_to_resolution is None


def test_a_period_is_widened_to_whole_months(reports):
    stats = statistics_compute(
        instansi=reports, date_from=date(2026, 3, 3), date_to=date(2026, 3, 4)
    )

    assert (stats.date_from, stats.date_to) == (date(2026, 3, 1), date(2026, 3, 31))
    assert stats.total.received == 3


def test_the_median_of_a_histogram_of_hours():
    assert _median_days(Counter()) is None
    assert _median_days(Counter({24: 1})) == 1.0
    assert _median_days(Counter({24: 1, 72: 1})) == 2.0  # even: the mean of the middle two
    assert _median_days(Counter({12: 2, 240: 1})) == 0.5


def test_statistics_are_cached_per_instansi_and_period(
    reports, settings, django_assert_num_queries
):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
    period = {"date_from": date(2026, 3, 1), "date_to": date(2026, 3, 31)}
    first = statistics_for(instansi=reports, **period)

    with django_assert_num_queries(0):
        again = statistics_for(instansi=reports, **period)

    assert again == first


def test_the_page_shows_accessible_charts_and_the_same_numbers_in_tables(anon_client, reports):
    response = anon_client.get(
        "/statistik/", {"instansi": "luwu", "date_from": "2026-03-01", "date_to": "2026-03-31"}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('role="img"') == 4
    assert page.count("<title id=") == 4
    assert page.count("<desc id=") == 4
    assert 'aria-labelledby="month-chart-title month-chart-desc"' in page
    assert page.count("<table>") == 4
    assert "Basse Sangtempe" in page
    assert "Pungutan" not in page
    assert "style=" not in page


def test_a_period_ending_before_it_starts_is_refused_on_the_page(anon_client, reports):
    response = anon_client.get("/statistik/", {"date_from": "2026-03-31", "date_to": "2026-03-01"})

    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()


def test_the_api_gives_the_same_numbers(reports):
    client = TestClient(router)

    response = client.get("?instansi=luwu&date_from=2026-03-01&date_to=2026-03-31")

    assert response.status_code == 200
    body = response.json()
    assert body["instansi"] == "luwu"
    assert body["total"]["received"] == 3
    assert body["total"]["resolved_on_time"] == 1
    assert body["by_month"][0] == {
        "key": "2026-03",
        "label": body["by_month"][0]["label"],
        "figures": body["total"],
    }
    assert "Pungutan" not in response.content.decode()


def test_the_default_period_is_the_last_twelve_months(reports):
    client = TestClient(router)
    with time_machine.travel(datetime(2026, 5, 10, 12, 0).astimezone(), tick=False):
        body = client.get("").json()

    today = local_date(reports, datetime(2026, 5, 10, 12, 0).astimezone())
    assert today.isoformat() == "2026-05-10"
    assert body["date_to"] == "2026-05-31"  # the current month, whole
    assert body["date_from"] == "2025-06-01"
    assert body["total"]["received"] == 3


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("date_to=0001-01-01", 200),
        ("date_from=0001-01-01", 200),
        ("date_from=9999-12-31", 200),
        ("date_from=0001-01-01&date_to=9999-12-31", 400),
    ],
)
def test_statistics_api_survives_extreme_dates(luwu, anon_client, query, expected):
    response = anon_client.get(f"/api/v1/statistics?{query}")
    assert response.status_code == expected
    if expected == 200:
        body = response.json()
        first, last = date.fromisoformat(body["date_from"]), date.fromisoformat(body["date_to"])
        assert first <= last
        assert (last - first).days <= 1827 + 31  # five years, widened to whole months
