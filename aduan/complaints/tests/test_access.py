"""The access layer: who may open which report, and whose identity they may see."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from aduan.accounts.choices import Role
from aduan.accounts.models import User
from aduan.complaints.choices import Audience, Channel, EventKind
from aduan.complaints.models import Complaint, ComplaintEvent
from aduan.complaints.selectors import (
    complaint_get_for_user,
    complaints_visible_to,
    identity_visible_to,
)
from aduan.complaints.services import ReporterInput, Submitted
from aduan.organisation.models import Instansi, Membership, Unit
from aduan.workflow import services


def _staff(username: str, role: Role, instansi: Instansi, unit: Unit | None) -> User:
    user = User.objects.create_user(username=username, password="test-pass-123")
    Membership.objects.create(user=user, role=role, instansi=instansi, unit=unit)
    return user


def _sees(user: User | AnonymousUser, complaint: Complaint) -> bool:
    return complaints_visible_to(user).filter(pk=complaint.pk).exists()


@pytest.fixture
def pupr_report(submit: Callable[..., Submitted], admin: User, pupr: Unit) -> Complaint:
    complaint = submit().complaint
    return services.complaint_verify(actor=admin, complaint=complaint, units=[pupr])


def test_liaison_of_another_unit_gets_404(pupr_report, other_officer):
    with pytest.raises(Http404):
        complaint_get_for_user(user=other_officer, tracking_number=pupr_report.tracking_number)
    assert not _sees(other_officer, pupr_report)


def test_liaison_of_the_unit_opens_the_report(pupr_report, officer):
    found = complaint_get_for_user(user=officer, tracking_number=pupr_report.tracking_number)
    assert found.pk == pupr_report.pk


def test_liaison_sees_nothing_before_the_report_is_dispatched(submit, officer):
    complaint = submit().complaint
    with pytest.raises(Http404):
        complaint_get_for_user(user=officer, tracking_number=complaint.tracking_number)


def test_liaison_loses_the_report_after_handing_it_back(pupr_report, officer):
    services.dispatch_return(actor=officer, complaint=pupr_report, reason="Jalan provinsi")
    assert not _sees(officer, pupr_report)


def test_liaison_of_a_parent_unit_sees_what_went_to_its_sub_unit(
    submit, admin, other_officer, luwu
):
    belopa = Unit.objects.get(instansi=luwu, code="pkm-belopa")
    bua_liaison = _staff("bua", Role.LIAISON, luwu, Unit.objects.get(instansi=luwu, code="pkm-bua"))
    complaint = services.complaint_verify(actor=admin, complaint=submit().complaint, units=[belopa])
    assert _sees(other_officer, complaint)  # Dinkes is Puskesmas Belopa's parent
    assert not _sees(bua_liaison, complaint)


def test_coordinator_auditor_and_leader_see_every_report_of_the_instansi(
    submit, admin, auditor, leader
):
    waiting = submit().complaint  # not dispatched anywhere yet
    for user in (admin, auditor, leader):
        found = complaint_get_for_user(user=user, tracking_number=waiting.tracking_number)
        assert found.pk == waiting.pk


def test_auditor_attached_to_the_inspektorat_still_sees_the_whole_instansi(submit, luwu):
    inspektorat = Unit.objects.get(instansi=luwu, code="inspektorat")
    apip = _staff("apip", Role.AUDITOR, luwu, inspektorat)
    assert _sees(apip, submit().complaint)


def test_leader_of_a_unit_sees_only_its_units_reports(pupr_report, luwu, pupr, dinkes):
    head_of_pupr = _staff("kadis_pupr", Role.LEADER, luwu, pupr)
    head_of_dinkes = _staff("kadis_dinkes", Role.LEADER, luwu, dinkes)
    assert _sees(head_of_pupr, pupr_report)
    assert not _sees(head_of_dinkes, pupr_report)


def test_staff_of_another_instansi_get_404(pupr_report):
    palopo = Instansi.objects.create(code="palopo", name="Pemkot Palopo", tracking_prefix="PLP")
    outsider = _staff("kominfo_palopo", Role.COORDINATOR, palopo, None)
    with pytest.raises(Http404):
        complaint_get_for_user(user=outsider, tracking_number=pupr_report.tracking_number)


def test_operator_sees_only_the_reports_they_entered(submit, operator):
    entered = submit(channel=Channel.WALK_IN, actor=operator).complaint
    filed_online = submit().complaint
    assert set(complaints_visible_to(operator)) == {entered}
    with pytest.raises(Http404):
        complaint_get_for_user(user=operator, tracking_number=filed_online.tracking_number)


def test_citizen_sees_only_their_own_reports(submit, citizen):
    own = submit(reporter=ReporterInput(name="Siti", user=citizen)).complaint
    submit()  # somebody else's
    assert set(complaints_visible_to(citizen)) == {own}


def test_sysadmin_and_the_public_see_no_report(pupr_report, sysadmin):
    for user in (sysadmin, AnonymousUser()):
        assert not complaints_visible_to(user).exists()
        with pytest.raises(Http404):
            complaint_get_for_user(user=user, tracking_number=pupr_report.tracking_number)


def test_deactivated_staff_see_nothing(pupr_report, officer):
    officer.is_active = False
    officer.save(update_fields=["is_active"])
    assert not _sees(officer, pupr_report)


# ---------------------------------------------------------------- identity


@pytest.fixture
def anonim_report(submit, admin, pupr) -> Complaint:
    complaint = submit(
        is_anonymous=True, reporter=ReporterInput(name="Andi Baso", phone="0812 3456 7890")
    ).complaint
    return services.complaint_verify(actor=admin, complaint=complaint, units=[pupr])


def test_anonim_identity_is_hidden_from_everyone_but_the_coordinator(
    anonim_report, admin, officer, other_officer, leader, auditor, sysadmin
):
    assert identity_visible_to(admin, anonim_report)
    for user in (officer, other_officer, leader, auditor, sysadmin, AnonymousUser(), None):
        assert not identity_visible_to(user, anonim_report), user


def test_liaison_gets_no_anonim_identity_and_nothing_is_logged(anonim_report, officer):
    before = anonim_report.event_count
    assert services.reporter_identity_view(actor=officer, complaint=anonim_report) is None
    anonim_report.refresh_from_db()
    assert anonim_report.event_count == before


def test_coordinator_viewing_an_anonim_identity_is_logged(anonim_report, admin):
    reporter = services.reporter_identity_view(actor=admin, complaint=anonim_report)
    assert reporter is not None
    assert reporter.name == "Andi Baso"
    assert reporter.phone == "+6281234567890"
    event = ComplaintEvent.objects.filter(complaint=anonim_report).latest("seq")
    assert event.kind == EventKind.IDENTITY_VIEWED
    assert event.actor == admin
    assert not event.is_public


def test_identity_of_a_named_report_is_visible_to_its_handlers_only(
    pupr_report, admin, officer, other_officer
):
    assert identity_visible_to(officer, pupr_report)
    assert not identity_visible_to(other_officer, pupr_report)
    before = pupr_report.event_count
    assert services.reporter_identity_view(actor=officer, complaint=pupr_report) is not None
    assert services.reporter_identity_view(actor=other_officer, complaint=pupr_report) is None
    pupr_report.refresh_from_db()
    # Every full view is logged, named or anonim; a refused one writes nothing.
    assert pupr_report.event_count == before + 1
    viewed = ComplaintEvent.objects.filter(complaint=pupr_report).latest("seq")
    assert (viewed.kind, viewed.actor, viewed.audience) == (
        EventKind.IDENTITY_VIEWED,
        officer,
        Audience.STAFF,
    )


def test_anonim_identity_never_enters_the_event_log(anonim_report, officer, admin):
    services.followup_add(actor=officer, complaint=anonim_report, text="Tim ke lokasi")
    services.reporter_identity_view(actor=admin, complaint=anonim_report)
    services.complaint_resolve(actor=officer, complaint=anonim_report, summary="Sudah ditambal")
    services.complaint_reporter_reply(complaint=anonim_report, text="Belum rapi")
    events = list(ComplaintEvent.objects.filter(complaint=anonim_report).values())
    assert len(events) >= 6
    text = repr(events)
    for secret in ("Andi", "Baso", "6281234567890", "0812"):
        assert secret not in text
