"""The periodic reports: the plan's Table 1 for 2020 and 2021 built as reports, the yearly API,
the console page and its PDF and XLSX read back, and the monthly e-mail to leaders."""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import openpyxl
import pytest
import time_machine
from django.core import mail
from django.test import Client
from pypdf import PdfReader

from aduan.accounts.models import User
from aduan.accounts.testing import sign_in_verified
from aduan.complaints.choices import Channel
from aduan.organisation.models import Unit
from aduan.reporting.models import Letterhead, MonthlyReportDelivery
from aduan.reporting.periodic import half_up
from aduan.reporting.rollups import rollups_refresh
from aduan.reporting.services import monthly_reports_send
from aduan.workflow import services

pytestmark = pytest.mark.django_db
WITA = ZoneInfo("Asia/Makassar")


def _live(submit, admin, officer, pupr, at: datetime, *, resolve: bool, **fields):
    """One report filed at `at`, verified, followed up and (if `resolve`) resolved."""
    with time_machine.travel(at, tick=False) as traveller:
        report = submit(**fields).complaint
        traveller.shift(timedelta(hours=5))
        services.complaint_verify(actor=admin, complaint=report, units=[pupr])
        traveller.shift(timedelta(hours=20))
        services.followup_add(actor=officer, complaint=report, text="Sudah dicek.")
        if resolve:
            traveller.shift(timedelta(hours=23))
            services.complaint_resolve(actor=officer, complaint=report, summary="Selesai.")
    return report


@pytest.fixture
def plan_years(submit, admin, officer, pupr, luwu):
    """The plan's Table 1: 9 complaints in 2020, all resolved; 6 in 2021, 5 resolved and one
    still in process."""
    for n in range(9):
        _live(submit, admin, officer, pupr, datetime(2020, 1 + n, 6, 9, tzinfo=WITA), resolve=True)
    for n in range(6):
        channel = Channel.WHATSAPP if n < 2 else Channel.WEB
        at = datetime(2021, 2 + 2 * n, 8, 9, tzinfo=WITA)
        _live(submit, admin, officer, pupr, at, resolve=n != 5, channel=channel)
    with time_machine.travel(datetime(2022, 1, 10, 9, tzinfo=WITA), tick=False):
        rollups_refresh()
    return luwu


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (
            2020,
            {"received": 9, "average_per_month": 1, "resolved": 9, "resolved_percent": 100,
             "in_process": 0, "in_process_percent": 0},
        ),
        (
            2021,
            {"received": 6, "average_per_month": 1, "resolved": 5, "resolved_percent": 83,
             "in_process": 1, "in_process_percent": 17},
        ),
    ],
)  # fmt: skip
def test_yearly_api_gives_the_plans_table_1(plan_years, year, expected):
    with time_machine.travel(datetime(2022, 1, 10, 9, tzinfo=WITA), tick=False):
        response = Client().get(f"/api/v1/statistics/yearly?instansi=luwu&year={year}")

    assert response.status_code == 200
    body = response.json()
    assert {key: body[key] for key in expected} == expected
    assert body["instansi"] == "luwu"
    assert body["year"] == year


def test_rounding_is_half_up_as_the_plan_prints():
    assert half_up(6, 12) == 1  # 0.5 a month shows as 1
    assert half_up(9, 12) == 1
    assert half_up(500, 6) == 83
    assert half_up(100, 6) == 17
    assert half_up(5, 2) == 3  # not the banker's 2
    assert half_up(1, 0) == 0


@pytest.mark.parametrize(
    ("query", "field"),
    [("year=1999", "year"), ("year=abc", "year"), ("", "year")],
)
def test_yearly_api_refuses_a_bad_year_in_indonesian(luwu, query, field):
    response = Client().get(f"/api/v1/statistics/yearly?instansi=luwu&{query}")

    assert response.status_code == 400
    body = response.json()
    assert body["error"]["message"]
    assert "Choose a year" not in response.content.decode()  # translated


def test_yearly_api_unknown_instansi_is_404(luwu):
    response = Client().get("/api/v1/statistics/yearly?instansi=atlantis&year=2020")

    assert response.status_code == 404


def test_figures_wait_for_the_worker_then_are_exact(submit, admin, officer, pupr, luwu):
    at = datetime(2024, 3, 4, 9, tzinfo=WITA)
    _live(submit, admin, officer, pupr, at, resolve=True)
    client = Client()

    before = client.get("/api/v1/statistics/yearly?instansi=luwu&year=2024").json()
    rollups_refresh()
    after = client.get("/api/v1/statistics/yearly?instansi=luwu&year=2024").json()

    assert before["received"] == 0
    assert before["refreshed_at"] is None
    assert after["received"] == 1
    assert after["resolved"] == 1
    assert after["refreshed_at"] is not None


# ---------------------------------------------------------------- the console page and files


def _get(user: User, url: str) -> Any:
    client = Client()
    sign_in_verified(client, user)
    return client.get(url)


