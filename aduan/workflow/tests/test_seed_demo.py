"""`aduan seed_demo`: demo staff for every role and reports in every state, through the services."""

from __future__ import annotations

import re
import stat
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from aduan.accounts.choices import Role
from aduan.accounts.models import User
from aduan.complaints.choices import ArchiveReason, Status
from aduan.complaints.events import verify_chain
from aduan.complaints.models import Complaint, ComplaintEvent
from aduan.organisation.models import Membership
from aduan.workflow.demo import HISTORY_DAYS

pytestmark = pytest.mark.django_db

REPORTS = "24"  # enough for every state: the first stories take each state once


def _seed(tmp_path: Path, settings) -> str:
    settings.VAR_DIR = tmp_path
    out = StringIO()
    call_command("seed_demo", "--reports", REPORTS, stdout=out)
    return out.getvalue()


def _printed_passwords(output: str) -> dict[str, str]:
    return dict(re.findall(r"^  (\S+)\s+(\S{4}-\S{4}-\S{4}-\S{4})  ", output, flags=re.M))


@pytest.mark.parametrize("day", ["2026-12-05T11:48:18Z", "2026-06-01T02:00:00Z"])
def test_the_history_starts_inside_its_six_months_whatever_the_day(tmp_path, settings, day):
    """Office hours and holidays push a story's steps later; fitting it must never start it
    before the six months (CI failed on 5 December 2026, when it started 183.5 days back)."""
    with time_machine.travel(day, tick=False):
        _seed(tmp_path, settings)
        now = timezone.now()
        first = Complaint.objects.order_by("submitted_at").values_list("submitted_at", flat=True)[0]
        assert now - timedelta(days=HISTORY_DAYS) <= first < now - timedelta(days=30)
        assert not ComplaintEvent.objects.filter(created_at__gt=now).exists()


def test_seed_demo_tells_every_state_through_the_services(tmp_path, settings):
    output = _seed(tmp_path, settings)
    now = timezone.now()

    statuses = set(Complaint.objects.values_list("status", flat=True))
    assert statuses == set(Status.values)
    for duplicate in Complaint.objects.filter(archive_reason=ArchiveReason.DUPLICATE):
        assert duplicate.duplicate_of is not None
        assert duplicate.duplicate_of.submitted_at < duplicate.submitted_at
    assert Complaint.objects.filter(archive_reason=ArchiveReason.DUPLICATE).exists()
    for forwarded in Complaint.objects.filter(status=Status.FORWARDED):
        assert forwarded.forwarded_to_lapor or (
            Complaint.objects.filter(forwarded_from=forwarded, instansi__code="luwu-utara").exists()
        )

    # History replayed: genuine event chains, in time order, over months, none in the future.
    complaints = list(Complaint.objects.all())
    for complaint in complaints:
        assert verify_chain(complaint) == [], complaint.tracking_number
        times = list(complaint.events.order_by("seq").values_list("created_at", flat=True))
        assert times == sorted(times)
        assert times[0] == complaint.submitted_at
    first = min(c.submitted_at for c in complaints)
    assert now - timedelta(days=183) <= first < now - timedelta(days=30)
    assert not ComplaintEvent.objects.filter(created_at__gt=now).exists()

    # Staff of every role; passwords printed once and kept in a file only the owner reads.
    assert set(Membership.objects.values_list("role", flat=True)) == set(Role.values)
    sysadmin = User.objects.get(username="sysadmin")
    assert sysadmin.is_staff
    assert sysadmin.is_superuser
    assert not User.objects.get(username="koordinator1").is_staff
    assert Membership.objects.filter(role=Role.LIAISON, unit__code="pkm-belopa").exists()
    passwords = _printed_passwords(output)
    assert set(passwords) == set(User.objects.values_list("username", flat=True))
    for username, password in passwords.items():
        assert User.objects.get(username=username).check_password(password)
    credentials = tmp_path / "demo-credentials.txt"
    assert stat.S_IMODE(credentials.stat().st_mode) == 0o600
    assert _printed_passwords(credentials.read_text()) == passwords


def test_seed_demo_again_changes_nothing(tmp_path, settings):
    _seed(tmp_path, settings)
    before = (
        sorted(User.objects.values_list("username", "password")),
        Complaint.objects.count(),
        ComplaintEvent.objects.count(),
        Membership.objects.count(),
    )
    credentials = (tmp_path / "demo-credentials.txt").read_text()

    output = _seed(tmp_path, settings)

    after = (
        sorted(User.objects.values_list("username", "password")),
        Complaint.objects.count(),
        ComplaintEvent.objects.count(),
        Membership.objects.count(),
    )
    assert after == before
    assert _printed_passwords(output) == {}
    assert str(tmp_path / "demo-credentials.txt") in output
    assert (tmp_path / "demo-credentials.txt").read_text() == credentials
