"""The unit's side of the staff console: the liaison's inbox (/konsol/unit/) and the actions
on a report (accept, hand back, follow up, extend, resolve, re-assign), through the pages."""

from __future__ import annotations

import io
import re
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation
from PIL import Image

from aduan.accounts.models import User
from aduan.accounts.testing import sign_in_verified
from aduan.complaints.choices import DispatchStatus, EventKind, ReportType, Status
from aduan.complaints.models import Attachment, Complaint, ComplaintEvent, Dispatch
from aduan.complaints.services import ReporterInput
from aduan.organisation.choices import UnitKind
from aduan.organisation.models import Instansi, ReplyTemplate, Unit
from aduan.workflow import services
from aduan.workflow.tests.states import snapshot
from aduan.workflow.views.unit import unit_panel

pytestmark = pytest.mark.django_db

WITA = ZoneInfo("Asia/Makassar")
INBOX = reverse("workflow:unit_inbox")
ACTIONS = (
    "console_accept",
    "console_return",
    "console_followup",
    "console_extend",
    "console_resolve",
    "console_reassign",
)
SECRET_REPORTER = ReporterInput(
    name="Rahmawati Sangkala", phone="0813 9988 7766", email="rahma@example.id", nik=""
)


def _client(user: User) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    sign_in_verified(client, user)
    return client


def _url(name: str, complaint: Complaint) -> str:
    return reverse(f"workflow:{name}", args=[complaint.tracking_number])


def _report_page(complaint: Complaint) -> str:
    return reverse("workflow:console_report", args=[complaint.tracking_number]) + "#unit-actions"


def _messages(response) -> list[tuple[str, str]]:
    return [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]


def _files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def _jpeg_with_exif(name: str = "lokasi.jpg") -> SimpleUploadedFile:
    exif = Image.Exif()
    exif[0x010F] = "KameraMerek"  # Make
    exif[0x0131] = "Editor 1.0"  # Software
    buffer = io.BytesIO()
    Image.new("RGB", (16, 12), (200, 30, 30)).save(buffer, "JPEG", exif=exif.tobytes())
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def _not_a_photo() -> SimpleUploadedFile:
    return SimpleUploadedFile(
        "foto.jpg", b"MZ\x90\x00 not an image at all", content_type="image/jpeg"
    )


@pytest.fixture
def upt(luwu: Instansi, pupr: Unit) -> Unit:
    """A sub-unit of Dinas PUPR (the reference data has none)."""
    return Unit.objects.create(
        instansi=luwu,
        parent=pupr,
        code="upt-jalan-1",
        name="UPT Jalan dan Jembatan Wilayah I",
        short_name="UPT Jalan I",
        kind=UnitKind.SUB_UNIT,
    )


@pytest.fixture
def officer_client(officer: User) -> Client:
    return _client(officer)


# ---------------------------------------------------------------- the inbox


def _numbers(response) -> list[str]:
    return re.findall(r'<tr data-number="([^"]+)"', response.content.decode())


def _clock_of(response, number: str) -> str | None:
    found = re.search(
        rf'<tr data-number="{number}"(?: data-clock="([a-z_]+)")?', response.content.decode()
    )
    assert found, number
    return found.group(1)


def test_inbox_lists_own_unit_and_sub_units_nearest_deadline_first_with_marks(
    submit, admin, officer, officer_client, pupr, upt, dinkes
):
    def dispatched(at: datetime, unit: Unit, title: str) -> Complaint:
        with time_machine.travel(at, tick=False):
            complaint = submit(title=title).complaint
            return services.complaint_verify(actor=admin, complaint=complaint, units=[unit])

    # Filed on different days so each first follow-up is due on a different day.
    to_upt = dispatched(datetime(2026, 11, 4, 9, 0, tzinfo=WITA), upt, "Jembatan retak")
    to_pupr = dispatched(datetime(2026, 11, 2, 9, 0, tzinfo=WITA), pupr, "Jalan berlubang")
    to_dinkes = dispatched(datetime(2026, 11, 2, 9, 0, tzinfo=WITA), dinkes, "Puskesmas tutup")
    followed = dispatched(datetime(2026, 11, 3, 9, 0, tzinfo=WITA), pupr, "Drainase tersumbat")
    with time_machine.travel(datetime(2026, 11, 3, 10, 0, tzinfo=WITA), tick=False):
        # A public follow-up stops the first-follow-up clock: completion is what is left.
        services.followup_add(actor=officer, complaint=followed, text="Tim sudah ke lokasi")

    # Wednesday 11 November, 01:00: 23 working hours are left of the UPT's five working days.
    with time_machine.travel(datetime(2026, 11, 11, 1, 0, tzinfo=WITA), tick=False):
        response = officer_client.get(INBOX)

    assert response.status_code == 200
    assert _numbers(response) == [
        to_pupr.tracking_number,  # first follow-up due Mon 9 Nov
        to_upt.tracking_number,  # due Wed 11 Nov
        followed.tracking_number,  # no follow-up clock; completion in 14 working days
    ]
    assert to_dinkes.tracking_number not in response.content.decode()
    assert _clock_of(response, to_pupr.tracking_number) == "breached"
    assert _clock_of(response, to_upt.tracking_number) == "at_risk"
    assert _clock_of(response, followed.tracking_number) == "on_track"
    page = response.content.decode()
    for words in ("Breached", "At risk", "On track", "Jalan berlubang", "UPT Jalan I"):
        assert words in page
    assert "Basse Sangtempe" in page  # the kecamatan of the village


