"""The console pages of the plan: who sees what (URL x actor), edits through the forms, bad
input answered in Indonesian with nothing changed, and the public summary."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.http import HttpResponseBase
from django.test import Client
from django.urls import reverse

from aduan.accounts.choices import Role
from aduan.accounts.models import User
from aduan.accounts.testing import sign_in_verified
from aduan.actionplan.models import Entry, Plan, PlanChange, Priority, Training
from aduan.actionplan.reference import luwu_plan_load
from aduan.organisation.models import Instansi, Membership

PAGES = [
    "overview",
    "assessment",
    "priorities",
    "minutes_print",
    "indicators",
    "programmes",
    "monev",
    "capacity",
    "evidence",
    "pdf",
    "docx",
]
EDITS = [
    "texts",
    "publish",
    "copy",
    "priority_set",
    "minutes_save",
    "target_set",
    "entry_add",
    "activity_status_set",
    "monev_note_save",
    "training_add",
    "budget_line_save",
    "team_member_add",
    "programme_add",
    "activity_add",
    "indicator_add",
    "evidence_upload",
]


@pytest.fixture
def plan(luwu: Instansi) -> Plan:
    return luwu_plan_load(luwu)


@pytest.fixture
def palopo_coordinator(db: None) -> User:
    """A coordinator of another government: an outsider to Luwu's plan."""
    palopo = Instansi.objects.create(code="palopo", name="Pemerintah Kota Palopo")
    user = User.objects.create_user(username="palopo_admin", password="test-pass-123")
    Membership.objects.create(user=user, role=Role.COORDINATOR, instansi=palopo)
    return user


def _client(user: User | None) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="id")
    if user is not None:
        sign_in_verified(client, user)
    return client


@pytest.mark.parametrize(
    ("actor", "read", "edit"),
    [
        ("admin", 200, None),  # the coordinator: reads, and edits (checked below)
        ("leader", 200, 403),
        ("auditor", 200, 403),
        ("officer", 404, 404),  # a liaison: not the plan's reader
        ("operator", 404, 404),
        ("palopo_coordinator", 404, 404),
    ],
)
def test_who_reads_and_who_edits(request, plan, actor, read, edit):
    client = _client(request.getfixturevalue(actor))
    for name in PAGES:
        response = client.get(reverse(f"actionplan:{name}", args=[plan.pk]))
        assert response.status_code == read, name
    if edit is not None:
        changes = PlanChange.objects.count()
        for name in EDITS:
            response = client.post(reverse(f"actionplan:{name}", args=[plan.pk]), {})
            assert response.status_code == edit, name
        assert PlanChange.objects.count() == changes
        # The assessment's entry form is an edit page.
        entry = client.get(reverse("actionplan:assessment_entry", args=[plan.pk]))
        assert entry.status_code == edit
    assert client.get(reverse("actionplan:list")).status_code == read


def test_a_missing_plan_is_404_like_a_forbidden_one(plan, admin):
    client = _client(admin)
    assert client.get(reverse("actionplan:overview", args=[plan.pk + 1000])).status_code == 404


def test_the_public_and_signed_out_staff(plan):
    anonymous = _client(None)
    response = anonymous.get(reverse("actionplan:overview", args=[plan.pk]))
    assert response.status_code == 302  # to the sign-in page
    assert anonymous.get(reverse("actionplan:public", args=["luwu"])).status_code == 404


def test_readers_see_no_edit_forms(plan, leader):
    body = _client(leader).get(reverse("actionplan:priorities", args=[plan.pk])).content.decode()
    assert reverse("actionplan:priority_set", args=[plan.pk]) not in body
    assert "Sudah ada SK Bupati" in body


def test_the_overview_shows_targets_team_and_the_document(plan, admin):
    response = _client(admin).get(reverse("actionplan:overview", args=[plan.pk]))
    body = response.content.decode()
    assert "Mewujudkan Sistem Pengelolaan Pengaduan" in body
    assert "555/81/SK/DKISP/IX/2021" in body
    assert "Jumlah pengaduan dari masyarakat" in body
    assert reverse("actionplan:pdf", args=[plan.pk]) in body
    assert body.count("Kepala Sub Bagian") == 9  # the members the decree lists by position


