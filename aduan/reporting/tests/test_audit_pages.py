"""The auditor's event log and identity-view list, and who may open every oversight and audit
URL (pages and exports): outsiders get 404, the anonymous public the sign-in page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from aduan.complaints.choices import EventKind
from aduan.complaints.models import ComplaintEvent
from aduan.complaints.services import ReporterInput
from aduan.reporting.tests.conftest import IDENTITY, WITA, client_of
from aduan.workflow import services

pytestmark = pytest.mark.django_db

OVERSIGHT = (
    "/konsol/pengawasan/",
    "/konsol/pengawasan/terlambat/",
    "/konsol/pengawasan/unit/",
)
AUDIT = ("/konsol/audit/peristiwa/", "/konsol/audit/identitas/")
ALL = tuple(
    f"{url}{fmt}" for url in OVERSIGHT + AUDIT for fmt in ("", "?format=csv", "?format=xlsx")
)


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.mark.parametrize(
    ("who", "oversight", "audit"),
    [
        ("anonymous", 302, 302),
        ("citizen", 404, 404),
        ("officer", 404, 404),  # a liaison
        ("operator", 404, 404),
        ("sysadmin", 404, 404),
        ("leader", 200, 404),
        ("dinkes_leader", 200, 404),
        ("admin", 200, 404),  # a coordinator
        ("auditor", 200, 200),
    ],
)
def test_who_may_open_each_url(request, scene, who, oversight, audit):
    client = client_of(None if who == "anonymous" else request.getfixturevalue(who))
    for url in ALL:
        expected = audit if "/audit/" in url else oversight
        response = client.get(url)
        assert response.status_code == expected, url
        if expected == 302:
            assert response["Location"].startswith(reverse("accounts:login"))


def test_another_government_s_staff_see_nothing_of_luwu(scene, palopo_leader):
    client = client_of(palopo_leader)
    numbers = [c.tracking_number for c in (scene.late_pupr, scene.late_pkm, scene.resolved)]
    for url in ALL:
        response = client.get(url)
        assert response.status_code == 200, url
        content = response.getvalue().decode("utf-8", "replace")
        for number in numbers:
            assert number not in content, url
        assert "Pemerintah Kabupaten Luwu" not in content
        assert client.get(url + ("&" if "?" in url else "?") + "instansi=luwu").status_code == 404


def test_the_event_log_shows_who_did_what_newest_first(scene, auditor, admin):
    response = client_of(auditor).get(
        f"/konsol/audit/peristiwa/?number={scene.resolved.tracking_number}"
    )
    assert response.status_code == 200
    events = [row["event"] for row in response.context["events"]]
    expected = list(
        ComplaintEvent.objects.filter(complaint=scene.resolved).order_by("-created_at", "-pk")
    )
    assert events == expected
    kinds = [e.kind for e in events]
    assert kinds[0] == EventKind.IDENTITY_VIEWED
    assert kinds[-1] == EventKind.SUBMITTED
    verified = next(r for r in response.context["events"] if r["event"].kind == "verified")
    assert verified["actor"] == "admin"
    body = response.content.decode()
    for value in IDENTITY:
        assert value not in body


def test_a_reporter_with_an_account_is_never_named_in_the_log(submit, citizen, auditor):
    citizen.first_name, citizen.last_name = "Andi Baso", "Tenri"
    citizen.save()
    complaint = submit(reporter=ReporterInput(user=citizen), is_anonymous=True).complaint
    response = client_of(auditor).get(
        f"/konsol/audit/peristiwa/?number={complaint.tracking_number}&format=csv"
    )
    text = response.getvalue().decode("utf-8-sig")
    assert "Reporter" in text
    assert "warga" not in text
    assert "Tenri" not in text


def test_the_event_log_filters_by_kind_actor_and_period(scene, auditor, admin, officer):
    client = client_of(auditor)
    response = client.get("/konsol/audit/peristiwa/?kind=resolved")
    assert [r["event"].complaint_id for r in response.context["events"]] == [scene.resolved.pk]
    response = client.get("/konsol/audit/peristiwa/?actor=officer")
    assert {r["event"].actor_id for r in response.context["events"]} == {officer.pk}
    response = client.get("/konsol/audit/peristiwa/?actor=nobody")
    assert response.context["events"] == []
    response = client.get("/konsol/audit/peristiwa/?date_from=2025-02-04&date_to=2025-02-05")
    kinds = {r["event"].kind for r in response.context["events"]}
    assert {EventKind.FOLLOWUP, EventKind.RESOLVED, EventKind.IDENTITY_VIEWED} <= kinds
    assert not kinds & {EventKind.SUBMITTED, EventKind.VERIFIED}  # 3 February
    for row in response.context["events"]:
        day = row["event"].created_at.astimezone(WITA).date().isoformat()
        assert day in ("2025-02-04", "2025-02-05")


def test_the_event_log_pages_by_keyset_without_gaps_or_repeats(
    scene, auditor, submit, django_assert_max_num_queries
):
    for i in range(60):
        submit(title=f"Laporan {i}")
    client = client_of(auditor)
    seen: list[int] = []
    url = "/konsol/audit/peristiwa/"
    pages = 0
    while url and pages < 5:
        with django_assert_max_num_queries(12):
            response = client.get(url)
        assert response.status_code == 200
        seen += [row["event"].pk for row in response.context["events"]]
        cursor = response.context["next_cursor"]
        url = f"/konsol/audit/peristiwa/?after={cursor}" if cursor else ""
        pages += 1
    everything = list(
        ComplaintEvent.objects.order_by("-created_at", "-pk").values_list("pk", flat=True)
    )
    assert seen == everything
    assert pages == 2


def test_the_identity_page_lists_who_viewed_which_report(scene, auditor, admin):
    services.reporter_identity_view(actor=admin, complaint=scene.resolved)
    response = client_of(auditor).get("/konsol/audit/identitas/")
    assert response.status_code == 200
    rows = response.context["events"]
    assert [(r["actor"], r["event"].complaint_id) for r in rows] == [
        ("admin", scene.resolved.pk),
        ("admin", scene.resolved.pk),
    ]
    assert "kind" not in response.context["form"].fields
    body = response.content.decode()
    assert scene.resolved.tracking_number in body
    for value in IDENTITY:
        assert value not in body
