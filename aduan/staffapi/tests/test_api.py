"""The staff API through a token: inboxes, a report as the role sees it, actions attributed to
the token in the event log, the logged identity view, and bad input that changes nothing."""

from __future__ import annotations

import pytest

from aduan.complaints.choices import EventKind, Status
from aduan.complaints.services import ReporterInput
from aduan.staffapi.models import ApiToken
from aduan.staffapi.services import token_hash
from aduan.workflow.tests.states import snapshot

pytestmark = pytest.mark.django_db


def test_the_coordinator_lists_the_inbox_and_verifies_through_the_api(
    submit, admin, token_for, pupr
):
    from aduan.staffapi.tests.conftest import StaffApi

    raw = token_for(admin)
    token = ApiToken.objects.get(key_hash=token_hash(raw))
    api = StaffApi(raw)
    report = submit().complaint

    inbox = api.get("/inbox/coordinator")
    verified = api.post(
        f"/reports/{report.tracking_number}/verify",
        {"units": ["pupr"], "instruction": "Mohon dicek"},
    )

    assert inbox.status_code == 200
    assert [r["tracking_number"] for r in inbox.json()["results"]] == [report.tracking_number]
    assert verified.status_code == 200, verified.content
    assert verified.json()["status"] == {"code": "dispatched", "label": "Didisposisi"}
    events = list(report.events.order_by("seq"))
    assert [e.kind for e in events] == ["submitted", "verified", "dispatched"]
    assert [e.via for e in events] == ["", f"token:{token.pk}", f"token:{token.pk}"]
    assert events[-1].actor == admin
    assert api.get("/inbox/coordinator").json()["results"] == []
    # The chain still verifies with the new column.
    from aduan.complaints.events import verify_chain

    report.refresh_from_db()
    assert verify_chain(report) == []


def test_the_liaison_works_the_report_through_the_api(reach, officer, staff_api):
    report = reach("dispatched")
    api = staff_api(officer)
    number = report.tracking_number

    inbox = api.get("/inbox/unit", tab="new").json()["results"]
    steps = [
        api.post(f"/reports/{number}/accept"),
        api.post(f"/reports/{number}/followups", {"text": "Tim sudah ke lokasi"}),
        api.post(f"/reports/{number}/followups", {"text": "Catatan dalam", "is_public": False}),
        api.post(f"/reports/{number}/resolve", {"summary": "Lubang sudah ditambal"}),
    ]
    page = api.get(f"/reports/{number}").json()

    assert [r["tracking_number"] for r in inbox] == [number]
    assert [r.status_code for r in steps] == [200, 200, 200, 200]
    assert page["status"]["code"] == Status.RESOLVED
    kinds = [e["kind"]["code"] for e in page["events"]]
    assert kinds[-4:] == ["dispatch_accepted", "followup", "followup", "resolved"]
    assert [e["is_public"] for e in page["events"][-3:-1]] == [True, False]
    assert all(e["via"].startswith("token:") for e in page["events"][-4:])


def test_a_report_read_never_carries_the_reporters_identity(
    submit, admin, pupr, officer, staff_api
):
    from aduan.workflow import services

    report = submit(
        is_anonymous=True, reporter=ReporterInput(name="Rahmawati Said", phone="0813 1111 2222")
    ).complaint
    services.complaint_verify(actor=admin, complaint=report, units=[pupr])

    for user in (admin, officer):
        body = staff_api(user).get(f"/reports/{report.tracking_number}").content.decode()
        for secret in ("Rahmawati", "6281311112222", "0813"):
            assert secret not in body, user


def test_only_a_coordinator_sees_an_anonim_reporter_and_the_view_is_logged(
    submit, admin, officer, pupr, staff_api
):
    from aduan.workflow import services

    report = submit(
        is_anonymous=True, reporter=ReporterInput(name="Rahmawati Said", phone="0813 1111 2222")
    ).complaint
    services.complaint_verify(actor=admin, complaint=report, units=[pupr])
    path = f"/reports/{report.tracking_number}/identity"

    denied = staff_api(officer).post(path)
    shown = staff_api(admin).post(path)

    assert denied.status_code == 404
    assert shown.status_code == 200
    assert shown.json()["reporter"]["name"] == "Rahmawati Said"
    viewed = report.events.get(kind=EventKind.IDENTITY_VIEWED)
    assert viewed.actor == admin
    assert viewed.via.startswith("token:")


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("verify", {"units": []}, "units"),
        ("verify", {"units": ["no-such-unit"]}, None),
        ("verify", {"units": ["pupr"], "surprise": 1}, "surprise"),
        ("verify", {"units": ["pupr"], "category_code": "nope"}, "category_code"),
        ("archive", {"reason": "because"}, "reason"),
        ("hold", {"question": ""}, "question"),
        ("forward", {"reason": "x", "to_instansi": "atlantis"}, "instansi"),
    ],
)
def test_bad_input_answers_400_in_indonesian_and_changes_nothing(
    submit, admin, staff_api, path, body, field
):
    report = submit().complaint
    before = snapshot(report)

    response = staff_api(admin).post(f"/reports/{report.tracking_number}/{path}", body)

    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["message"]
    if field:
        assert field in error["fields"]
    assert snapshot(report) == before


def test_a_report_of_another_unit_is_404(reach, other_officer, staff_api):
    report = reach("dispatched")

    api = staff_api(other_officer)

    assert api.get(f"/reports/{report.tracking_number}").status_code == 404
    assert api.post(f"/reports/{report.tracking_number}/accept").status_code == 404
    assert api.get("/inbox/unit").json()["results"] == []


def test_inbox_lists_cost_a_fixed_number_of_queries(
    reach, admin, officer, staff_api, django_assert_max_num_queries
):
    for _ in range(3):
        reach("submitted")
        reach("dispatched")
    coordinator, liaison = staff_api(admin), staff_api(officer)

    with django_assert_max_num_queries(8):
        assert len(coordinator.get("/inbox/coordinator").json()["results"]) == 3
    with django_assert_max_num_queries(8):
        assert len(liaison.get("/inbox/unit").json()["results"]) == 3
