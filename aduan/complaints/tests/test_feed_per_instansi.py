"""Each government's public feed shows its own reports and its own reference data by default."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from aduan.accounts.models import User
from aduan.complaints.models import Complaint
from aduan.complaints.views.feed import filter_options_forget
from aduan.organisation.choices import RegionLevel, UnitKind
from aduan.organisation.models import Category, Instansi, Region, Unit
from aduan.workflow import services as workflow

pytestmark = pytest.mark.django_db

FEED = reverse("complaints:feed")


@pytest.fixture
def luwu_utara(luwu: Instansi) -> Instansi:
    region = Region.objects.create(code="73.22", name="Luwu Utara", level=RegionLevel.REGENCY)
    Region.objects.create(
        code="73.22.01", name="Sabbang", level=RegionLevel.DISTRICT, parent=region
    )
    lutra = Instansi.objects.create(
        code="luwu-utara",
        name="Pemerintah Kabupaten Luwu Utara",
        tracking_prefix="LTR",
        region=region,
    )
    unit = Unit.objects.create(
        instansi=lutra, code="pupr", name="PUPR Luwu Utara", kind=UnitKind.OPD
    )
    Category.objects.create(
        instansi=lutra, code="jembatan", name="Jembatan Luwu Utara", default_unit=unit
    )
    filter_options_forget()
    return lutra


def _published(submit: Any, admin: User, unit: Unit, **fields: Any) -> Complaint:
    complaint: Complaint = submit(**fields).complaint
    workflow.complaint_verify(actor=admin, complaint=complaint, units=[unit])
    return complaint


def test_the_default_feed_lists_only_the_default_governments_reports_and_filters(
    anon_client, submit, admin, pupr, luwu_utara, settings
):
    settings.ADUAN_DEFAULT_INSTANSI = "luwu"
    ours = _published(submit, admin, pupr, title="Jalan rusak di Kanna")
    theirs = submit(
        instansi=luwu_utara, category=None, region=None, title="Jembatan putus di Sabbang"
    )

    html = anon_client.get(FEED).content.decode()

    assert ours.tracking_number in html
    assert theirs.complaint.tracking_number not in html
    assert "Pemerintah Kabupaten Luwu</p>" in html
    for other in ("PUPR Luwu Utara", "Jembatan Luwu Utara", "Sabbang"):
        assert other not in html, other
    assert "Dinas Pekerjaan Umum dan Penataan Ruang" in html  # Luwu's own unit, a choice


def test_another_government_is_one_parameter_away(anon_client, submit, luwu_utara, settings):
    settings.ADUAN_DEFAULT_INSTANSI = "luwu"
    theirs = submit(instansi=luwu_utara, category=None, region=None, title="Jembatan putus")

    html = anon_client.get(FEED, {"instansi": "luwu-utara"}).content.decode()

    assert "PUPR Luwu Utara" in html
    assert "Sabbang" in html
    assert "Dinas Pekerjaan Umum dan Penataan Ruang" not in html
    assert '<input type="hidden" name="instansi" value="luwu-utara">' in html
    # (The report itself appears once it is published; the filters are the government's.)
    assert theirs.complaint.tracking_number not in anon_client.get(FEED).content.decode()


def test_a_filter_of_another_government_is_refused_not_applied(anon_client, luwu_utara):
    other_unit = Unit.objects.get(instansi=luwu_utara)
    response = anon_client.get(FEED, {"unit": other_unit.pk})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()


def test_an_unknown_government_code_shows_the_default(anon_client, luwu_utara, settings):
    settings.ADUAN_DEFAULT_INSTANSI = "luwu"
    html = anon_client.get(FEED, {"instansi": "nowhere"}).content.decode()
    assert "Pemerintah Kabupaten Luwu</p>" in html
