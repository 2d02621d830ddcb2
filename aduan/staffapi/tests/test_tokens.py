"""Tokens: shown once and stored hashed, held to one role, expiring, revocable."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine

from aduan.accounts.choices import Role
from aduan.core.errors import PermissionDenied, ValidationFailed
from aduan.organisation.models import Membership
from aduan.staffapi.models import ApiToken
from aduan.staffapi.services import (
    application_token_issue,
    personal_token_issue,
    token_hash,
    token_revoke,
)
from aduan.staffapi.tests.conftest import StaffApi

pytestmark = pytest.mark.django_db


def test_a_token_is_stored_only_as_its_hash(admin):
    membership = Membership.objects.get(user=admin)

    token, raw = personal_token_issue(actor=admin, name="Skrip harian", membership=membership)

    stored = ApiToken.objects.get(pk=token.pk)
    assert raw.startswith("adn_")
    assert len(raw) > 40
    assert stored.key_hash == token_hash(raw)
    assert raw[12:] not in str(ApiToken.objects.filter(pk=token.pk).values().get())
    assert StaffApi(raw).get("/me").json()["role"]["code"] == "coordinator"


def test_no_token_a_wrong_one_or_a_revoked_one_answers_401(admin, token_for):
    raw = token_for(admin)
    token = ApiToken.objects.get(key_hash=token_hash(raw))

    missing = StaffApi("").client.get("/api/v1/staff/me")
    wrong = StaffApi("adn_not-a-token").get("/me")
    token_revoke(actor=admin, token=token)
    revoked = StaffApi(raw).get("/me")

    for response in (missing, wrong, revoked):
        assert response.status_code == 401
        assert response["WWW-Authenticate"] == "Bearer"
        assert response.json()["error"]["code"] == "unauthorized"
    assert "token" in revoked.json()["error"]["message"]


def test_a_token_expires(admin):
    membership = Membership.objects.get(user=admin)
    _token, raw = personal_token_issue(actor=admin, name="x", membership=membership, days=1)

    assert StaffApi(raw).get("/me").status_code == 200
    with time_machine.travel(timedelta(days=1, seconds=1)):
        assert StaffApi(raw).get("/me").status_code == 401


def test_a_personal_token_dies_with_its_owners_role(officer, token_for):
    raw = token_for(officer)
    Membership.objects.filter(user=officer).delete()

    assert StaffApi(raw).get("/me").status_code == 401


def test_a_token_carries_one_role_only(officer, pupr, luwu, submit, admin):
    # The officer is also a coordinator; the liaison token still cannot verify.
    Membership.objects.create(user=officer, role=Role.COORDINATOR, instansi=luwu, unit=None)
    liaison = Membership.objects.get(user=officer, role=Role.LIAISON)
    _token, raw = personal_token_issue(actor=officer, name="unit", membership=liaison)
    report = submit().complaint

    api = StaffApi(raw)
    assert api.get("/inbox/coordinator").status_code == 404
    assert api.get(f"/reports/{report.tracking_number}").status_code == 404
    refused = api.post(f"/reports/{report.tracking_number}/verify", {"units": ["pupr"]})
    assert refused.status_code == 404
    report.refresh_from_db()
    assert report.status == "submitted"


def test_only_the_owner_issues_a_personal_token_for_their_role(admin, officer):
    with pytest.raises(PermissionDenied):
        personal_token_issue(actor=officer, name="x", membership=Membership.objects.get(user=admin))
    with pytest.raises(ValidationFailed):
        personal_token_issue(
            actor=admin, name="x", membership=Membership.objects.get(user=admin), days=400
        )
    assert ApiToken.objects.count() == 0


def test_an_administrator_issues_an_application_token(sysadmin, officer, luwu, pupr):
    token, raw = application_token_issue(
        actor=sysadmin, name="SIM Dinas PUPR", role=Role.LIAISON, instansi=luwu, unit=pupr
    )

    assert token.user.username.startswith("app-")
    assert not token.user.has_usable_password()
    assert not Membership.objects.filter(user=token.user).exists()
    me = StaffApi(raw).get("/me").json()
    assert me["kind"]["code"] == "application"
    assert me["unit"]["code"] == "pupr"
    with pytest.raises(PermissionDenied):
        application_token_issue(
            actor=officer, name="x", role=Role.LIAISON, instansi=luwu, unit=pupr
        )
    with pytest.raises(ValidationFailed):
        application_token_issue(actor=sysadmin, name="x", role=Role.LIAISON, instansi=luwu)
    with pytest.raises(ValidationFailed):
        application_token_issue(actor=sysadmin, name="x", role=Role.SYSADMIN, instansi=luwu)
    with pytest.raises(PermissionDenied):
        token_revoke(actor=officer, token=token)
    token_revoke(actor=sysadmin, token=token)
    assert StaffApi(raw).get("/me").status_code == 401
