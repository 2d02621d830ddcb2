"""GET /api/v1/reports: the public feed, its search, filters and pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from aduan.complaints.services import ReporterInput
from aduan.core.tests.openapi import assert_matches_openapi
from aduan.organisation.models import Category

pytestmark = pytest.mark.django_db

URL = "/api/v1/reports"


def feed(client: Client, **params: Any) -> Any:
    response = client.get(URL, params)
    assert response.status_code == 200, response.content
    return assert_matches_openapi(response, "get", URL)


def test_feed_lists_public_reports_newest_first_without_identity(anon_client, submit, publish):
    older = submit(title="Lampu jalan mati", reporter=ReporterInput(name="Siti Aminah"))
    newer = submit(title="Sampah menumpuk", is_anonymous=True)
    publish(older)
    publish(newer)

    response = anon_client.get(URL)
    data = assert_matches_openapi(response, "get", URL)

    assert [r["tracking_number"] for r in data["results"]] == [
        newer.complaint.tracking_number,
        older.complaint.tracking_number,
    ]
    assert data["total"] == 2
    assert [r["reporter_label"] for r in data["results"]] == ["Anonim", "Pelapor"]
    assert "Siti" not in response.content.decode()


def test_feed_never_shows_a_confidential_report(anon_client, submit, publish):
    publish(submit(title="Pungutan liar di kantor desa", is_confidential=True))
    publish(submit(title="Jalan rusak"))

    data = feed(anon_client)
    searched = feed(anon_client, q="pungutan")

    assert [r["title"] for r in data["results"]] == ["Jalan rusak"]
    assert searched["results"] == []


def test_feed_searches_titles_and_descriptions(anon_client, submit, publish):
    publish(submit(title="Jalan berlubang", description="Lubang besar di jalan poros."))
    publish(submit(title="Air PDAM keruh", description="Air keruh sejak pekan lalu."))

    data = feed(anon_client, q="keruh")

    assert [r["title"] for r in data["results"]] == ["Air PDAM keruh"]


def test_feed_filters_by_type_status_category_and_kecamatan(
    anon_client, submit, publish, road_category, luwu
):
    publish(submit(title="Jalan berlubang"))
    budget = Category.objects.get(instansi=luwu, code="lingkungan-sampah")
    publish(submit(title="Minta data anggaran", type="info_request", category=budget))

    assert [r["title"] for r in feed(anon_client, type="info_request")["results"]] == [
        "Minta data anggaran"
    ]
    by_category = feed(anon_client, category=road_category.code)["results"]
    assert [r["title"] for r in by_category] == ["Jalan berlubang"]
    assert len(feed(anon_client, status="dispatched", kecamatan="73.17.01")["results"]) == 2
    assert feed(anon_client, status="closed")["results"] == []


def test_feed_pages_with_next_and_previous_links(anon_client, submit, publish):
    for n in range(5):
        publish(submit(title=f"Laporan {n}"))

    first = feed(anon_client, page_size=2, q="")
    assert [r["title"] for r in first["results"]] == ["Laporan 4", "Laporan 3"]
    assert first["previous"] is None
    second = anon_client.get(first["next"]).json()
    assert [r["title"] for r in second["results"]] == ["Laporan 2", "Laporan 1"]
    last = anon_client.get(second["next"]).json()
    assert [r["title"] for r in last["results"]] == ["Laporan 0"]
    assert last["next"] is None
    assert anon_client.get(last["previous"]).json() == second
    assert last["total"] == 5


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"page_size": 101}, "page_size"),
        ({"page": 0}, "page"),
        ({"status": "lost"}, "status"),
        ({"submitted_from": "yesterday"}, "submitted_from"),
        ({"category": "no-such"}, "category"),
    ],
)
def test_bad_feed_parameters_are_a_400_on_their_field(anon_client, params, field, luwu):
    response = anon_client.get(URL, params)

    assert response.status_code == 400
    assert field in assert_matches_openapi(response, "get", URL)["error"]["fields"]


def test_feed_page_takes_a_fixed_number_of_queries(
    anon_client, submit, publish, django_assert_max_num_queries
):
    for n in range(12):
        publish(submit(title=f"Laporan {n}"))

    with django_assert_max_num_queries(4):
        response = anon_client.get(URL, {"page_size": 10})
    assert len(response.json()["results"]) == 10
