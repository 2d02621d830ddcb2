"""Sessions end after ADUAN_SESSION_MINUTES (480 by default) and when the browser closes."""

from __future__ import annotations

from django.conf import settings as django_settings
from django.urls import reverse

from .conftest import post_password


def test_session_settings(db):
    assert django_settings.SESSION_COOKIE_AGE == 480 * 60
    assert django_settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True


def test_session_cookie_lives_only_as_long_as_the_browser(client, citizen):
    response = post_password(client, "warga")
    cookie = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == ""
    assert cookie["expires"] == ""
    assert cookie["httponly"]


def test_signed_in_session_expires_after_the_session_minutes(client, citizen, frozen):
    post_password(client, "warga")
    assert client.session.get_expiry_age() == 480 * 60
    frozen.shift(479 * 60)
    response = client.get(reverse("accounts:login"))
    assert response.wsgi_request.user.is_authenticated
    frozen.shift(2 * 60)
    response = client.get(reverse("accounts:login"))
    assert not response.wsgi_request.user.is_authenticated
