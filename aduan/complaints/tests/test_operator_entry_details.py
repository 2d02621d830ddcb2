"""Operator entry speaks to staff, and records a letter's number, date and date of receipt, or
the time of a call; the console's report page shows them."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from aduan.accounts.models import User
from aduan.accounts.testing import sign_in_verified
from aduan.complaints.models import Complaint
from aduan.complaints.tests.test_operator_entry import ENTRY_URL, _form

pytestmark = pytest.mark.django_db

WITA = ZoneInfo("Asia/Makassar")
NOW = datetime(2026, 3, 10, 10, 0, tzinfo=WITA)


@pytest.fixture
def desk(operator: User) -> Client:
    client = Client()
    sign_in_verified(client, operator)
    return client


def test_the_form_speaks_about_the_reporter_not_to_them(desk):
    html = desk.get(ENTRY_URL).content.decode()
    assert "tempat tinggal pelapor" in html
    assert "KTP pelapor" in html
    for citizen_words in ("tempat tinggal Anda", "KTP Anda", "Alamat Anda", "nama saya"):
        assert citizen_words not in html, citizen_words
    for field in ("letter_number", "letter_date", "letter_received_on", "call_at"):
        assert f'name="{field}"' in html


@time_machine.travel(NOW, tick=False)
def test_a_letter_keeps_its_number_and_dates(desk, admin):
    response = desk.post(
        ENTRY_URL,
        _form(
            letter_number="005/123/Desa-Kanna/III/2026",
            letter_date="2026-03-02",
            letter_received_on="2026-03-05",
        ),
    )
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.letter_number == "005/123/Desa-Kanna/III/2026"
    assert complaint.letter_date == date(2026, 3, 2)
    assert complaint.letter_received_on == date(2026, 3, 5)
    assert complaint.call_at is None

    console = Client()
    sign_in_verified(console, admin)
    page = console.get(reverse("workflow:console_report", args=[complaint.tracking_number]))
    html = page.content.decode()
    assert "005/123/Desa-Kanna/III/2026" in html
    assert "Senin, 2 Maret 2026" in html
    assert "Kamis, 5 Maret 2026" in html


@time_machine.travel(NOW, tick=False)
def test_a_phone_call_keeps_its_time_in_the_governments_zone(desk, admin):
    response = desk.post(ENTRY_URL, _form(channel="phone", call_at="2026-03-10T08:15"))
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.call_at == datetime(2026, 3, 10, 8, 15, tzinfo=WITA)

    console = Client()
    sign_in_verified(console, admin)
    html = console.get(
        reverse("workflow:console_report", args=[complaint.tracking_number])
    ).content.decode()
    assert "08.15 WITA" in html


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"letter_date": "2026-03-20"}, "Tanggal ini tidak boleh di masa depan."),
        (
            {"letter_date": "2026-03-05", "letter_received_on": "2026-03-02"},
            "Surat tidak mungkin diterima sebelum tanggalnya.",
        ),
        ({"channel": "walk_in", "letter_number": "12/2026"}, "Rincian surat hanya untuk surat."),
        ({"channel": "letter", "call_at": "2026-03-10T08:15"}, "Waktu telepon hanya untuk"),
        ({"channel": "phone", "call_at": "2026-03-11T08:15"}, "tidak boleh di masa depan"),
        ({"letter_date": "kemarin"}, "Masukkan tanggal yang valid."),
    ],
)
def test_wrong_details_are_refused_in_indonesian_and_nothing_is_filed(desk, fields, message):
    response = desk.post(ENTRY_URL, _form(**fields))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Complaint.objects.count() == 0