def test_setting_a_priority_through_the_form(plan, admin):
    client = _client(admin)
    url = reverse("actionplan:priority_set", args=[plan.pk])
    response = client.post(url, {"aspect": "data", "level": "5", "reason": "Integrasi dulu"})
    assert response.status_code == 302
    assert Priority.objects.get(plan=plan, aspect="data").level == 5
    # Bad input: a clear error in Indonesian, nothing changed.
    response = client.post(url, {"aspect": "data", "level": "9", "reason": ""})
    assert response.status_code == 400
    assert "Masukkan pilihan yang valid" in response.content.decode()
    assert Priority.objects.get(plan=plan, aspect="data").reason == "Integrasi dulu"


def test_entering_an_assessment_through_the_form(plan, admin):
    client = _client(admin)
    url = reverse("actionplan:assessment_entry", args=[plan.pk])
    data = {"year": "2023", "assessed_on": "2023-09-04", "assessed_by": "Tim Renaksi"}
    data |= {f"score_{n}": "3" for n in range(1, 23)}
    data["note_21"] = "Sudah terintegrasi"
    incomplete = {k: v for k, v in data.items() if k != "score_7"}
    response = client.post(url, incomplete)
    assert response.status_code == 400
    assert not plan.assessments.filter(year=2023).exists()
    assert "wajib" in response.content.decode()  # "Bidang ini wajib diisi."
    response = client.post(url, data)
    assert response.status_code == 302
    assessment = plan.assessments.get(year=2023)
    assert assessment.scores.get(statement__number=21).note == "Sudah terintegrasi"
    page = client.get(reverse("actionplan:assessment", args=[plan.pk])).content.decode()
    assert 'role="img"' in page
    assert '<th scope="col">2023</th>' in page


def test_reporting_an_achievement_and_a_refused_one(plan, admin):
    client = _client(admin)
    url = reverse("actionplan:entry_add", args=[plan.pk])
    reported = plan.indicators.filter(measure="reported").first()
    measured = plan.indicators.get(figure="complaints_received")
    response = client.post(
        url, {"indicator": measured.pk, "year": "2022", "quarter": "0", "value": "10"}
    )
    assert response.status_code == 400  # measured ones are not in the list to choose from
    response = client.post(
        url, {"indicator": reported.pk, "year": "2022", "quarter": "2", "value": "-4"}
    )
    assert response.status_code == 400
    assert not Entry.objects.exists()
    response = client.post(
        url,
        {
            "indicator": reported.pk,
            "year": "2022",
            "quarter": "2",
            "value": "60",
            "evidence_url": "https://luwukab.go.id/ba",
        },
    )
    assert response.status_code == 302
    assert Entry.objects.get().entered_by == admin


def test_monev_page_and_its_notes(plan, admin):
    client = _client(admin)
    url = reverse("actionplan:monev", args=[plan.pk])
    response = client.get(url, {"year": "2022", "quarter": "3"})
    assert response.status_code == 200
    assert "Integrasi Aplikasi Lokal dengan SP4N-LAPOR" in response.content.decode()
    save = reverse("actionplan:monev_note_save", args=[plan.pk]) + "?year=2022&quarter=3"
    response = client.post(save, {"notes": "Survei tertunda", "decisions": "Lanjut Q4"})
    assert response.status_code == 302
    assert "year=2022" in response["Location"]
    assert "Lanjut Q4" in client.get(url, {"year": "2022", "quarter": "3"}).content.decode()
    # A year outside the plan: the default period, not an error page.
    assert client.get(url, {"year": "1999", "quarter": "7"}).status_code == 200


