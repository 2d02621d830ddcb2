"""The report page of the staff console: everything needed to decide, and nothing a viewer may
not see (the identity of an anonim reporter only after a logged click)."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from aduan.complaints import screening
from aduan.complaints.choices import EventKind, Status
from aduan.complaints.models import Complaint, ComplaintEvent
from aduan.complaints.services import ReporterInput
from aduan.organisation.models import Category, Region
from aduan.workflow import services
from aduan.workflow.selectors import possible_duplicates, possible_duplicates_with_reasons
from aduan.workflow.tests.console_helpers import staff_client

pytestmark = pytest.mark.django_db

WITA = ZoneInfo("Asia/Makassar")


def _page(complaint: Complaint) -> str:
    return reverse("workflow:console_report", args=[complaint.tracking_number])


def _identity(complaint: Complaint) -> str:
    return reverse("workflow:console_identity", args=[complaint.tracking_number])


def test_page_shows_the_report_its_place_clocks_and_units(reach, admin):
    complaint = reach(
        Status.DISPATCHED,
        address="Depan SD Negeri 12 Kanna",
        latitude=Decimal("-3.300123"),
        longitude=Decimal("120.250456"),
    )
    html = staff_client(admin).get(_page(complaint)).content.decode()
    assert complaint.description in html
    assert "Kanna, Kecamatan Basse Sangtempe" in html
    assert "Depan SD Negeri 12 Kanna" in html
    # The point as text and link without JS, and the data the map script reads.
    assert "-3.300123, 120.250456" in html
    assert "data-console-map" in html
    assert 'data-lat="-3.300123"' in html
    assert "js/console-map.js" in html
    assert 'data-dispatch-unit="pupr"' in html
    assert "First follow-up" in html
    assert 'data-clock="on_track"' in html
    assert "On track" in html


def test_no_map_without_a_point(submit, admin):
    html = staff_client(admin).get(_page(submit().complaint)).content.decode()
    assert "data-console-map" not in html
    assert "console-map.js" not in html


def test_timeline_shows_internal_events_to_staff_not_the_public(reach, admin, officer):
    complaint = reach(Status.IN_PROGRESS)
    services.followup_add(
        actor=officer, complaint=complaint, text="Catatan internal tim", is_public=False
    )
    html = staff_client(admin).get(_page(complaint)).content.decode()
    assert "Catatan internal tim" in html
    assert "internal" in html
    public = staff_client(admin).get(reverse("workflow:track", args=[complaint.tracking_number]))
    assert "Catatan internal tim" not in public.content.decode()


FULL_IDENTITY = ReporterInput(
    name="Andi Baso",
    nik="7317010101900001",
    phone="0812 3456 7890",
    email="andi.baso@example.id",
    address="Dusun Kanna RT 02",
)


@pytest.mark.parametrize("viewer", ["admin", "officer"])
def test_a_named_reporters_contact_details_are_masked_until_the_logged_click(
    submit, publish, request, viewer
):
    complaint = publish(submit(reporter=FULL_IDENTITY))  # dispatched to PUPR: the officer's
    user = request.getfixturevalue(viewer)
    client = staff_client(user)

    html = client.get(_page(complaint)).content.decode()
    assert "Andi Baso" in html  # the name, to address the person
    for secret in ("7317010101900001", "+6281234567890", "andi.baso@example.id", "Dusun Kanna"):
        assert secret not in html, secret
    assert "••••••••••••0001" in html
    assert "+6281••••••890" in html
    assert "a•••@example.id" in html
    assert not complaint.events.filter(kind=EventKind.IDENTITY_VIEWED).exists()

    shown = client.post(_identity(complaint))
    assert shown.status_code == 200
    assert shown["Cache-Control"] == "no-store"
    for secret in ("7317010101900001", "+6281234567890", "andi.baso@example.id", "Dusun Kanna"):
        assert secret in shown.content.decode(), secret
    viewed = ComplaintEvent.objects.get(complaint=complaint, kind=EventKind.IDENTITY_VIEWED)
    assert viewed.actor == user
    # A later GET is masked again.
    assert "7317010101900001" not in client.get(_page(complaint)).content.decode()


def test_an_outsider_cannot_ask_for_the_identity(submit, publish, other_officer):
    complaint = publish(submit(reporter=FULL_IDENTITY))

    response = staff_client(other_officer).post(_identity(complaint))

    assert response.status_code == 404
    assert not complaint.events.filter(kind=EventKind.IDENTITY_VIEWED).exists()


def test_an_anonim_report_of_the_same_person_is_listed_only_with_the_logged_step(submit, admin):
    named = submit(reporter=FULL_IDENTITY).complaint
    anonim = submit(reporter=FULL_IDENTITY, is_anonymous=True).complaint
    client = staff_client(admin)

    page = client.get(_page(named)).content.decode()
    # (The possible duplicates may list it by its content; the reporter section never does.)
    assert anonim.tracking_number not in page.split('id="reporter"')[1].split("</section>")[0]

    shown = client.post(_identity(named)).content.decode()
    section = shown.split('id="reporter"')[1].split("</section>")[0]
    assert anonim.tracking_number in section
    # The anonim report's own log records that its reporter was seen, and through which report.
    logged = ComplaintEvent.objects.get(complaint=anonim, kind=EventKind.IDENTITY_VIEWED)
    assert (logged.actor, logged.new) == (admin, {"via": named.tracking_number})


def test_anonim_identity_only_after_the_logged_click(submit, admin):
    complaint = submit(
        is_anonymous=True, reporter=ReporterInput(name="Rahmawati Said", nik="7317014501900003")
    ).complaint
    client = staff_client(admin)
    html = client.get(_page(complaint)).content.decode()
    assert "Rahmawati" not in html
    assert "7317014501900003" not in html
    assert _identity(complaint) in html
    response = client.post(_identity(complaint))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert "Rahmawati Said" in response.content.decode()
    viewed = ComplaintEvent.objects.get(complaint=complaint, kind=EventKind.IDENTITY_VIEWED)
    assert viewed.actor == admin
    assert not viewed.is_public
    # A later GET does not show it again.
    assert "Rahmawati" not in client.get(_page(complaint)).content.decode()


def test_identity_button_without_any_identity(submit, admin):
    complaint = submit(is_anonymous=True, reporter=ReporterInput()).complaint
    client = staff_client(admin)
    assert "The reporter gave no identity." in client.get(_page(complaint)).content.decode()
    response = client.post(_identity(complaint))
    assert response.status_code == 302
    assert not complaint.events.filter(kind=EventKind.IDENTITY_VIEWED).exists()


def test_other_reports_of_the_same_person_whatever_the_number_format(submit, admin):
    first = submit(reporter=ReporterInput(name="Andi", phone="0812-3456-7890")).complaint
    second = submit(reporter=ReporterInput(name="Andi B.", phone="+62 812 3456 7890")).complaint
    by_email = submit(reporter=ReporterInput(email="ANDI@example.com")).complaint
    stranger = submit(reporter=ReporterInput(name="Orang lain", phone="0811 0000 1111")).complaint
    html = staff_client(admin).post(_identity(second)).content.decode()
    section = html.split('id="reporter"')[1].split("</section>")[0]
    assert first.tracking_number in section
    assert stranger.tracking_number not in section
    assert by_email.tracking_number not in section


def test_personal_data_warning_on_a_public_report(submit, admin):
    complaint = submit(
        title="Pungli oleh Pak Budi Santoso",
        description=(
            "NIK saya 7317014501900003, hubungi 0812-3456-7890 atau +62 813 9876 5432, "
            "email andi.baso@example.com. Ibu Sitti juga tahu."
        ),
    ).complaint
    html = staff_client(admin).get(_page(complaint)).content.decode()
    assert "data-personal-data" in html
    for kind in ("nik", "phone", "email", "name"):
        assert f'data-found="{kind}"' in html, kind
    assert "7317014501900003" in html
    assert "andi.baso@example.com" in html
    assert 'name="edit-is_confidential" value="yes"' in html  # the one-click fix


def test_no_personal_data_warning_when_clean(submit, admin):
    client = staff_client(admin)
    clean = submit().complaint
    assert "data-personal-data" not in client.get(_page(clean)).content.decode()


def test_personal_data_scan():
    text = (
        "Sdr. Andi Baso (NIK 7317014501900003) telp 0812 3456 7890, 62-813-1111-2222; "
        "surel a.b@desa.id. Jalan 12 rusak sejak 2024, 150 meter, RT 003/RW 002."
    )
    found = {(m.kind, m.text) for m in screening.find(text)}
    assert found == {
        ("name", "Andi Baso"),
        ("nik", "7317014501900003"),
        ("phone", "0812 3456 7890"),
        ("phone", "62-813-1111-2222"),
        ("email", "a.b@desa.id"),
    }
    assert screening.find("Jalan 12 rusak sejak 2024, 150 meter, RT 003/RW 002.") == []


@pytest.fixture
def road_reports(submit):
    def _file(**overrides):
        fields = {
            "title": "Jalan berlubang dekat pasar Kanna",
            "description": "Lubang besar di jalan poros, motor sering jatuh.",
        }
        fields.update(overrides)
        return submit(**fields).complaint

    return _file


def test_possible_duplicates_found(road_reports, admin, village):
    original = road_reports()
    neighbour_village = Region.objects.filter(parent=village.parent).exclude(pk=village.pk).first()
    nearby = road_reports(region=neighbour_village, title="Lubang jalan poros pasar Kanna")
    report = road_reports()
    assert set(possible_duplicates(report)) == {original, nearby}
    html = staff_client(admin).get(_page(report)).content.decode()
    assert f'data-duplicate="{original.tracking_number}"' in html
    # Each candidate says why: the words the two reports have in common.
    for other, shared in possible_duplicates_with_reasons(report):
        assert shared, other
        assert f"{', '.join(shared)}</span>" in html
    assert html.count("data-duplicate-reason") == 2


def test_possible_duplicates_not_found(road_reports, luwu, village):
    elsewhere = Region.objects.filter(level="village").exclude(parent=village.parent).first()
    road_reports(region=elsewhere)  # another kecamatan
    health = Category.objects.get(instansi=luwu, code="kesehatan-puskesmas")
    road_reports(category=health)  # another category
    road_reports(title="Lampu penerangan padam", description="Gelap gulita setiap malam.")
    with time_machine.travel(datetime.now(tz=WITA) - timedelta(days=40), tick=False):
        road_reports()  # too long ago
    report = road_reports()
    assert possible_duplicates(report) == []


def test_report_page_query_count_is_bounded(reach, admin, django_assert_max_num_queries):
    complaint = reach(Status.IN_PROGRESS)
    for _ in range(5):
        reach(Status.SUBMITTED)  # duplicates and other reports of the same person
    client = staff_client(admin)
    client.get(_page(complaint))
    with django_assert_max_num_queries(25):
        assert client.get(_page(complaint)).status_code == 200
