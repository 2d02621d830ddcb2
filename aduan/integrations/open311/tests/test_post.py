"""Open311 POST requests: an issued, unrevoked key files through the same intake as every
channel; a refused request changes nothing; the answer's token leads to the report."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from aduan.complaints.choices import Channel, Status
from aduan.complaints.models import Complaint, Reporter
from aduan.integrations.open311.models import PartnerKey, PartnerSubmission
from aduan.integrations.open311.services import partner_key_revoke
from aduan.integrations.open311.tests.conftest import checked_json, parsed_xml
from aduan.organisation.models import Category, Instansi

pytestmark = pytest.mark.django_db

URL = "/open311/v2/requests.json"


def _form(key: str, road_category: Category, **extra: Any) -> dict[str, Any]:
    return {
        "api_key": key,
        "service_code": road_category.code,
        "lat": "-3.3",
        "long": "120.3",
        "description": "Lampu jalan mati di depan pasar sejak seminggu, gelap di malam hari.",
        "first_name": "Rina",
        "last_name": "Sari",
        "phone": "0813 1111 2222",
        "email": "rina@mail.id",
        **extra,
    }


def _post(client: Client, data: dict[str, Any], url: str = URL) -> Any:
    return client.post(url, data, HTTP_ACCEPT_LANGUAGE="id")


def test_a_partner_files_a_report_through_intake(
    anon_client, partner: tuple[PartnerKey, str], road_category
):
    key, raw = partner

    response = _post(anon_client, _form(raw, road_category))

    assert response.status_code == 201
    body = checked_json(response, "request_created")
    complaint = Complaint.objects.get(tracking_number=body[0]["service_request_id"])
    assert complaint.channel == Channel.API
    assert complaint.status == Status.SUBMITTED
    assert complaint.category == road_category
    assert complaint.title.startswith("Lampu jalan mati di depan pasar")
    assert len(complaint.title) <= 81
    assert complaint.latitude is not None
    assert complaint.events.get().kind == "submitted"
    reporter = Reporter.objects.get(complaint=complaint)
    assert (reporter.name, reporter.phone, reporter.email) == (
        "Rina Sari",
        "+6281311112222",
        "rina@mail.id",
    )
    submission = PartnerSubmission.objects.get(complaint=complaint)
    assert submission.key == key
    assert submission.token == body[0]["token"]
    key.refresh_from_db()
    assert key.last_used_at is not None


def test_the_token_leads_to_the_request_id(anon_client, partner, road_category):
    body = checked_json(_post(anon_client, _form(partner[1], road_category)), "request_created")

    token = body[0]["token"]
    found = checked_json(anon_client.get(f"/open311/v2/tokens/{token}.json"), "tokens")
    xml = parsed_xml(anon_client.get(f"/open311/v2/tokens/{token}.xml"))
    missing = anon_client.get("/open311/v2/tokens/not-a-token.json")

    assert found == [{"service_request_id": body[0]["service_request_id"], "token": token}]
    assert xml.findtext("request/service_request_id") == body[0]["service_request_id"]
    assert missing.status_code == 404
    checked_json(missing, "errors")


def test_a_partner_posts_in_xml_too(anon_client, partner, road_category):
    response = _post(anon_client, _form(partner[1], road_category), "/open311/v2/requests.xml")

    assert response.status_code == 201
    root = parsed_xml(response)
    assert Complaint.objects.filter(
        tracking_number=root.findtext("request/service_request_id")
    ).exists()


@pytest.mark.parametrize("key", ["", "o311_not-a-key"])
def test_without_a_valid_key_nothing_is_filed(anon_client, partner, road_category, key):
    response = _post(anon_client, _form(key, road_category))

    assert response.status_code == 403
    assert checked_json(response, "errors")[0]["description"] == (
        "api_key tidak ada, tidak dikenal, atau sudah dicabut."
    )
    assert Complaint.objects.count() == 0


def test_a_revoked_key_files_nothing(anon_client, partner, road_category, sysadmin):
    key, raw = partner
    partner_key_revoke(actor=sysadmin, key=key)

    response = _post(anon_client, _form(raw, road_category))

    assert response.status_code == 403
    assert Complaint.objects.count() == 0


def test_a_key_files_only_for_its_own_government(anon_client, partner, road_category):
    Instansi.objects.create(code="palopo", name="Pemerintah Kota Palopo", tracking_prefix="PLP")

    response = _post(anon_client, _form(partner[1], road_category, jurisdiction_id="palopo"))

    assert response.status_code == 403
    checked_json(response, "errors")
    assert Complaint.objects.count() == 0


def test_the_keys_hourly_limit_answers_429(anon_client, partner, road_category):
    # The fixture's key may file 3 reports an hour; each from a different phone number.
    for n in range(3):
        ok = _post(anon_client, _form(partner[1], road_category, phone=f"0813 1111 222{n}"))
        assert ok.status_code == 201

    refused = _post(anon_client, _form(partner[1], road_category, phone="0813 1111 2229"))

    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    checked_json(refused, "errors")
    assert Complaint.objects.count() == 3


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"service_code": ""}, "service_code"),
        ({"service_code": "no-such-service"}, "service_code"),
        ({"description": "  "}, "description"),
        ({"description": "x" * 4001}, "4000"),
        ({"lat": "", "long": ""}, "lokasi"),
        ({"lat": "utara"}, "lat"),
        ({"long": "NaN"}, "long"),
        ({"phone": "12"}, "telepon"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_files_nothing(
    anon_client, partner, road_category, change, words
):
    response = _post(anon_client, _form(partner[1], road_category, **change))

    assert response.status_code == 400
    description = checked_json(response, "errors")[0]["description"]
    assert words in description.lower() or words in description
    assert Complaint.objects.count() == 0
