"""Staff sign in with a password and then an authenticator code; citizens with a password only."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from aduan.accounts.choices import SignInEventKind
from aduan.accounts.models import SignInEvent

from .conftest import app_code, post_password, recovery_codes_in


def _kinds(user) -> list[str]:
    return list(
        SignInEvent.objects.filter(user=user)
        .order_by("created_at", "id")
        .values_list("kind", flat=True)
    )


def _signed_in_as(client, user) -> bool:
    return bool(client.session.get("_auth_user_id") == str(user.pk))


def test_staff_enrol_then_sign_in_with_the_app_then_with_a_recovery_code(client, officer, frozen):
    # Password step: not signed in yet, sent to enrolment (no app set up).
    response = post_password(client, "officer")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:enrol")
    assert not _signed_in_as(client, officer)

    page = client.get(reverse("accounts:enrol"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html  # the QR code, drawn on the server
    device = TOTPDevice.objects.get(user=officer, confirmed=False)
    secret = page.context["secret"].replace(" ", "")
    assert secret in html.replace(" ", "")
    assert 'autocomplete="one-time-code"' in html
    assert 'inputmode="numeric"' in html

    # Confirm with the app's code: signed in, ten recovery codes shown once, stored hashed.
    response = client.post(reverse("accounts:enrol"), {"code": app_code(device)})
    assert response.status_code == 200
    codes = recovery_codes_in(response.content.decode())
    assert len(codes) == 10
    assert len(set(codes)) == 10
    assert _signed_in_as(client, officer)
    device.refresh_from_db()
    assert device.confirmed
    stored = set(StaticToken.objects.filter(device__user=officer).values_list("token", flat=True))
    assert len(stored) == 10
    assert not stored & {c.replace("-", "") for c in codes}
    assert _kinds(officer) == [SignInEventKind.ENROLLED, SignInEventKind.SUCCESS]

    client.post(reverse("accounts:logout"))
    assert not _signed_in_as(client, officer)
    assert _kinds(officer)[-1] == SignInEventKind.LOGOUT

    # Later: password, then the app's code. The enrolment page is closed now.
    frozen.shift(90)
    response = post_password(client, "officer")
    assert response["Location"] == reverse("accounts:verify")
    assert client.get(reverse("accounts:enrol"))["Location"] == reverse("accounts:verify")
    used_code = app_code(device)
    response = client.post(reverse("accounts:verify"), {"code": used_code})
    assert response.status_code == 302
    assert _signed_in_as(client, officer)
    client.post(reverse("accounts:logout"))

    # The same code cannot be used twice, even within its 30 seconds.
    post_password(client, "officer")
    response = client.post(reverse("accounts:verify"), {"code": used_code})
    assert response.status_code == 400
    assert not _signed_in_as(client, officer)
    assert _kinds(officer)[-1] == SignInEventKind.TOTP_FAILURE

    # A recovery code works once (typed in capitals with spaces, as people do).
    frozen.shift(5)  # past django-otp's 1-second throttle after a wrong code
    typed = codes[0].upper().replace("-", " ")
    response = client.post(reverse("accounts:recovery"), {"code": typed})
    assert response.status_code == 302
    assert _signed_in_as(client, officer)
    assert StaticToken.objects.filter(device__user=officer).count() == 9
    assert _kinds(officer)[-2:] == [SignInEventKind.RECOVERY_USED, SignInEventKind.SUCCESS]
    client.post(reverse("accounts:logout"))

    frozen.shift(5)
    post_password(client, "officer")
    response = client.post(reverse("accounts:recovery"), {"code": codes[0]})
    assert response.status_code == 400
    assert not _signed_in_as(client, officer)


def test_a_code_one_step_early_or_late_is_accepted(client, enrolled_officer, officer):
    post_password(client, "officer")
    response = client.post(
        reverse("accounts:verify"), {"code": app_code(enrolled_officer, steps_ahead=-1)}
    )
    assert response.status_code == 302
    assert _signed_in_as(client, officer)


def test_a_code_two_steps_away_is_refused(client, enrolled_officer, officer):
    post_password(client, "officer")
    response = client.post(
        reverse("accounts:verify"), {"code": app_code(enrolled_officer, steps_ahead=3)}
    )
    assert response.status_code == 400
    assert not _signed_in_as(client, officer)


def test_wrong_code_is_refused_with_a_message_on_the_field(client, enrolled_officer, officer):
    post_password(client, "officer")
    good = app_code(enrolled_officer)
    wrong = f"{(int(good) + 1) % 1_000_000:06d}"
    response = client.post(reverse("accounts:verify"), {"code": wrong})
    assert response.status_code == 400
    assert not _signed_in_as(client, officer)
    html = response.content.decode()
    assert 'aria-invalid="true"' in html
    assert response.context["form"].errors["code"]
    assert _kinds(officer)[-1] == SignInEventKind.TOTP_FAILURE


def test_password_step_alone_does_not_sign_staff_in(client, enrolled_officer, officer):
    post_password(client, "officer")
    assert not _signed_in_as(client, officer)
    response = client.get(reverse("accounts:verify"))
    assert response.wsgi_request.user.is_anonymous


def test_the_second_step_expires_after_ten_minutes(client, enrolled_officer, frozen):
    post_password(client, "officer")
    frozen.shift(11 * 60)
    response = client.post(reverse("accounts:verify"), {"code": app_code(enrolled_officer)})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")


def test_second_step_without_the_first_goes_back_to_the_password(client, db):
    for name in ("accounts:verify", "accounts:recovery", "accounts:enrol"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"] == reverse("accounts:login")


def test_citizen_signs_in_with_the_password_only(client, citizen):
    response = post_password(client, "warga")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert _signed_in_as(client, citizen)
    assert not TOTPDevice.objects.filter(user=citizen).exists()
    assert _kinds(citizen) == [SignInEventKind.SUCCESS]


def test_staff_flag_alone_also_needs_the_second_factor(client, citizen):
    citizen.is_staff = True
    citizen.save(update_fields=["is_staff"])
    response = post_password(client, "warga")
    assert response["Location"] == reverse("accounts:enrol")
    assert not _signed_in_as(client, citizen)


@pytest.mark.parametrize(
    "identifier", ["officer@luwukab.go.id", "OFFICER@LuwuKab.go.id", "Officer"]
)
def test_staff_may_sign_in_with_email_in_any_case(client, enrolled_officer, officer, identifier):
    response = post_password(client, identifier)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:verify")


def test_wrong_password_and_unknown_account_get_the_same_answer(client, officer):
    wrong = post_password(client, "officer", "not-the-password")
    unknown = post_password(client, "nobody", "not-the-password")
    assert wrong.status_code == unknown.status_code == 400
    assert wrong.context["form"].non_field_errors() == unknown.context["form"].non_field_errors()
    assert not _signed_in_as(client, officer)
    failures = SignInEvent.objects.filter(kind=SignInEventKind.FAILURE)
    assert list(failures.order_by("id").values_list("user", "username_tried")) == [
        (officer.pk, "officer"),
        (None, "nobody"),
    ]


def test_inactive_account_cannot_sign_in(client, citizen):
    citizen.is_active = False
    citizen.save(update_fields=["is_active"])
    response = post_password(client, "warga")
    assert response.status_code == 400
    assert not _signed_in_as(client, citizen)


def test_next_is_followed_only_within_the_site(client, citizen):
    response = client.post(
        reverse("accounts:login") + "?next=/lacak/",
        {"identifier": "warga", "password": "test-pass-123"},
    )
    assert response["Location"] == "/lacak/"
    client.post(reverse("accounts:logout"))
    response = client.post(
        reverse("accounts:login"),
        {"identifier": "warga", "password": "test-pass-123", "next": "https://evil.example/"},
    )
    assert response["Location"] == "/"


def test_logout_needs_post(client, citizen):
    post_password(client, "warga")
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert _signed_in_as(client, citizen)


def test_sign_in_page_is_labelled_for_assistive_technology(client, db):
    response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="id")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'for="id_identifier"' in html
    assert 'autocomplete="current-password"' in html
    assert "style=" not in html
    assert "onclick" not in html
