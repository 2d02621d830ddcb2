"""The periodic report's "Perbaikan layanan" section: the causes recorded on the period's
resolutions and the improvements proposed in it with the leader's decision, on the console page,
in the PDF and in their own XLSX sheet, read back; an empty period; a unit leader's scope."""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import openpyxl
import pytest
import time_machine
from django.test import Client
from pypdf import PdfReader

from aduan.accounts.models import User
from aduan.accounts.testing import sign_in_verified
from aduan.complaints.choices import Cause
from aduan.complaints.models import Complaint, Improvement
from aduan.organisation.models import Unit
from aduan.reporting.rollups import rollups_refresh
from aduan.workflow import services

pytestmark = pytest.mark.django_db
WITA = ZoneInfo("Asia/Makassar")

ROADS = "Jadwal tambal jalan kabupaten setiap bulan."
WAITING_ROOM = "Kursi tunggu Puskesmas ditambah dua puluh."
TARIFF = "Tarif retribusi diumumkan di loket."
MARCH = "period=month&year=2025&number=3"


def _resolved(
    submit: Any,
    admin: User,
    liaison: User,
    unit: Unit,
    day: datetime,
    *,
    cause: str = "",
    improvement: str = "",
) -> Complaint:
    """A report filed on `day`, dispatched to `unit` and resolved by its liaison that afternoon."""
    with time_machine.travel(day, tick=False) as traveller:
        report: Complaint = submit().complaint
        traveller.shift(60 * 60)
        services.complaint_verify(actor=admin, complaint=report, units=[unit])
        traveller.shift(60 * 60)
        services.complaint_resolve(
            actor=liaison, complaint=report, summary="Selesai.", cause=cause,
            improvement=improvement,
        )  # fmt: skip
    return report


@pytest.fixture
def year_2025(
    submit: Any,
    admin: User,
    officer: User,
    other_officer: User,
    leader: User,
    pupr: Unit,
    dinkes: Unit,
) -> dict[str, Improvement]:
    """March 2025: PUPR resolves two reports for their completion time (one proposes a road
    schedule: approved, then done) and one with no cause; Dinkes one for its facilities
    (proposes chairs: turned down). April: PUPR proposes a tariff notice (outside March)."""
    roads_report = _resolved(
        submit, admin, officer, pupr, datetime(2025, 3, 5, 9, tzinfo=WITA),
        cause=Cause.TIME, improvement=ROADS,
    )  # fmt: skip
    again = _resolved(
        submit, admin, officer, pupr, datetime(2025, 3, 6, 9, tzinfo=WITA), cause=Cause.TIME
    )
    # The reporter re-opens it and PUPR resolves it again for the same cause: counted once.
    with time_machine.travel(datetime(2025, 3, 7, 9, tzinfo=WITA), tick=False):
        services.complaint_reporter_reply(complaint=again, text="Masih berlubang.")
        services.complaint_resolve(
            actor=officer, complaint=again, summary="Sudah ditambal lagi.", cause=Cause.TIME
        )
    _resolved(submit, admin, officer, pupr, datetime(2025, 3, 10, 9, tzinfo=WITA))
    _resolved(
        submit, admin, other_officer, dinkes, datetime(2025, 3, 12, 9, tzinfo=WITA),
        cause=Cause.FACILITIES, improvement=WAITING_ROOM,
    )  # fmt: skip
    _resolved(
        submit, admin, officer, pupr, datetime(2025, 4, 2, 9, tzinfo=WITA),
        cause=Cause.COST, improvement=TARIFF,
    )  # fmt: skip
    by_text = {i.proposal: i for i in Improvement.objects.all()}
    with time_machine.travel(datetime(2025, 3, 14, 10, tzinfo=WITA), tick=False):
        services.improvement_decide(
            actor=leader, improvement=by_text[ROADS], approve=True, note="Setuju, mulai April."
        )
        services.improvement_decide(
            actor=leader, improvement=by_text[WAITING_ROOM], approve=False,
            note="Anggaran tahun depan.",
        )  # fmt: skip
    with time_machine.travel(datetime(2025, 4, 21, 10, tzinfo=WITA), tick=False):
        services.improvement_complete(
            actor=officer, improvement=by_text[ROADS], note="Jadwal berlaku sejak 21 April."
        )
    assert roads_report.improvements.get().proposal == ROADS
    rollups_refresh()  # the worker's pass: the whole instansi's causes are read from the rollups
    return by_text


