"""The admin serves reference data to superusers only, and keeps calendars fresh."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from aduan.accounts.models import User
from aduan.accounts.testing import sign_in_verified
from aduan.organisation.choices import CalendarDayKind
from aduan.organisation.models import CalendarDay, Instansi
from aduan.organisation.selectors import calendar_for

MODELS = [
    ("organisation", "instansi"),
    ("organisation", "unit"),
    ("organisation", "region"),
    ("organisation", "category"),
    ("accounts", "user"),
]
PAGES = [(app, model, page) for app, model in MODELS for page in ("changelist", "add")]


@pytest.fixture
def superuser(db: None) -> User:
    return User.objects.create_superuser(
        username="root", password="test-pass-123", email="root@luwukab.go.id"
    )


@pytest.fixture
def su_client(client, superuser):
    sign_in_verified(client, superuser)  # the admin needs the second factor (accounts)
    return client


@pytest.mark.parametrize(("app", "model", "page"), PAGES)
def test_superuser_opens_the_reference_data_pages(su_client, luwu, app, model, page):
    response = su_client.get(reverse(f"admin:{app}_{model}_{page}"))
    assert response.status_code == 200


def test_superuser_opens_an_instansi_with_its_calendar_inline(su_client, luwu):
    response = su_client.get(reverse("admin:organisation_instansi_change", args=[luwu.pk]))
    assert response.status_code == 200
    assert b"calendar_days-TOTAL_FORMS" in response.content


@pytest.mark.parametrize(("app", "model", "page"), PAGES)
def test_liaison_is_sent_to_the_login_page(client, officer, app, model, page):
    client.force_login(officer)
    url = reverse(f"admin:{app}_{model}_{page}")
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize(("app", "model", "page"), PAGES)
def test_liaison_with_staff_flag_but_no_permission_is_refused(client, officer, app, model, page):
    officer.is_staff = True
    officer.save(update_fields=["is_staff"])
    sign_in_verified(client, officer)
    assert client.get(reverse(f"admin:{app}_{model}_{page}")).status_code == 403


def _instansi_form(instansi: Instansi) -> dict[str, str]:
    fields = [
        "code",
        "name",
        "time_zone",
        "tracking_prefix",
        "verify_days",
        "first_followup_days",
        "light_days",
        "normative_days",
        "non_supervisory_days",
        "supervisory_days",
        "info_request_days",
        "info_extension_days",
        "autoclose_days",
        "at_risk_percent",
        "late_filing_days",
    ]
    data = {name: str(getattr(instansi, name)) for name in fields}
    data["region"] = str(instansi.region_id or "")
    return data


def test_adding_a_day_off_in_the_admin_refreshes_the_calendar(su_client, luwu):
    day = date(2026, 12, 7)  # a Monday, not a national holiday
    assert calendar_for(luwu).is_working_day(day)
    version = luwu.calendar_version
    data = {
        **_instansi_form(luwu),
        "calendar_days-TOTAL_FORMS": "1",
        "calendar_days-INITIAL_FORMS": "0",
        "calendar_days-MIN_NUM_FORMS": "0",
        "calendar_days-MAX_NUM_FORMS": "1000",
        "calendar_days-0-date": day.isoformat(),
        "calendar_days-0-kind": CalendarDayKind.OFF,
        "calendar_days-0-description": "Hari Jadi Luwu (contoh)",
    }
    response = su_client.post(reverse("admin:organisation_instansi_change", args=[luwu.pk]), data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    assert CalendarDay.objects.filter(instansi=luwu, date=day, kind=CalendarDayKind.OFF).exists()
    luwu.refresh_from_db()
    assert luwu.calendar_version > version
    assert not calendar_for(luwu).is_working_day(day)
