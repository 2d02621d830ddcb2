"""Repeated failures lock the account and the address for a while, and the log shows it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from aduan.accounts.choices import SignInEventKind
from aduan.accounts.models import SignInEvent
from aduan.accounts.selectors import sign_in_events
from aduan.core import clock

from .conftest import app_code, post_password

LOCK_WORDS = "Too many failed attempts"


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"  # assert on the English source messages


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def _kinds() -> list[str]:
    return list(SignInEvent.objects.order_by("id").values_list("kind", flat=True))


def test_account_locks_after_five_wrong_passwords_from_any_address(client, officer, frozen):
    for n in range(5):
        response = post_password(client, "officer", "wrong", REMOTE_ADDR=f"10.0.0.{n + 1}")
    assert response.status_code == 429
    assert LOCK_WORDS in response.content.decode()

    # Locked: even the right password from a fresh address is refused, without a check.
    response = post_password(client, "officer", REMOTE_ADDR="10.9.9.9")
    assert response.status_code == 429
    assert LOCK_WORDS in response.content.decode()
    assert not _signed_in(client)
    assert _kinds() == [SignInEventKind.FAILURE] * 5 + [SignInEventKind.LOCKOUT] * 2
    lockouts = SignInEvent.objects.filter(kind=SignInEventKind.LOCKOUT).order_by("id")
    assert [(e.user_id, e.ip) for e in lockouts] == [
        (officer.pk, "10.0.0.5"),
        (officer.pk, "10.9.9.9"),
    ]


def test_address_locks_after_five_failures_on_any_accounts(client, officer, citizen, frozen):
    for name in ("a", "b", "c", "d", "e"):
        post_password(client, name, "wrong")
    # A different, real account with its right password, from the same address.
    response = post_password(client, "warga")
    assert response.status_code == 429
    assert not _signed_in(client)
    assert SignInEvent.objects.filter(kind=SignInEventKind.LOCKOUT, ip="127.0.0.1").count() == 2
    # Another address is not affected.
    response = post_password(client, "warga", REMOTE_ADDR="10.1.1.1")
    assert response.status_code == 302


def test_unknown_account_locks_like_a_real_one(client, db, frozen):
    answers = [post_password(client, "ghost", "wrong", REMOTE_ADDR=f"10.0.1.{n}") for n in range(6)]
    assert [a.status_code for a in answers] == [400, 400, 400, 400, 429, 429]
    assert LOCK_WORDS in answers[-1].content.decode()
    assert SignInEvent.objects.filter(username_tried="ghost", user=None).count() == 7


def test_lock_ends_after_the_lockout_minutes(client, officer, citizen, frozen):
    for n in range(5):
        post_password(client, "warga", "wrong", REMOTE_ADDR=f"10.0.2.{n}")
    assert post_password(client, "warga", REMOTE_ADDR="10.0.3.1").status_code == 429
    frozen.shift(14 * 60)
    assert post_password(client, "warga", REMOTE_ADDR="10.0.3.1").status_code == 429
    frozen.shift(61)
    response = post_password(client, "warga", REMOTE_ADDR="10.0.3.1")
    assert response.status_code == 302
    assert _signed_in(client)


def test_settings_change_the_limit_and_the_duration(client, citizen, frozen, settings):
    settings.ADUAN_LOGIN_MAX_FAILURES = 2
    settings.ADUAN_LOGIN_LOCKOUT_MINUTES = 1
    post_password(client, "warga", "wrong")
    response = post_password(client, "warga", "wrong")
    assert response.status_code == 429
    assert "1 minute;" in response.content.decode()
    frozen.shift(61)
    assert post_password(client, "warga").status_code == 302


def test_success_clears_the_account_count(client, citizen, frozen):
    for n in range(4):
        post_password(client, "warga", "wrong", REMOTE_ADDR=f"10.0.4.{n}")
    assert post_password(client, "warga", REMOTE_ADDR="10.0.5.1").status_code == 302
    client.post(reverse("accounts:logout"))
    response = post_password(client, "warga", "wrong", REMOTE_ADDR="10.0.5.2")
    assert response.status_code == 400  # one failure after the success, not five


def test_wrong_codes_count_towards_the_lock(client, enrolled_officer, officer, frozen):
    post_password(client, "officer")
    good = app_code(enrolled_officer)
    wrong = f"{(int(good) + 1) % 1_000_000:06d}"
    statuses = []
    for _ in range(5):
        frozen.shift(20)  # past django-otp's own growing throttle
        statuses.append(client.post(reverse("accounts:verify"), {"code": wrong}).status_code)
    assert statuses == [400, 400, 400, 400, 429]
    # Even the right code is refused while locked, and so is the password step.
    response = client.post(reverse("accounts:verify"), {"code": app_code(enrolled_officer)})
    assert response.status_code == 429
    assert not _signed_in(client)
    assert post_password(client, "officer", REMOTE_ADDR="10.7.7.7").status_code == 429
    assert SignInEvent.objects.filter(user=officer, kind=SignInEventKind.TOTP_FAILURE).count() == 5


def test_zero_turns_the_lockout_off(client, citizen, frozen, settings):
    settings.ADUAN_LOGIN_MAX_FAILURES = 0
    for _ in range(8):
        post_password(client, "warga", "wrong")
    assert post_password(client, "warga").status_code == 302


def test_sign_in_events_selector_filters_for_the_auditor(client, officer, citizen, frozen):
    post_password(client, "warga")
    frozen.shift(60)
    post_password(client, "officer", "wrong", REMOTE_ADDR="10.0.6.1")
    assert [e.kind for e in sign_in_events()] == [
        SignInEventKind.FAILURE,
        SignInEventKind.SUCCESS,
    ]
    assert [e.user for e in sign_in_events(user=citizen)] == [citizen]
    assert sign_in_events(ip="10.0.6.1").get().user == officer
    assert list(sign_in_events(kinds=(SignInEventKind.LOCKOUT,))) == []
    assert sign_in_events(since=clock.now()).count() == 1
