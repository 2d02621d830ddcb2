"""The verification screen's helpers through the staff API (issue 16): the routing assistant's
suggestions and the one-action accept, the likely duplicates and the merge; and the resolution
with its cause and improvement. Each goes through the console's service and role check, is
attributed to the token, and a refusal says why in Indonesian and changes nothing."""

from __future__ import annotations

import pytest

from aduan.complaints.choices import ArchiveReason, EventKind, Status
from aduan.complaints.models import Complaint, Improvement
from aduan.organisation.models import Unit
from aduan.routing.models import SuggestionDecision
from aduan.routing.selectors import suggestion_for
from aduan.staffapi.models import ApiToken
from aduan.staffapi.services import token_hash
from aduan.staffapi.tests.conftest import StaffApi
from aduan.workflow.selectors import possible_duplicates_with_reasons
from aduan.workflow.tests.states import snapshot

pytestmark = pytest.mark.django_db

NOT_AWAITING = "Laporan ini tidak lagi menunggu verifikasi, sehingga sarannya tidak berlaku lagi."


@pytest.fixture
def coordinator(admin, token_for) -> tuple[StaffApi, str]:
    raw = token_for(admin)
    return StaffApi(raw), f"token:{ApiToken.objects.get(key_hash=token_hash(raw)).pk}"


# ---------------------------------------------------------------- suggestions


def test_the_suggestions_are_those_of_the_verification_screen(submit, coordinator):
    api, _via = coordinator
    report = submit(title="Jalan berlubang", description="Aspal jalan rusak berlubang").complaint
    expected = suggestion_for(report)

    body = api.get(f"/reports/{report.tracking_number}/suggestions").json()

    assert [u["unit"]["code"] for u in body["units"]] == [u.unit.code for u in expected.units]
    assert len(body["units"]) == 3
    best = body["units"][0]
    assert best["confidence"] == expected.units[0].confidence
    assert best["reason"] == expected.units[0].reason
    assert best["category"] == (
        {"code": expected.units[0].category.code, "name": expected.units[0].category.name}
        if expected.units[0].category
        else None
    )
    assert body["scope"]["code"] == expected.scope
    assert body["scope"]["label"]
    # The report has a desa: the place is the report's own, not one read from the text.
    assert body["place"]["code"] == report.region.code
    assert body["place"]["from_text"] is False


def test_the_place_named_in_the_text_is_suggested_when_the_location_is_empty(submit, coordinator):
    api, _via = coordinator
    report = submit(region=None, description="Banjir di Ds. Kanna Utara sejak kemarin.").complaint

    place = api.get(f"/reports/{report.tracking_number}/suggestions").json()["place"]

    assert place is not None
    assert place["from_text"] is True
    assert (place["code"], place["level"]) == ("73.17.01.2006", "village")


def test_accepting_a_suggestion_verifies_and_dispatches_for_the_token(submit, admin, coordinator):
    api, via = coordinator
    report = submit(title="Jalan berlubang", description="Aspal jalan rusak berlubang").complaint
    best = api.get(f"/reports/{report.tracking_number}/suggestions").json()["units"][0]

    response = api.post(
        f"/reports/{report.tracking_number}/suggestions/accept", {"unit": best["unit"]["code"]}
    )

    assert response.status_code == 200, response.content
    assert response.json()["status"]["code"] == Status.DISPATCHED
    report.refresh_from_db()
    assert list(report.dispatches.values_list("unit__code", flat=True)) == [best["unit"]["code"]]
    events = list(report.events.order_by("seq"))
    assert [e.kind for e in events] == ["submitted", "verified", "dispatched"]
    assert [e.via for e in events[1:]] == [via, via]
    assert events[-1].actor == admin
    decision = SuggestionDecision.objects.get(complaint=report)
    assert (decision.accepted, decision.chosen, decision.actor) == (
        True,
        [best["unit"]["code"]],
        admin,
    )
    # Verified: the suggestions no longer apply, as the screen no longer shows them.
    gone = api.get(f"/reports/{report.tracking_number}/suggestions")
    assert gone.status_code == 409
    assert gone.json()["error"]["message"] == NOT_AWAITING


