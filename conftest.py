"""The shared test cast (STYLE.md section 9) and test-wide settings.

People of Pemerintah Kabupaten Luwu, each created fresh for a test:
- `citizen`: a reporter with an account (Warga)
- `admin`: the regency's coordinator at Diskominfo (admin kabupaten)
- `officer`: liaison of Dinas PUPR, where road complaints go
- `other_officer`: liaison of Dinas Kesehatan, the outsider for PUPR's reports
- `operator`, `leader`, `auditor`, `sysadmin`: the other staff roles
- `anon_client`: the public

`submit` files a report through the service; `publish` verifies it as the coordinator would
(dispatched to PUPR, published): a new report is public nowhere before that.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from aduan.accounts.choices import Role
from aduan.accounts.models import User
from aduan.complaints.choices import Channel, ReportType
from aduan.complaints.models import Complaint
from aduan.complaints.services import ReporterInput, ReportInput, Submitted, complaint_submit
from aduan.organisation import selectors as org_selectors
from aduan.organisation.models import Category, Instansi, Membership, Region, Unit
from aduan.organisation.reference import luwu_load

SHARED_DATA = Path(__file__).resolve().parent.parent / "shared" / "data"


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings: Any, tmp_path: Path) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ADUAN_OPEN_DATA_DIR = tmp_path / "opendata"
    # The event log's secrets (docs/event-log.md): fixed for tests, never the files of var/.
    settings.EVENT_LOG_KEY = "test-event-log-key"
    settings.EVENT_LOG_SIGNING_KEY = "11" * 32
    # WhiteNoise warns on every request when STATIC_ROOT does not exist (no collectstatic).
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATIC_ROOT.mkdir()
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Row ids are reused between tests: never serve a calendar cached by an earlier test.
    org_selectors._calendar_cache.clear()
    org_selectors.reference_caches_clear()


@pytest.fixture
def luwu(db: None) -> Instansi:
    return luwu_load()


def _unit(instansi: Instansi, code: str) -> Unit:
    return Unit.objects.get(instansi=instansi, code=code)


@pytest.fixture
def pupr(luwu: Instansi) -> Unit:
    return _unit(luwu, "pupr")


@pytest.fixture
def dinkes(luwu: Instansi) -> Unit:
    return _unit(luwu, "dinkes")


@pytest.fixture
def diskominfo(luwu: Instansi) -> Unit:
    return _unit(luwu, "diskominfo")


@pytest.fixture
def road_category(luwu: Instansi) -> Category:
    return Category.objects.get(instansi=luwu, code="infrastruktur-jalan")


@pytest.fixture
def village(luwu: Instansi) -> Region:
    return Region.objects.get(code="73.17.01.2005")  # Kanna, Basse Sangtempe


def _staff(username: str, role: Role, instansi: Instansi, unit: Unit | None) -> User:
    user = User.objects.create_user(
        username=username, password="test-pass-123", email=f"{username}@luwukab.go.id"
    )
    Membership.objects.create(user=user, role=role, instansi=instansi, unit=unit)
    return user


@pytest.fixture
def admin(luwu: Instansi, diskominfo: Unit) -> User:
    return _staff("admin", Role.COORDINATOR, luwu, diskominfo)


@pytest.fixture
def officer(luwu: Instansi, pupr: Unit) -> User:
    return _staff("officer", Role.LIAISON, luwu, pupr)


@pytest.fixture
def other_officer(luwu: Instansi, dinkes: Unit) -> User:
    return _staff("other_officer", Role.LIAISON, luwu, dinkes)


@pytest.fixture
def operator(luwu: Instansi, diskominfo: Unit) -> User:
    return _staff("operator", Role.OPERATOR, luwu, diskominfo)


@pytest.fixture
def leader(luwu: Instansi) -> User:
    return _staff("leader", Role.LEADER, luwu, None)


@pytest.fixture
def auditor(luwu: Instansi) -> User:
    return _staff("auditor", Role.AUDITOR, luwu, None)


@pytest.fixture
def sysadmin(luwu: Instansi) -> User:
    return _staff("sysadmin", Role.SYSADMIN, luwu, None)


@pytest.fixture
def citizen(db: None) -> User:
    return User.objects.create_user(username="warga", password="test-pass-123", first_name="Siti")


@pytest.fixture
def anon_client() -> Client:
    return Client()


@pytest.fixture
def submit(luwu: Instansi, village: Region, road_category: Category) -> Callable[..., Submitted]:
    """File a road complaint through the service; keyword arguments override the report."""

    def _submit(**overrides: Any) -> Submitted:
        reporter = overrides.pop(
            "reporter", ReporterInput(name="Andi Baso", phone="0812 3456 7890")
        )
        actor = overrides.pop("actor", None)
        instansi = overrides.pop("instansi", luwu)
        fields: dict[str, Any] = {
            "type": ReportType.COMPLAINT,
            "title": "Jalan berlubang di depan SD Kanna",
            "description": "Lubang besar sejak sebulan, sudah dua motor jatuh.",
            "channel": Channel.WEB,
            "region": village,
            "category": road_category,
            "reporter": reporter,
        }
        fields.update(overrides)
        attachments = fields.pop("attachments", ())
        return complaint_submit(
            instansi=instansi, data=ReportInput(**fields), actor=actor, attachments=attachments
        )

    return _submit


@pytest.fixture
def publish(
    request: pytest.FixtureRequest, pupr: Unit, road_category: Category
) -> Callable[..., Complaint]:
    """Verify a report as the coordinator (`admin`) does and publish it, the way it reaches
    the public feed: `publish(submitted)` or `publish(complaint, units=[...])`. A report
    without a category gets the road category; keyword arguments go to `complaint_verify`."""
    from aduan.workflow.services import complaint_verify  # the root conftest loads first

    def _publish(report: Submitted | Complaint, **kwargs: Any) -> Complaint:
        complaint = report.complaint if isinstance(report, Submitted) else report
        kwargs.setdefault("units", [pupr])
        if complaint.category_id is None:
            kwargs.setdefault("category", road_category)
        return complaint_verify(
            actor=request.getfixturevalue("admin"), complaint=complaint, **kwargs
        )

    return _publish
