"""GET /api/v1/reference/*: types, categories, units and regions for API clients."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from aduan.core.tests.openapi import assert_matches_openapi

pytestmark = pytest.mark.django_db


def get(client: Client, path: str, language: str = "id", **params: Any) -> Any:
    response = client.get(f"/api/v1/reference/{path}", params, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, response.content
    return assert_matches_openapi(response, "get", f"/api/v1/reference/{path}")


def test_types_have_labels_in_the_requested_language(anon_client):
    assert get(anon_client, "types")[0] == {"code": "complaint", "label": "Pengaduan"}
    assert get(anon_client, "types", language="en")[0] == {
        "code": "complaint",
        "label": "Complaint",
    }


def test_categories_list_parents_before_children(anon_client, luwu, road_category):
    rows = get(anon_client, "categories", instansi="luwu")

    codes = [r["code"] for r in rows]
    road = rows[codes.index(road_category.code)]
    assert road["instansi"] == "luwu"
    if road["parent_code"]:
        assert codes.index(road["parent_code"]) < codes.index(road["code"])
    assert road["sla_tier"]["code"] == road_category.sla_tier


def test_categories_use_english_names_when_asked(anon_client, luwu, road_category):
    rows = get(anon_client, "categories", language="en")

    road = next(r for r in rows if r["code"] == road_category.code)
    assert road["name"] == (road_category.name_en or road_category.name)


def test_units_list_active_units(anon_client, luwu, pupr):
    rows = get(anon_client, "units")

    assert pupr.code in {r["code"] for r in rows}


def test_regions_default_to_the_kecamatan_then_children(anon_client, luwu):
    districts = get(anon_client, "regions")
    assert len(districts) == 22
    assert {r["level"]["code"] for r in districts} == {"district"}

    villages = get(anon_client, "regions", parent="73.17.01")
    assert "73.17.01.2005" in {r["code"] for r in villages}
    assert {r["parent_code"] for r in villages} == {"73.17.01"}


@pytest.mark.parametrize(
    ("path", "params"), [("regions", {"parent": "99.99"}), ("units", {"instansi": "atlantis"})]
)
def test_unknown_codes_are_a_404(anon_client, luwu, path, params):
    response = anon_client.get(f"/api/v1/reference/{path}", params)

    assert response.status_code == 404
    assert_matches_openapi(response, "get", f"/api/v1/reference/{path}")
