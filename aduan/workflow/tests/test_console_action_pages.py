"""Console actions as a busy person meets them: every error at once, required fields marked,
no blank 405 on an action's address, and the dispatch picker (grouped checkboxes)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from aduan.complaints.choices import Status
from aduan.complaints.models import Complaint
from aduan.organisation.choices import UnitKind
from aduan.organisation.models import Unit
from aduan.workflow.tests.console_helpers import staff_client
from aduan.workflow.tests.states import snapshot

pytestmark = pytest.mark.django_db

COORDINATOR_ACTIONS = (
    "console_verify",
    "console_dispatch",
    "console_handle",
    "console_hold",
    "console_resume",
    "console_forward",
    "console_archive",
    "console_merge",
    "console_edit",
    "console_identity",
)
UNIT_ACTIONS = (
    "console_accept",
    "console_return",
    "console_followup",
    "console_extend",
    "console_resolve",
    "console_reassign",
)


def _url(name: str, complaint: Complaint) -> str:
    return reverse(f"workflow:{name}", args=[complaint.tracking_number])


def test_verify_shows_every_error_at_once_and_marks_the_required_fields(submit, admin):
    complaint = submit(category=None).complaint
    before = snapshot(complaint)
    client = staff_client(admin)

    page = client.get(_url("console_report", complaint)).content.decode()
    response = client.post(_url("console_verify", complaint), {"verify-instruction": "x"})

    # Before sending: the category is marked as required, as the units are.
    for label in ("Units", "Category"):
        assert re.search(rf">{label} <span class=\"required-mark\">\(required\)</span>", page)
    assert re.search(r'<select name="verify-category"[^>]* required', page)
    # After: both problems in one answer, on the page of the report.
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose at least one unit." in html
    assert "Choose a category before verifying." in html
    assert 'id="error-summary"' in html
    assert f'data-report-url="{_url("console_report", complaint)}"' in html
    assert snapshot(complaint) == before


def test_a_report_with_a_category_does_not_ask_for_one(submit, admin):
    complaint = submit().complaint
    page = staff_client(admin).get(_url("console_report", complaint)).content.decode()
    assert not re.search(r'<select name="verify-category"[^>]* required', page)


@pytest.mark.parametrize("name", COORDINATOR_ACTIONS + UNIT_ACTIONS)
def test_a_get_on_an_action_address_goes_to_the_report(submit, admin, name):
    complaint = submit().complaint
    before = snapshot(complaint)

    response = staff_client(admin).get(_url(name, complaint))

    assert response.status_code == 302
    assert response["Location"] == _url("console_report", complaint)
    assert snapshot(complaint) == before


def test_liaison_success_returns_to_the_message_not_past_it(reach, officer):
    complaint = reach(Status.DISPATCHED)
    client = staff_client(officer)

    response = client.post(_url("console_accept", complaint))

    assert response["Location"] == _url("console_report", complaint) + "#messages"
    page = client.get(response["Location"]).content.decode()
    assert re.search(r'<div class="messages" id="messages" role="status" tabindex="-1">', page)
    assert "Your unit accepted the report." in page


def test_the_picker_is_a_grouped_list_of_checkboxes_with_the_suggestion(submit, admin, pupr, luwu):
    assert Unit.objects.filter(instansi=luwu, kind=UnitKind.DISTRICT_OFFICE).exists()
    complaint = submit().complaint
    page = staff_client(admin).get(_url("console_report", complaint)).content.decode()

    verify = page[page.index('id="action-verify"') :]
    verify = verify[: verify.index("</form>")]
    assert "<select multiple" not in verify
    assert "Ctrl" not in verify
    assert "data-unit-picker" in verify
    legends = re.findall(
        r'<fieldset class="unit-group" data-unit-group>\s*<legend>([^<]+)</legend>', verify
    )
    assert legends[:2] == ["Regional agency (OPD)", "District office (kecamatan)"]
    # One checkbox per active unit of the instansi; the category's unit checked and marked.
    boxes = re.findall(r'<input type="checkbox" name="verify-units" value="(\d+)"([^>]*)>', verify)
    assert {int(v) for v, _ in boxes} == set(
        Unit.objects.filter(instansi=luwu, is_active=True).values_list("pk", flat=True)
    )
    checked = [int(v) for v, attrs in boxes if " checked" in attrs]
    assert checked == [pupr.pk]
    assert verify.count("suggested by the category") == 1
    assert "js/unit-picker.js" in page