def test_inbox_tabs_split_new_in_progress_and_on_hold(reach, officer_client):
    new = reach(Status.DISPATCHED, title="Baru")
    working = reach(Status.IN_PROGRESS, title="Dikerjakan")
    held = reach(Status.ON_HOLD, title="Ditunda")

    def tab(name: str) -> set[str]:
        response = officer_client.get(INBOX, {"tab": name})
        assert response.status_code == 200
        return set(_numbers(response))

    assert tab("new") == {new.tracking_number}
    assert tab("in_progress") == {working.tracking_number}
    assert tab("on_hold") == {held.tracking_number}
    assert tab("all") == {new.tracking_number, working.tracking_number, held.tracking_number}
    assert tab("nonsense") == tab("all")


def test_inbox_pages_and_does_not_query_per_row(
    submit, admin, pupr, officer_client, django_assert_max_num_queries
):
    for n in range(27):
        complaint = submit(title=f"Laporan {n}").complaint
        services.complaint_verify(actor=admin, complaint=complaint, units=[pupr])
    # Session, user, device, roles, units, count, tab counts, one page of rows, and the
    # navigation's unread-message count.
    with django_assert_max_num_queries(9):
        first = officer_client.get(INBOX)
    second = officer_client.get(INBOX, {"page": 2})
    assert len(_numbers(first)) == 25
    assert len(_numbers(second)) == 2
    assert not set(_numbers(first)) & set(_numbers(second))


def test_inbox_never_shows_an_anonim_reporter(reach, officer_client):
    complaint = reach(Status.DISPATCHED, reporter=SECRET_REPORTER, is_anonymous=True)
    page = officer_client.get(INBOX).content.decode()
    assert complaint.tracking_number in page
    for secret in ("Rahmawati", "Sangkala", "9988", "rahma@example.id"):
        assert secret not in page


# ---------------------------------------------------------------- who may open what


def _every_url(complaint: Complaint) -> list[tuple[str, str]]:
    return [("get", INBOX)] + [("post", _url(name, complaint)) for name in ACTIONS]


def test_anonymous_and_password_only_sessions_go_to_sign_in(reach, officer):
    complaint = reach(Status.DISPATCHED)
    password_only = Client()
    password_only.force_login(officer)
    for client in (Client(), password_only):
        for method, url in _every_url(complaint):
            response = getattr(client, method)(url)
            assert response.status_code == 302, url
            assert response["Location"].startswith(reverse("accounts:login")), url
    assert snapshot(complaint)["dispatches"][0][1] == DispatchStatus.PENDING


@pytest.mark.parametrize("who", ["citizen", "operator", "other_officer"])
def test_outsiders_get_404_on_every_url(reach, request, who, pupr, upt):
    complaint = reach(Status.IN_PROGRESS, type=ReportType.INFO_REQUEST)
    before = snapshot(complaint)
    client = _client(request.getfixturevalue(who))
    data = {"reason": "x", "text": "x", "visibility": "public", "summary": "x", "to_unit": upt.pk}
    for method, url in _every_url(complaint):
        if who == "other_officer" and url == INBOX:
            continue  # their own inbox: see the next test
        response = getattr(client, method)(url, data) if method == "post" else client.get(url)
        assert response.status_code == 404, url
    assert snapshot(complaint) == before


def test_another_units_liaison_does_not_see_the_report_in_their_inbox(reach, other_officer):
    complaint = reach(Status.DISPATCHED)
    response = _client(other_officer).get(INBOX)
    assert response.status_code == 200
    assert complaint.tracking_number not in response.content.decode()


