"""POST /api/v1/surveys/<unit>/responses and GET /api/v1/surveys/ikm: the answers, the
worked example through the database (blanks included), errors in the one format, limits and
the one answer per closed report."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from aduan.core.tests.openapi import assert_matches_openapi
from aduan.surveys.invitations import invitation_token
from aduan.surveys.models import SurveyPopulation, SurveyResponse

pytestmark = pytest.mark.django_db
WITA = ZoneInfo("Asia/Makassar")


def _post(client: Any, unit: str = "pupr", body: Any = None, **headers: Any) -> Any:
    return client.post(
        f"/api/v1/surveys/{unit}/responses",
        data=json.dumps(body if body is not None else {"answers": {"u1": 3}}),
        content_type="application/json",
        **headers,
    )


def test_a_response_is_recorded_and_answered_201(anon_client, pupr):
    body = {
        "answers": {f"u{i}": 4 for i in range(1, 10)} | {"u4": None},
        "respondent": {"gender": "male", "education": "senior", "has_disability": False},
    }
    response = _post(anon_client, body=body)

    assert response.status_code == 201, response.content
    assert response.json()["unit"] == "pupr"
    assert_matches_openapi(response, "post", "/api/v1/surveys/{unit_code}/responses")
    saved = SurveyResponse.objects.get()
    assert (saved.u1, saved.u4, saved.education, saved.has_disability) == (4, None, "senior", False)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"answers": {"u1": 5}}, "answers.u1"),
        ({"answers": {"u1": 0}}, "answers.u1"),
        ({"answers": {"u10": 3}}, "answers.u10"),
        ({"answers": {}}, "answers"),
        ({"answers": {"u1": 3}, "respondent": {"gender": "x"}}, "respondent.gender"),
        ({}, "answers"),
    ],
)
def test_bad_input_answers_400_in_indonesian_and_changes_nothing(anon_client, pupr, body, field):
    response = _post(anon_client, body=body, HTTP_ACCEPT_LANGUAGE="id")

    assert response.status_code == 400
    error = response.json()["error"]
    assert field in error["fields"], error
    assert SurveyResponse.objects.count() == 0
    assert_matches_openapi(response, "post", "/api/v1/surveys/{unit_code}/responses")


def test_an_unknown_unit_is_400(anon_client, luwu):
    response = _post(anon_client, unit="nope", HTTP_ACCEPT_LANGUAGE="id")

    assert response.status_code == 400
    assert response.json()["error"]["fields"]["unit_code"] == "Tidak ada unit dengan kode ini."


def test_the_limit_per_address_answers_429_with_retry_after(anon_client, pupr, settings):
    settings.ADUAN_SURVEY_PER_IP_PER_HOUR = 1
    assert _post(anon_client).status_code == 201
    refused = _post(anon_client)

    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert SurveyResponse.objects.count() == 1


def test_an_invitation_is_answered_once(anon_client, closed):
    body = {"answers": {"u1": 4}, "invitation": invitation_token(closed)}

    first = _post(anon_client, body=body)
    second = _post(anon_client, body=body)
    forged = _post(anon_client, body={**body, "invitation": "abc:def"})

    assert first.status_code == 201
    assert second.status_code == 409
    assert second.json()["error"]["code"] == "already_answered"
    assert forged.status_code == 400
    assert SurveyResponse.objects.get().complaint == closed


def _answer(client: Any, answers: dict[str, Any], day: int, unit: str = "pupr") -> None:
    with time_machine.travel(datetime(2025, 3, day, 10, tzinfo=WITA), tick=False):
        assert _post(client, unit=unit, body={"answers": answers}).status_code == 201


def test_ikm_of_a_worked_example_with_blanks(anon_client, pupr, dinkes):
    # Three respondents of Dinas PUPR:
    #   r1 answers 4 to everything;
    #   r2 answers 3 to everything but u3 (blank);
    #   r3 answers 2 to everything but u4 (blank).
    # NRR u3 = (4+2)/2 = 3, u4 = (4+3)/2 = 3.5, every other (4+3+2)/3 = 3.
    # IKM = (8 * 3 + 3.5) / 9 * 25 = 27.5 * 25 / 9 = 76.3888… → 76.39, grade C.
    everything = [f"u{i}" for i in range(1, 10)]
    _answer(anon_client, dict.fromkeys(everything, 4), 3)
    _answer(anon_client, dict.fromkeys(everything, 3) | {"u3": None}, 4)
    _answer(anon_client, dict.fromkeys(everything, 2) | {"u4": None}, 5)
    _answer(anon_client, dict.fromkeys(everything, 1), 6, unit="dinkes")  # another unit
    SurveyPopulation.objects.create(
        unit=pupr, date_from="2025-01-01", date_to="2025-12-31", population=100
    )

    response = anon_client.get(
        "/api/v1/surveys/ikm?instansi=luwu&unit=pupr&date_from=2025-03-01&date_to=2025-03-31"
    )

    assert response.status_code == 200
    body = response.json()
    assert body["respondents"] == 3
    assert body["nrr"]["u1"] == 3.0
    assert body["nrr"]["u3"] == 3.0
    assert body["nrr"]["u4"] == 3.5
    assert body["ikm"] == 76.39
    assert body["grade"] == "C"
    assert body["population"] == 100
    assert body["minimum_sample"] == 80
    assert body["below_minimum"] is True
    assert_matches_openapi(response, "get", "/api/v1/surveys/ikm")

    whole = anon_client.get("/api/v1/surveys/ikm?date_from=2025-03-01&date_to=2025-03-31").json()
    assert whole["respondents"] == 4
    assert whole["unit"] is None


def test_ikm_is_null_while_an_element_has_no_answer(anon_client, pupr):
    _answer(anon_client, {"u1": 4}, 3)

    body = anon_client.get("/api/v1/surveys/ikm?date_from=2025-03-01&date_to=2025-03-31").json()

    assert body["respondents"] == 1
    assert body["nrr"]["u1"] == 4.0
    assert body["nrr"]["u2"] is None
    assert body["ikm"] is None
    assert body["grade"] is None


@pytest.mark.parametrize(
    "query",
    ["date_from=2025-05-01&date_to=2025-01-01", "date_from=2015-01-01&date_to=2025-01-01",
     "unit=nope", "instansi=nope", "date_from=tomorrow"],
)  # fmt: skip
def test_bad_ikm_queries_answer_400(anon_client, luwu, query):
    response = anon_client.get(f"/api/v1/surveys/ikm?{query}")

    assert response.status_code == 400
    assert_matches_openapi(response, "get", "/api/v1/surveys/ikm")
