"""The public accountability pages: the maklumat pelayanan pengaduan (edited in the admin)
and each unit's standing, with small figures held back."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from aduan.accounts.models import User
from aduan.organisation.models import CharterOfficial, ServiceCharter
from aduan.reporting.rollups import rollups_refresh
from aduan.reporting.tests.conftest import client_of
from aduan.surveys.choices import Source
from aduan.surveys.services import Respondent, survey_response_record
from aduan.workflow import services as workflow

pytestmark = pytest.mark.django_db
WITA = ZoneInfo("Asia/Makassar")
MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=WITA)


def test_the_charter_page_shows_the_sop_times_before_it_is_filled_in(anon_client, luwu):
    response = anon_client.get("/maklumat/", HTTP_ACCEPT_LANGUAGE="id")
    text = response.content.decode()

    assert response.status_code == 200
    assert "belum diisi" in text
    assert f"<td>{luwu.supervisory_days}</td>" in text
    assert f"<td>{luwu.verify_days}</td>" in text


def test_the_charter_edited_in_the_admin_is_published(anon_client, luwu, diskominfo):
    superuser = User.objects.create_superuser(username="root", password="test-pass-123")
    admin_client = client_of(superuser)
    form = admin_client.get("/admin/organisation/servicecharter/add/")
    assert form.status_code == 200
    response = admin_client.post(
        "/admin/organisation/servicecharter/add/",
        {
            "instansi": luwu.pk,
            "policy": "Kami berjanji menindaklanjuti setiap pengaduan tepat waktu.",
            "channels": "SMS/WhatsApp 0811 4200 000\nLoket Diskominfo",
            "office_hours": "Senin-Jumat 08.00-16.00 WITA",
            "email": "pengaduan@luwukab.example",
            "signed_by": "Bupati Luwu",
            "officials-TOTAL_FORMS": "1",
            "officials-INITIAL_FORMS": "0",
            "officials-0-position": "Pejabat pengelola pengaduan",
            "officials-0-name": "Andi Makkasau",
            "officials-0-unit": diskominfo.pk,
            "officials-0-ordering": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert ServiceCharter.objects.get().officials.get() == CharterOfficial.objects.get()

    text = anon_client.get("/maklumat/").content.decode()
    assert "tepat waktu" in text
    assert "Loket Diskominfo" in text
    assert "Andi Makkasau" in text
    assert "pengaduan@luwukab.example" in text


def _resolved(submit: Any, admin: Any, officer: Any, pupr: Any, n: int) -> None:
    for i in range(n):
        complaint = submit(title=f"Jalan rusak {i}").complaint
        workflow.complaint_verify(actor=admin, complaint=complaint, units=[pupr])
        workflow.followup_add(actor=officer, complaint=complaint, text="Ditinjau.")
        workflow.complaint_resolve(actor=officer, complaint=complaint, summary="Selesai.")


def test_units_are_ranked_and_small_figures_held_back(
    anon_client, submit, admin, officer, pupr, dinkes
):
    with time_machine.travel(MONDAY, tick=False) as traveller:
        _resolved(submit, admin, officer, pupr, 5)
        lone = submit(title="Puskesmas tutup").complaint
        workflow.complaint_verify(actor=admin, complaint=lone, units=[dinkes])
        for _ in range(5):
            survey_response_record(
                unit=pupr,
                answers={f"u{i}": 4 for i in range(1, 10)},
                respondent=Respondent(),
                source=Source.WEB,
            )
        traveller.shift(timedelta(days=1))
        rollups_refresh()  # what the worker does: the figures come from the rollups
        response = anon_client.get("/kinerja/", HTTP_ACCEPT_LANGUAGE="id")
        unit = anon_client.get("/kinerja/pupr/", HTTP_ACCEPT_LANGUAGE="id")
        other = anon_client.get("/kinerja/dinkes/", HTTP_ACCEPT_LANGUAGE="id")
    text = response.content.decode()

    assert response.status_code == 200
    assert text.index("Dinas PUPR") < text.index("Dinkes")
    assert "100,0%" in text  # five resolved the same day: all on time
    assert "&lt; 5" in text  # Dinkes's single report
    assert "100,00 (A)" in text
    assert unit.status_code == 200
    assert "100,00 (A, Sangat baik)" in unit.content.decode()
    assert "terlalu sedikit" in other.content.decode()


def test_an_unknown_unit_is_404_and_a_bad_year_falls_back(anon_client, luwu):
    assert anon_client.get("/kinerja/nope/").status_code == 404
    assert anon_client.get("/kinerja/?tahun=abc").status_code == 200
    assert anon_client.get("/kinerja/?tahun=1999").status_code == 200


def test_the_year_is_a_whole_past_year(anon_client, luwu):
    with time_machine.travel(MONDAY, tick=False):
        response = anon_client.get("/kinerja/?tahun=2025")
    assert response.context["date_from"] == date(2025, 1, 1)
    assert response.context["date_to"] == date(2025, 12, 31)