def test_get_on_an_action_is_refused(reach, officer_client):
    complaint = reach(Status.DISPATCHED)
    assert officer_client.get(_url("console_accept", complaint)).status_code == 405


# ---------------------------------------------------------------- accept and hand back


def test_accept(reach, officer_client, pupr):
    complaint = reach(Status.DISPATCHED)
    response = officer_client.post(_url("console_accept", complaint))
    assert response.status_code == 302
    assert response["Location"] == _report_page(complaint)
    assert _messages(response) == [("success", "Your unit accepted the report.")]
    complaint.refresh_from_db()
    assert complaint.status == Status.IN_PROGRESS
    assert Dispatch.objects.get(complaint=complaint).status == DispatchStatus.ACCEPTED


def test_accept_twice_says_why_and_changes_nothing(reach, officer_client):
    complaint = reach(Status.IN_PROGRESS)
    before = snapshot(complaint)
    response = officer_client.post(_url("console_accept", complaint))
    assert response["Location"] == _report_page(complaint)
    assert _messages(response) == [("error", "Your unit has already accepted this report.")]
    assert snapshot(complaint) == before


def test_hand_back_with_a_reason_returns_the_report_to_the_coordinator(reach, officer_client):
    complaint = reach(Status.DISPATCHED)
    response = officer_client.post(_url("console_return", complaint), {"reason": "Jalan provinsi"})
    assert response["Location"] == INBOX
    assert _messages(response)[0][0] == "success"
    complaint.refresh_from_db()
    dispatch = Dispatch.objects.get(complaint=complaint)
    assert complaint.status == Status.SUBMITTED
    assert (dispatch.status, dispatch.return_reason) == (DispatchStatus.RETURNED, "Jalan provinsi")
    # The unit no longer opens it, and it is gone from the inbox.
    assert officer_client.post(_url("console_accept", complaint)).status_code == 404
    assert complaint.tracking_number not in officer_client.get(INBOX).content.decode()


def test_hand_back_without_a_reason_names_the_field(reach, officer_client):
    complaint = reach(Status.DISPATCHED)
    before = snapshot(complaint)
    response = officer_client.post(_url("console_return", complaint), {"reason": "  "})
    assert response["Location"] == _report_page(complaint)
    assert _messages(response) == [
        ("error", "Why is this not for your unit?: This field is required.")
    ]
    assert snapshot(complaint) == before


# ---------------------------------------------------------------- follow-ups


def test_public_follow_up_reaches_the_tracking_page_and_feed(reach, officer_client):
    complaint = reach(Status.DISPATCHED)
    response = officer_client.post(
        _url("console_followup", complaint),
        {"text": "Tim sudah menimbun lubang sementara.", "visibility": "public"},
    )
    assert _messages(response) == [("success", "Your reply was sent to the reporter.")]
    event = complaint.events.latest("seq")
    assert (event.kind, event.is_public) == (EventKind.FOLLOWUP, True)
    for page in (
        reverse("workflow:track", args=[complaint.tracking_number]),
        reverse("complaints:public_report", args=[complaint.tracking_number]),
    ):
        assert "Tim sudah menimbun lubang sementara." in Client().get(page).content.decode()
    assert Dispatch.objects.get(complaint=complaint).first_followup_at is not None


def test_internal_note_stays_off_the_public_pages(reach, officer_client):
    complaint = reach(Status.IN_PROGRESS)
    response = officer_client.post(
        _url("console_followup", complaint),
        {"text": "Catatan: anggaran belum turun.", "visibility": "internal"},
    )
    assert _messages(response) == [("success", "Your internal note was added.")]
    event = complaint.events.latest("seq")
    assert (event.kind, event.is_public, event.note) == (
        EventKind.FOLLOWUP,
        False,
        "Catatan: anggaran belum turun.",
    )
    for page in (
        reverse("workflow:track", args=[complaint.tracking_number]),
        reverse("complaints:public_report", args=[complaint.tracking_number]),
        reverse("complaints:feed"),
    ):
        response = Client().get(page)
        assert response.status_code == 200
        assert "anggaran belum turun" not in response.content.decode()


