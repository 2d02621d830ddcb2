"""Oversight's escalation list: what the sweep chased, for the viewer's scope only."""

from __future__ import annotations

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from aduan.accounts.choices import Role
from aduan.accounts.models import User
from aduan.accounts.testing import sign_in_verified
from aduan.complaints.choices import Status
from aduan.notifications.choices import EscalationLevel
from aduan.notifications.models import Escalation
from aduan.notifications.services import sla_tick
from aduan.notifications.tests.conftest import REPORTER, at
from aduan.organisation.models import Membership

pytestmark = pytest.mark.django_db

URL = reverse("notifications:escalations")


def _client(user) -> Client:
    client = Client()
    client.cookies["django_language"] = "en"  # English, as chosen with the language switch
    sign_in_verified(client, user)
    return client


@pytest.fixture
def breached(reach):
    """A PUPR dispatch left alone until it breached and escalated (days after Idul Fitri)."""
    with time_machine.travel(at(2026, 3, 16, 9, 0), tick=False) as traveller:
        complaint = reach(Status.DISPATCHED, reporter=REPORTER)
        traveller.move_to(at(2026, 4, 20, 9, 0))
        sla_tick()
    assert Escalation.objects.filter(complaint=complaint, level=EscalationLevel.ESCALATED).exists()
    return complaint


def test_leader_and_auditor_see_breaches_and_escalations(breached, leader, auditor, admin):
    for user in (leader, auditor, admin):
        html = _client(user).get(URL).content.decode()
        assert breached.tracking_number in html
        assert "Escalated" in html
        assert "Breached" in html
        # Reminders are not in the default list.
        assert "Due soon" not in html.split("<tbody>")[1]


def test_level_filter(breached, leader):
    client = _client(leader)
    html = client.get(URL, {"level": EscalationLevel.BREACHED}).content.decode()
    body = html.split("<tbody>")[1]
    assert "Breached" in body
    assert "Escalated" not in body
    assert client.get(URL, {"level": "nonsense"}).status_code == 400


def test_unit_leader_sees_only_own_units(breached, dinkes):
    dinkes_head = User.objects.create_user(username="kadis_dinkes", password="x")
    Membership.objects.create(
        user=dinkes_head, role=Role.LEADER, instansi=dinkes.instansi, unit=dinkes
    )
    html = _client(dinkes_head).get(URL).content.decode()
    assert breached.tracking_number not in html
    assert "Nothing was escalated." in html


def test_who_may_open_it(breached, client, citizen, officer, operator):
    response = client.get(URL)
    assert response.status_code == 302
    for user in (officer, operator):
        assert _client(user).get(URL).status_code == 404
    signed_in = Client()
    signed_in.force_login(citizen)
    assert signed_in.get(URL).status_code == 404


def test_no_identity_and_bounded_queries(breached, leader, django_assert_max_num_queries):
    client = _client(leader)
    with django_assert_max_num_queries(8):
        html = client.get(URL).content.decode()
    for secret in (REPORTER.name, REPORTER.email, "3456 7890", "81234567890"):
        assert secret not in html


def test_exports_carry_the_rows_and_no_identity(breached, leader, officer):
    from aduan.reporting.tests.conftest import xlsx_rows

    client = _client(leader)
    csv_response = client.get(URL, {"format": "csv"})
    assert csv_response.status_code == 200
    assert csv_response["Content-Type"].startswith("text/csv")
    text = csv_response.getvalue().decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0].startswith("When,Report,")
    assert (
        len(lines)
        == 1
        + Escalation.objects.filter(
            level__in=[EscalationLevel.BREACHED, EscalationLevel.ESCALATED]
        ).count()
    )
    assert breached.tracking_number in text
    xlsx = client.get(URL, {"format": "xlsx", "level": EscalationLevel.ESCALATED}).getvalue()
    sheet = xlsx_rows(xlsx)
    assert sheet[0][0] == "When"
    assert {row[1] for row in sheet[1:]} == {breached.tracking_number}
    assert len(sheet) - 1 == Escalation.objects.filter(level=EscalationLevel.ESCALATED).count()
    for content in (text.encode(), xlsx):
        for secret in (REPORTER.name, REPORTER.email, "81234567890"):
            assert secret.encode() not in content
    # An outsider gets no export either.
    assert (
        _client(User.objects.get(username="officer")).get(URL, {"format": "csv"}).status_code == 404
    )
