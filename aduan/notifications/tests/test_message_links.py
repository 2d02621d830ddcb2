"""Every message that leaves the site says where to follow the report, from SITE_URL."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from aduan.complaints.choices import Status
from aduan.complaints.models import Complaint
from aduan.notifications.choices import NotifyChannel, RecipientKind
from aduan.notifications.models import Notification
from aduan.notifications.services import notifications_from_events
from aduan.notifications.tests.conftest import REPORTER

pytestmark = pytest.mark.django_db


def test_citizens_get_their_tracking_page_and_staff_the_console_page(reach, officer, settings):
    settings.SITE_URL = "https://lapor.luwukab.go.id/"
    complaint = reach(Status.DISPATCHED, reporter=REPORTER)
    notifications_from_events()
    number = complaint.tracking_number
    track = f"https://lapor.luwukab.go.id{reverse('workflow:track', args=[number])}"
    console = f"https://lapor.luwukab.go.id{reverse('workflow:console_report', args=[number])}"

    to_reporter = Notification.objects.filter(recipient_kind=RecipientKind.REPORTER)
    to_staff = Notification.objects.filter(
        recipient_kind=RecipientKind.STAFF, channel=NotifyChannel.EMAIL
    )
    assert to_reporter.count() == 2
    assert to_staff.count() >= 1
    for message in to_reporter:
        assert message.body.endswith(f"Halaman pelacakan: {track}"), message.body
        assert console not in message.body
    for message in to_staff:
        assert message.body.endswith(f"Buka laporan di konsol: {console}"), message.body
        assert track not in message.body
    # The console list links to the report itself; its text carries no address.
    in_console = Notification.objects.get(recipient_user=officer, channel=NotifyChannel.CONSOLE)
    assert "https://" not in in_console.body


def test_the_link_follows_the_recipients_language(reach, officer, settings):
    settings.SITE_URL = "https://lapor.luwukab.go.id"
    officer.preferred_language = "en"
    officer.save()
    complaint = reach(Status.DISPATCHED, reporter=REPORTER)
    notifications_from_events()

    email = Notification.objects.get(recipient_user=officer, channel=NotifyChannel.EMAIL)
    console = reverse("workflow:console_report", args=[complaint.tracking_number])
    assert email.body.endswith(
        f"Open the report in the console: https://lapor.luwukab.go.id{console}"
    )


def test_the_web_confirmation_email_links_from_site_url(
    luwu, anon_client, settings, django_capture_on_commit_callbacks
):
    from aduan.complaints.tests.test_portal_report_form import REPORT_URL, _form

    settings.SITE_URL = "https://lapor.luwukab.go.id"
    # The number and code go only to the address given with the report (issue 14).
    anon_client.post(REPORT_URL, _form(email="warga@example.com"), HTTP_HOST="localhost")

    with django_capture_on_commit_callbacks(execute=True):
        anon_client.post(reverse("complaints:report_done_email"), {}, HTTP_HOST="localhost")

    number = Complaint.objects.get().tracking_number
    link = f"https://lapor.luwukab.go.id{reverse('workflow:track', args=[number])}"
    assert len(mail.outbox) == 1
    assert link in mail.outbox[0].body
    assert "localhost" not in mail.outbox[0].body