def _get(user: User, query: str) -> Any:
    client = Client()
    sign_in_verified(client, user)
    return client.get(f"/konsol/rekap/?instansi=luwu&{query}")


def _pdf_text(response: Any) -> str:
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    # Table cells wrap: compare the words, whatever the lines.
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def _sheet(response: Any) -> Any:
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert "Perbaikan layanan" in book.sheetnames
    return book["Perbaikan layanan"]


def _causes(sheet: Any) -> dict[str, int]:
    assert [sheet.cell(row=3, column=c).value for c in (1, 2)] == ["Penyebab", "Laporan selesai"]
    return {sheet.cell(row=r, column=1).value: sheet.cell(row=r, column=2).value
            for r in range(4, 12)}  # fmt: skip


def _proposals(sheet: Any) -> list[list[Any]]:
    """The rows under the proposals' headers (row 14), up to the first without a unit."""
    assert sheet.cell(row=13, column=1).value == "Perbaikan yang diusulkan pada periode ini"
    assert sheet.cell(row=14, column=5).value == "Usulan"
    rows = []
    for row in sheet.iter_rows(min_row=15, max_col=10, values_only=True):
        if row[1] is None:
            break
        # Date cells come back as datetimes at midnight; text would stay text.
        rows.append([v.date() if isinstance(v, datetime) else v for v in row])
    return rows


def test_the_page_counts_the_causes_and_lists_the_proposals(year_2025, admin):
    response = _get(admin, MARCH)

    assert response.status_code == 200
    text = response.content.decode()
    assert 'data-testid="improvements"' in text
    assert '<tr data-cause="time"><th scope="row">Waktu penyelesaian</th><td>2</td></tr>' in text
    assert '<tr data-cause="facilities"><th scope="row">Sarana dan prasarana</th><td>1</td>' in text
    assert '<tr data-cause="cost"><th scope="row">Biaya/tarif</th><td>0</td>' in text
    assert text.count("<tr data-cause=") == 8
    assert ROADS in text
    assert WAITING_ROOM in text
    assert TARIFF not in text  # proposed in April
    assert "Selesai" in text  # the road schedule's status now
    assert "Tidak disetujui" in text
    assert "Anggaran tahun depan." in text
    assert "05-03-2025" in text


def test_the_pdf_carries_the_section(year_2025, auditor):
    text = _pdf_text(_get(auditor, f"{MARCH}&format=pdf"))

    assert "Perbaikan layanan" in text
    assert "Laporan selesai per penyebab" in text
    assert "Waktu penyelesaian 2" in text
    assert "Sarana dan prasarana 1" in text
    assert ROADS in text
    assert WAITING_ROOM in text
    assert TARIFF not in text
    assert "14-03-2025: Anggaran tahun depan." in text
    assert "21-04-2025: Jadwal berlaku sejak 21 April." in text
    assert "Andi Baso" not in text  # no reporter identity


def test_the_xlsx_sheet_holds_counts_and_real_dates(year_2025, leader, pupr, dinkes):
    sheet = _sheet(_get(leader, f"{MARCH}&format=xlsx"))

    counted: dict[str, int] = {"time": 2, "facilities": 1}
    assert _causes(sheet) == {str(label): counted.get(value, 0) for value, label in Cause.choices}
    roads, chairs = _proposals(sheet)
    assert roads[0] == date(2025, 3, 5)
    assert sheet.cell(row=15, column=1).is_date
    assert roads[1:3] == [pupr.name, year_2025[ROADS].complaint.tracking_number]
    assert roads[3:6] == ["Waktu penyelesaian", ROADS, "Selesai"]
    assert roads[6:] == [
        date(2025, 3, 14), "Setuju, mulai April.",
        date(2025, 4, 21), "Jadwal berlaku sejak 21 April.",
    ]  # fmt: skip
    assert chairs[:6] == [
        date(2025, 3, 12), dinkes.name, year_2025[WAITING_ROOM].complaint.tracking_number,
        "Sarana dan prasarana", WAITING_ROOM, "Tidak disetujui",
    ]  # fmt: skip
    assert chairs[6:8] == [date(2025, 3, 14), "Anggaran tahun depan."]
    assert chairs[8] is None  # never done: a blank cell


