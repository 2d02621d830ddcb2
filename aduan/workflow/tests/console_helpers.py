"""Shared pieces of the console tests: a staff client signed in with both factors, a second
government with its own coordinator, and the URLs of the console."""

from __future__ import annotations

from django.test import Client

from aduan.accounts.choices import Role
from aduan.accounts.models import User
from aduan.accounts.testing import sign_in_verified
from aduan.organisation.models import Instansi, Membership, Unit


def staff_client(user: User) -> Client:
    """A client in English (assertions on words), signed in with both factors."""
    client = Client()
    client.cookies["django_language"] = "en"  # English, as chosen with the language switch
    sign_in_verified(client, user)
    return client


def other_government() -> tuple[Instansi, User]:
    """Pemerintah Kota Palopo, hosted by the same deployment, and its coordinator."""
    palopo = Instansi.objects.create(
        code="palopo", name="Pemerintah Kota Palopo", tracking_prefix="PLP"
    )
    unit = Unit.objects.create(
        instansi=palopo, code="kominfo", name="Diskominfo Palopo", kind="opd"
    )
    user = User.objects.create_user(username="palopo_admin", password="test-pass-123")
    Membership.objects.create(user=user, role=Role.COORDINATOR, instansi=palopo, unit=unit)
    return palopo, user
