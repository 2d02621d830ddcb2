"""Test helpers for other apps: a staff session that has passed the second factor.

`client.force_login(user)` alone gives a password-only session, which the admin (and any view
that asks `request.user.is_verified()`) treats as not signed in as staff.
"""

from __future__ import annotations

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from aduan.accounts.models import User


def sign_in_verified(client: Client, user: User) -> TOTPDevice:
    """Sign `user` in on `client` as if both factors had passed; returns the TOTP device."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id  # what django_otp.login stores
    session.save()
    return device
