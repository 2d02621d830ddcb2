"""GET /api/v1/reports/{number} and the reporter's actions: replies, confirm, rating.

The endpoints live in workflow/api.py; the tests sit with the report's other API tests.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from aduan.complaints.choices import Status
from aduan.complaints.models import Complaint, ComplaintEvent
from aduan.complaints.services import ReporterInput
from aduan.core.tests.openapi import assert_matches_openapi
from aduan.workflow import services as workflow

pytestmark = pytest.mark.django_db

TRACK = "/api/v1/reports/{tracking_number}"
IDENTITY = ReporterInput(
    name="Andi Baso", phone="0812 3456 7890", email="andi@example.id", nik="7317010101900001"
)


def url(complaint: Complaint, suffix: str = "") -> str:
    return f"/api/v1/reports/{complaint.tracking_number}{suffix}"


def act(client: Client, complaint: Complaint, action: str, data: dict[str, Any], code: str) -> Any:
    return client.post(
        url(complaint, f"/{action}"),
        json.dumps(data),
        content_type="application/json",
        HTTP_X_ACCESS_CODE=code,
    )


@pytest.fixture
def resolved(submit, admin, officer, pupr):
    submitted = submit(reporter=IDENTITY)
    complaint = workflow.complaint_verify(actor=admin, complaint=submitted.complaint, units=[pupr])
    workflow.dispatch_accept(actor=officer, complaint=complaint)
    workflow.complaint_resolve(actor=officer, complaint=complaint, summary="Lubang sudah ditambal.")
    return submitted


def test_public_view_shows_the_report_and_its_timeline_without_identity(
    anon_client, submit, publish
):
    submitted = submit(reporter=IDENTITY)
    publish(submitted, instruction="Mohon cek dan hubungi Andi di 0812 3456 7890")

    response = anon_client.get(url(submitted.complaint))

    assert response.status_code == 200
    data = assert_matches_openapi(response, "get", TRACK)
    assert data["title"] == "Jalan berlubang di depan SD Kanna"
    assert data["timeline"][0]["kind"]["code"] == "submitted"
    assert data["reporter_label"] == "Pelapor"
    assert "reporter" not in data
    assert "clocks" not in data
    text = response.content.decode()
    for secret in ("Andi", "3456", "andi@example.id", "7317010101900001"):
        assert secret not in text


def test_tracking_number_is_read_in_any_case(anon_client, submit, publish):
    submitted = submit()
    publish(submitted)

    response = anon_client.get(f"/api/v1/reports/{submitted.complaint.tracking_number.lower()}")

    assert response.status_code == 200


def test_access_code_opens_the_private_view_by_header_or_query(anon_client, submit):
    submitted = submit(reporter=IDENTITY)

    by_header = anon_client.get(url(submitted.complaint), HTTP_X_ACCESS_CODE=submitted.access_code)
    by_query = anon_client.get(url(submitted.complaint), {"access_code": submitted.access_code})

    assert by_header.status_code == by_query.status_code == 200
    data = assert_matches_openapi(by_header, "get", TRACK)
    assert by_query.json()["reporter"] == data["reporter"]
    assert data["reporter"] == {
        "name": "Andi Baso",
        "phone": "+6281234567890",
        "email": "andi@example.id",
        "nik": "************0001",
    }
    assert data["clocks"][0]["label"] == "Verifikasi dan disposisi"
    assert (data["can_reply"], data["can_confirm"], data["can_rate"]) == (True, False, False)


def test_a_wrong_access_code_is_a_404_like_a_missing_report(anon_client, submit):
    submitted = submit()

    wrong = anon_client.get(url(submitted.complaint), HTTP_X_ACCESS_CODE="WRONGCODE1")
    missing = anon_client.get("/api/v1/reports/LWU-0000-0000")

    assert wrong.status_code == missing.status_code == 404
    assert wrong.json() == missing.json()
    assert_matches_openapi(wrong, "get", TRACK)


def test_too_many_wrong_codes_from_one_address_is_a_429(anon_client, submit, settings):
    settings.ADUAN_TRACK_CODE_ATTEMPTS_PER_HOUR = 3
    submitted = submit()
    for _ in range(3):
        anon_client.get(url(submitted.complaint), HTTP_X_ACCESS_CODE="WRONGCODE1")

    response = anon_client.get(url(submitted.complaint), HTTP_X_ACCESS_CODE=submitted.access_code)

    assert response.status_code == 429
    assert response.headers["Retry-After"]
    assert_matches_openapi(response, "get", TRACK)


def test_a_confidential_report_is_404_without_the_code(anon_client, submit):
    submitted = submit(is_confidential=True)

    public = anon_client.get(url(submitted.complaint))
    own = anon_client.get(url(submitted.complaint), HTTP_X_ACCESS_CODE=submitted.access_code)

    assert public.status_code == 404
    assert own.status_code == 200
    assert own.json()["is_confidential"] is True


def test_an_anonymous_report_shows_anonim_publicly_and_the_reporter_their_own_name(
    anon_client, submit, publish
):
    submitted = submit(reporter=IDENTITY, is_anonymous=True)
    publish(submitted)

    public = anon_client.get(url(submitted.complaint))
    own = anon_client.get(url(submitted.complaint), HTTP_X_ACCESS_CODE=submitted.access_code)

    assert public.json()["reporter_label"] == "Anonim"
    assert "Andi" not in public.content.decode()
    assert own.json()["reporter_label"] == "Anonim"
    assert own.json()["is_anonymous"] is True
    assert own.json()["reporter"]["name"] == "Andi Baso"


def test_reporter_replies_with_the_access_code(anon_client, submit):
    submitted = submit()

    response = act(
        anon_client, submitted.complaint, "replies", {"text": "Makin parah."}, submitted.access_code
    )

    assert response.status_code == 200
    data = assert_matches_openapi(response, "post", TRACK + "/replies")
    assert data["timeline"][-1]["kind"]["code"] == "reporter_message"
    assert data["timeline"][-1]["note"] == "Makin parah."


def test_actions_need_the_right_access_code_and_change_nothing_without_it(anon_client, submit):
    submitted = submit()
    events = ComplaintEvent.objects.count()

    for code in ("", "WRONGCODE1"):
        response = act(anon_client, submitted.complaint, "replies", {"text": "Halo"}, code)
        assert response.status_code == 404
    assert ComplaintEvent.objects.count() == events


def test_an_empty_reply_is_a_400_on_its_field(anon_client, submit):
    submitted = submit()

    response = act(
        anon_client, submitted.complaint, "replies", {"text": "  "}, submitted.access_code
    )

    assert response.status_code == 400
    assert "text" in assert_matches_openapi(response, "post", TRACK + "/replies")["error"]["fields"]


def test_confirm_then_rate_a_resolved_report(anon_client, resolved):
    complaint, code = resolved.complaint, resolved.access_code

    confirmed = act(anon_client, complaint, "confirm", {"note": "Terima kasih"}, code)
    assert confirmed.status_code == 200
    assert assert_matches_openapi(confirmed, "post", TRACK + "/confirm")["can_rate"] is True

    rated = act(anon_client, complaint, "rating", {"stars": 5, "comment": "Cepat"}, code)
    assert rated.status_code == 200
    data = assert_matches_openapi(rated, "post", TRACK + "/rating")
    assert (data["rating"], data["rating_comment"], data["can_rate"]) == (5, "Cepat", False)
    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED
    assert complaint.rating == 5

    again = act(anon_client, complaint, "rating", {"stars": 1}, code)
    assert again.status_code == 409
    assert_matches_openapi(again, "post", TRACK + "/rating")
    complaint.refresh_from_db()
    assert complaint.rating == 5


def test_confirming_a_report_that_is_not_resolved_is_a_409(anon_client, submit):
    submitted = submit()

    response = act(anon_client, submitted.complaint, "confirm", {}, submitted.access_code)

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "conflict"
    submitted.complaint.refresh_from_db()
    assert submitted.complaint.status == Status.SUBMITTED


@pytest.mark.parametrize("stars", [0, 6])
def test_rating_out_of_range_is_a_400(anon_client, resolved, stars):
    act(anon_client, resolved.complaint, "confirm", {}, resolved.access_code)

    response = act(
        anon_client, resolved.complaint, "rating", {"stars": stars}, resolved.access_code
    )

    assert response.status_code == 400
    assert "stars" in response.json()["error"]["fields"]


def test_replying_to_a_resolved_report_reopens_it(anon_client, resolved):
    response = act(
        anon_client, resolved.complaint, "replies", {"text": "Belum beres."}, resolved.access_code
    )

    assert response.status_code == 200
    assert response.json()["status"]["code"] == "in_progress"