def test_a_stale_suggestion_answers_409_and_changes_nothing(submit, coordinator):
    api, _via = coordinator
    report = submit(title="Jalan berlubang", description="Aspal jalan rusak berlubang").complaint
    best = api.get(f"/reports/{report.tracking_number}/suggestions").json()["units"][0]
    # The unit is closed down between reading the suggestions and accepting one.
    Unit.objects.filter(instansi=report.instansi, code=best["unit"]["code"]).update(is_active=False)
    before = snapshot(report)

    stale = api.post(
        f"/reports/{report.tracking_number}/suggestions/accept", {"unit": best["unit"]["code"]}
    )
    unknown = api.post(
        f"/reports/{report.tracking_number}/suggestions/accept", {"unit": "tidak-ada"}
    )

    assert stale.status_code == 409, stale.content
    assert stale.json()["error"]["message"] == (
        f"Unit {best['unit']['code']} tidak lagi termasuk saran untuk laporan ini; "
        "baca kembali sarannya."
    )
    assert unknown.status_code == 409
    assert snapshot(report) == before
    assert not SuggestionDecision.objects.exists()


def test_a_report_no_longer_awaiting_verification_has_no_suggestion_to_accept(reach, coordinator):
    api, _via = coordinator
    report = reach("dispatched")
    before = snapshot(report)

    response = api.post(f"/reports/{report.tracking_number}/suggestions/accept", {"unit": "pupr"})

    assert response.status_code == 409
    assert response.json()["error"]["message"] == NOT_AWAITING
    assert snapshot(report) == before


@pytest.mark.parametrize(("body", "field"), [({}, "unit"), ({"unit": ""}, "unit")])
def test_accepting_without_a_unit_answers_400(submit, coordinator, body, field):
    api, _via = coordinator
    report = submit().complaint
    before = snapshot(report)

    response = api.post(f"/reports/{report.tracking_number}/suggestions/accept", body)

    assert response.status_code == 400
    assert response.json()["error"]["message"] == "Beberapa isian perlu diperbaiki."
    assert field in response.json()["error"]["fields"]
    assert snapshot(report) == before


def test_only_the_coordinator_reads_suggestions_and_duplicates(reach, officer, staff_api):
    report = reach("dispatched")
    api = staff_api(officer)
    assert api.get(f"/reports/{report.tracking_number}").status_code == 200

    for path in ("suggestions", "duplicates", "screening"):
        assert api.get(f"/reports/{report.tracking_number}/{path}").status_code == 404, path


# ---------------------------------------------------------------- duplicates and merge


def test_the_likely_duplicates_are_listed_with_their_reason(submit, coordinator):
    api, _via = coordinator
    first = submit().complaint
    second = submit().complaint
    unrelated = submit(
        title="Pelayanan KTP lambat", description="Antrean panjang di kantor Disdukcapil."
    ).complaint

    body = api.get(f"/reports/{second.tracking_number}/duplicates").json()

    assert [r["tracking_number"] for r in body["results"]] == [first.tracking_number]
    assert unrelated.tracking_number not in str(body)
    listed = body["results"][0]
    # The console's reason: the words both share (rough stems).
    assert listed["shared"] == possible_duplicates_with_reasons(second)[0][1]
    assert "kanna" in listed["shared"]
    assert listed["status"]["code"] == Status.SUBMITTED
    assert listed["url"] == f"/api/v1/staff/reports/{first.tracking_number}"


