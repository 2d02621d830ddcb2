"""Reply templates: seeded for Luwu once, edited in the admin by each instansi's own staff."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from aduan.accounts.models import User
from aduan.accounts.testing import sign_in_verified
from aduan.organisation.models import Instansi, ReplyTemplate
from aduan.organisation.reference import luwu_load

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:organisation_replytemplate_changelist")


@pytest.fixture
def palopo_template(luwu: Instansi) -> ReplyTemplate:
    palopo = Instansi.objects.create(
        code="palopo", name="Pemerintah Kota Palopo", tracking_prefix="PLP"
    )
    return ReplyTemplate.objects.create(instansi=palopo, title="Template Palopo", text="Halo")


def test_loading_luwu_again_does_not_duplicate_its_templates(luwu):
    seeded = ReplyTemplate.objects.filter(instansi=luwu).count()
    assert seeded >= 3
    ReplyTemplate.objects.filter(instansi=luwu).update(text="Diubah admin")
    luwu_load()
    assert ReplyTemplate.objects.filter(instansi=luwu).count() == seeded
    assert set(ReplyTemplate.objects.values_list("text", flat=True)) == {"Diubah admin"}


def test_superuser_sees_every_instansis_templates(client, luwu, palopo_template):
    root = User.objects.create_superuser(username="root", password="test-pass-123")
    sign_in_verified(client, root)
    page = client.get(CHANGELIST).content.decode()
    assert "Template Palopo" in page
    assert "Laporan diterima dan sedang ditindaklanjuti" in page
    assert client.get(reverse("admin:organisation_replytemplate_add")).status_code == 200


def test_a_coordinator_edits_only_their_own_instansis_templates(client, admin, palopo_template):
    admin.is_staff = True
    admin.save(update_fields=["is_staff"])
    admin.user_permissions.set(
        Permission.objects.filter(codename__endswith="_replytemplate").exclude(
            codename__startswith="delete"
        )
    )
    sign_in_verified(client, admin)
    page = client.get(CHANGELIST).content.decode()
    assert "Laporan diterima dan sedang ditindaklanjuti" in page
    assert "Template Palopo" not in page
    other = reverse("admin:organisation_replytemplate_change", args=[palopo_template.pk])
    assert client.get(other).status_code == 302  # "does not exist": back to the admin index
    add = client.get(reverse("admin:organisation_replytemplate_add")).content.decode()
    assert "Pemerintah Kabupaten Luwu" in add
    assert "Pemerintah Kota Palopo" not in add
    response = client.post(
        reverse("admin:organisation_replytemplate_add"),
        {"instansi": palopo_template.instansi_id, "title": "Sisipan", "text": "x", "ordering": 1},
    )
    assert response.status_code == 200  # the form refuses an instansi not theirs
    assert not ReplyTemplate.objects.filter(title="Sisipan").exists()


def test_a_liaison_with_the_staff_flag_cannot_edit_templates(client, officer):
    officer.is_staff = True
    officer.save(update_fields=["is_staff"])
    sign_in_verified(client, officer)
    assert client.get(CHANGELIST).status_code == 403
