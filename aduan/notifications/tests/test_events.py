"""Events become outbox rows: right people, right words, nothing for a rolled-back action."""

from __future__ import annotations

import pytest
import time_machine
from django.db import transaction

from aduan.complaints.choices import Status
from aduan.complaints.services import ReporterInput
from aduan.notifications.choices import NotificationStatus, NotifyChannel, RecipientKind
from aduan.notifications.models import Notification
from aduan.notifications.selectors import notifications_for_user
from aduan.notifications.services import notifications_from_events, sla_tick
from aduan.notifications.tests.conftest import REPORTER, at
from aduan.workflow import services

pytestmark = pytest.mark.django_db


def _keys(**filters: object) -> list[tuple[str, str, str]]:
    return sorted(
        Notification.objects.filter(**filters).values_list("template_key", "channel", "address")
    )


def test_receipt_and_dispatch_reach_the_reporter_and_the_unit(reach, officer):
    reach(Status.DISPATCHED, reporter=REPORTER)
    assert notifications_from_events() > 0
    assert _keys(recipient_kind=RecipientKind.REPORTER) == [
        ("dispatched", "email", REPORTER.email),
        ("receipt", "email", REPORTER.email),
    ]
    assert _keys(recipient_user=officer) == [
        ("new_dispatch", "console", ""),
        ("new_dispatch", "email", officer.email),
    ]
    console = Notification.objects.get(recipient_user=officer, channel=NotifyChannel.CONSOLE)
    assert console.status == NotificationStatus.SENT  # delivered by being stored
    assert list(notifications_for_user(user=officer)) == [console]
    # A second pass finds nothing new.
    before = Notification.objects.count()
    assert notifications_from_events() == 0
    assert Notification.objects.count() == before


def test_followup_question_and_resolution_tell_the_reporter(reach, admin, officer):
    complaint = reach(Status.IN_PROGRESS, reporter=REPORTER)
    services.followup_add(actor=officer, complaint=complaint, text="Tim sudah survei lokasi.")
    services.followup_add(actor=officer, complaint=complaint, text="Catatan dalam", is_public=False)
    services.complaint_hold(actor=admin, complaint=complaint, question="Nomor rumah berapa?")
    services.complaint_reporter_reply(complaint=complaint, text="Nomor 12")
    services.complaint_resolve(actor=officer, complaint=complaint, summary="Sudah ditambal.")
    notifications_from_events()
    to_reporter = Notification.objects.filter(recipient_kind=RecipientKind.REPORTER)
    assert sorted(to_reporter.values_list("template_key", flat=True)) == [
        "dispatched",
        "followup",  # the internal note is not sent
        "question",
        "receipt",
        "resolved",
    ]
    assert "Tim sudah survei lokasi." in to_reporter.get(template_key="followup").body
    assert "Nomor rumah berapa?" in to_reporter.get(template_key="question").body
    assert "Catatan dalam" not in " ".join(to_reporter.values_list("body", flat=True))


def test_a_rolled_back_transition_enqueues_nothing(reach, admin, pupr):
    complaint = reach(Status.SUBMITTED, reporter=REPORTER)
    notifications_from_events()
    before = set(Notification.objects.values_list("pk", flat=True))

    def verify_then_fail() -> None:
        with transaction.atomic():
            services.complaint_verify(actor=admin, complaint=complaint, units=[pupr])
            raise RuntimeError("the request failed after the service")

    with pytest.raises(RuntimeError):
        verify_then_fail()
    assert notifications_from_events() == 0
    assert set(Notification.objects.values_list("pk", flat=True)) == before


def test_a_reporter_without_contact_gets_nothing(reach):
    reach(Status.DISPATCHED, reporter=ReporterInput())
    notifications_from_events()
    assert not Notification.objects.filter(recipient_kind=RecipientKind.REPORTER).exists()


def test_phone_only_reporter_gets_an_sms_when_a_gateway_exists(reach, gateway):
    reach(Status.SUBMITTED, reporter=ReporterInput(name="Andi", phone="0812 3456 7890"))
    notifications_from_events()
    row = Notification.objects.get(recipient_kind=RecipientKind.REPORTER)
    assert (row.channel, row.address) == (NotifyChannel.SMS, "+6281234567890")