def test_merging_a_duplicate_through_the_api(submit, admin, coordinator):
    api, via = coordinator
    original = submit().complaint
    duplicate = submit().complaint

    response = api.post(
        f"/reports/{duplicate.tracking_number}/merge",
        {"original": original.tracking_number.lower(), "note": "Sama lokasi"},
    )

    assert response.status_code == 200, response.content
    assert response.json()["status"]["code"] == Status.ARCHIVED
    duplicate.refresh_from_db()
    assert (duplicate.archive_reason, duplicate.duplicate_of_id) == (
        ArchiveReason.DUPLICATE,
        original.pk,
    )
    archived = duplicate.events.get(kind=EventKind.ARCHIVED)
    merged = original.events.get(kind=EventKind.MERGED)
    assert (archived.via, merged.via) == (via, via)
    assert (merged.actor, merged.note) == (admin, "Sama lokasi")


@pytest.mark.parametrize(
    ("original", "message"),
    [
        ("LWU-0000-0000", "Tidak ada laporan di instansi ini dengan nomor pelacakan tersebut."),
        ("itself", "Pilih laporan lain dari instansi ini."),
        ("archived", "Laporan tersebut sudah diteruskan atau diarsipkan"),
    ],
)
def test_a_bad_original_answers_400_and_changes_neither_report(
    submit, reach, coordinator, original, message
):
    api, _via = coordinator
    duplicate = submit().complaint
    other: Complaint | None = None
    if original == "itself":
        original = duplicate.tracking_number
    elif original == "archived":
        other = reach("archived")
        original = other.tracking_number
    before = snapshot(duplicate)
    before_other = snapshot(other) if other else None

    response = api.post(f"/reports/{duplicate.tracking_number}/merge", {"original": original})

    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["message"].startswith(message), error
    assert "original" in error["fields"]
    assert snapshot(duplicate) == before
    if other is not None:
        assert snapshot(other) == before_other


# ---------------------------------------------------------------- resolve with a cause


def test_the_unit_resolves_with_a_cause_and_proposes_an_improvement(
    reach, officer, pupr, staff_api
):
    report = reach("in_progress")
    api = staff_api(officer)

    response = api.post(
        f"/reports/{report.tracking_number}/resolve",
        {
            "summary": "Lubang sudah ditambal.",
            "cause": "time",
            "improvement": "Patroli jalan tiap bulan",
        },
    )

    assert response.status_code == 200, response.content
    resolved = report.events.get(kind=EventKind.RESOLVED)
    assert resolved.new["cause"] == "time"
    assert resolved.via.startswith("token:")
    proposed = Improvement.objects.get(complaint=report)
    assert (proposed.unit, proposed.cause, proposed.proposal) == (
        pupr,
        "time",
        "Patroli jalan tiap bulan",
    )
    assert report.events.get(kind=EventKind.IMPROVEMENT).via == resolved.via


@pytest.mark.parametrize(
    ("who", "body", "field", "message"),
    [
        ("officer", {"cause": "cuaca"}, "cause", "Pilih salah satu"),
        ("officer", {"improvement": "Patroli"}, "improvement", "Perbaikan diusulkan oleh unit"),
        # The coordinator may resolve, but an improvement is the unit's to propose.
        ("admin", {"cause": "time", "improvement": "Patroli"}, "improvement", "oleh unit"),
        ("officer", {"improvement": "x" * 2001}, "improvement", "Paling banyak 2000"),
    ],
)
def test_a_bad_cause_or_improvement_answers_400_and_changes_nothing(
    reach, staff_api, request, who, body, field, message
):
    report = reach("in_progress")
    before = snapshot(report)

    response = staff_api(request.getfixturevalue(who)).post(
        f"/reports/{report.tracking_number}/resolve", {"summary": "Beres", **body}
    )

    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert message in error["fields"][field], error
    assert snapshot(report) == before
    assert not Improvement.objects.exists()


def test_the_coordinator_resolves_with_a_cause_through_the_api(reach, admin, coordinator):
    api, via = coordinator
    report = reach("in_progress")

    response = api.post(
        f"/reports/{report.tracking_number}/resolve", {"summary": "Beres", "cause": "procedure"}
    )

    assert response.status_code == 200, response.content
    resolved = report.events.get(kind=EventKind.RESOLVED)
    assert (resolved.new["cause"], resolved.actor, resolved.via) == ("procedure", admin, via)