def test_training_with_an_unknown_account_is_refused(plan, admin, officer):
    client = _client(admin)
    url = reverse("actionplan:training_add", args=[plan.pk])
    data = {
        "person": "Andi",
        "username": "nobody",
        "kind": "bimtek",
        "title": "Bimtek",
        "held_on": "2022-03-01",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert not Training.objects.exists()
    response = client.post(url, data | {"username": officer.username})
    assert response.status_code == 302
    assert Training.objects.get().user == officer


def test_copying_forward_through_the_form(plan, admin):
    client = _client(admin)
    url = reverse("actionplan:copy", args=[plan.pk])
    response = client.post(url, {"year_start": "2025", "year_end": "2024"})
    assert response.status_code == 400
    assert Plan.objects.count() == 1
    response = client.post(url, {"year_start": "2025", "year_end": "2029"})
    new = Plan.objects.get(year_start=2025)
    assert response["Location"] == reverse("actionplan:overview", args=[new.pk])
    # The baseline of a measured indicator is the old plan's last year, measured (no reports).
    assert new.indicators.get(figure="complaints_received").baseline == Decimal(0)


def test_activities_aduan_performs_link_to_their_feature(plan, admin):
    body = _client(admin).get(reverse("actionplan:programmes", args=[plan.pk])).content.decode()
    statistics = reverse("reporting:statistics")
    # The periodic report and the publication link to the statistics; the survey and the
    # integration are recognised but have no page yet.
    assert len(re.findall(rf'<span class="hint"><a href="{statistics}">', body)) == 2
    assert len(re.findall(r'<span class="hint">[^<]+</span></th>', body)) == 2


def test_the_public_summary_appears_only_when_published(plan, admin, anon_client):
    url = reverse("actionplan:public", args=["luwu"])
    assert anon_client.get(url).status_code == 404
    _client(admin).post(reverse("actionplan:publish", args=[plan.pk]), {"published": "on"})
    response = anon_client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Mewujudkan Sistem Pengelolaan Pengaduan" in body
    assert "Jumlah pengaduan dari masyarakat" in body
    assert "Sudah ada SK Bupati" not in body  # the summary only: no priorities, no team
    assert "ANWAR KAMIN" not in body


def test_writing_the_next_plans_structure_through_the_forms(plan, admin, other_officer):
    client = _client(admin)

    def post(name: str, data: dict[str, object]) -> HttpResponseBase:
        return client.post(reverse(f"actionplan:{name}", args=[plan.pk]), data)

    response = post(
        "team_member_add",
        {
            "role": "member",
            "position": "Kasubag Program Dinkes",
            "username": other_officer.username,
        },
    )
    assert response.status_code == 302
    assert plan.team.filter(user=other_officer).exists()
    assert post("programme_add", {"name": "Inovasi Layanan", "aspect": "data"}).status_code == 302
    programme = plan.programmes.get(name="Inovasi Layanan")
    assert programme.number == 6
    response = post(
        "activity_add",
        {
            "programme": programme.pk,
            "name": "Survei Kepuasan Masyarakat",
            "years": ["2023", "2024"],
            "parties": "Dinas Kominfo",
        },
    )
    assert response.status_code == 302
    activity = programme.activities.get()
    assert (activity.years, activity.feature) == ([2023, 2024], "survey")
    # A year outside the plan is not offered: refused, nothing added.
    assert (
        post(
            "activity_add", {"programme": programme.pk, "name": "X", "years": ["2030"]}
        ).status_code
        == 400
    )
    assert programme.activities.count() == 1
    response = post(
        "indicator_add", {"name": "Persentase tepat waktu", "figure": "share_on_time", "unit": "%"}
    )
    assert response.status_code == 302
    assert plan.indicators.get(name="Persentase tepat waktu").measure == "measured"
    response = post(
        "indicator_add", {"name": "Jumlah aplikasi terintegrasi", "programme": programme.pk}
    )
    assert response.status_code == 302
    assert plan.indicators.get(name="Jumlah aplikasi terintegrasi").measure == "reported"
    assert post("indicator_add", {"name": "Lainnya", "figure": "no_such_figure"}).status_code == 400


def test_editing_the_plans_texts_keeps_what_is_not_changed(plan, admin):
    client = _client(admin)
    response = client.post(
        reverse("actionplan:texts", args=[plan.pk]),
        {
            "goal": "Tujuan baru",
            "strategic_target": plan.strategic_target,
            "introduction": plan.introduction,
            "closing": plan.closing,
            "decree_number": plan.decree_number,
            "decree_date": "2021-09-09",
        },
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.goal == "Tujuan baru"
    assert plan.decree_number == "555/81/SK/DKISP/IX/2021"
    change = PlanChange.objects.filter(plan=plan, action="plan_update").get()
    assert change.detail == {"fields": ["goal"]}
    response = client.post(
        reverse("actionplan:texts", args=[plan.pk]), {"goal": "x", "decree_date": "31-31-2021"}
    )
    assert response.status_code == 400
    plan.refresh_from_db()
    assert plan.goal == "Tujuan baru"
