"""The staff console's notifications page: own messages only, read state, and who may open it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from aduan.accounts.testing import sign_in_verified
from aduan.complaints.choices import Status
from aduan.complaints.models import Complaint
from aduan.notifications.choices import NotifyChannel
from aduan.notifications.models import Notification
from aduan.notifications.services import notifications_from_events
from aduan.notifications.tests.conftest import REPORTER
from aduan.workflow import services

pytestmark = pytest.mark.django_db

LIST = reverse("notifications:console_list")
MARK = reverse("notifications:console_mark_read")


def _staff_client(user) -> Client:
    client = Client()
    client.cookies["django_language"] = "en"  # English, as chosen with the language switch
    sign_in_verified(client, user)
    return client


def _dispatched(reach: Callable[..., Complaint]) -> Complaint:
    complaint = reach(Status.DISPATCHED, reporter=REPORTER)
    notifications_from_events()
    return complaint


def test_liaison_sees_own_new_dispatch_with_a_link_to_the_report(reach, officer, other_officer):
    complaint = _dispatched(reach)
    mine = Notification.objects.get(recipient_user=officer, channel=NotifyChannel.CONSOLE)
    page = _staff_client(officer).get(LIST)
    assert page.status_code == 200
    html = page.content.decode()
    assert mine.subject in html
    assert reverse("workflow:console_report", args=[complaint.tracking_number]) in html
    assert 'class="notification unread"' in html
    # Another unit's liaison has no message about it, and sees none of officer's.
    other = _staff_client(other_officer).get(LIST).content.decode()
    assert mine.subject not in other
    assert complaint.tracking_number not in other


def test_marking_one_read_changes_only_that_row(reach, officer):
    _dispatched(reach)
    mine = Notification.objects.get(recipient_user=officer, channel=NotifyChannel.CONSOLE)
    client = _staff_client(officer)
    response = client.post(MARK, {"id": mine.pk})
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.read_at is not None
    # The unread filter now shows nothing.
    with translation.override("en"):
        page = client.get(LIST, {"unread": "1"}).content.decode()
    assert mine.subject not in page
    assert "No messages." in page


def test_nobody_marks_another_members_message(reach, officer, admin):
    _dispatched(reach)
    theirs = Notification.objects.get(recipient_user=officer, channel=NotifyChannel.CONSOLE)
    client = _staff_client(admin)
    response = client.post(MARK, {"id": theirs.pk}, follow=True)
    assert response.status_code == 200
    assert "That message could not be found." in response.content.decode()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_read_touches_only_own_messages(reach, officer, other_officer, admin, dinkes):
    complaint = _dispatched(reach)
    _dispatched(reach)
    services.complaint_dispatch(actor=admin, complaint=complaint, units=[dinkes])
    notifications_from_events()

    def unread(user) -> int:
        return Notification.objects.filter(
            recipient_user=user, channel=NotifyChannel.CONSOLE, read_at=None
        ).count()

    assert unread(officer) == 2
    assert unread(other_officer) == 1
    _staff_client(officer).post(MARK, {})
    assert unread(officer) == 0
    assert unread(other_officer) == 1


def test_the_page_is_for_staff_who_passed_both_factors(client, citizen, officer):
    response = client.get(LIST)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
    client.force_login(officer)  # password only, no second factor
    response = client.get(LIST)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
    citizen_client = Client()
    citizen_client.force_login(citizen)
    assert citizen_client.get(LIST).status_code == 404
    assert citizen_client.post(MARK, {}).status_code == 404


def test_list_queries_do_not_grow_with_messages(reach, officer, django_assert_max_num_queries):
    for _ in range(3):
        _dispatched(reach)
    client = _staff_client(officer)
    with django_assert_max_num_queries(8):
        assert client.get(LIST).status_code == 200
