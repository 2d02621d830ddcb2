"""Helpers of the sign-in tests: type a password, read the code an authenticator app shows."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD = "test-pass-123"  # the cast's password (root conftest.py)
START = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Asia/Makassar"))


def app_code(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The 6 digits the user's app shows now (what the test user would type)."""
    device.refresh_from_db()
    value = totp(device.bin_key, device.step, device.t0, device.digits, device.drift + steps_ahead)
    return f"{value:06d}"


def post_password(client: Client, identifier: str, password: str = PASSWORD, **extra: Any) -> Any:
    return client.post(
        reverse("accounts:login"), {"identifier": identifier, "password": password}, **extra
    )


def recovery_codes_in(html: str) -> list[str]:
    return re.findall(r"<code>([a-z2-7]{4}(?:-[a-z2-7]{4}){3})</code>", html)


@pytest.fixture
def frozen(time_machine: Any) -> Any:
    """Time stands still at START (09:00 WITA) until the test shifts it."""
    time_machine.move_to(START, tick=False)
    return time_machine


@pytest.fixture
def enrolled_officer(client: Client, officer: Any, frozen: Any) -> TOTPDevice:
    """The liaison has set up the app (through the pages) and signed out again."""
    post_password(client, "officer")
    client.get(reverse("accounts:enrol"))
    device = TOTPDevice.objects.get(user=officer)
    response = client.post(reverse("accounts:enrol"), {"code": app_code(device)})
    assert response.status_code == 200
    client.post(reverse("accounts:logout"))
    frozen.shift(60)  # a later sign-in, with a later code
    device.refresh_from_db()
    return device
