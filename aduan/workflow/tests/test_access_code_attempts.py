"""Wrong access codes count once, on one counter for the tracking page and the API, in a
sliding window (issue 14, item 6): switching surfaces or waiting for the top of the hour does
not buy more guesses."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from aduan.core import ratelimit
from aduan.core.models import RateCounter

IP = "10.0.0.9"


@pytest.fixture
def report(submit, settings):
    settings.ADUAN_TRACK_CODE_ATTEMPTS_PER_HOUR = 4
    return submit()


def _web(client, report, code: str) -> int:
    url = reverse("workflow:track_access", args=[report.complaint.tracking_number])
    status: int = client.post(url, {"access_code": code}, REMOTE_ADDR=IP).status_code
    return status


def _api(client, report, code: str) -> int:
    url = f"/api/v1/reports/{report.complaint.tracking_number}"
    status: int = client.get(url, HTTP_X_ACCESS_CODE=code, REMOTE_ADDR=IP).status_code
    return status


def test_wrong_codes_on_the_web_and_the_api_share_one_counter(report, client):
    assert _web(client, report, "WRONGCODE1") == 400
    assert _api(client, report, "WRONGCODE1") == 404
    assert _web(client, report, "WRONGCODE2") == 400
    assert _api(client, report, "WRONGCODE2") == 404
    # Four wrong codes in all: both surfaces now refuse even the right one from this address.
    assert _web(client, report, report.access_code) == 429
    refused = client.get(
        f"/api/v1/reports/{report.complaint.tracking_number}",
        HTTP_X_ACCESS_CODE=report.access_code,
        REMOTE_ADDR=IP,
    )
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 600
    # Another address is not held back.
    url = reverse("workflow:track_access", args=[report.complaint.tracking_number])
    assert (
        client.post(url, {"access_code": report.access_code}, REMOTE_ADDR="10.0.0.10").status_code
        == 302
    )


def test_each_wrong_code_counts_once(report, client):
    _web(client, report, "WRONGCODE1")
    _api(client, report, "WRONGCODE1")
    assert ratelimit.sliding_count(ratelimit.ACCESS_CODE_SCOPE, IP, window_seconds=3600) == 2
    # A right code counts nothing.
    assert _api(client, report, report.access_code) == 200
    assert ratelimit.sliding_count(ratelimit.ACCESS_CODE_SCOPE, IP, window_seconds=3600) == 2


def test_the_window_slides_over_the_top_of_the_hour(report, client, time_machine):
    time_machine.move_to(datetime(2026, 3, 2, 1, 58, tzinfo=UTC))
    for code in ("WRONGCODE1", "WRONGCODE2", "WRONGCODE3", "WRONGCODE4"):
        assert _api(client, report, code) == 404
    # A fixed hourly window would start afresh at 02:00; the sliding one still holds.
    time_machine.move_to(datetime(2026, 3, 2, 2, 3, tzinfo=UTC))
    assert _web(client, report, report.access_code) == 429
    time_machine.move_to(datetime(2026, 3, 2, 2, 40, tzinfo=UTC))
    assert _api(client, report, report.access_code) == 429
    # An hour (and the bucket) after the wrong codes, they no longer count.
    time_machine.move_to(datetime(2026, 3, 2, 1, 58, tzinfo=UTC) + timedelta(minutes=62))
    assert _api(client, report, report.access_code) == 200


def test_counters_hold_no_address_in_clear(report, client):
    _web(client, report, "WRONGCODE1")
    keys = list(RateCounter.objects.values_list("key", flat=True))
    assert keys
    assert not any(IP in key for key in keys)
