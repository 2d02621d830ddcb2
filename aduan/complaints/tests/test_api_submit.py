"""POST /api/v1/reports: filing a report through the API, idempotently, and its errors."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core.serializers.json import DjangoJSONEncoder
from django.test import Client
from django.urls import get_script_prefix, reverse, set_script_prefix
from django.utils import translation

from aduan.complaints import api, codes
from aduan.complaints.choices import Channel, ReportType, Status
from aduan.complaints.models import Complaint, ComplaintEvent, IdempotencyKey, Reporter
from aduan.complaints.schemas import SubmittedOut
from aduan.core import clock
from aduan.core.tests.openapi import assert_matches_openapi

URL = "/api/v1/reports"
pytestmark = pytest.mark.django_db


@pytest.fixture
def body(village, road_category, pupr):
    return {
        "type": "complaint",
        "title": "Jalan berlubang di depan SD Kanna",
        "description": "Lubang besar sejak sebulan, sudah dua motor jatuh.",
        "incident_date": clock.now().date().isoformat(),
        "region_code": village.code,
        "address": "Depan SD Kanna",
        "latitude": -3.123456789,
        "longitude": 120.1234567,
        "category_code": road_category.code,
        "unit_code": pupr.code,
        "reporter": {"name": "Andi Baso", "phone": "0812 3456 7890", "gender": "male"},
    }


def post(
    client: Client, data: Any, *, key: str | None = None, language: str = "id", **extra: str
) -> Any:
    headers: dict[str, Any] = {"HTTP_ACCEPT_LANGUAGE": language, **extra}
    if key is not None:
        headers["HTTP_IDEMPOTENCY_KEY"] = key
    payload = data if isinstance(data, str | bytes) else json.dumps(data)
    return client.post(URL, payload, content_type="application/json", **headers)


def counts() -> tuple[int, int, int]:
    return Complaint.objects.count(), Reporter.objects.count(), ComplaintEvent.objects.count()


def test_submit_files_a_report_through_the_api_channel(anon_client, body, village, pupr):
    response = post(anon_client, body)

    assert response.status_code == 201
    data = assert_matches_openapi(response, "post", URL)
    complaint = Complaint.objects.get(tracking_number=data["tracking_number"])
    assert complaint.channel == Channel.API
    assert complaint.status == Status.SUBMITTED
    assert complaint.region == village
    assert complaint.target_unit == pupr
    assert str(complaint.latitude) == "-3.123457"
    assert complaint.reporter is not None
    assert complaint.reporter.phone == "+6281234567890"
    assert data["status"] == {"code": "submitted", "label": "Menunggu verifikasi"}
    assert data["url"] == f"/api/v1/reports/{complaint.tracking_number}"
    assert len(data["access_code"]) == 10
    # The access code opens the reporter's own view.
    own = anon_client.get(data["url"], HTTP_X_ACCESS_CODE=data["access_code"])
    assert own.status_code == 200
    assert own.json()["reporter"]["name"] == "Andi Baso"


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("report_type", ["complaint", "info_request"])
def test_the_answer_is_what_its_schema_would_write(anon_client, body, language, report_type):
    # The answer is written out by hand for speed (api._submitted_body); it must stay the
    # schema's own encoding, the labels in the requested language included.
    body["type"] = report_type
    response = post(anon_client, body, language=language)

    assert response.status_code == 201
    data = response.json()
    complaint = Complaint.objects.get(tracking_number=data["tracking_number"])
    with translation.override(language):
        expected = SubmittedOut(
            tracking_number=complaint.tracking_number,
            access_code=data["access_code"],
            type=api.choice(complaint.type, complaint.get_type_display()),
            status=api.choice(complaint.status, complaint.get_status_display()),
            submitted_at=complaint.submitted_at,
            verify_due_at=complaint.verify_due_at,
            complete_due_at=complaint.complete_due_at,
            is_late_filing=complaint.is_late_filing,
            url=api.report_url(complaint.tracking_number),
        )
        assert data["type"]["label"] == str(ReportType(report_type).label)
    # The same text as the schema writes from the stored report, times in UTC included.
    assert data == json.loads(DjangoJSONEncoder().encode(expected.model_dump()))
    assert data["verify_due_at"].endswith("Z")
    assert (data["complete_due_at"] is None) == (report_type != "info_request")


@pytest.mark.parametrize("prefix", ["/", "/aduan/"])
def test_a_reports_address_is_the_one_reverse_gives(prefix):
    # report_url reverses the path once per script prefix and adds the number.
    before = get_script_prefix()
    set_script_prefix(prefix)
    try:
        for number in ("LWU-7K3M-9QXR", "ABC-0000-1111"):
            url = reverse("api-v1:track_report", kwargs={"tracking_number": number})
            assert api.report_url(number) == url
            assert url.startswith(prefix + "api/v1/reports/")
    finally:
        set_script_prefix(before)


def test_submit_without_identity_files_an_unnamed_report(anon_client, body):
    del body["reporter"]
    body["is_anonymous"] = True

    response = post(anon_client, body)

    assert response.status_code == 201
    complaint = Complaint.objects.get(tracking_number=response.json()["tracking_number"])
    assert complaint.reporter is None
    assert complaint.is_anonymous


def test_retry_with_the_same_key_and_body_gets_the_same_answer_and_one_report(anon_client, body):
    first = post(anon_client, body, key="7b0e1c9e-retry")
    # Same fields in another order: the same request.
    again = post(anon_client, dict(reversed(list(body.items()))), key="7b0e1c9e-retry")

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert Complaint.objects.count() == 1
    assert_matches_openapi(again, "post", URL)


def test_same_key_with_another_body_is_a_conflict_and_changes_nothing(anon_client, body):
    post(anon_client, body, key="key-1")
    before = counts()

    response = post(anon_client, {**body, "title": "Another report"}, key="key-1")

    assert response.status_code == 409
    error = assert_matches_openapi(response, "post", URL)["error"]
    assert error["code"] == "idempotency_mismatch"
    assert "Idempotency-Key" in error["message"]
    assert counts() == before


def test_different_keys_file_different_reports(anon_client, body):
    one = post(anon_client, body, key="key-1").json()
    two = post(anon_client, body, key="key-2").json()

    assert one["tracking_number"] != two["tracking_number"]
    assert Complaint.objects.count() == 2


def test_the_store_holds_no_key_and_no_access_code_in_clear(anon_client, body):
    data = post(anon_client, body, key="my-secret-key").json()

    row = IdempotencyKey.objects.get()
    stored = json.dumps([row.key_hash, row.request_hash, row.response_body, row.sealed_access_code])
    assert "my-secret-key" not in stored
    assert data["access_code"] not in stored
    assert row.response_body["tracking_number"] == data["tracking_number"]
    assert row.expires_at - row.created_at == timedelta(hours=24)


def test_a_key_expires_after_24_hours(anon_client, body):
    first = post(anon_client, body, key="key-1").json()

    with time_machine.travel(clock.now() + timedelta(hours=24, seconds=1)):
        second = post(anon_client, body, key="key-1")

    assert second.status_code == 201
    assert second.json()["tracking_number"] != first["tracking_number"]
    assert IdempotencyKey.objects.count() == 1  # the expired row made way


def test_validation_errors_are_field_by_field_in_indonesian_by_default(anon_client, body):
    before = counts()
    bad = {
        **body,
        "type": "gossip",
        "title": "x" * 201,
        "latitude": 91,
        "reporter": {"phone": "0812", "shoe_size": 42},
    }
    del bad["description"]

    response = post(anon_client, bad)

    assert response.status_code == 400
    assert response.headers["Content-Language"] == "id"
    error = assert_matches_openapi(response, "post", URL)["error"]
    assert error["code"] == "validation"
    assert error["message"] == "Beberapa isian perlu diperbaiki."
    assert set(error["fields"]) == {
        "type",
        "title",
        "description",
        "latitude",
        "reporter.shoe_size",
    }
    assert error["fields"]["title"] == "Paling banyak 200 karakter."
    assert counts() == before


def test_validation_errors_follow_accept_language(anon_client, body):
    response = post(anon_client, {**body, "title": "x" * 201}, language="en")

    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"title": "At most 200 characters."}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": "   "}, "title"),
        ({"region_code": "99.99"}, "region_code"),
        ({"category_code": "no-such-category"}, "category_code"),
        ({"unit_code": "no-such-unit"}, "unit_code"),
        ({"reporter": {"phone": "12345"}}, "reporter.phone"),
        ({"reporter": {"nik": "1234"}}, "reporter.nik"),
        ({"instansi": "atlantis"}, "instansi"),
        ({"latitude": None}, "latitude"),
        ({"title": "nul \x00 byte"}, "title"),
    ],
)
def test_rule_errors_name_their_field_and_leave_nothing(anon_client, body, change, field):
    before = counts()

    response = post(anon_client, {**body, **change})

    assert response.status_code == 400
    error = assert_matches_openapi(response, "post", URL)["error"]
    assert field in error["fields"], error
    assert counts() == before


def test_a_body_that_is_not_json_is_a_400(anon_client):
    response = post(anon_client, "{not json")

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_json"
    assert Complaint.objects.count() == 0


def test_a_body_over_the_upload_limit_is_a_413(anon_client, body, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000

    response = post(anon_client, {**body, "description": "panjang " * 500})

    assert response.status_code == 413
    assert assert_matches_openapi(response, "post", URL)["error"]["code"] == "too_large"
    assert Complaint.objects.count() == 0


def test_too_many_reports_from_one_address_is_a_429_with_retry_after(anon_client, body, settings):
    settings.ADUAN_INTAKE_PER_IP_PER_HOUR = 2
    del body["reporter"]
    for _ in range(2):
        assert post(anon_client, body).status_code == 201

    response = post(anon_client, body)

    assert response.status_code == 429
    assert 0 < int(response.headers["Retry-After"]) <= 3600
    assert assert_matches_openapi(response, "post", URL)["error"]["code"] == "rate_limited_ip"
    assert Complaint.objects.count() == 2


def test_refused_submissions_count_against_the_limit_too(anon_client, body, settings):
    settings.ADUAN_INTAKE_PER_PHONE_PER_DAY = 2
    future = {**body, "incident_date": (clock.now().date() + timedelta(days=3)).isoformat()}
    for _ in range(2):
        assert post(anon_client, future).status_code == 400

    response = post(anon_client, body)

    assert response.status_code == 429
    assert response.json()["error"]["code"] == "rate_limited_phone"
    assert counts() == (0, 0, 0)


def test_a_limit_reached_while_filing_undoes_the_report(anon_client, body, settings, monkeypatch):
    # The first read found room, then a concurrent request took the last place: the count,
    # taken last, refuses, and the report this request wrote is rolled back.
    settings.ADUAN_INTAKE_PER_IP_PER_HOUR = 1
    assert post(anon_client, body, key="first").status_code == 201
    monkeypatch.setattr(api, "intake_within_limits", lambda **kwargs: None)

    response = post(anon_client, {**body, "title": "Lampu jalan mati"}, key="second")

    assert response.status_code == 429
    assert response.json()["error"]["code"] == "rate_limited_ip"
    assert counts() == (1, 1, 1)
    assert IdempotencyKey.objects.count() == 1
    monkeypatch.undo()
    assert post(anon_client, body, key="third").status_code == 429


def test_a_retry_is_answered_even_past_the_rate_limit(anon_client, body, settings):
    settings.ADUAN_INTAKE_PER_IP_PER_HOUR = 1
    first = post(anon_client, body, key="key-1")

    again = post(anon_client, body, key="key-1")

    assert again.status_code == 201
    assert again.json() == first.json()


def test_unknown_api_paths_answer_json_404(anon_client):
    response = anon_client.get("/api/v1/no-such-thing")

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_a_taken_tracking_number_still_answers_with_the_number_filed(
    anon_client, body, monkeypatch
):
    first = post(anon_client, body, key="nomor-1").json()
    real = codes.new_tracking_number
    taken = [first["tracking_number"]]
    monkeypatch.setattr(
        codes, "new_tracking_number", lambda prefix: taken.pop() if taken else real(prefix)
    )
    body["title"] = "Lampu jalan mati"

    response = post(anon_client, body, key="nomor-2")

    assert response.status_code == 201
    data = response.json()
    assert data["tracking_number"] != first["tracking_number"]
    complaint = Complaint.objects.get(tracking_number=data["tracking_number"])
    assert complaint.title == "Lampu jalan mati"
    assert codes.access_code_matches(
        complaint.tracking_number, data["access_code"], complaint.access_code_hash
    )
    # The answer kept for the key is the report that was filed, with the same code.
    replay = post(anon_client, body, key="nomor-2")
    assert replay.json() == data
    assert counts() == (2, 2, 2)
