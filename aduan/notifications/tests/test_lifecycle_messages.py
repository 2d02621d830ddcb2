"""Who hears of what (DOMAIN.md section 5): the reporter when the report is archived,
forwarded, extended or closed; the auditor when a supervisory report arrives; the
Ombudsman notice without the days on hold."""

from __future__ import annotations

import pytest
import time_machine

from aduan.complaints.choices import ArchiveReason, ReportType, Status
from aduan.complaints.models import Complaint
from aduan.notifications.models import Notification
from aduan.notifications.services import notifications_from_events, sla_tick
from aduan.notifications.tests.conftest import REPORTER, at
from aduan.organisation.choices import SlaTier
from aduan.organisation.models import Category, Instansi
from aduan.workflow import services

pytestmark = pytest.mark.django_db


def _to_reporter(key: str) -> list[Notification]:
    return list(
        Notification.objects.filter(template_key=key, recipient_kind="reporter").order_by("pk")
    )


@pytest.fixture
def supervisory(luwu: Instansi, road_category: Category) -> Category:
    return Category.objects.create(
        instansi=luwu,
        code="pungli",
        name="Pungutan liar",
        parent=road_category.parent,
        sla_tier=SlaTier.SUPERVISORY,
    )


def test_the_reporter_hears_why_the_report_was_archived(reach, admin):
    complaint = reach(Status.SUBMITTED, reporter=REPORTER)
    services.complaint_archive(
        actor=admin, complaint=complaint, reason=ArchiveReason.UNCLEAR, note="Lokasi tidak ada"
    )
    notifications_from_events()
    (message,) = _to_reporter("archived")
    assert message.address == REPORTER.email
    assert complaint.tracking_number in message.subject
    assert "Tidak jelas" in message.body or "Unclear" in message.body
    assert "Lokasi tidak ada" in message.body


def test_the_reporter_hears_where_the_report_was_forwarded_with_the_new_number(
    reach, admin, submit
):
    palopo = Instansi.objects.create(
        code="palopo", name="Pemerintah Kota Palopo", tracking_prefix="PLP"
    )
    complaint = reach(Status.SUBMITTED, reporter=REPORTER)
    services.complaint_forward(
        actor=admin, complaint=complaint, reason="Lokasi di Kota Palopo", to_instansi=palopo
    )
    copy = Complaint.objects.get(forwarded_from=complaint)
    notifications_from_events()
    (message,) = _to_reporter("forwarded")
    assert "Pemerintah Kota Palopo" in message.subject
    assert copy.tracking_number in message.body
    assert "Lokasi di Kota Palopo" in message.body

    lapor = reach(Status.SUBMITTED, reporter=REPORTER)
    services.complaint_forward(actor=admin, complaint=lapor, reason="Jalan nasional", to_lapor=True)
    notifications_from_events()
    assert "SP4N-LAPOR!" in _to_reporter("forwarded")[-1].subject


def test_the_reporter_hears_of_an_extension_with_its_reason(submit, admin, officer, pupr):
    complaint = submit(type=ReportType.INFO_REQUEST, reporter=REPORTER).complaint
    services.complaint_verify(actor=admin, complaint=complaint, units=[pupr])
    services.info_request_extend(
        actor=officer, complaint=complaint, reason="Data masih dihimpun dari tiga desa"
    )
    notifications_from_events()
    (message,) = _to_reporter("extended")
    assert "Data masih dihimpun dari tiga desa" in message.body


def test_the_reporter_hears_when_the_report_is_closed_by_staff_or_by_time(reach, admin):
    with time_machine.travel(at(2026, 11, 2, 9, 0), tick=False) as traveller:
        by_staff = reach(Status.RESOLVED, reporter=REPORTER)
        services.complaint_close(actor=admin, complaint=by_staff, note="Dikonfirmasi via telepon")
        by_time = reach(Status.RESOLVED, reporter=REPORTER)
        confirmed = reach(Status.CLOSED, reporter=REPORTER)  # the reporter closed it: no news
        notifications_from_events()
        traveller.move_to(at(2026, 11, 17, 9, 0))
        assert sla_tick().autoclosed == 1
        notifications_from_events()
    closed = _to_reporter("closed")
    assert {m.complaint_id for m in closed} == {by_staff.pk, by_time.pk}
    assert confirmed.pk not in {m.complaint_id for m in closed}


def test_the_auditor_hears_when_a_supervisory_report_arrives_once(
    submit, admin, auditor, pupr, supervisory
):
    ordinary = submit().complaint
    services.complaint_verify(actor=admin, complaint=ordinary, units=[pupr])
    notifications_from_events()
    assert not Notification.objects.filter(template_key="supervisory_arrived").exists()

    complaint = submit().complaint
    services.complaint_verify(actor=admin, complaint=complaint, units=[pupr], category=supervisory)
    services.complaint_edit(actor=admin, complaint=complaint, title="Pungli di loket")
    notifications_from_events()
    told = Notification.objects.filter(template_key="supervisory_arrived", channel="console")
    assert [(n.recipient_user, n.complaint_id) for n in told] == [(auditor, complaint.pk)]

    # Moved there by a correction after verification: told then.
    services.complaint_edit(actor=admin, complaint=ordinary, category=supervisory)
    notifications_from_events()
    assert told.filter(complaint=ordinary).count() == 1
    # Staff messages name the report, never the reporter.
    assert all(REPORTER.name not in n.body for n in told)


def test_days_on_hold_do_not_count_towards_the_ombudsman_notice(reach, admin):
    with time_machine.travel(at(2026, 8, 3, 9, 0), tick=False) as traveller:
        complaint = reach(Status.IN_PROGRESS, reporter=REPORTER)
        traveller.move_to(at(2026, 8, 10, 9, 0))
        services.complaint_hold(actor=admin, complaint=complaint, question="Nomor rumah?")
        traveller.move_to(at(2026, 10, 5, 9, 0))  # 63 days after filing, still on hold
        sla_tick()
        assert not _to_reporter("ombudsman")
        services.complaint_reporter_reply(complaint=complaint, text="Nomor 12")  # 56 days held
        traveller.move_to(at(2026, 11, 20, 9, 0))  # 109 days after filing, 53 counted
        sla_tick()
        assert not _to_reporter("ombudsman")
        traveller.move_to(at(2026, 11, 28, 9, 30))  # 117 days after filing, 61 counted
        sla_tick()
    (notice,) = _to_reporter("ombudsman")
    assert notice.complaint_id == complaint.pk
