"""Information requests (UU 14/2008): 10 working days, one extension of 7 with a reason."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from aduan.complaints.choices import EventKind, ReportType
from aduan.core.errors import Conflict, ValidationFailed
from aduan.workflow import services
from aduan.workflow.tests.states import snapshot

WITA = ZoneInfo("Asia/Makassar")


def _end_of(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 23, 59, 59, 999999, tzinfo=WITA)


@pytest.fixture
def info_request(submit):
    # Monday 16 March 2026: Nyepi and Idul Fitri fall inside the ten working days.
    with time_machine.travel(datetime(2026, 3, 16, 9, 0, tzinfo=WITA), tick=False):
        return submit(type=ReportType.INFO_REQUEST, title="Salinan RAB jalan desa").complaint


def test_information_request_is_due_in_ten_working_days_from_receipt(info_request, admin, pupr):
    assert info_request.complete_due_at == _end_of(date(2026, 4, 7))
    assert info_request.next_due_at == info_request.verify_due_at == _end_of(date(2026, 3, 26))
    with time_machine.travel(datetime(2026, 3, 25, 9, 0, tzinfo=WITA), tick=False):
        services.complaint_verify(actor=admin, complaint=info_request, units=[pupr])
    info_request.refresh_from_db()
    assert info_request.complete_due_at == _end_of(date(2026, 4, 7))  # still from receipt


def test_one_extension_of_seven_working_days_with_a_reason(info_request, admin, officer, pupr):
    services.complaint_verify(actor=admin, complaint=info_request, units=[pupr])
    services.followup_add(actor=officer, complaint=info_request, text="Sedang dicari")
    services.info_request_extend(
        actor=officer, complaint=info_request, reason="Dokumen di arsip kecamatan"
    )
    info_request.refresh_from_db()
    assert info_request.complete_due_at == _end_of(date(2026, 4, 16))  # 7 working days later
    assert info_request.next_due_at == info_request.complete_due_at
    event = info_request.events.latest("seq")
    assert (event.kind, event.note) == (EventKind.EXTENDED, "Dokumen di arsip kecamatan")


def test_a_second_extension_is_refused(info_request, admin):
    services.info_request_extend(actor=admin, complaint=info_request, reason="Perlu waktu")
    before = snapshot(info_request)
    with pytest.raises(Conflict):
        services.info_request_extend(actor=admin, complaint=info_request, reason="Lagi")
    assert snapshot(info_request) == before


def test_extension_needs_a_reason(info_request, admin):
    before = snapshot(info_request)
    with pytest.raises(ValidationFailed):
        services.info_request_extend(actor=admin, complaint=info_request, reason="  ")
    assert snapshot(info_request) == before


def test_only_an_information_request_can_be_extended(submit, admin):
    complaint = submit().complaint
    before = snapshot(complaint)
    with pytest.raises(Conflict):
        services.info_request_extend(actor=admin, complaint=complaint, reason="Perlu waktu")
    assert snapshot(complaint) == before


def test_hold_pauses_the_information_clock(info_request, admin):
    with time_machine.travel(datetime(2026, 3, 17, 9, 0, tzinfo=WITA), tick=False):
        services.complaint_hold(actor=admin, complaint=info_request, question="Tahun berapa?")
    with time_machine.travel(datetime(2026, 3, 27, 9, 0, tzinfo=WITA), tick=False):
        services.complaint_reporter_reply(complaint=info_request, text="Tahun 2025")
    info_request.refresh_from_db()
    # 25, 26 and 27 March were the working days on hold.
    assert info_request.complete_due_at == _end_of(date(2026, 4, 10))
    assert info_request.verify_due_at == _end_of(date(2026, 3, 31))
