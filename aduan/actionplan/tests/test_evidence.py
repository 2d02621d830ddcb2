"""Evidence documents: kept by the team, chosen as the evidence of an entry, a status or a
score, and served only to the plan's readers."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from aduan.accounts.models import User
from aduan.accounts.testing import sign_in_verified
from aduan.actionplan import services
from aduan.actionplan.models import Entry, EvidenceFile, Plan, StatementTemplate
from aduan.actionplan.reference import luwu_plan_load
from aduan.core.errors import ValidationFailed
from aduan.organisation.models import Instansi

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def plan(luwu: Instansi) -> Plan:
    return luwu_plan_load(luwu)


def _client(user: User) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="id")
    sign_in_verified(client, user)
    return client


def test_a_document_is_kept_chosen_and_served_to_readers(plan, admin, leader, officer, settings):
    client = _client(admin)
    response = client.post(
        reverse("actionplan:evidence_upload", args=[plan.pk]),
        {"title": "Berita acara rakor 2022", "file": SimpleUploadedFile("ba.pdf", PDF)},
    )
    assert response.status_code == 302
    kept = EvidenceFile.objects.get()
    assert (kept.content_type, kept.size, kept.uploaded_by) == ("application/pdf", len(PDF), admin)
    assert Path(settings.MEDIA_ROOT, kept.file.name).read_bytes() == PDF

    reported = plan.indicators.filter(measure="reported").first()
    response = client.post(
        reverse("actionplan:entry_add", args=[plan.pk]),
        {
            "indicator": reported.pk,
            "year": "2022",
            "quarter": "0",
            "value": "80",
            "evidence_file": kept.pk,
        },
    )
    assert response.status_code == 302
    assert Entry.objects.get().evidence_file == kept

    url = reverse("actionplan:evidence_download", args=[plan.pk, kept.pk])
    download = _client(leader).get(url)
    assert download.status_code == 200
    assert download.getvalue() == PDF
    assert download["X-Content-Type-Options"] == "nosniff"
    assert _client(officer).get(url).status_code == 404  # not a reader of the plan
    assert (
        "Berita acara rakor 2022"
        in _client(leader).get(reverse("actionplan:evidence", args=[plan.pk])).content.decode()
    )


def test_a_file_of_another_kind_is_refused_and_nothing_is_kept(plan, admin, settings):
    client = _client(admin)
    response = client.post(
        reverse("actionplan:evidence_upload", args=[plan.pk]),
        {"title": "Skrip", "file": SimpleUploadedFile("x.pdf", b"<script>alert(1)</script>")},
    )
    assert response.status_code == 400
    assert "PDF" in response.content.decode()
    assert not EvidenceFile.objects.exists()
    media = Path(settings.MEDIA_ROOT)
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_a_document_of_another_plan_is_not_evidence_here(plan, admin, luwu):
    template = StatementTemplate.objects.get()
    other = services.plan_create(
        actor=None, instansi=luwu, title="Lain", year_start=2025, year_end=2029, template=template
    )
    foreign = services.evidence_upload(
        actor=admin, plan=other, title="SK", upload=SimpleUploadedFile("sk.pdf", PDF)
    )
    reported = plan.indicators.filter(measure="reported").first()
    with pytest.raises(ValidationFailed):
        services.entry_add(
            actor=admin,
            indicator=reported,
            year=2022,
            quarter=0,
            value=Decimal(1),
            evidence_file=foreign,
        )
    assert not Entry.objects.exists()
    url = reverse("actionplan:evidence_download", args=[plan.pk, foreign.pk])
    assert _client(admin).get(url).status_code == 404  # not through another plan's address
