"""The console's permission matrix (workflow/tests/test_permissions_matrix.py), repeated
through the staff API with a token per role: the same actions, roles and states, the same
outcomes, and a refused call changes nothing.

The service table's outcomes become HTTP answers: allowed → 200 (and an event attributed to
the token), conflict → 409, denied → 403, or 404 where the console answers 404 too (a role
without the action, or a report the role may not see). Citizens hold no token and a
system administrator's role cannot be put on one, so those two rows of the console's table
are covered by test_tokens.py instead.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import transaction

from aduan.complaints.choices import ReportType
from aduan.complaints.models import Complaint
from aduan.organisation.models import Unit
from aduan.routing.selectors import suggestion_for
from aduan.staffapi.tests.conftest import StaffApi
from aduan.workflow.tests.states import ALL_STATES, snapshot
from aduan.workflow.tests.test_merge import COORDINATOR as MERGE_COORDINATOR
from aduan.workflow.tests.test_merge import OTHERS as MERGE_OTHERS
from aduan.workflow.tests.test_permissions_matrix import TABLE, _pupr_sub_unit

pytestmark = pytest.mark.django_db

# Each action of the console's table: the staff API path and a body like the table's call.
CALLS: dict[str, tuple[str, dict[str, Any]]] = {
    "verify": ("verify", {"units": ["dinkes"]}),
    "dispatch": ("dispatch", {"units": ["dinkes"]}),
    "handle": ("handle", {"note": "Kami tangani"}),
    "edit": ("edit", {"title": "Jalan rusak"}),
    "forward": ("forward", {"reason": "Jalan nasional", "to_lapor": True}),
    "archive": ("archive", {"reason": "unclear"}),
    "close": ("close", {}),
    "hold": ("hold", {"question": "Di mana?"}),
    "resume": ("resume", {}),
    "accept": ("accept", {}),
    "return": ("hand-back", {"reason": "Bukan jalan kabupaten"}),
    "followup": ("followups", {"text": "Tim ke lokasi"}),
    "resolve": ("resolve", {"summary": "Beres"}),
    "extend": ("extend", {"reason": "Dokumen di arsip kecamatan"}),
    "reassign": ("reassign", {"unit": "upt-jalan-1"}),
    "publish": ("publish", {}),
    "unpublish": ("unpublish", {"reason": "Memuat nama anak"}),
    "mask": ("mask", {"text": "depan SD Kanna"}),
    # On a report whose description carries a phone number (see the test).
    "unmask": ("unmask", {"text": "0812 3456 7890"}),
}
OTHERS = ("other_officer", "operator", "leader", "auditor")
HTTP = {"ok": {200}, "409": {409}, "403": {403, 404}}


class _Undo(Exception):
    pass


def test_the_api_covers_every_action_of_the_console_table():
    assert set(CALLS) == set(TABLE)


def _try(
    api: StaffApi, complaint: Complaint, call: tuple[str, dict[str, Any]], expected: str, who: str
) -> None:
    path, body = call
    url = f"/reports/{complaint.tracking_number}/{path}"
    before = snapshot(complaint)
    if expected == "ok":
        try:
            with transaction.atomic():
                response = api.post(url, body)
                after = snapshot(complaint)
                last = complaint.events.order_by("-seq").first()
                raise _Undo
        except _Undo:
            pass
        assert response.status_code == 200, f"{who}: {response.status_code} {response.content!r}"
        assert after["event_count"] > before["event_count"], f"{who}: nothing was recorded"
        assert last is not None
        assert last.via.startswith("token:"), who
        return
    response = api.post(url, body)
    assert response.status_code in HTTP[expected], f"{who}: {response.status_code}, not {expected}"
    assert response.json()["error"]["message"], f"{who}: the refusal has no message"
    assert snapshot(complaint) == before, f"{who}: a refused call changed the report"


@pytest.mark.parametrize("action", CALLS)
def test_each_action_through_the_api_answers_as_the_console(
    action: str,
    reach: Callable[..., Complaint],
    dinkes: Unit,
    token_for: Callable[..., str],
    request: Any,
) -> None:
    apis = {
        role: StaffApi(token_for(request.getfixturevalue(role)))
        for role in ("admin", "officer", *OTHERS)
    }
    overrides: dict[str, Any] = {"type": ReportType.INFO_REQUEST} if action == "extend" else {}
    if action == "unmask":
        overrides["description"] = "Lubang besar. Hubungi saya di 0812 3456 7890."
    admin_row = dict(zip(ALL_STATES, TABLE[action][0].split(), strict=True))
    officer_row = dict(zip(ALL_STATES, TABLE[action][1].split(), strict=True))
    for state in ALL_STATES:
        complaint = reach(state, **overrides)
        if action == "reassign":
            _pupr_sub_unit(complaint)
        expected = {"admin": admin_row[state], "officer": officer_row[state]}
        expected |= dict.fromkeys(OTHERS, "403")
        for role, outcome in expected.items():
            _try(apis[role], complaint, CALLS[action], outcome, f"{action} by {role} on {state}")


# Actions whose console tables live elsewhere, repeated through the API the same way.
TOKEN_HOLDERS = ("officer", "other_officer", "operator", "leader", "auditor")


def test_merge_through_the_api_answers_as_the_console(
    reach: Callable[..., Complaint],
    submit: Callable[..., Any],
    token_for: Callable[..., str],
    request: Any,
) -> None:
    """workflow/tests/test_merge.py's table: only the coordinator merges, from submitted or
    on hold; a citizen and a system administrator hold no token (see the module's note)."""
    original = submit().complaint
    apis = {
        role: StaffApi(token_for(request.getfixturevalue(role)))
        for role in ("admin", *TOKEN_HOLDERS)
    }
    assert set(MERGE_OTHERS) - set(TOKEN_HOLDERS) == {"citizen", "sysadmin"}
    call = ("merge", {"original": original.tracking_number})
    for state in ALL_STATES:
        duplicate = reach(state)
        expected = {"admin": MERGE_COORDINATOR[state], **dict.fromkeys(TOKEN_HOLDERS, "403")}
        for role, outcome in expected.items():
            before_original = snapshot(original)
            _try(apis[role], duplicate, call, outcome, f"merge by {role} on {state}")
            assert snapshot(original) == before_original, f"merge by {role} on {state}"


def test_accepting_a_suggestion_answers_as_the_console_verify(
    reach: Callable[..., Complaint], token_for: Callable[..., str], request: Any
) -> None:
    """The console's one-button accept is a verification (routing.services.suggestion_accept
    calls complaint_verify), so it answers as the table's verify row, by role and state."""
    apis = {
        role: StaffApi(token_for(request.getfixturevalue(role)))
        for role in ("admin", "officer", *OTHERS)
    }
    admin_row = dict(zip(ALL_STATES, TABLE["verify"][0].split(), strict=True))
    officer_row = dict(zip(ALL_STATES, TABLE["verify"][1].split(), strict=True))
    for state in ALL_STATES:
        complaint = reach(state)
        call = ("suggestions/accept", {"unit": suggestion_for(complaint).units[0].unit.code})
        expected = {"admin": admin_row[state], "officer": officer_row[state]}
        expected |= dict.fromkeys(OTHERS, "403")
        for role, outcome in expected.items():
            _try(apis[role], complaint, call, outcome, f"accept a suggestion: {role} on {state}")
