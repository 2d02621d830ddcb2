"""The Django admin opens only for staff who passed the second factor."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.urls import reverse

from aduan.accounts.models import User
from aduan.accounts.testing import sign_in_verified

from .conftest import app_code, post_password


@pytest.fixture
def superuser(db: None) -> User:
    return User.objects.create_superuser(
        username="root", password="test-pass-123", email="root@luwukab.go.id"
    )


def test_admin_login_page_sends_to_the_site_sign_in(client, db):
    response = client.get(reverse("admin:login") + "?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login") + "?next=" + quote("/admin/", safe="")


def test_password_only_session_cannot_open_the_admin(client, superuser):
    client.force_login(superuser)  # as if the password had been enough
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_password_step_without_the_code_cannot_open_the_admin(client, superuser):
    post_password(client, "root")
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302


def test_verified_superuser_opens_the_admin(client, superuser):
    sign_in_verified(client, superuser)
    assert client.get(reverse("admin:index")).status_code == 200


def test_superuser_through_both_steps_reaches_the_admin(client, superuser, frozen):
    client.get(reverse("admin:index"))
    response = client.post(
        reverse("accounts:login") + "?next=/admin/",
        {"identifier": "root@luwukab.go.id", "password": "test-pass-123"},
    )
    assert response["Location"] == reverse("accounts:enrol")
    client.get(reverse("accounts:enrol"))
    device = superuser.totpdevice_set.get()
    response = client.post(reverse("accounts:enrol"), {"code": app_code(device)})
    assert response.context["next"] == "/admin/"
    assert client.get(reverse("admin:index")).status_code == 200


def test_admin_logout_is_logged(client, superuser):
    sign_in_verified(client, superuser)
    client.post(reverse("admin:logout"))
    assert superuser.sign_in_events.get().kind == "logout"
    assert client.get(reverse("admin:index")).status_code == 302