def test_follow_up_with_a_photo_stores_it_without_exif_linked_to_the_event(reach, officer_client):
    complaint = reach(Status.IN_PROGRESS)
    response = officer_client.post(
        _url("console_followup", complaint),
        {"text": "Foto perbaikan.", "visibility": "public", "attachments": [_jpeg_with_exif()]},
    )
    assert _messages(response)[0][0] == "success"
    event = complaint.events.latest("seq")
    attachment = Attachment.objects.get(complaint=complaint)
    assert attachment.event_id == event.pk
    assert (attachment.is_public, attachment.content_type) == (True, "image/jpeg")
    assert event.new["attachments"] == 1
    with attachment.file.open("rb") as stored, Image.open(stored) as image:
        assert dict(image.getexif()) == {}
    assert _files() == [Path(settings.MEDIA_ROOT) / attachment.file.name]


def test_internal_note_attachments_are_not_public(reach, officer_client):
    complaint = reach(Status.IN_PROGRESS)
    officer_client.post(
        _url("console_followup", complaint),
        {"text": "Berita acara.", "visibility": "internal", "attachments": [_jpeg_with_exif()]},
    )
    assert Attachment.objects.get(complaint=complaint).is_public is False


@pytest.mark.parametrize(
    ("state", "uploads"),
    [
        # A good photo first, then a file that is no photo: the good one must not stay.
        (Status.IN_PROGRESS, lambda: [_jpeg_with_exif(), _not_a_photo()]),
        # A good photo on a report that no longer takes follow-ups.
        (Status.RESOLVED, lambda: [_jpeg_with_exif()]),
    ],
)
def test_refused_follow_up_leaves_no_row_and_no_file(reach, officer_client, state, uploads):
    complaint = reach(state)
    before = snapshot(complaint)
    response = officer_client.post(
        _url("console_followup", complaint),
        {"text": "Foto perbaikan.", "visibility": "public", "attachments": uploads()},
    )
    assert response["Location"] == _report_page(complaint)
    assert [level for level, _ in _messages(response)] == ["error"]
    assert snapshot(complaint) == before
    assert not Attachment.objects.exists()
    assert _files() == []


def test_follow_up_needs_text(reach, officer_client):
    complaint = reach(Status.IN_PROGRESS)
    before = snapshot(complaint)
    response = officer_client.post(
        _url("console_followup", complaint), {"text": "", "visibility": "public"}
    )
    assert _messages(response) == [("error", "Follow-up: This field is required.")]
    assert snapshot(complaint) == before


def test_more_than_five_files_are_refused(reach, officer_client):
    complaint = reach(Status.IN_PROGRESS)
    before = snapshot(complaint)
    response = officer_client.post(
        _url("console_followup", complaint),
        {
            "text": "Foto.",
            "visibility": "public",
            "attachments": [_jpeg_with_exif(f"{n}.jpg") for n in range(6)],
        },
    )
    assert _messages(response)[0][1].startswith("Photos or documents (optional): At most 5")
    assert snapshot(complaint) == before
    assert _files() == []


# ---------------------------------------------------------------- extend and resolve


def test_extend_an_information_request_once(reach, officer_client):
    complaint = reach(Status.IN_PROGRESS, type=ReportType.INFO_REQUEST)
    due = complaint.complete_due_at
    response = officer_client.post(
        _url("console_extend", complaint), {"reason": "Data masih dihimpun dari kecamatan"}
    )
    assert _messages(response)[0][0] == "success"
    complaint.refresh_from_db()
    assert complaint.complete_due_at > due
    assert complaint.extension_reason == "Data masih dihimpun dari kecamatan"
    before = snapshot(complaint)
    again = officer_client.post(_url("console_extend", complaint), {"reason": "Lagi"})
    # The first message is still waiting to be shown (the redirect was not followed).
    assert _messages(again)[-1] == ("error", "An information request can be extended only once.")
    assert snapshot(complaint) == before


def test_extend_a_complaint_is_refused(reach, officer_client):
    complaint = reach(Status.IN_PROGRESS)
    before = snapshot(complaint)
    response = officer_client.post(_url("console_extend", complaint), {"reason": "Sibuk"})
    assert _messages(response) == [("error", "Only an information request can be extended.")]
    assert snapshot(complaint) == before


