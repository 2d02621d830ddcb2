"""A closed report invites its reporter to the unit's satisfaction survey, once, by the
reporter's channel; the link opens the survey of the unit that served the report."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from aduan.complaints.choices import Status
from aduan.complaints.services import ReporterInput
from aduan.notifications.choices import NotifyChannel, RecipientKind
from aduan.notifications.models import Notification
from aduan.notifications.services import notifications_from_events
from aduan.notifications.tests.conftest import REPORTER
from aduan.surveys.invitations import invitation_complaint
from aduan.workflow import services

pytestmark = pytest.mark.django_db


def _close(reach: Any, officer: Any, reporter: ReporterInput = REPORTER) -> Any:
    complaint = reach(Status.IN_PROGRESS, reporter=reporter)
    services.complaint_resolve(actor=officer, complaint=complaint, summary="Sudah ditambal.")
    services.complaint_confirm(complaint=complaint)
    return complaint


def test_closing_a_report_sends_the_survey_invitation_once(reach, officer, settings):
    settings.SITE_URL = "https://lapor.luwukab.example"
    complaint = _close(reach, officer)

    notifications_from_events()
    notifications_from_events()

    row = Notification.objects.get(template_key="survey_invitation")
    assert (row.recipient_kind, row.channel, row.address) == (
        RecipientKind.REPORTER,
        NotifyChannel.EMAIL,
        REPORTER.email,
    )
    link = next(w for w in row.body.split() if w.startswith("https://"))
    parts = urlsplit(link)
    assert parts.netloc == "lapor.luwukab.example"
    assert parts.path == "/survei/pupr/"
    token = parse_qs(parts.query)["undangan"][0]
    assert invitation_complaint(token) == complaint
    assert REPORTER.name not in row.body


def test_a_phone_only_reporter_is_invited_by_sms_when_a_gateway_exists(reach, officer, gateway):
    _close(reach, officer, reporter=ReporterInput(name="Andi", phone="0812 3456 7890"))

    notifications_from_events()

    row = Notification.objects.get(template_key="survey_invitation")
    assert (row.channel, row.address) == (NotifyChannel.SMS, "+6281234567890")


def test_a_reporter_without_contact_gets_no_invitation(reach, officer):
    _close(reach, officer, reporter=ReporterInput())

    notifications_from_events()

    assert not Notification.objects.filter(template_key="survey_invitation").exists()
