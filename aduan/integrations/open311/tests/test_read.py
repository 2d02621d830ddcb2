"""Open311 reads: discovery, services, requests (filters, keyset pages), one request, and the
spec's errors; every JSON answer checked against its GeoReport v2 schema, every XML parsed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine

from aduan.complaints.models import Complaint
from aduan.complaints.services import ReporterInput
from aduan.complaints.tests.leaks import assert_no_leak
from aduan.integrations.open311.tests.conftest import checked_json, parsed_xml
from aduan.organisation.models import Category, Instansi
from aduan.workflow import services as workflow

pytestmark = pytest.mark.django_db

V2 = "/open311/v2"


def test_discovery_names_the_endpoint_in_both_formats(client_get):
    body = checked_json(client_get("/open311/discovery.json"), "discovery")
    root = parsed_xml(client_get("/open311/discovery.xml"))

    endpoint = body["endpoints"][0]
    assert endpoint["url"] == "http://testserver/open311/v2/"
    assert endpoint["formats"] == ["text/xml", "application/json"]
    assert root.tag == "discovery"
    assert root.findtext("endpoints/endpoint/url") == endpoint["url"]
    assert [f.text for f in root.findall("endpoints/endpoint/formats/format")] == [
        "text/xml",
        "application/json",
    ]


def test_services_are_the_governments_active_categories(
    client_get, luwu: Instansi, road_category: Category
):
    Category.objects.filter(pk=road_category.pk).update(is_active=False)

    body = checked_json(client_get(f"{V2}/services.json"), "services")
    root = parsed_xml(client_get(f"{V2}/services.xml", jurisdiction_id="luwu"))

    active = set(
        Category.objects.filter(instansi=luwu, is_active=True).values_list("code", flat=True)
    )
    assert {s["service_code"] for s in body} == active
    assert road_category.code not in active
    assert len(active) > 5
    assert root.tag == "services"
    assert {s.findtext("service_code") for s in root.findall("service")} == active
    assert {s.findtext("metadata") for s in root.findall("service")} == {"false"}


def test_a_service_definition_and_an_unknown_service(client_get, road_category: Category):
    good = checked_json(
        client_get(f"{V2}/services/{road_category.code}.json"), "service_definition"
    )
    xml = parsed_xml(client_get(f"{V2}/services/{road_category.code}.xml"))
    missing = client_get(f"{V2}/services/no-such-service.json")
    missing_xml = client_get(f"{V2}/services/no-such-service.xml")

    assert good == {"service_code": road_category.code, "attributes": []}
    assert xml.tag == "service_definition"
    assert missing.status_code == 404
    assert checked_json(missing, "errors")[0]["code"] == 404
    assert missing_xml.status_code == 404
    assert parsed_xml(missing_xml).findtext("error/code") == "404"


def test_an_unknown_jurisdiction_is_refused_in_indonesian(client_get):
    response = client_get(f"{V2}/services.json", jurisdiction_id="atlantis")

    assert response.status_code == 404
    assert checked_json(response, "errors") == [
        {"code": 404, "description": "Tidak ada yurisdiksi dengan jurisdiction_id ini."}
    ]


def test_requests_list_published_reports_without_identity(
    client_get, published: Callable[..., Complaint], submit
):
    shown = published(
        reporter=ReporterInput(name="Andi Baso", phone="0812 3456 7890", email="andi@mail.id"),
        address="Jl. Poros Belopa",
    )
    secret = published(is_confidential=True, title="Rahasia", description="Isi rahasia sekali")

    body = checked_json(client_get(f"{V2}/requests.json"), "requests")
    xml = client_get(f"{V2}/requests.xml")

    assert [r["service_request_id"] for r in body] == [shown.tracking_number]
    item = body[0]
    assert item["status"] == "open"
    assert item["status_notes"] == "Didisposisi"
    assert item["service_code"] == "infrastruktur-jalan"
    assert item["agency_responsible"] == "Dinas Pekerjaan Umum dan Penataan Ruang"
    assert item["address"].startswith("Jl. Poros Belopa, ")
    assert item["requested_datetime"].endswith("+08:00")
    for leak in (b"Andi", b"3456", b"andi@mail.id", b"Rahasia", b"rahasia sekali"):
        assert leak not in xml.content
        assert leak not in client_get(f"{V2}/requests.json").content
    assert [r.findtext("service_request_id") for r in parsed_xml(xml).findall("request")] == [
        shown.tracking_number
    ]
    assert secret.tracking_number not in xml.content.decode()


def test_a_rahasia_report_is_not_found_by_its_id(client_get, published):
    secret = published(is_confidential=True)

    one = client_get(f"{V2}/requests/{secret.tracking_number}.json")
    listed = client_get(f"{V2}/requests.json", service_request_id=secret.tracking_number)

    assert one.status_code == 404
    checked_json(one, "errors")
    assert checked_json(listed, "requests") == []


def test_one_request_by_its_id_in_both_formats(client_get, published):
    report = published(latitude=Decimal("-3.3"), longitude=Decimal("120.3"))

    body = checked_json(client_get(f"{V2}/requests/{report.tracking_number}.json"), "requests")
    xml = parsed_xml(client_get(f"{V2}/requests/{report.tracking_number}.xml"))

    assert len(body) == 1
    assert body[0]["lat"] == -3.3
    assert body[0]["long"] == 120.3
    assert xml.findtext("request/service_request_id") == report.tracking_number
    assert xml.findtext("request/status") == "open"


def test_status_filters_open_and_closed(client_get, published, officer):
    open_one = published()
    closed_one = workflow.dispatch_accept(actor=officer, complaint=published())
    # Resolved: the unit's work is done, only the reporter's word is awaited.
    closed_one = workflow.complaint_resolve(
        actor=officer, complaint=closed_one, summary="Lubang sudah ditambal."
    )

    def ids(**params: Any) -> list[str]:
        got = checked_json(client_get(f"{V2}/requests.json", **params), "requests")
        return [r["service_request_id"] for r in got]

    assert ids(status="open") == [open_one.tracking_number]
    assert ids(status="closed") == [closed_one.tracking_number]
    assert set(ids(status="open,closed")) == {open_one.tracking_number, closed_one.tracking_number}
    bad = client_get(f"{V2}/requests.json", status="pending")
    assert bad.status_code == 400
    assert "open" in checked_json(bad, "errors")[0]["description"]


def test_service_code_and_several_ids(client_get, published, luwu):
    other = Category.objects.filter(instansi=luwu, is_active=True).exclude(
        code="infrastruktur-jalan"
    )
    road = published()
    health = published(category=other.first())

    by_code = checked_json(
        client_get(f"{V2}/requests.json", service_code=road.category.code), "requests"
    )
    by_ids = checked_json(
        client_get(
            f"{V2}/requests.json",
            service_request_id=f"{health.tracking_number},NOPE-0000,{road.tracking_number}",
        ),
        "requests",
    )

    assert [r["service_request_id"] for r in by_code] == [road.tracking_number]
    assert [r["service_request_id"] for r in by_ids] == [
        health.tracking_number,
        road.tracking_number,
    ]


def test_dates_select_the_window_and_a_wide_window_is_refused(client_get, published):
    with time_machine.travel("2026-03-02 02:00:00+00:00", tick=False):
        march = published()
    with time_machine.travel("2026-06-02 02:00:00+00:00", tick=False):
        june = published()

    march_window = checked_json(
        client_get(
            f"{V2}/requests.json",
            start_date="2026-03-01T00:00:00Z",
            end_date="2026-03-31T00:00:00+08:00",
        ),
        "requests",
    )
    too_wide = client_get(
        f"{V2}/requests.json", start_date="2026-01-01T00:00:00Z", end_date="2026-06-01T00:00:00Z"
    )
    not_a_date = client_get(f"{V2}/requests.json", start_date="kemarin")

    assert [r["service_request_id"] for r in march_window] == [march.tracking_number]
    with time_machine.travel("2026-06-10 02:00:00+00:00", tick=False):
        default = checked_json(client_get(f"{V2}/requests.json"), "requests")
    # Without dates: the last 90 days, as the spec says.
    assert [r["service_request_id"] for r in default] == [june.tracking_number]
    assert too_wide.status_code == 400
    assert "90" in checked_json(too_wide, "errors")[0]["description"]
    assert not_a_date.status_code == 400
    checked_json(not_a_date, "errors")


def test_pages_follow_the_link_header_without_gaps_or_repeats(client_get, published):
    with time_machine.travel("2026-05-04 02:00:00+00:00", tick=False) as traveller:
        reports = []
        for _ in range(5):
            reports.append(published())
            traveller.shift(timedelta(minutes=1))
        reports.append(published())  # two in the same second are ordered by id
        traveller.shift(timedelta(minutes=1))

        seen: list[str] = []
        params: dict[str, Any] = {"page_size": "2"}
        pages = 0
        while True:
            response = client_get(f"{V2}/requests.json", **params)
            seen += [r["service_request_id"] for r in checked_json(response, "requests")]
            pages += 1
            if not response.has_header("Link"):
                break
            link = response["Link"]
            assert link.endswith('>; rel="next"')
            query = parse_qs(urlsplit(link[1:].split(">")[0]).query)
            params = {k: v[0] for k, v in query.items()}

    assert pages == 3
    assert seen == [r.tracking_number for r in reversed(reports)]


def test_a_bad_cursor_or_page_size_is_refused(client_get, luwu):
    for params in (
        {"after": "!!!"},
        {"after": "bm90LWEtY3Vyc29y"},
        {"page_size": "0"},
        {"page_size": "5000"},
    ):
        response = client_get(f"{V2}/requests.json", **params)
        assert response.status_code == 400, params
        checked_json(response, "errors")


def test_the_first_page_costs_a_fixed_number_of_queries(
    client_get, published, django_assert_max_num_queries
):
    for _ in range(4):
        published()

    with django_assert_max_num_queries(3):
        response = client_get(f"{V2}/requests.json")

    assert len(checked_json(response, "requests")) == 4


def test_other_methods_answer_405_in_the_spec_format(anon_client):
    response = anon_client.delete(f"{V2}/requests.json")

    assert response.status_code == 405
    checked_json(response, "errors")


def test_requests_show_the_masked_text_and_pass_the_shared_leak_checks(
    published: Callable[..., Complaint], submit: Callable[..., Any], client_get: Callable[..., Any]
) -> None:
    """The one door to the public: the same leak checks as the feed and the API
    (complaints/tests/leaks.py), over the JSON and the XML answers."""
    complaint = published(
        reporter=ReporterInput(name="Andi Baso", phone="0812 3456 7890"),
        description="Lubang besar. Hubungi saya di 0812-3456-7890, nama saya Andi Baso.",
    )
    complaint.refresh_from_db()
    unpublished = submit(title="Belum diverifikasi").complaint
    as_json = client_get("/open311/v2/requests.json")
    as_xml = client_get("/open311/v2/requests.xml")
    for answer in (as_json, as_xml):
        text = answer.content.decode()
        assert complaint.tracking_number in text
        assert "[nomor telepon disamarkan]" in text
        assert_no_leak(text, complaint)
        assert unpublished.tracking_number not in text
