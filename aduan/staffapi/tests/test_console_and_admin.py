"""Issuing and revoking tokens where people do it: a staff member's own tokens on
/konsol/token/, and application tokens (and Open311 partner keys) in the admin. Each token is
shown once, in the answer that issued it."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from aduan.accounts.models import User
from aduan.accounts.testing import sign_in_verified
from aduan.integrations.open311.models import PartnerKey
from aduan.integrations.open311.services import key_hash
from aduan.organisation.models import Membership
from aduan.staffapi.models import ApiToken
from aduan.staffapi.services import token_hash
from aduan.staffapi.tests.conftest import StaffApi

pytestmark = pytest.mark.django_db

URL = "/konsol/token/"


def _signed_in(user: User) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="id")
    sign_in_verified(client, user)
    return client


def test_staff_issue_a_token_shown_once_and_revoke_it(officer):
    client = _signed_in(officer)
    membership = Membership.objects.get(user=officer)

    page = client.get(URL)
    issued = client.post(URL, {"name": "Skrip ekspor", "membership": membership.pk, "days": 30})
    again = client.get(URL)

    assert page.status_code == 200
    raw = re.search(r"<code data-token>(adn_[^<]+)</code>", issued.content.decode())
    assert raw is not None
    token = ApiToken.objects.get(key_hash=token_hash(raw.group(1)))
    assert (token.user, token.role, token.unit_id) == (officer, "liaison", membership.unit_id)
    assert raw.group(1) not in again.content.decode()
    assert token.prefix in again.content.decode()
    assert StaffApi(raw.group(1)).get("/me").status_code == 200

    revoked = client.post(reverse("staffapi:token_revoke", args=[token.pk]))

    assert revoked.status_code == 302
    assert StaffApi(raw.group(1)).get("/me").status_code == 401


def test_a_bad_form_issues_nothing_and_says_why(officer, admin):
    client = _signed_in(officer)
    foreign = Membership.objects.get(user=admin)  # not the officer's role

    for data in (
        {"name": "", "membership": Membership.objects.get(user=officer).pk, "days": 30},
        {"name": "x", "membership": foreign.pk, "days": 30},
        {"name": "x", "membership": Membership.objects.get(user=officer).pk, "days": 999},
    ):
        response = client.post(URL, data)
        assert response.status_code == 400, data
        assert 'class="errorlist' in response.content.decode()
    assert ApiToken.objects.count() == 0


def test_another_persons_token_cannot_be_revoked_there(officer, admin, token_for):
    raw = token_for(admin)
    token = ApiToken.objects.get(key_hash=token_hash(raw))

    response = _signed_in(officer).post(reverse("staffapi:token_revoke", args=[token.pk]))

    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_token_page_needs_a_staff_sign_in(citizen, anon_client):
    assert anon_client.get(URL).status_code == 302
    assert _signed_in(citizen).get(URL).status_code == 404


@pytest.fixture
def root(luwu) -> Client:
    user = User.objects.create_superuser(username="root", password="test-pass-123")
    return _signed_in(user)


def test_an_administrator_issues_an_application_token_in_the_admin(root, luwu, pupr):
    response = root.post(
        reverse("admin:staffapi_apitoken_add"),
        {"name": "SIM PUPR", "role": "liaison", "instansi": luwu.pk, "unit": pupr.pk, "days": 30},
        follow=True,
    )

    shown = re.search(r"(adn_[A-Za-z0-9_-]{20,})", response.content.decode())
    assert shown is not None, response.content.decode()[:2000]
    token = ApiToken.objects.get(key_hash=token_hash(shown.group(1)))
    assert token.kind == "application"
    assert token.user.username.startswith("app-")
    assert StaffApi(shown.group(1)).get("/me").json()["unit"]["code"] == "pupr"
    page = root.get(reverse("admin:staffapi_apitoken_change", args=[token.pk]))
    assert shown.group(1) not in page.content.decode()


def test_an_administrator_issues_and_revokes_an_open311_key_in_the_admin(root, luwu):
    response = root.post(
        reverse("admin:open311_partnerkey_add"),
        {"name": "Aplikasi Kota", "instansi": luwu.pk, "per_hour": 10},
        follow=True,
    )

    shown = re.search(r"(o311_[A-Za-z0-9_-]{20,})", response.content.decode())
    assert shown is not None
    key = PartnerKey.objects.get(key_hash=key_hash(shown.group(1)))
    assert key.per_hour == 10

    root.post(
        reverse("admin:open311_partnerkey_changelist"),
        {"action": "revoke", "_selected_action": [key.pk]},
    )

    key.refresh_from_db()
    assert key.revoked_at is not None
