"""Fixtures of the notification tests: a live fake gateway, a PUPR leader, time helpers."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from aduan.accounts.choices import Role
from aduan.accounts.models import User
from aduan.complaints.services import ReporterInput
from aduan.integrations.sms.tests.fake_gateway import FakeGateway, running_gateway
from aduan.organisation.models import Instansi, Membership, Unit
from aduan.workflow.tests.conftest import reach  # noqa: F401  (the workflow tests' fixture)

WITA = ZoneInfo("Asia/Makassar")


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=WITA)  # type: ignore[arg-type,misc]


REPORTER = ReporterInput(name="Andi Baso", phone="0812 3456 7890", email="andi.baso@example.id")


@pytest.fixture
def gateway(settings) -> Iterator[FakeGateway]:
    with running_gateway() as gw:
        settings.ADUAN_SMS_GATEWAY_URL = gw.url
        settings.ADUAN_SMS_GATEWAY_TOKEN = "test-token"
        settings.ADUAN_SMS_GATEWAY_TIMEOUT = 0.5
        gw.hang_seconds = 1.5
        yield gw


@pytest.fixture
def pupr_leader(luwu: Instansi, pupr: Unit) -> User:
    user = User.objects.create_user(
        username="kadis_pupr", password="test-pass-123", email="kadis.pupr@luwukab.go.id"
    )
    Membership.objects.create(user=user, role=Role.LEADER, instansi=luwu, unit=pupr)
    return user
