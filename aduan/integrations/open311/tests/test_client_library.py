"""An unmodified third-party Open311 client, `georeport` from PyPI, reads this server over
real HTTP (a live server on 127.0.0.1, a free port) in both of its formats.

georeport reads services, service definitions and requests; it cannot post (its own README
says so), so POST is covered by test_post.py through Django's client.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from georeport import GeoReport  # type: ignore[import-untyped]  # no type hints shipped
from pytest_django.live_server_helper import LiveServer

from aduan.accounts.models import User
from aduan.complaints.choices import Channel, ReportType
from aduan.complaints.services import ReporterInput, ReportInput, complaint_submit
from aduan.organisation.models import Category, Instansi, Region, Unit
from aduan.workflow import services as workflow


@pytest.fixture
def server(transactional_db: None) -> Iterator[str]:
    live = LiveServer("127.0.0.1:0")
    live._live_server_modified_settings.enable()
    try:
        yield f"{live.url}/open311/v2"
    finally:
        live._live_server_modified_settings.disable()
        live.stop()


@pytest.fixture
def report(
    server: str, luwu: Instansi, admin: User, pupr: Unit, road_category: Category, village: Region
) -> Any:
    filed = complaint_submit(
        instansi=luwu,
        data=ReportInput(
            type=ReportType.COMPLAINT,
            title="Jembatan retak",
            description="Jembatan di Desa Kanna retak di tengah.",
            channel=Channel.WEB,
            region=village,
            category=road_category,
            reporter=ReporterInput(name="Andi Baso", phone="0812 3456 7890"),
        ),
    )
    return workflow.complaint_verify(actor=admin, complaint=filed.complaint, units=[pupr])


@pytest.mark.parametrize("output_format", ["json", "xml"])
def test_georeport_reads_services_and_requests(server, report, luwu, output_format):
    client = GeoReport(server, jurisdiction=luwu.code, output_format=output_format)

    services = client.get_service_list()
    definition = client.get_service_definition(report.category.code)
    requests = client.get_service_requests(status="open")
    one = client.get_service_request(report.tracking_number)

    codes = {s["service_code"] for s in services}
    assert report.category.code in codes
    assert definition["service_code"] == report.category.code
    # xmltodict gives a lone <request> as a dict, a list of several as a list.
    listed = requests if isinstance(requests, list) else [requests]
    assert [r["service_request_id"] for r in listed] == [report.tracking_number]
    assert one["service_request_id"] == report.tracking_number
    assert one["status"] == "open"
    assert "Andi" not in str(one)