def test_resolve_with_a_summary_and_evidence(reach, officer_client):
    complaint = reach(Status.IN_PROGRESS)
    evidence = SimpleUploadedFile(
        "berita-acara.pdf", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n", "application/pdf"
    )
    response = officer_client.post(
        _url("console_resolve", complaint),
        {"summary": "Lubang sudah diaspal.", "attachments": [evidence, _jpeg_with_exif()]},
    )
    assert _messages(response)[0][0] == "success"
    complaint.refresh_from_db()
    assert complaint.status == Status.RESOLVED
    event = complaint.events.latest("seq")
    assert (event.kind, event.note) == (EventKind.RESOLVED, "Lubang sudah diaspal.")
    attachments = list(Attachment.objects.filter(complaint=complaint).order_by("pk"))
    assert [(a.content_type, a.event_id, a.is_public) for a in attachments] == [
        ("application/pdf", event.pk, True),
        ("image/jpeg", event.pk, True),
    ]
    assert len(_files()) == 2


def test_resolve_with_a_bad_file_leaves_no_row_and_no_file(reach, officer_client):
    complaint = reach(Status.IN_PROGRESS)
    before = snapshot(complaint)
    response = officer_client.post(
        _url("console_resolve", complaint),
        {"summary": "Selesai.", "attachments": [_jpeg_with_exif(), _not_a_photo()]},
    )
    assert _messages(response) == [
        ("error", "Only photos (JPEG, PNG, WebP) and PDF documents can be attached.")
    ]
    assert snapshot(complaint) == before
    assert not Attachment.objects.exists()
    assert _files() == []


def test_resolve_needs_a_summary(reach, officer_client):
    complaint = reach(Status.IN_PROGRESS)
    before = snapshot(complaint)
    response = officer_client.post(_url("console_resolve", complaint), {"summary": ""})
    assert _messages(response) == [("error", "What was done: This field is required.")]
    assert snapshot(complaint) == before


# ---------------------------------------------------------------- re-assign


def test_reassign_to_a_sub_unit_keeps_the_clocks(reach, officer, officer_client, pupr, upt):
    complaint = reach(Status.DISPATCHED)
    dispatch = Dispatch.objects.get(complaint=complaint)
    response = officer_client.post(
        _url("console_reassign", complaint), {"to_unit": upt.pk, "note": "Wilayah I"}
    )
    assert _messages(response) == [("success", "The report was passed on to the sub-unit.")]
    moved = Dispatch.objects.get(pk=dispatch.pk)
    assert moved.unit == upt
    assert (moved.status, moved.followup_due_at, moved.dispatched_at) == (
        dispatch.status,
        dispatch.followup_due_at,
        dispatch.dispatched_at,
    )
    event = complaint.events.latest("seq")
    assert (event.kind, event.old, event.new, event.note, event.actor) == (
        EventKind.REASSIGNED,
        {"unit": pupr.pk},
        {"unit": upt.pk},
        "Wilayah I",
        officer,
    )
    assert event.is_public is False
    # PUPR's liaison still sees it (a sub-unit's work), and can act on it.
    assert complaint.tracking_number in officer_client.get(INBOX).content.decode()
    assert officer_client.post(_url("console_accept", complaint)).status_code == 302
    assert Dispatch.objects.get(pk=dispatch.pk).status == DispatchStatus.ACCEPTED


def test_reassign_outside_the_units_subtree_is_refused(reach, officer_client, dinkes, upt):
    complaint = reach(Status.DISPATCHED)
    puskesmas = Unit.objects.get(instansi=complaint.instansi, code="pkm-belopa")
    before = snapshot(complaint)
    for unit in (dinkes, puskesmas):
        response = officer_client.post(_url("console_reassign", complaint), {"to_unit": unit.pk})
        assert _messages(response)[-1] == ("error", "Choose an active sub-unit of your unit.")
    assert snapshot(complaint) == before


def test_reassign_to_a_sub_unit_already_on_the_report_is_refused(
    submit, admin, officer_client, pupr, upt
):
    complaint = services.complaint_verify(
        actor=admin, complaint=submit().complaint, units=[pupr, upt]
    )
    before = snapshot(complaint)
    response = officer_client.post(_url("console_reassign", complaint), {"to_unit": upt.pk})
    assert _messages(response) == [("error", f"The report is already with {upt}.")]
    assert snapshot(complaint) == before


def test_a_sub_units_liaison_cannot_move_work_up(reach, luwu, upt):
    complaint = reach(Status.DISPATCHED)
    services.dispatch_reassign(
        actor=User.objects.get(username="officer"), complaint=complaint, to_unit=upt
    )
    upt_liaison = User.objects.create_user(username="upt", password="test-pass-123")
    upt_liaison.memberships.create(role="liaison", instansi=luwu, unit=upt)
    before = snapshot(complaint)
    pupr = Unit.objects.get(instansi=luwu, code="pupr")
    response = _client(upt_liaison).post(_url("console_reassign", complaint), {"to_unit": pupr.pk})
    assert _messages(response) == [("error", "Choose an active sub-unit of your unit.")]
    assert snapshot(complaint) == before


