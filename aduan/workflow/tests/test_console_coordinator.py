"""The coordinator's inbox (/konsol/verifikasi/) and every action of the report page, through
the page: POST, then the database and the event log; refusals change nothing."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from aduan.complaints.choices import ArchiveReason, DispatchStatus, EventKind, Status
from aduan.complaints.models import Complaint, Dispatch
from aduan.organisation.models import Category
from aduan.workflow.tests.console_helpers import other_government, staff_client
from aduan.workflow.tests.states import snapshot

pytestmark = pytest.mark.django_db

WITA = ZoneInfo("Asia/Makassar")
INBOX = reverse("workflow:coordinator_inbox")


def _at(day: int, hour: int) -> datetime:
    return datetime(2026, 2, day, hour, 0, tzinfo=WITA)


def _url(name: str, complaint: Complaint) -> str:
    return reverse(f"workflow:{name}", args=[complaint.tracking_number])


def _page(complaint: Complaint) -> str:
    return _url("console_report", complaint)


def _fresh(complaint: Complaint) -> Complaint:
    return Complaint.objects.get(pk=complaint.pk)


def _kinds(complaint: Complaint) -> list[str]:
    return list(complaint.events.order_by("seq").values_list("kind", flat=True))


# ---------------------------------------------------------------- the inbox


def _rows(html: str) -> list[tuple[str, str]]:
    """(tracking number, clock mark) of each inbox row, in order."""
    return re.findall(r'<tr data-number="([^"]+)">.*?data-clock="([a-z_]+)"', html, re.S)


def test_inbox_orders_by_verification_deadline_with_marks(submit, admin):
    # Verification takes 3 working days (February 2026 has no day off in the first half).
    with time_machine.travel(_at(6, 10), tick=False):
        later = submit(title="Lampu jalan mati").complaint  # due Wed 11 Feb
    with time_machine.travel(_at(2, 10), tick=False):
        oldest = submit(title="Drainase tersumbat").complaint  # due Thu 5 Feb
    with time_machine.travel(_at(3, 10), tick=False):
        middle = submit(title="Jembatan retak").complaint  # due Fri 6 Feb
    client = staff_client(admin)
    with time_machine.travel(_at(6, 12), tick=False):
        html = client.get(INBOX).content.decode()
    assert _rows(html) == [
        (oldest.tracking_number, "breached"),
        (middle.tracking_number, "at_risk"),
        (later.tracking_number, "on_track"),
    ]
    assert "Breached" in html
    assert "At risk" in html
    assert "On track" in html


def test_inbox_shows_only_new_reports_of_the_coordinators_government(reach, admin, luwu):
    new = reach(Status.SUBMITTED)
    dispatched = reach(Status.DISPATCHED)
    held = reach(Status.ON_HOLD)
    palopo, _ = other_government()
    elsewhere = reach(Status.SUBMITTED, instansi=palopo, category=None, region=None)
    client = staff_client(admin)
    html = client.get(INBOX).content.decode()
    assert [n for n, _ in _rows(html)] == [new.tracking_number]
    for absent in (dispatched, held, elsewhere):
        assert absent.tracking_number not in html
    on_hold = client.get(INBOX, {"tab": "on_hold"}).content.decode()
    assert _rows(on_hold) == [(held.tracking_number, "paused")]
    every_open = client.get(INBOX, {"tab": "open"}).content.decode()
    assert {n for n, _ in _rows(every_open)} == {
        new.tracking_number,
        dispatched.tracking_number,
        held.tracking_number,
    }


def test_inbox_pages_by_fifty(submit, admin):
    reports = [submit(title=f"Laporan {i}").complaint for i in range(52)]
    client = staff_client(admin)
    first = _rows(client.get(INBOX).content.decode())
    second = _rows(client.get(INBOX, {"page": 2}).content.decode())
    assert len(first) == 50
    assert len(second) == 2
    assert {n for n, _ in first + second} == {c.tracking_number for c in reports}
    assert client.get(INBOX, {"page": "x"}).status_code == 200


def test_inbox_query_count_does_not_grow_with_rows(submit, admin, luwu, village):
    client = staff_client(admin)
    submit()
    client.get(INBOX)  # warm the session and the calendar
    with CaptureQueriesContext(connection) as few:
        client.get(INBOX)
    for _ in range(12):
        submit(region=village.parent)  # a kecamatan itself, and villages
        submit()
    with CaptureQueriesContext(connection) as many:
        assert client.get(INBOX).status_code == 200
    assert len(many) == len(few)
    assert len(many) <= 8


def test_start_page_counts_what_to_do(submit, admin, reach):
    with time_machine.travel(_at(2, 10), tick=False):
        submit()
        submit()
    reach(Status.ON_HOLD)
    with time_machine.travel(_at(9, 10), tick=False):
        submit()
        html = staff_client(admin).get(reverse("workflow:console_home")).content.decode()
    assert re.search(r'data-count="to-verify">\s*<a [^>]*>3 reports to verify', html)
    assert "2 past their verification deadline" in html
    assert re.search(r'data-count="on-hold"><a [^>]*>1 report on hold', html)


def test_start_page_of_a_liaison_counts_dispatches(reach, officer, django_assert_max_num_queries):
    reach(Status.DISPATCHED)
    reach(Status.DISPATCHED)
    reach(Status.IN_PROGRESS)
    client = staff_client(officer)
    with django_assert_max_num_queries(12):
        html = client.get(reverse("workflow:console_home")).content.decode()
    assert "2 dispatches to accept" in html
    assert "3 reports with your unit" in html


# ---------------------------------------------------------------- the actions


def test_verify_with_corrections_through_the_page(submit, admin, pupr, dinkes, luwu):
    complaint = submit().complaint
    client = staff_client(admin)
    page = client.get(_page(complaint)).content.decode()
    # The category's default unit is chosen already.
    assert re.search(rf'value="{pupr.pk}"[^>]* checked', page)
    response = client.post(
        _url("console_verify", complaint),
        {
            "verify-units": [pupr.pk, dinkes.pk],
            "verify-instruction": "Mohon dicek ke lokasi.",
            "verify-title": "Jalan rusak di Kanna",
            "verify-category": complaint.category_id,
            "verify-type": "complaint",
            "verify-is_anonymous": "no",
            "verify-is_confidential": "yes",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == INBOX
    complaint = _fresh(complaint)
    assert complaint.status == Status.DISPATCHED
    assert complaint.title == "Jalan rusak di Kanna"
    assert complaint.is_confidential
    assert set(Dispatch.objects.filter(complaint=complaint).values_list("unit_id", flat=True)) == {
        pupr.pk,
        dinkes.pk,
    }
    assert Dispatch.objects.filter(instruction="Mohon dicek ke lokasi.").count() == 2
    assert _kinds(complaint)[-3:] == [EventKind.EDITED, EventKind.VERIFIED, EventKind.DISPATCHED]
    assert "The report is verified and sent." in client.get(INBOX).content.decode()


def test_verify_without_units_is_refused_with_the_field_error(submit, admin):
    complaint = submit().complaint
    before = snapshot(complaint)
    response = staff_client(admin).post(
        _url("console_verify", complaint), {"verify-instruction": "x"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose at least one unit." in html
    assert 'aria-invalid="true"' in html
    assert snapshot(complaint) == before


def test_refused_action_shows_the_message_and_changes_nothing(reach, admin, pupr):
    complaint = reach(Status.DISPATCHED)
    before = snapshot(complaint)
    response = staff_client(admin).post(
        _url("console_verify", complaint), {"verify-units": [pupr.pk]}
    )
    assert response.status_code == 409
    assert "so this action is no longer possible" in response.content.decode()
    assert snapshot(complaint) == before


def test_dispatch_to_another_unit(reach, admin, dinkes):
    complaint = reach(Status.IN_PROGRESS)
    response = staff_client(admin).post(
        _url("console_dispatch", complaint), {"dispatch-units": [dinkes.pk]}
    )
    assert response.status_code == 302
    assert response["Location"] == _page(complaint)
    assert Dispatch.objects.filter(
        complaint=complaint, unit=dinkes, status=DispatchStatus.PENDING
    ).exists()
    assert _kinds(complaint)[-1] == EventKind.DISPATCHED


def test_handle_in_the_coordinators_own_unit(submit, admin, diskominfo):
    complaint = submit().complaint
    response = staff_client(admin).post(
        _url("console_handle", complaint), {"handle-note": "Kami tangani langsung."}
    )
    assert response.status_code == 302
    complaint = _fresh(complaint)
    assert complaint.status == Status.IN_PROGRESS
    assert Dispatch.objects.get(complaint=complaint).unit == diskominfo
    assert _kinds(complaint)[-1] == EventKind.HANDLED_BY_COORDINATOR


def test_hold_then_resume(submit, admin):
    complaint = submit().complaint
    client = staff_client(admin)
    response = client.post(
        _url("console_hold", complaint), {"question": "Di depan rumah nomor berapa?"}
    )
    assert response.status_code == 302
    assert _fresh(complaint).status == Status.ON_HOLD
    assert complaint.events.get(kind=EventKind.HELD).note == "Di depan rumah nomor berapa?"
    response = client.post(
        _url("console_resume", complaint), {"resume-note": "Dijawab lewat telepon"}
    )
    assert response.status_code == 302
    assert _fresh(complaint).status == Status.SUBMITTED
    assert _kinds(complaint)[-1] == EventKind.RESUMED


def test_hold_without_a_question_changes_nothing(submit, admin):
    complaint = submit().complaint
    before = snapshot(complaint)
    response = staff_client(admin).post(_url("console_hold", complaint), {"question": " "})
    assert response.status_code == 400
    assert "Write the question for the reporter." in response.content.decode()
    assert snapshot(complaint) == before


def test_the_handling_liaison_may_put_on_hold(reach, officer):
    complaint = reach(Status.IN_PROGRESS)
    response = staff_client(officer).post(
        _url("console_hold", complaint), {"question": "Boleh kirim foto?"}
    )
    assert response.status_code == 302
    assert _fresh(complaint).status == Status.ON_HOLD


def test_forward_to_lapor(submit, admin):
    complaint = submit().complaint
    response = staff_client(admin).post(
        _url("console_forward", complaint),
        {"forward-destination": "lapor", "forward-reason": "Jalan nasional"},
    )
    assert response.status_code == 302
    complaint = _fresh(complaint)
    assert (complaint.status, complaint.forwarded_to_lapor) == (Status.FORWARDED, True)


def test_forward_to_another_government_of_the_deployment(submit, admin):
    palopo, _ = other_government()
    complaint = submit().complaint
    response = staff_client(admin).post(
        _url("console_forward", complaint),
        {"forward-destination": str(palopo.pk), "forward-reason": "Wilayah Kota Palopo"},
    )
    assert response.status_code == 302
    complaint = _fresh(complaint)
    assert complaint.forwarded_to == palopo
    assert Complaint.objects.filter(instansi=palopo, forwarded_from=complaint).exists()


def test_archive_with_a_reason(submit, admin):
    complaint = submit().complaint
    response = staff_client(admin).post(
        _url("console_archive", complaint),
        {"archive-reason": ArchiveReason.TOO_GENERAL, "archive-note": "Tidak ada lokasi"},
    )
    assert response.status_code == 302
    complaint = _fresh(complaint)
    assert (complaint.status, complaint.archive_reason) == (Status.ARCHIVED, "too_general")


def test_merge_a_duplicate_chosen_among_the_candidates(submit, admin):
    original = submit().complaint
    duplicate = submit().complaint
    client = staff_client(admin)
    page = client.get(_page(duplicate)).content.decode()
    assert f'value="{original.tracking_number}"' in page  # offered as the original
    response = client.post(
        _url("console_merge", duplicate),
        {"merge-original": original.tracking_number, "merge-note": "Lokasi sama"},
    )
    assert response.status_code == 302
    duplicate = _fresh(duplicate)
    assert duplicate.status == Status.ARCHIVED
    assert duplicate.archive_reason == ArchiveReason.DUPLICATE
    assert duplicate.duplicate_of_id == original.pk
    merged = original.events.get(kind=EventKind.MERGED)
    assert merged.new == {"duplicate": duplicate.tracking_number}
    assert not merged.is_public
    assert _fresh(original).status == Status.SUBMITTED


def test_merge_by_typed_tracking_number_and_unknown_number(submit, admin):
    original = submit(title="Sampah menumpuk di pasar").complaint
    duplicate = submit().complaint
    client = staff_client(admin)
    before = snapshot(duplicate)
    response = client.post(
        _url("console_merge", duplicate), {"merge-tracking_number": "LWU-NOPE-0000"}
    )
    assert response.status_code == 400
    assert "No report of this government has that tracking number." in response.content.decode()
    assert snapshot(duplicate) == before
    response = client.post(
        _url("console_merge", duplicate),
        {"merge-tracking_number": original.tracking_number.lower()},
    )
    assert response.status_code == 302
    assert _fresh(duplicate).duplicate_of_id == original.pk


def test_merge_into_itself_or_another_governments_report_is_refused(submit, admin):
    palopo, _ = other_government()
    duplicate = submit().complaint
    elsewhere = submit(instansi=palopo, category=None).complaint
    client = staff_client(admin)
    before = snapshot(duplicate)
    for number in (duplicate.tracking_number, elsewhere.tracking_number):
        response = client.post(_url("console_merge", duplicate), {"merge-tracking_number": number})
        assert response.status_code == 400
    assert snapshot(duplicate) == before


def test_edit_title_category_and_type(submit, admin, luwu):
    complaint = submit().complaint
    bridge = Category.objects.get(instansi=luwu, code="infrastruktur-jembatan")
    response = staff_client(admin).post(
        _url("console_edit", complaint),
        {
            "edit-title": "Jembatan Kanna retak",
            "edit-category": bridge.pk,
            "edit-type": "aspiration",
            "edit-is_anonymous": "yes",
            "edit-is_confidential": "no",
        },
    )
    assert response.status_code == 302
    complaint = _fresh(complaint)
    assert (complaint.title, complaint.category_id, complaint.type) == (
        "Jembatan Kanna retak",
        bridge.pk,
        "aspiration",
    )
    assert complaint.is_anonymous
    assert _kinds(complaint)[-1] == EventKind.EDITED


def test_one_click_make_confidential_leaves_the_rest(submit, admin):
    complaint = submit().complaint
    title = complaint.title
    response = staff_client(admin).post(
        _url("console_edit", complaint), {"edit-is_confidential": "yes"}
    )
    assert response.status_code == 302
    complaint = _fresh(complaint)
    assert complaint.is_confidential
    assert not complaint.is_anonymous
    assert complaint.title == title
    assert _kinds(complaint)[-1] == EventKind.PRIVACY_CHANGED


def test_actions_shown_follow_the_state(reach, admin):
    client = staff_client(admin)
    new = client.get(_page(reach(Status.SUBMITTED))).content.decode()
    for form in ("verify", "handle", "hold", "forward", "archive", "merge", "edit"):
        assert f'id="action-{form}"' in new, form
    assert 'id="action-resume"' not in new
    assert 'id="action-dispatch"' not in new
    held = client.get(_page(reach(Status.ON_HOLD))).content.decode()
    assert 'id="action-resume"' in held
    assert 'id="action-verify"' not in held
    closed = client.get(_page(reach(Status.CLOSED))).content.decode()
    assert 'id="actions"' not in closed


def test_merge_into_a_report_that_is_itself_a_duplicate_is_refused(submit, admin):
    first = submit().complaint
    second = submit().complaint
    third = submit().complaint
    client = staff_client(admin)
    client.post(_url("console_merge", second), {"merge-tracking_number": first.tracking_number})
    before = snapshot(third)
    response = client.post(
        _url("console_merge", third), {"merge-tracking_number": second.tracking_number}
    )
    assert response.status_code == 400
    assert "merge into its original instead" in response.content.decode()
    assert snapshot(third) == before


def test_handling_liaison_resumes_from_the_page(reach, officer):
    complaint = reach(Status.ON_HOLD)
    client = staff_client(officer)
    page = client.get(_page(complaint)).content.decode()
    assert 'id="action-resume"' in page
    assert 'id="action-verify"' not in page
    assert 'id="action-edit"' not in page
    response = client.post(_url("console_resume", complaint), {"resume-note": "Dijawab"})
    assert response.status_code == 302
    assert _fresh(complaint).status == Status.IN_PROGRESS
