"""Who reaches which console URL of the coordinator side: the start page, the inbox, the report
page, attachment downloads and every coordinator action.

Not signed in, or signed in with the password only: to the sign-in page. Signed in without a
staff role, or as staff who may not see the report: 404, as if the report did not exist.
"""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from aduan.complaints.choices import Status
from aduan.complaints.models import Attachment, Complaint
from aduan.complaints.services import ReporterInput
from aduan.workflow import services
from aduan.workflow.tests.console_helpers import other_government, staff_client
from aduan.workflow.tests.states import snapshot

pytestmark = pytest.mark.django_db

ACTIONS = (
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


def _png() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(out, "PNG")
    return SimpleUploadedFile("foto.png", out.getvalue(), content_type="image/png")


@pytest.fixture
def report(submit, admin, pupr):
    """An anonim report with a photo, dispatched to PUPR."""
    complaint = submit(
        attachments=[_png()],
        is_anonymous=True,
        reporter=ReporterInput(name="Rahmawati Said", phone="0813 1111 2222"),
    ).complaint
    return services.complaint_verify(actor=admin, complaint=complaint, units=[pupr])


def _report_urls(report) -> list[tuple[str, str]]:
    number = report.tracking_number
    attachment = Attachment.objects.get(complaint=report)
    return [
        ("get", reverse("workflow:console_report", args=[number])),
        ("get", reverse("workflow:console_attachment", args=[attachment.pk])),
        *(("post", reverse(f"workflow:{name}", args=[number])) for name in ACTIONS),
    ]


def _all_urls(report) -> list[tuple[str, str]]:
    return [
        ("get", reverse("workflow:console_home")),
        ("get", reverse("workflow:coordinator_inbox")),
        *_report_urls(report),
    ]


def test_not_signed_in_goes_to_sign_in(report, anon_client):
    for method, url in _all_urls(report):
        response = getattr(anon_client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:login")), url


def test_password_only_session_goes_to_sign_in(report, admin):
    client = Client()
    client.force_login(admin)  # no second factor
    before = snapshot(report)
    for method, url in _all_urls(report):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:login")), url
    assert snapshot(report) == before


def test_citizen_gets_404_everywhere(report, citizen):
    client = staff_client(citizen)
    for method, url in _all_urls(report):
        assert getattr(client, method)(url).status_code == 404, url


def test_outsiders_get_404_on_the_report_and_its_actions(report, operator, other_officer):
    _palopo, palopo_admin = other_government()
    before = snapshot(report)
    for user in (operator, other_officer, palopo_admin):
        client = staff_client(user)
        for method, url in _report_urls(report):
            assert getattr(client, method)(url).status_code == 404, (user, url)
    assert snapshot(report) == before


def test_only_coordinators_reach_the_inbox(report, operator, officer, leader, auditor, admin):
    url = reverse("workflow:coordinator_inbox")
    for user in (operator, officer, leader, auditor):
        assert staff_client(user).get(url).status_code == 404, user
    assert staff_client(admin).get(url).status_code == 200


def test_another_governments_coordinator_sees_an_empty_inbox(report):
    _palopo, palopo_admin = other_government()
    page = staff_client(palopo_admin).get(reverse("workflow:coordinator_inbox"))
    assert page.status_code == 200
    assert report.tracking_number not in page.content.decode()


def test_every_staff_role_has_a_start_page(admin, officer, operator, leader, auditor):
    for user in (admin, officer, operator, leader, auditor):
        assert staff_client(user).get(reverse("workflow:console_home")).status_code == 200


def test_handling_liaison_reaches_the_page_but_no_coordinator_action(report, officer):
    client = staff_client(officer)
    number = report.tracking_number
    assert client.get(reverse("workflow:console_report", args=[number])).status_code == 200
    before = snapshot(report)
    for name in ACTIONS:
        if name in ("console_hold", "console_resume"):
            continue  # a unit working on the report may ask the reporter too
        response = client.post(reverse(f"workflow:{name}", args=[number]))
        assert response.status_code == 404, name
    assert snapshot(report) == before


def test_liaison_never_sees_an_anonim_reporters_identity(report, officer, admin):
    client = staff_client(officer)
    number = report.tracking_number
    page = client.get(reverse("workflow:console_report", args=[number])).content.decode()
    for secret in ("Rahmawati", "+6281311112222", "0813"):
        assert secret not in page
    assert reverse("workflow:console_identity", args=[number]) not in page
    assert client.post(reverse("workflow:console_identity", args=[number])).status_code == 404
    # Not even after the coordinator looked, nor through a report the same person filed openly.
    staff_client(admin).post(reverse("workflow:console_identity", args=[number]))
    page = client.get(reverse("workflow:console_report", args=[number])).content.decode()
    assert "Rahmawati" not in page


def test_liaison_sees_a_named_reporter_but_not_their_anonim_reports(submit, admin, officer, pupr):
    person = ReporterInput(name="Rahmawati Said", phone="0813 1111 2222")
    hidden = submit(is_anonymous=True, reporter=person).complaint
    named = submit(reporter=person).complaint
    for complaint in (hidden, named):
        services.complaint_verify(actor=admin, complaint=complaint, units=[pupr])
    page = staff_client(officer).get(
        reverse("workflow:console_report", args=[named.tracking_number])
    )
    content = page.content.decode()
    assert "Rahmawati Said" in content
    assert hidden.tracking_number not in content
    # The coordinator sees the link between the two.
    page = staff_client(admin).get(reverse("workflow:console_report", args=[named.tracking_number]))
    assert hidden.tracking_number in page.content.decode()


def test_attachment_download_for_staff_who_see_the_report(report, admin, officer, other_officer):
    attachment = Attachment.objects.get(complaint=report)
    url = reverse("workflow:console_attachment", args=[attachment.pk])
    for user in (admin, officer):
        response = staff_client(user).get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/png"
        assert response["Content-Disposition"].startswith("attachment")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response.getvalue().startswith(b"\x89PNG")
    assert staff_client(other_officer).get(url).status_code == 404


def test_unit_that_handed_the_report_back_loses_it(report, officer):
    services.dispatch_return(actor=officer, complaint=report, reason="Bukan jalan kabupaten")
    client = staff_client(officer)
    assert Complaint.objects.get(pk=report.pk).status == Status.SUBMITTED
    url = reverse("workflow:console_report", args=[report.tracking_number])
    assert client.get(url).status_code == 404
