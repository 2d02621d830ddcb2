"""GESI: reports by the reporter's voluntary answers, suppressed for the public and exact for
those who oversee; prioritised reports marked and sortable in both inboxes; their handling
times against the rest on the oversight pages."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation

from aduan.complaints.services import ReporterInput
from aduan.reporting.gesi import gesi_tables, priority_handling
from aduan.reporting.tests.conftest import client_of, english
from aduan.workflow import services as workflow

pytestmark = pytest.mark.django_db
WITA = ZoneInfo("Asia/Makassar")
MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=WITA)
PERIOD = "date_from=2026-03-01&date_to=2026-03-31"


def _reporter(**gesi: Any) -> ReporterInput:
    return ReporterInput(name="Warga", phone="", **gesi)


@pytest.fixture
def scene(submit: Any, admin: Any, officer: Any, pupr: Any) -> dict[str, Any]:
    """Seven women, two men (one with a disability) and one elderly reporter, on Monday."""
    made: dict[str, Any] = {"women": [], "men": []}
    with time_machine.travel(MONDAY, tick=False) as traveller:
        for _ in range(7):
            made["women"].append(submit(reporter=_reporter(gender="female")).complaint)
        made["disabled"] = submit(reporter=_reporter(gender="male", has_disability=True)).complaint
        made["men"].append(submit(reporter=_reporter(gender="male")).complaint)
        made["elderly"] = submit(reporter=_reporter(vulnerable_group="elderly")).complaint
        for complaint in [made["disabled"], made["elderly"], made["women"][0]]:
            workflow.complaint_verify(actor=admin, complaint=complaint, units=[pupr])
        traveller.shift(timedelta(hours=2))
        for complaint in (made["disabled"], made["elderly"]):  # the prioritised: same day
            workflow.followup_add(actor=officer, complaint=complaint, text="Ditinjau.")
            workflow.complaint_resolve(actor=officer, complaint=complaint, summary="Selesai.")
        traveller.shift(timedelta(days=2))
        workflow.followup_add(actor=officer, complaint=made["women"][0], text="Ditinjau.")
        workflow.complaint_resolve(actor=officer, complaint=made["women"][0], summary="Selesai.")
    return made


def test_the_tables_count_each_answer(luwu, scene):
    with translation.override("en"):
        found = gesi_tables(instansi=luwu, date_from=MONDAY.date(), date_to=MONDAY.date())
    tables = {t.dimension.key: t for t in found}
    gender = dict(zip(tables["gender"].labels, tables["gender"].counts, strict=True))

    assert gender["Female"] == [1, 6]
    assert gender["Male"] == [1, 1]
    assert gender["Not stated"] == [1, 0]
    disability = dict(zip(tables["disability"].labels, tables["disability"].counts, strict=True))
    assert disability["With a disability"] == [1, 0]


def _cells(html: str, table: str) -> list[list[str]]:
    body = html.split(f'data-gesi="{table}"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", body, flags=re.S)
    return [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, flags=re.S) for row in rows]


def test_the_public_page_shows_no_count_under_five_nor_one_that_can_be_worked_out(
    anon_client, scene, settings
):
    settings.LANGUAGE_CODE = "en"
    response = english(anon_client).get(f"/statistik/gesi/?{PERIOD}")
    html = response.content.decode()

    assert response.status_code == 200
    rows = _cells(html, "gender")
    numbers = [cell for row in rows[1:] for cell in row[1:]]
    for cell in numbers:
        assert cell in ("&lt; 5", "x") or int(cell) >= 5, rows
    women = next(row for row in rows if row[0] == "Female")
    assert women[1] == "&lt; 5"  # one resolved
    assert rows[-1][-1] == "10"  # the grand total stays


def test_staff_see_exact_counts_and_the_priority_comparison(scene, admin):
    response = english(client_of(admin)).get(f"/konsol/pengawasan/gesi/?{PERIOD}")
    html = response.content.decode()

    assert response.status_code == 200
    women = next(row for row in _cells(html, "gender") if row[0] == "Female")
    assert women[1:] == ["1", "6", "7"]
    assert 'data-testid="priority-table"' in html


def test_priority_reports_are_compared_with_the_rest(luwu, scene):
    asked, others = priority_handling(instansi=luwu, date_from=MONDAY.date(), date_to=MONDAY.date())

    assert (asked.received, asked.resolved) == (2, 2)
    assert (others.received, others.resolved) == (8, 1)
    assert asked.median_days_to_resolution == 0.1  # two hours
    assert others.median_days_to_resolution == 2.1  # two days and two hours


@pytest.mark.parametrize("who", ["officer", "operator", "citizen"])
def test_the_staff_gesi_page_is_404_for_other_roles(request, luwu, who):
    assert (
        client_of(request.getfixturevalue(who)).get("/konsol/pengawasan/gesi/").status_code == 404
    )


def test_the_oversight_dashboard_shows_the_priority_comparison(scene, leader):
    with time_machine.travel(MONDAY + timedelta(days=5), tick=False):
        html = client_of(leader).get("/konsol/pengawasan/").content.decode()

    assert 'data-testid="priority-table"' in html


def _numbers(html: str) -> list[str]:
    return re.findall(r'data-number="([^"]+)"', html)


def test_the_coordinator_inbox_marks_and_sorts_prioritised_reports(submit, admin):
    with time_machine.travel(MONDAY, tick=False) as traveller:
        plain_reports = [submit(reporter=_reporter()).complaint for _ in range(2)]
        traveller.shift(timedelta(hours=1))
        helped = submit(reporter=_reporter(vulnerable_group="pregnant")).complaint
        client = client_of(admin)
        by_deadline = client.get("/konsol/verifikasi/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
        by_priority = client.get("/konsol/verifikasi/?urut=prioritas").content.decode()

    assert _numbers(by_deadline) == [c.tracking_number for c in [*plain_reports, helped]]
    assert _numbers(by_priority)[0] == helped.tracking_number
    assert by_deadline.count("data-priority") == 1
    assert "Prioritas" in by_deadline


def test_the_unit_inbox_marks_and_sorts_prioritised_reports(submit, admin, officer, pupr):
    with time_machine.travel(MONDAY, tick=False) as traveller:
        plain_reports = [submit(reporter=_reporter()).complaint for _ in range(2)]
        traveller.shift(timedelta(hours=1))
        helped = submit(reporter=_reporter(has_disability=True)).complaint
        for complaint in [*plain_reports, helped]:
            workflow.complaint_verify(actor=admin, complaint=complaint, units=[pupr])
        client = client_of(officer)
        by_deadline = client.get("/konsol/unit/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
        by_priority = client.get("/konsol/unit/?urut=prioritas").content.decode()

    assert _numbers(by_deadline)[-1] == helped.tracking_number
    assert _numbers(by_priority)[0] == helped.tracking_number
    assert by_deadline.count("data-priority") == 1
    assert "Prioritas" in by_deadline
