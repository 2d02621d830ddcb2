"""CSV and XLSX exports of the oversight and audit lists: they open, carry the rows of the
page's filter, never a reporter's identity, and never a live formula."""

from __future__ import annotations

import csv
import io

import pytest
import time_machine

from aduan.complaints.models import Complaint
from aduan.reporting.tests.conftest import (
    IDENTITY,
    NOW,
    T0,
    client_of,
    xlsx_rows,
    xlsx_text,
)

pytestmark = pytest.mark.django_db

EXPORTS = (
    "/konsol/pengawasan/",
    "/konsol/pengawasan/terlambat/",
    "/konsol/pengawasan/unit/?date_from=2025-01-01&date_to=2025-02-28",
    "/konsol/audit/peristiwa/",
    "/konsol/audit/identitas/",
)


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def _get(client, url: str, fmt: str):
    joiner = "&" if "?" in url else "?"
    response = client.get(f"{url}{joiner}format={fmt}")
    assert response.status_code == 200, url
    return response, response.getvalue()


def _csv(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_the_overdue_list_exports_as_csv_and_xlsx_with_the_same_rows(scene, auditor):
    client = client_of(auditor)
    overdue = set(
        Complaint.objects.filter(next_due_at__lt=NOW).values_list("tracking_number", flat=True)
    )
    response, content = _get(client, "/konsol/pengawasan/terlambat/", "csv")
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment;" in response["Content-Disposition"]
    rows = _csv(content)
    assert rows[0][0] == "Tracking number"
    assert {row[0] for row in rows[1:]} == overdue
    response, content = _get(client, "/konsol/pengawasan/terlambat/", "xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert content.startswith(b"PK")
    sheet = xlsx_rows(content)
    assert sheet[0][0] == "Tracking number"
    assert {row[0] for row in sheet[1:]} == overdue


def test_the_unit_tables_export_their_numbers(scene, auditor, pupr):
    client = client_of(auditor)
    _response, content = _get(client, "/konsol/pengawasan/", "csv")
    work = {row[0]: row for row in _csv(content)[1:]}
    assert work[str(pupr)][1:] == ["1", "0", "0", "1", "0", "1"]
    _response, content = _get(
        client, "/konsol/pengawasan/unit/?date_from=2025-01-01&date_to=2025-02-28", "xlsx"
    )
    times = {row[0]: row for row in xlsx_rows(content)[1:]}
    assert times[str(pupr)][1:4] == ["2", "1", "1"]  # dispatched, followed up, late
    assert float(times[str(pupr)][4]) == 1.0  # mean days to the first follow-up


def test_the_event_log_exports_follow_the_filter(scene, auditor):
    client = client_of(auditor)
    number = scene.resolved.tracking_number
    _response, content = _get(client, f"/konsol/audit/peristiwa/?number={number}", "csv")
    rows = _csv(content)[1:]
    assert {row[4] for row in rows} == {number}
    assert len(rows) == scene.resolved.events.count()
    _response, content = _get(client, "/konsol/audit/identitas/", "xlsx")
    rows = xlsx_rows(content)[1:]
    assert [(row[2], row[4]) for row in rows] == [("admin", number)]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_no_export_carries_the_reporter_s_identity(scene, auditor, admin, fmt):
    for user in (auditor, admin):
        client = client_of(user)
        for url in EXPORTS:
            if "/audit/" in url and user is admin:
                continue
            _response, content = _get(client, url, fmt)
            text = content.decode("utf-8-sig") if fmt == "csv" else xlsx_text(content)
            for value in IDENTITY:
                assert value not in text, (url, value)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_title_that_looks_like_a_formula_stays_text(scene, submit, auditor, fmt):
    title = '=HYPERLINK("http://evil.example/","klik")'
    with time_machine.travel(T0, tick=False):
        submit(title=title)  # never verified: overdue by NOW
    _response, content = _get(client_of(auditor), "/konsol/pengawasan/terlambat/", fmt)
    if fmt == "csv":
        titles = [row[1] for row in _csv(content)[1:]]
        assert "'" + title in titles
        assert title not in titles
    else:
        assert title in [row[1] for row in xlsx_rows(content)[1:]]  # a string cell
        assert "<f>" not in xlsx_text(content)  # no formula anywhere