def test_recap_page_shows_table_1_and_every_breakdown(plan_years, admin):
    response = _get(admin, "/konsol/rekap/?instansi=luwu&period=year&year=2021")

    assert response.status_code == 200
    text = response.content.decode()
    for testid in ("table1", "recap-total", "recap-unit", "recap-category", "recap-district",
                   "recap-channel", "recap-type"):  # fmt: skip
        assert f'data-testid="{testid}"' in text
    assert "83%" in text
    assert "17%" in text
    assert "WhatsApp" in text


def test_recap_page_refuses_an_impossible_quarter_without_failing(plan_years, admin):
    response = _get(admin, "/konsol/rekap/?instansi=luwu&period=quarter&year=2021&number=7")

    assert response.status_code == 200
    assert "Tidak ada bulan, triwulan atau semester seperti itu." in response.content.decode()


def test_recap_pdf_is_a4_with_the_letterhead_and_the_figures(plan_years, auditor):
    response = _get(auditor, "/konsol/rekap/?instansi=luwu&period=year&year=2021&format=pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "PEMERINTAH KABUPATEN LUWU" in text
    assert "Jumlah pengaduan yang diselesaikan" in text
    assert "83%" in text
    assert "17%" in text
    assert "Andi Baso" not in text  # no reporter identity


def test_recap_xlsx_cells_hold_the_numbers(plan_years, leader):
    response = _get(leader, "/konsol/rekap/?instansi=luwu&period=half&year=2021&number=1")

    assert response.status_code == 200
    file = _get(leader, "/konsol/rekap/?instansi=luwu&period=year&year=2020&format=xlsx")
    book = openpyxl.load_workbook(io.BytesIO(file.content))
    table1 = book.worksheets[0]
    assert [table1.cell(row=r, column=3).value for r in range(3, 7)] == [9, 1, 9, 0]
    assert table1.cell(row=5, column=4).value == 100
    total = book.worksheets[1]
    assert [c.value for c in total[3]][:3] == ["Semua laporan", 9, 9]


def test_outsider_gets_404_and_liaison_too(plan_years, officer):
    assert _get(officer, "/konsol/rekap/?instansi=luwu").status_code == 404
    assert Client().get("/konsol/rekap/").status_code == 302  # to the sign-in page


def test_monthly_report_mailed_once_per_leader_on_the_first_working_day(plan_years, leader):
    # 1 January 2022 is a Saturday (and a holiday): the first working day is Monday 3rd.
    with time_machine.travel(datetime(2022, 1, 1, 8, tzinfo=WITA), tick=False):
        assert monthly_reports_send() == 0
    with time_machine.travel(datetime(2022, 1, 3, 8, tzinfo=WITA), tick=False):
        assert monthly_reports_send() == 1
        assert monthly_reports_send() == 0  # idempotent

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [leader.email]
    assert "Desember 2021" in message.subject
    filename, content, mimetype = message.attachments[0]
    assert filename == "rekap-luwu-2021-month-12.pdf"
    assert mimetype == "application/pdf"
    text = PdfReader(io.BytesIO(content)).pages[0].extract_text()
    assert "Desember 2021" in text
    assert MonthlyReportDelivery.objects.get(recipient=leader).sent_at is not None


def test_the_letterhead_from_the_admin_heads_the_pdf_and_odd_names_print(plan_years, admin, pupr):
    Letterhead.objects.create(
        instansi=plan_years,
        heading="PEMERINTAH KABUPATEN LUWU\nDINAS KOMUNIKASI & INFORMATIKA <KOMINFO>",
        address="Jl. Opu To Sattiaraja, Belopa",
        contact="Telp. (0471) 3314115",
    )
    Unit.objects.filter(pk=pupr.pk).update(name="Dinas PU & <Tata Ruang>")

    response = _get(admin, "/konsol/rekap/?instansi=luwu&period=year&year=2021&format=pdf")

    assert response.status_code == 200
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "DINAS KOMUNIKASI & INFORMATIKA <KOMINFO>" in text
    assert "Jl. Opu To Sattiaraja, Belopa" in text
    assert "Dinas PU & <Tata Ruang>" in text


def test_a_unit_leader_sees_only_its_units_rows(plan_years, dinkes_leader, pupr):
    page = _get(dinkes_leader, "/konsol/rekap/?instansi=luwu&period=year&year=2021")
    pdf = _get(dinkes_leader, "/konsol/rekap/?instansi=luwu&period=year&year=2021&format=pdf")

    assert page.status_code == 200
    text = page.content.decode()
    assert 'data-testid="recap-unit"' in text
    assert 'data-testid="table1"' not in text  # Table 1 is the whole instansi's
    assert 'data-testid="recap-category"' not in text
    assert pupr.name not in text  # every 2021 report went to PUPR, outside this scope
    pdf_text = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert pupr.name not in pdf_text