def test_a_proposal_still_waiting_has_no_decision_dates(year_2025, admin):
    sheet = _sheet(_get(admin, "period=month&year=2025&number=4&format=xlsx"))

    (tariff,) = _proposals(sheet)
    assert tariff[0] == date(2025, 4, 2)
    assert tariff[4:6] == [TARIFF, "Diusulkan, menunggu pimpinan"]
    assert tariff[6] is None
    assert tariff[8] is None
    assert _causes(sheet)["Biaya/tarif"] == 1


def test_an_empty_period_says_there_are_none(year_2025, admin):
    page = _get(admin, "period=month&year=2025&number=1")
    pdf = _pdf_text(_get(admin, "period=month&year=2025&number=1&format=pdf"))
    sheet = _sheet(_get(admin, "period=month&year=2025&number=1&format=xlsx"))

    text = page.content.decode()
    assert 'data-testid="improvement-causes-none"' in text
    assert "Tidak ada perbaikan yang diusulkan pada periode ini." in text
    assert "Tidak ada penyelesaian pada periode ini yang mencatat penyebab." in pdf
    assert "Tidak ada perbaikan yang diusulkan pada periode ini." in pdf
    assert set(_causes(sheet).values()) == {0}
    assert sheet.cell(row=15, column=1).value == (
        "Tidak ada perbaikan yang diusulkan pada periode ini."
    )


def test_a_unit_leader_sees_only_its_units_causes_and_proposals(year_2025, dinkes_leader, dinkes):
    page = _get(dinkes_leader, MARCH)
    pdf = _pdf_text(_get(dinkes_leader, f"{MARCH}&format=pdf"))
    sheet = _sheet(_get(dinkes_leader, f"{MARCH}&format=xlsx"))

    text = page.content.decode()
    assert WAITING_ROOM in text
    assert ROADS not in text  # PUPR's, outside this scope
    assert '<tr data-cause="time"><th scope="row">Waktu penyelesaian</th><td>0</td>' in text
    assert WAITING_ROOM in pdf
    assert ROADS not in pdf
    assert _causes(sheet)["Waktu penyelesaian"] == 0
    assert _causes(sheet)["Sarana dan prasarana"] == 1
    assert [row[1] for row in _proposals(sheet)] == [dinkes.name]


def test_a_quarter_holds_both_months_and_the_year_all(year_2025, admin):
    quarter = _sheet(_get(admin, "period=quarter&year=2025&number=1&format=xlsx"))
    half = _sheet(_get(admin, "period=half&year=2025&number=1&format=xlsx"))

    assert [row[4] for row in _proposals(quarter)] == [ROADS, WAITING_ROOM]
    assert [row[4] for row in _proposals(half)] == [ROADS, WAITING_ROOM, TARIFF]
    assert _proposals(half)[2][0] == date(2025, 4, 2)


def test_no_public_page_shows_a_proposal(year_2025, anon_client):
    for url in ("/statistik/", "/kinerja/", "/kinerja/pupr/", "/data/", "/maklumat/"):
        response = anon_client.get(url, HTTP_ACCEPT_LANGUAGE="id")
        assert response.status_code == 200, url
        body = response.content.decode()
        for text in (ROADS, WAITING_ROOM, "Anggaran tahun depan."):
            assert text not in body, url


def test_the_period_follows_the_instansi_clock(submit, admin, officer, pupr):
    # Proposed at 00:30 on 1 April in Luwu (WITA), still 31 March in UTC: it is April's.
    _resolved(
        submit, admin, officer, pupr, datetime(2025, 3, 31, 22, 30, tzinfo=WITA),
        cause=Cause.PRODUCT, improvement=TARIFF,
    )  # fmt: skip
    rollups_refresh()

    march = _sheet(_get(admin, f"{MARCH}&format=xlsx"))
    april = _sheet(_get(admin, "period=month&year=2025&number=4&format=xlsx"))

    assert _proposals(march) == []
    assert _causes(march)["Produk spesifikasi jenis pelayanan"] == 0
    assert _proposals(april)[0][0] == date(2025, 4, 1)
    assert _causes(april)["Produk spesifikasi jenis pelayanan"] == 1
