"""Files reach only who may see them: the reporter (with the access code) gets their own files
and what staff published, never an internal note's; the public gets published files of public
reports only; every answer is served with sniffing off and no script."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from aduan.complaints.choices import Status
from aduan.complaints.models import Attachment
from aduan.workflow import services

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _png(colour: str = "red") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), colour).save(out, "PNG")
    return SimpleUploadedFile("foto.png", out.getvalue(), content_type="image/png")


@pytest.fixture
def filed(submit, admin, officer, pupr):
    """A report with the reporter's photo, a public evidence photo and an internal memo."""
    submitted = submit(attachments=[_png("blue")])
    complaint = services.complaint_verify(actor=admin, complaint=submitted.complaint, units=[pupr])
    services.followup_add(
        actor=officer, complaint=complaint, text="Sudah ditambal.", attachments=[_png("green")]
    )
    memo = SimpleUploadedFile("memo.pdf", PDF, content_type="application/pdf")
    services.followup_add(
        actor=officer, complaint=complaint, text="Memo", is_public=False, attachments=[memo]
    )
    own, published, internal = Attachment.objects.filter(complaint=complaint).order_by("pk")
    assert (own.is_public, published.is_public, internal.is_public) == (False, True, False)
    return submitted, own, published, internal


def _reporter_client(submitted) -> Client:
    client = Client()
    client.post(
        reverse("workflow:track_access", args=[submitted.complaint.tracking_number]),
        {"access_code": submitted.access_code},
    )
    return client


def _track_file(number: str, pk: int) -> str:
    return reverse("workflow:track_attachment", args=[number, pk])


def test_reporter_gets_own_and_published_files_not_internal(filed):
    submitted, own, published, internal = filed
    number = submitted.complaint.tracking_number
    client = _reporter_client(submitted)
    page = client.get(reverse("workflow:track", args=[number])).content.decode()
    assert _track_file(number, own.pk) in page
    assert _track_file(number, published.pk) in page
    assert _track_file(number, internal.pk) not in page
    response = client.get(_track_file(number, own.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert response.getvalue().startswith(b"\x89PNG")
    assert client.get(_track_file(number, internal.pk)).status_code == 404


def test_without_the_access_code_no_file(filed, anon_client):
    submitted, own, published, _ = filed
    number = submitted.complaint.tracking_number
    assert anon_client.get(_track_file(number, own.pk)).status_code == 404
    assert anon_client.get(_track_file(number, published.pk)).status_code == 404


def test_a_code_for_one_report_opens_no_file_of_another(filed, submit):
    submitted, own, _, _ = filed
    other = submit()
    client = _reporter_client(other)
    assert client.get(_track_file(other.complaint.tracking_number, own.pk)).status_code == 404
    assert client.get(_track_file(submitted.complaint.tracking_number, own.pk)).status_code == 404


def test_public_page_serves_published_files_only(filed, anon_client):
    submitted, own, published, internal = filed
    number = submitted.complaint.tracking_number
    page = anon_client.get(reverse("complaints:public_report", args=[number])).content.decode()
    url = reverse("complaints:public_attachment", args=[number, published.pk])
    assert url in page
    response = anon_client.get(url)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    for hidden in (own, internal):
        hidden_url = reverse("complaints:public_attachment", args=[number, hidden.pk])
        assert hidden_url not in page
        assert anon_client.get(hidden_url).status_code == 404


def test_rahasia_report_serves_no_public_file(filed, admin, anon_client):
    submitted, _, published, _ = filed
    services.complaint_edit(actor=admin, complaint=submitted.complaint, is_confidential=True)
    number = submitted.complaint.tracking_number
    url = reverse("complaints:public_attachment", args=[number, published.pk])
    assert anon_client.get(url).status_code == 404


def test_pdf_is_downloaded_not_shown(submit, admin, officer, pupr):
    submitted = submit(
        attachments=[SimpleUploadedFile("a.pdf", PDF, content_type="application/pdf")]
    )
    attachment = Attachment.objects.get(complaint=submitted.complaint)
    client = _reporter_client(submitted)
    response = client.get(_track_file(submitted.complaint.tracking_number, attachment.pk))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert submitted.complaint.status == Status.SUBMITTED