# ---------------------------------------------------------------- the panel on the report page


def _panel(user: User, complaint: Complaint, **query: str) -> dict[str, Any]:
    request = RequestFactory().get("/", query)
    request.user = user
    return unit_panel(request, complaint)


def test_panel_only_for_the_liaison_holding_the_dispatch(reach, officer, other_officer, admin):
    complaint = reach(Status.DISPATCHED)
    assert _panel(officer, complaint)["unit_dispatch"].unit.code == "pupr"
    assert _panel(other_officer, complaint) == {"unit_dispatch": None}
    assert _panel(admin, complaint) == {"unit_dispatch": None}


def test_reply_templates_are_those_of_the_reports_instansi(reach, officer, luwu):
    other = Instansi.objects.create(
        code="palopo", name="Pemerintah Kota Palopo", tracking_prefix="PLP"
    )
    ReplyTemplate.objects.create(instansi=other, title="Template Palopo", text="Dari Palopo")
    ReplyTemplate.objects.create(instansi=luwu, title="Tidak aktif", text="Lama", is_active=False)
    complaint = reach(Status.IN_PROGRESS)
    titles = [t.title for t in _panel(officer, complaint)["unit_reply_templates"]]
    assert "Laporan diterima dan sedang ditindaklanjuti" in titles  # seeded for Luwu
    assert "Template Palopo" not in titles
    assert "Tidak aktif" not in titles


def test_choosing_a_template_without_javascript_fills_the_follow_up(reach, officer, luwu):
    complaint = reach(Status.IN_PROGRESS)
    template = ReplyTemplate.objects.filter(instansi=luwu).earliest("pk")
    panel = _panel(officer, complaint, reply_template=str(template.pk))
    assert panel["unit_followup_form"]["text"].value() == template.text
    assert _panel(officer, complaint)["unit_followup_form"]["text"].value() in (None, "")


def test_the_panel_renders_every_form_of_the_unit(reach, officer, upt):
    complaint = reach(Status.DISPATCHED, reporter=SECRET_REPORTER, is_anonymous=True)
    request = RequestFactory().get("/")
    request.user = officer
    with translation.override("en"):
        html = render_to_string(
            "workflow/console/_unit_actions.html", unit_panel(request, complaint), request=request
        )
    for name in (*ACTIONS, "console_hold"):
        if name == "console_extend":
            assert _url(name, complaint) not in html  # a complaint, not an information request
            continue
        assert f'action="{_url(name, complaint)}"' in html, name
    assert 'name="question"' in html
    assert 'enctype="multipart/form-data"' in html
    assert 'data-reply-target="unit-followup-text"' in html
    assert 'id="unit-followup-text"' in html
    assert "Rahmawati" not in html


def test_sub_units_offered_for_reassignment(reach, officer, upt):
    complaint = reach(Status.DISPATCHED)
    form = _panel(officer, complaint)["unit_reassign_form"]
    assert list(form.fields["to_unit"].queryset) == [upt]


# The report page itself belongs to the coordinator's side (H1); these go through it.


def _report_html(client: Client, complaint: Complaint, **query: str) -> str:
    response = client.get(
        reverse("workflow:console_report", args=[complaint.tracking_number]), query
    )
    assert response.status_code == 200
    return response.content.decode()


def test_report_page_shows_the_unit_actions_and_templates(reach, officer_client, luwu):
    complaint = reach(Status.DISPATCHED)
    page = _report_html(officer_client, complaint)
    for name in ("console_accept", "console_followup", "console_resolve", "console_return"):
        assert f'action="{_url(name, complaint)}"' in page
    assert f'action="{_url("console_hold", complaint)}"' in page
    assert 'name="question"' in page
    assert "Laporan diterima dan sedang ditindaklanjuti" in page
    assert "data-reply-templates" in page


def test_report_page_never_shows_an_anonim_reporter_to_the_liaison(reach, officer_client):
    complaint = reach(Status.IN_PROGRESS, reporter=SECRET_REPORTER, is_anonymous=True)
    page = _report_html(officer_client, complaint)
    assert complaint.tracking_number in page
    for secret in ("Rahmawati", "Sangkala", "9988", "rahma@example.id"):
        assert secret not in page
    assert not ComplaintEvent.objects.filter(
        complaint=complaint, kind=EventKind.IDENTITY_VIEWED
    ).exists()
