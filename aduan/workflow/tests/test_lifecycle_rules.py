"""Rules of DOMAIN.md section 5 read against the code: auto-close from the last reply that
waits for the reporter, the completion clock following the category and type, and a
coordinator's reply on a resolved report."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from aduan.complaints.choices import EventKind, ReportType, Status
from aduan.complaints.models import ComplaintEvent
from aduan.core.errors import PermissionDenied
from aduan.organisation.choices import SlaTier
from aduan.organisation.models import Category
from aduan.workflow import services
from aduan.workflow.tests.console_helpers import staff_client
from aduan.workflow.tests.states import snapshot

pytestmark = pytest.mark.django_db

WITA = ZoneInfo("Asia/Makassar")


def _at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=WITA)  # type: ignore[arg-type,misc]


def _end_of(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 23, 59, 59, 999999, tzinfo=WITA)


@pytest.fixture
def supervisory(luwu, road_category) -> Category:
    return Category.objects.create(
        instansi=luwu,
        code="pungli",
        name="Pungutan liar",
        parent=road_category.parent,
        sla_tier=SlaTier.SUPERVISORY,
    )


# ---------------------------------------------------------------- reply on a resolved report


def test_coordinator_reply_on_a_resolved_report_restarts_the_auto_close_count(reach, admin):
    with time_machine.travel(_at(2026, 11, 2, 9, 0), tick=False) as traveller:
        complaint = reach(Status.RESOLVED)
        complaint.refresh_from_db()
        # Ten working days from Monday 2 November: Monday 16 November.
        assert complaint.autoclose_at == _end_of(date(2026, 11, 16))

        traveller.move_to(_at(2026, 11, 12, 10, 0))
        event = services.followup_add(
            actor=admin, complaint=complaint, text="Apakah lubangnya sudah tertutup rapi?"
        )
        complaint.refresh_from_db()
        assert complaint.status == Status.RESOLVED
        # Ten working days from Thursday 12 November: Thursday 26 November.
        assert complaint.autoclose_at == _end_of(date(2026, 11, 26))
        assert (event.kind, event.is_public) == (EventKind.FOLLOWUP, True)
        assert datetime.fromisoformat(event.new["autoclose_at"]) == complaint.autoclose_at

        traveller.move_to(_at(2026, 11, 17, 9, 0))  # past the old time: still open
        assert services.complaints_autoclose_due() == 0
        traveller.move_to(_at(2026, 11, 27, 0, 1))
        assert services.complaints_autoclose_due() == 1
    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED


def test_an_internal_note_on_a_resolved_report_leaves_the_count_alone(reach, admin):
    complaint = reach(Status.RESOLVED)
    complaint.refresh_from_db()
    before = complaint.autoclose_at
    event = services.followup_add(
        actor=admin, complaint=complaint, text="Dicek ulang minggu depan", is_public=False
    )
    complaint.refresh_from_db()
    assert (complaint.status, complaint.autoclose_at) == (Status.RESOLVED, before)
    assert not event.is_public


def test_the_unit_cannot_reply_on_a_resolved_report(reach, officer):
    complaint = reach(Status.RESOLVED)
    before = snapshot(complaint)
    with pytest.raises(PermissionDenied):
        services.followup_add(actor=officer, complaint=complaint, text="Sudah beres")
    assert snapshot(complaint) == before


def test_coordinator_reply_form_shows_on_a_resolved_report_and_posts(reach, admin):
    complaint = reach(Status.RESOLVED)
    browser = staff_client(admin)
    page = browser.get(f"/konsol/laporan/{complaint.tracking_number}/").content.decode()
    assert 'id="action-reply"' in page
    response = browser.post(
        f"/konsol/laporan/{complaint.tracking_number}/tindak-lanjut/",
        {"text": "Mohon konfirmasi, Bapak/Ibu.", "visibility": "public"},
    )
    assert response.status_code == 302
    assert ComplaintEvent.objects.filter(
        complaint=complaint, kind=EventKind.FOLLOWUP, note="Mohon konfirmasi, Bapak/Ibu."
    ).exists()


# ---------------------------------------------------------------- the completion clock


def test_a_change_of_category_after_verification_moves_the_completion_clock(
    reach, admin, supervisory
):
    with time_machine.travel(_at(2026, 11, 2, 9, 0), tick=False) as traveller:
        complaint = reach(Status.IN_PROGRESS)
        complaint.refresh_from_db()
        # Not supervisory (the road category): 14 working days from Monday 2 November.
        assert complaint.complete_due_at == _end_of(date(2026, 11, 20))
        traveller.move_to(_at(2026, 11, 4, 9, 0))
        services.complaint_edit(actor=admin, complaint=complaint, category=supervisory)
    complaint.refresh_from_db()
    # Supervisory: 60 working days from verification, not from the change.
    due = complaint.complete_due_at
    assert due is not None
    assert due.astimezone(WITA).date() > date(2027, 1, 20)
    edited = ComplaintEvent.objects.get(complaint=complaint, kind=EventKind.EDITED)
    assert datetime.fromisoformat(edited.new["complete_due_at"]) == due
    assert datetime.fromisoformat(edited.old["complete_due_at"]) == _end_of(date(2026, 11, 20))
    assert complaint.next_due_at is not None
    assert complaint.next_due_at <= due


def test_the_completion_clock_keeps_the_working_days_spent_on_hold(reach, admin, supervisory):
    with time_machine.travel(_at(2026, 11, 2, 9, 0), tick=False) as traveller:
        complaint = reach(Status.IN_PROGRESS)
        services.complaint_hold(actor=admin, complaint=complaint, question="Di mana persisnya?")
        traveller.move_to(_at(2026, 11, 5, 9, 0))  # three working days on hold
        services.complaint_resume(actor=admin, complaint=complaint)
        complaint.refresh_from_db()
        assert complaint.complete_due_at == _end_of(date(2026, 11, 25))  # 20 Nov + 3
        assert complaint.held_for == timedelta(days=3)
        services.complaint_edit(actor=admin, complaint=complaint, category=supervisory)
        light = Category.objects.create(
            instansi=complaint.instansi,
            code="ringan",
            name="Ringan",
            parent=supervisory.parent,
            sla_tier=SlaTier.LIGHT,
        )
        services.complaint_edit(actor=admin, complaint=complaint, category=light)
    complaint.refresh_from_db()
    # Light: 2 working days from verification (4 November) plus the 3 days on hold.
    assert complaint.complete_due_at == _end_of(date(2026, 11, 9))


def test_an_information_request_always_runs_ten_working_days_from_receipt(submit, admin, pupr):
    with time_machine.travel(_at(2026, 11, 2, 9, 0), tick=False) as traveller:
        complaint = submit(title="Minta data anggaran jalan").complaint
        assert complaint.complete_due_at is None  # a complaint's clock starts at verification
        traveller.move_to(_at(2026, 11, 4, 9, 0))
        services.complaint_verify(
            actor=admin, complaint=complaint, units=[pupr], type=ReportType.INFO_REQUEST
        )
    complaint.refresh_from_db()
    # Ten working days from receipt (Monday 2 November), not from verification.
    assert complaint.complete_due_at == _end_of(date(2026, 11, 16))
    with time_machine.travel(_at(2026, 11, 5, 9, 0), tick=False):
        services.complaint_edit(actor=admin, complaint=complaint, type=ReportType.COMPLAINT)
    complaint.refresh_from_db()
    # Back to a complaint: its category's tier (14 working days) from verification.
    assert complaint.complete_due_at == _end_of(date(2026, 11, 24))


def test_before_verification_a_type_change_to_information_request_starts_its_clock(submit, admin):
    with time_machine.travel(_at(2026, 11, 2, 9, 0), tick=False):
        complaint = submit().complaint
    with time_machine.travel(_at(2026, 11, 3, 9, 0), tick=False):
        services.complaint_edit(actor=admin, complaint=complaint, type=ReportType.INFO_REQUEST)
    complaint.refresh_from_db()
    assert complaint.complete_due_at == _end_of(date(2026, 11, 16))
    assert complaint.next_due_at == complaint.verify_due_at  # verification is due first


def test_handling_it_yourself_with_another_category_records_the_change(
    submit, admin, diskominfo, supervisory
):
    complaint = submit().complaint
    services.complaint_handle(actor=admin, complaint=complaint, category=supervisory)
    edited = ComplaintEvent.objects.get(complaint=complaint, kind=EventKind.EDITED)
    assert edited.new["category"] == supervisory.pk


def test_the_late_filing_notice_names_the_configured_days(submit, admin, luwu):
    luwu.late_filing_days = 45
    luwu.save(update_fields=["late_filing_days"])
    with time_machine.travel(_at(2026, 11, 2, 9, 0), tick=False):
        late = submit(incident_date=date(2026, 9, 1)).complaint
        on_time = submit(incident_date=date(2026, 9, 25)).complaint  # 38 days: not late
    assert (late.is_late_filing, on_time.is_late_filing) == (True, False)
    page = staff_client(admin).get(f"/konsol/laporan/{late.tracking_number}/").content.decode()
    assert "more than 45 days after the incident" in page
    assert "more than 30 days" not in page
