"""Where sign-in lands: staff on the console (or a safe `next`), citizens where they were."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from .conftest import app_code, post_password

CONSOLE = "/konsol/"


def _second_step(client: Client, device: TOTPDevice, **query: str) -> Any:
    suffix = "?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else ""
    post_password_response = client.post(
        reverse("accounts:login") + suffix,
        {"identifier": "officer", "password": "test-pass-123", **query},
    )
    assert post_password_response["Location"] == reverse("accounts:verify")
    return client.post(reverse("accounts:verify"), {"code": app_code(device)})


def test_console_url_is_the_console_home():
    assert reverse("workflow:console_home") == CONSOLE


@pytest.mark.parametrize("next_url", [None, "/", "/lapor/"])
def test_staff_land_on_the_console(client, enrolled_officer, next_url):
    query = {"next": next_url} if next_url else {}
    response = _second_step(client, enrolled_officer, **query)
    assert response.status_code == 302
    assert response["Location"] == CONSOLE


def test_staff_follow_a_safe_next(client, enrolled_officer):
    response = _second_step(client, enrolled_officer, next="/konsol/unit/")
    assert response["Location"] == "/konsol/unit/"


def test_staff_never_follow_next_off_the_site(client, enrolled_officer):
    response = _second_step(client, enrolled_officer, next="https://evil.example/")
    assert response["Location"] == CONSOLE


def test_citizens_still_land_where_they_were(client, citizen):
    assert post_password(client, "warga")["Location"] == "/"


@pytest.mark.parametrize("name", ["accounts:verify", "accounts:recovery", "accounts:enrol"])
def test_second_factor_pages_do_not_tell_a_signed_in_user_the_session_ended(
    client, enrolled_officer, name
):
    _second_step(client, enrolled_officer)

    response = client.get(reverse(name), follow=True)

    assert response.redirect_chain[0] == (CONSOLE, 302)
    html = response.content.decode()
    assert "berakhir" not in html  # "Proses masuk Anda telah berakhir"
    assert 'name="password"' not in html


def test_second_factor_page_after_the_password_only_still_restarts(client, db):
    response = client.get(reverse("accounts:verify"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("accounts:login")
    assert 'name="password"' in response.content.decode()