def test_staff_read_their_own_language(reach, officer):
    officer.preferred_language = "en"
    officer.save()
    reach(Status.DISPATCHED)
    notifications_from_events()
    row = Notification.objects.get(recipient_user=officer, channel=NotifyChannel.CONSOLE)
    assert row.language == "en"
    assert row.subject.startswith("New report for")


def test_a_liaison_never_reads_an_anonim_reporter_s_identity(reach, officer, admin, pupr_leader):
    # Dispatched on a Monday, then left to breach and escalate: every staff message checked.
    with time_machine.travel(at(2026, 11, 2, 9, 0), tick=False) as traveller:
        complaint = reach(Status.DISPATCHED, reporter=REPORTER, is_anonymous=True)
        notifications_from_events()
        for day in (6, 9, 10, 11):
            traveller.move_to(at(2026, 11, day, 9, 0))
            sla_tick()
        services.followup_add(actor=officer, complaint=complaint, text="Ditindaklanjuti")
        notifications_from_events()
    staff = Notification.objects.filter(recipient_kind=RecipientKind.STAFF)
    assert set(staff.values_list("template_key", flat=True)) >= {
        "new_dispatch",
        "due_soon",
        "breached",
        "escalated",
    }
    text = " ".join(f"{n.subject} {n.body} {n.address}" for n in staff)
    for secret in ("Andi", "Baso", "3456", REPORTER.email):
        assert secret not in text


def test_an_event_committed_late_is_still_read(reach, officer):
    """PostgreSQL hands out ids before commit: an id passed over is looked at again."""
    from aduan.complaints.models import ComplaintEvent
    from aduan.notifications.models import EventCursor

    reach(Status.DISPATCHED)
    late = ComplaintEvent.objects.get(kind="dispatched")
    last = ComplaintEvent.objects.order_by("-pk").first()
    assert last is not None
    # As if the cursor had passed the dispatch while its transaction was still open.
    EventCursor.objects.filter(name="events").update(
        last_event_id=last.pk, gaps={str(late.pk): late.created_at.isoformat()}
    )
    notifications_from_events()
    assert _keys(recipient_user=officer) == [
        ("new_dispatch", "console", ""),
        ("new_dispatch", "email", officer.email),
    ]
    assert EventCursor.objects.get(name="events").gaps == {}


def test_stale_events_make_no_message(reach):
    with time_machine.travel(at(2026, 11, 2, 9, 0), tick=False) as traveller:
        reach(Status.DISPATCHED, reporter=REPORTER)
        traveller.move_to(at(2026, 11, 9, 9, 0))  # the worker was off for a week
        assert notifications_from_events() == 0


def test_a_reassigned_dispatch_tells_the_sub_units_liaison_only(reach, officer, luwu, pupr):
    from aduan.accounts.choices import Role
    from aduan.accounts.models import User
    from aduan.organisation.choices import UnitKind
    from aduan.organisation.models import Membership, Unit

    upt = Unit.objects.create(
        instansi=luwu, parent=pupr, code="upt-jalan-1", name="UPT Jalan I", kind=UnitKind.SUB_UNIT
    )
    upt_liaison = User.objects.create_user(
        username="penghubung.upt", password="x", email="upt@luwukab.go.id"
    )
    Membership.objects.create(user=upt_liaison, role=Role.LIAISON, instansi=luwu, unit=upt)
    complaint = reach(Status.DISPATCHED, reporter=REPORTER)
    notifications_from_events()
    before = set(Notification.objects.values_list("pk", flat=True))

    services.dispatch_reassign(actor=officer, complaint=complaint, to_unit=upt, note="Wilayah I")
    notifications_from_events()

    new = Notification.objects.exclude(pk__in=before)
    assert sorted(new.values_list("recipient_user__username", "template_key", "channel")) == [
        ("penghubung.upt", "new_dispatch", "console"),
        ("penghubung.upt", "new_dispatch", "email"),
    ]
    assert "UPT Jalan I" in new.get(channel="console").body
