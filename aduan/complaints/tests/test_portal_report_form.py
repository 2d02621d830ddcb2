"""The report form /lapor/: rendering, filing each type, abuse guards, attachments."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from aduan.complaints.choices import ReportType, Status
from aduan.complaints.models import Attachment, Complaint, ComplaintEvent, Reporter

pytestmark = pytest.mark.django_db

REPORT_URL = "/lapor/"


@pytest.fixture(autouse=True)
def _english(settings):
    # Assertions read the English source strings; Indonesian is checked in test_portal_display.
    settings.LANGUAGE_CODE = "en"


def _form(**overrides: Any) -> dict[str, Any]:
    data = {
        "type": "complaint",
        "title": "Jalan berlubang di depan SD Kanna",
        "description": "Lubang besar sejak sebulan, sudah dua motor jatuh.",
        "incident_date": "",
        "kecamatan": "73.17.01",
        "desa": "73.17.01.2005",
        "address": "Depan SD Kanna",
        "latitude": "",
        "longitude": "",
        "category": "",
        "target_unit": "",
        "name": "Andi Baso",
        "nik": "",
        "phone": "0812 3456 7890",
        "email": "",
        "reporter_address": "",
        "gender": "",
        "age_group": "",
        "has_disability": "",
        "vulnerable_group": "",
        "website": "",
    }
    data.update(overrides)
    return data


def _files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (40, 30), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display
    gps = exif.get_ifd(0x8825)
    gps[1] = "S"
    gps[2] = (3.0, 18.0, 0.0)
    gps[3] = "E"
    gps[4] = (120.0, 15.0, 0.0)
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def test_form_renders_every_field_with_its_label(luwu, anon_client):
    response = anon_client.get(REPORT_URL)

    assert response.status_code == 200
    html = response.content.decode()
    for name in [
        "type", "title", "description", "incident_date", "kecamatan", "desa", "address",
        "latitude", "longitude", "category", "target_unit", "is_anonymous", "is_confidential",
        "name", "nik", "phone", "email", "reporter_address", "gender", "age_group",
        "has_disability", "vulnerable_group", "attachments", "website",
    ]:  # fmt: skip
        assert f'name="{name}"' in html, name
    assert '<label for="id_title">' in html
    assert '<label for="id_is_anonymous">Anonymous: hide my name</label>' in html
    assert 'aria-describedby="id_is_confidential_helptext"' in html
    assert "only the complaint coordinators of the regency can" in html
    assert html.count('<option value="73.17.') == 22 + 227  # kecamatan, then desa grouped
    assert '<optgroup label="Basse Sangtempe">' in html
    assert 'enctype="multipart/form-data"' in html
    assert "style=" not in html
    assert "onclick" not in html
    # Leaflet is not on the page until the map is opened.
    assert '<script src="/static/vendor' not in html
    assert "vendor/leaflet-1.9.4/leaflet.js" in html


@pytest.mark.parametrize("report_type", [t.value for t in ReportType])
def test_each_type_is_filed_and_the_done_page_shows_number_and_code(luwu, anon_client, report_type):
    response = anon_client.post(REPORT_URL, _form(type=report_type, incident_date="2026-01-05"))

    assert response.status_code == 302
    assert response["Location"] == reverse("complaints:report_done")
    complaint = Complaint.objects.get()
    assert complaint.region is not None
    assert complaint.reporter is not None
    assert complaint.type == report_type
    assert complaint.channel == "web"
    assert complaint.region.code == "73.17.01.2005"
    assert complaint.reporter.phone == "+6281234567890"
    assert complaint.incident_date is None or report_type == "complaint"
    done = anon_client.get(response["Location"])
    html = done.content.decode()
    assert complaint.tracking_number in html
    code = anon_client.session["aduan_filed"]["code"]
    assert code in html
    assert "Write both down" in html
    # Reloading the done page never files twice.
    assert anon_client.get(response["Location"]).status_code == 200
    assert Complaint.objects.count() == 1


def test_done_page_names_the_real_deadlines(luwu, anon_client):
    anon_client.post(REPORT_URL, _form(type="info_request"))
    complaint = Complaint.objects.get()
    assert complaint.verify_due_at is not None
    assert complaint.complete_due_at is not None

    html = anon_client.get(reverse("complaints:report_done")).content.decode()

    for due in (complaint.verify_due_at, complaint.complete_due_at):
        local = due.astimezone(ZoneInfo("Asia/Makassar"))
        assert f"{local.day} {local:%B %Y}" in html  # e.g. "6 November 2026"
    assert "WITA" in html


def test_done_page_without_a_filed_report_goes_back_to_the_form(luwu, anon_client):
    response = anon_client.get(reverse("complaints:report_done"))
    assert response.status_code == 302
    assert response["Location"] == reverse("complaints:report")


def test_the_details_go_only_to_the_reporters_own_email(
    luwu, anon_client, django_capture_on_commit_callbacks
):
    anon_client.post(REPORT_URL, _form(email="Warga@Example.com"))
    code = anon_client.session["aduan_filed"]["code"]
    page = anon_client.get(reverse("complaints:report_done")).content.decode()
    assert "warga@example.com" in page
    assert 'name="email"' not in page  # no address to type: it is the report's own

    with django_capture_on_commit_callbacks(execute=True):
        # An address in the request is ignored: the details cannot be sent anywhere else.
        response = anon_client.post(
            reverse("complaints:report_done_email"), {"email": "someone@elsewhere.example"}
        )

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["warga@example.com"]
    assert code in mail.outbox[0].body
    assert Complaint.objects.get().tracking_number in mail.outbox[0].subject


def test_without_an_email_on_the_report_nothing_is_sent(luwu, anon_client):
    anon_client.post(REPORT_URL, _form(email=""))
    page = anon_client.get(reverse("complaints:report_done")).content.decode()
    assert "No email address was given with this report." in page
    response = anon_client.post(
        reverse("complaints:report_done_email"), {"email": "someone@elsewhere.example"}, follow=True
    )
    assert "No email address was given with this report." in response.content.decode()
    assert mail.outbox == []


def test_at_most_three_emails_per_report(luwu, anon_client, django_capture_on_commit_callbacks):
    anon_client.post(REPORT_URL, _form(email="warga@example.com"))
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            anon_client.post(reverse("complaints:report_done_email"))
        response = anon_client.post(reverse("complaints:report_done_email"), follow=True)
    assert "The details were already sent several times." in response.content.decode()
    assert len(mail.outbox) == 3


def test_identity_gesi_and_privacy_are_stored(luwu, anon_client):
    anon_client.post(
        REPORT_URL,
        _form(
            is_anonymous="on",
            is_confidential="on",
            nik="7317014506900001",
            email="andi@example.com",
            gender="male",
            age_group="30_44",
            has_disability="yes",
            vulnerable_group="remote",
        ),
    )
    complaint = Complaint.objects.get()
    assert complaint.is_anonymous
    assert complaint.is_confidential
    reporter = Reporter.objects.get()
    assert (reporter.nik, reporter.gender, reporter.has_disability) == (
        "7317014506900001",
        "male",
        True,
    )
    assert reporter.vulnerable_group == "remote"


def test_a_desa_outside_the_chosen_kecamatan_is_refused(luwu, anon_client):
    response = anon_client.post(REPORT_URL, _form(kecamatan="73.17.02"))

    assert response.status_code == 200
    assert Complaint.objects.count() == 0
    assert 'id="id_desa_error"' in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()


def test_missing_title_is_tied_to_its_field(luwu, anon_client):
    response = anon_client.post(REPORT_URL, _form(title=""))

    html = response.content.decode()
    assert Complaint.objects.count() == 0
    assert 'aria-describedby="id_title_helptext id_title_error"' in html
    assert '<a href="#id_title">' in html


def test_every_field_has_a_maximum_length(luwu, anon_client):
    response = anon_client.post(
        REPORT_URL, _form(title="x" * 201, address="y" * 256, name="z" * 121)
    )

    assert response.status_code == 200
    assert Complaint.objects.count() == 0
    errors = response.context["form"].errors
    assert {"title", "address", "name"} <= set(errors)


def test_honeypot_refuses_and_stores_nothing(luwu, anon_client, settings):
    media = Path(settings.MEDIA_ROOT)
    photo = SimpleUploadedFile("a.jpg", _jpeg_with_gps(), content_type="image/jpeg")

    response = anon_client.post(
        REPORT_URL, {**_form(website="http://spam.example"), "attachments": [photo]}
    )

    assert response.status_code == 200
    assert "could not be sent" in response.content.decode()
    assert Complaint.objects.count() == 0
    assert Reporter.objects.count() == 0
    assert _files(media) == []


def test_per_phone_limit_refuses_with_a_message_on_the_phone_field(luwu, anon_client, settings):
    settings.ADUAN_INTAKE_PER_PHONE_PER_DAY = 2
    for _ in range(2):
        assert anon_client.post(REPORT_URL, _form()).status_code == 302

    # The same number written differently is the same number.
    response = anon_client.post(REPORT_URL, _form(phone="+62 812-3456-7890"))

    assert response.status_code == 429
    assert "Too many reports were sent with this phone number" in str(
        response.context["form"].errors["phone"]
    )
    assert Complaint.objects.count() == 2
    assert Reporter.objects.count() == 2


def test_per_ip_limit_refuses_and_other_addresses_still_file(luwu, settings, client):
    settings.ADUAN_INTAKE_PER_IP_PER_HOUR = 1
    assert client.post(REPORT_URL, _form(phone=""), REMOTE_ADDR="10.1.1.1").status_code == 302

    refused = client.post(REPORT_URL, _form(phone=""), REMOTE_ADDR="10.1.1.1")
    other = client.post(REPORT_URL, _form(phone=""), REMOTE_ADDR="10.1.1.2")

    assert refused.status_code == 429
    assert "from this connection" in refused.content.decode()
    assert other.status_code == 302
    assert Complaint.objects.count() == 2


def test_proxy_hops_take_the_address_the_proxy_saw(luwu, settings, client):
    settings.ADUAN_INTAKE_PER_IP_PER_HOUR = 1
    settings.ADUAN_PROXY_HOPS = 1
    forwarded = {"REMOTE_ADDR": "127.0.0.1"}
    first = client.post(REPORT_URL, _form(phone=""), HTTP_X_FORWARDED_FOR="1.2.3.4", **forwarded)
    second = client.post(REPORT_URL, _form(phone=""), HTTP_X_FORWARDED_FOR="5.6.7.8", **forwarded)
    assert (first.status_code, second.status_code) == (302, 302)


def test_image_exif_and_gps_are_removed_and_orientation_kept(luwu, anon_client, settings):
    original = _jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # the fixture has GPS
    photo = SimpleUploadedFile("IMG_0001.jpg", original, content_type="image/jpeg")

    response = anon_client.post(REPORT_URL, {**_form(), "attachments": [photo]})

    assert response.status_code == 302
    attachment = Attachment.objects.get()
    stored = Path(settings.MEDIA_ROOT) / attachment.file.name
    data = stored.read_bytes()
    image = Image.open(io.BytesIO(data))
    assert len(image.getexif()) == 0
    assert "exif" not in image.info
    assert b"Exif" not in data[:4096]
    assert b"PhoneMaker" not in data
    assert image.size == (30, 40)  # turned upright before the orientation tag was dropped
    assert attachment.size == len(data)
    assert attachment.original_name == "IMG_0001.jpg"


def test_png_text_chunks_are_removed(luwu, anon_client, settings):
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "rumah Andi Baso, Jl. Kanna 3")
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, format="PNG", pnginfo=info)
    photo = SimpleUploadedFile("a.png", out.getvalue(), content_type="image/png")

    anon_client.post(REPORT_URL, {**_form(), "attachments": [photo]})

    stored = Path(settings.MEDIA_ROOT) / Attachment.objects.get().file.name
    assert b"Andi Baso" not in stored.read_bytes()


def test_a_pdf_is_kept_as_sent(luwu, anon_client, settings):
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    upload = SimpleUploadedFile("surat.pdf", pdf, content_type="application/pdf")

    anon_client.post(REPORT_URL, {**_form(), "attachments": [upload]})

    stored = Path(settings.MEDIA_ROOT) / Attachment.objects.get().file.name
    assert stored.read_bytes() == pdf


def test_a_bad_file_leaves_no_row_and_no_file(luwu, anon_client, settings):
    good = SimpleUploadedFile("a.jpg", _jpeg_with_gps(), content_type="image/jpeg")
    bad = SimpleUploadedFile("virus.jpg", b"MZ\x90\x00 not a photo", content_type="image/jpeg")

    response = anon_client.post(REPORT_URL, {**_form(), "attachments": [good, bad]})

    assert response.status_code == 200
    assert "Only photos (JPEG, PNG, WebP) and PDF" in str(
        response.context["form"].errors["attachments"]
    )
    assert Complaint.objects.count() == 0
    assert ComplaintEvent.objects.count() == 0
    assert Attachment.objects.count() == 0
    assert Reporter.objects.count() == 0
    assert _files(Path(settings.MEDIA_ROOT)) == []


def test_a_truncated_photo_is_refused(luwu, anon_client, settings):
    broken = SimpleUploadedFile("a.jpg", _jpeg_with_gps()[:200], content_type="image/jpeg")

    response = anon_client.post(REPORT_URL, {**_form(), "attachments": [broken]})

    assert "could not be read" in str(response.context["form"].errors["attachments"])
    assert Complaint.objects.count() == 0
    assert _files(Path(settings.MEDIA_ROOT)) == []


def test_more_than_five_files_are_refused(luwu, anon_client):
    files = [
        SimpleUploadedFile(f"{i}.pdf", b"%PDF-1.4\n", content_type="application/pdf")
        for i in range(6)
    ]
    response = anon_client.post(REPORT_URL, {**_form(), "attachments": files})

    assert "At most 5 files" in str(response.context["form"].errors["attachments"])
    assert Complaint.objects.count() == 0


def test_the_form_targets_the_configured_instansi(luwu, anon_client, settings):
    settings.ADUAN_DEFAULT_INSTANSI = "nowhere"
    assert anon_client.get(REPORT_URL).status_code == 404


def test_a_signed_in_citizen_is_linked_to_the_report(luwu, client, citizen):
    client.force_login(citizen)
    client.post(REPORT_URL, _form())
    reporter = Complaint.objects.get().reporter
    assert reporter is not None
    assert reporter.user == citizen
    assert Complaint.objects.get().status == Status.SUBMITTED


def test_defaults_of_the_limits_are_documented():
    assert settings.ADUAN_INTAKE_PER_IP_PER_HOUR == 10
    assert settings.ADUAN_INTAKE_PER_PHONE_PER_DAY == 5
