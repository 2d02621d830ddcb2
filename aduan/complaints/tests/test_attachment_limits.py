"""Photos that cannot stall the site: bounded decoding, metadata stripped, oversized bodies
refused before they are read (issue 14, item 3). The timing under load is bench/attachments."""

from __future__ import annotations

import io
import json
import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageCms, PngImagePlugin

from aduan.complaints.models import Attachment, Complaint, ComplaintEvent
from aduan.complaints.services import attachment_prepare
from aduan.core.errors import ValidationFailed
from aduan.workflow import services as workflow

REPO = Path(__file__).resolve().parents[3]


def _bomb(fmt: str, side: int = 7000) -> bytes:
    """A photo of one colour: a few kilobytes that decode to side x side pixels."""
    out = io.BytesIO()
    options: dict[str, Any] = {"quality": 50} if fmt != "PNG" else {"optimize": True}
    Image.new("RGB", (side, side), (90, 120, 40)).save(out, format=fmt, **options)
    return out.getvalue()


def _upload(data: bytes, name: str = "foto") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


# ---------------------------------------------------------------- bounded decoding

# Runs attachment_prepare on one file in a fresh interpreter and reports its peak memory
# before and after: the test process's own high-water mark would hide the difference.
_MEASURE = """
import json, os, resource, sys, django
django.setup()
from django.core.files.uploadedfile import SimpleUploadedFile
from aduan.complaints.services import attachment_prepare
from aduan.core.errors import ValidationFailed
data = open(sys.argv[1], "rb").read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    prepared = attachment_prepare(SimpleUploadedFile("foto", data))
    outcome = {"size": prepared.size, "content": prepared.content.hex()[:0]}
    from PIL import Image; import io
    outcome["pixels"] = list(Image.open(io.BytesIO(prepared.content)).size)
except ValidationFailed as exc:
    outcome = {"refused": exc.code, "message": str(exc)}
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({**outcome, "grew_mb": (after - before) / 1024}))
"""


def _prepare_in_fresh_process(data: bytes, tmp_path: Path) -> dict[str, Any]:
    photo = tmp_path / "photo"
    photo.write_bytes(data)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "aduan.settings",
        "ADUAN_VAR_DIR": str(tmp_path / "var"),
        "EVENT_LOG_KEY": "k",
        "SECRET_KEY": "k",
        "LANGUAGE_CODE": "id",
    }
    env.pop("DATABASE_URL", None)
    done = subprocess.run(  # noqa: S603 (our interpreter, our script, a file we wrote)
        [sys.executable, "-c", _MEASURE, str(photo)],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=120,
        check=True,
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


@pytest.mark.parametrize("fmt", ["WEBP", "PNG"])
def test_a_7000_pixel_webp_or_png_is_refused_from_its_header(fmt, tmp_path):
    data = _bomb(fmt)
    assert len(data) < 1_000_000  # small on the wire: 49 megapixels once decoded
    result = _prepare_in_fresh_process(data, tmp_path)
    assert result["refused"] == "attachment_size"
    assert "16 megapiksel" in result["message"] or "16 megapixels" in result["message"]
    # Decoding it would take 147 MB (RGB); the header alone costs next to nothing.
    assert result["grew_mb"] < 30


def test_a_7000_pixel_jpeg_is_decoded_at_half_scale_and_scaled_down(tmp_path):
    result = _prepare_in_fresh_process(_bomb("JPEG"), tmp_path)
    # Image.draft decodes it at 1/4, the least reduction within 2560 pixels a side.
    assert result["pixels"] == [1750, 1750]
    assert result["grew_mb"] < 100  # a full decode alone is 147 MB


def test_photos_are_scaled_down_to_the_longest_side_setting(settings):
    settings.ADUAN_IMAGE_MAX_SIDE = 800
    for fmt, size in (("PNG", 800), ("WEBP", 800), ("JPEG", 500)):  # a JPEG: decoded at 1/2
        prepared = attachment_prepare(_upload(_bomb(fmt, side=1000)))
        assert Image.open(io.BytesIO(prepared.content)).size == (size, size), fmt
    prepared = attachment_prepare(_upload(_bomb("JPEG", side=7000)))  # 1/8 is 875: scaled
    assert Image.open(io.BytesIO(prepared.content)).size == (800, 800)


def test_the_pixel_limit_is_a_setting(settings):
    settings.ADUAN_IMAGE_MAX_PIXELS = 1_000_000
    with pytest.raises(ValidationFailed) as refused:
        attachment_prepare(_upload(_bomb("PNG", side=1200)))
    assert refused.value.code == "attachment_size"
    prepared = attachment_prepare(_upload(_bomb("JPEG", side=1200)))
    assert Image.open(io.BytesIO(prepared.content)).size == (600, 600)
    assert attachment_prepare(_upload(_bomb("PNG", side=900))).content_type == "image/png"


def test_a_jpeg_too_large_even_at_an_eighth_is_refused(settings):
    settings.ADUAN_IMAGE_MAX_PIXELS = 10_000
    with pytest.raises(ValidationFailed) as refused:
        attachment_prepare(_upload(_bomb("JPEG", side=1000)))  # 125 x 125 at 1/8
    assert refused.value.code == "attachment_size"


# ---------------------------------------------------------------- metadata


def _icc() -> bytes:
    profile: bytes = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    return profile


_XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/'
    b'22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/'
    b'1.1/"><dc:creator>Andi Baso</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>'
)


def _exif() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x013B] = "Andi Baso"  # Artist
    gps = exif.get_ifd(0x8825)
    gps[1] = "S"
    gps[2] = (3.0, 18.0, 0.0)
    return exif.tobytes()


def _with_metadata(fmt: str) -> bytes:
    image = Image.new("RGB", (64, 48), (10, 200, 30))
    out = io.BytesIO()
    if fmt == "PNG":
        info = PngImagePlugin.PngInfo()
        info.add_text("Author", "Andi Baso")
        info.add_itxt("Comment", "Andi Baso, Jl. Poros", zip=False)
        info.add_text("Location", "Andi Baso", zip=True)
        image.save(out, format="PNG", pnginfo=info, exif=_exif(), icc_profile=_icc())
    elif fmt == "JPEG":
        image.save(
            out, format="JPEG", exif=_exif(), icc_profile=_icc(), comment="Andi Baso", xmp=_XMP
        )
    else:
        image.save(out, format="WEBP", exif=_exif(), icc_profile=_icc(), xmp=_XMP)
    data = out.getvalue()
    assert b"Andi Baso" in data or fmt == "PNG"  # (zTXt is compressed)
    return data


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_every_metadata_segment_is_gone_after_reencoding(fmt):
    original = _with_metadata(fmt)
    with Image.open(io.BytesIO(original)) as before:
        assert before.info.get("icc_profile")
        assert before.getexif()
    prepared = attachment_prepare(_upload(original))
    assert b"Andi Baso" not in prepared.content
    assert b"PhoneMaker" not in prepared.content
    with Image.open(io.BytesIO(prepared.content)) as after:
        after.load()
        assert after.size == (64, 48)
        assert not after.getexif()
        for key in ("exif", "icc_profile", "comment", "xmp", "XML:com.adobe.xmp", "Author",
                    "Comment", "Location"):  # fmt: skip
            assert key not in after.info, key
        if fmt == "PNG":
            assert not getattr(after, "text", {})
    for marker in (b"tEXt", b"iTXt", b"zTXt", b"eXIf", b"iCCP", b"http://ns.adobe.com/xap"):
        assert marker not in prepared.content


# ---------------------------------------------------------------- refused files write nothing


def test_a_bomb_on_a_followup_refuses_it_and_writes_nothing(submit, admin, officer, pupr):
    complaint = submit().complaint
    workflow.complaint_verify(actor=admin, complaint=complaint, units=[pupr])
    events = ComplaintEvent.objects.filter(complaint=complaint).count()
    with pytest.raises(ValidationFailed):
        workflow.followup_add(
            actor=officer,
            complaint=complaint,
            text="Foto lokasi",
            attachments=[_upload(_bomb("PNG", side=4500))],  # 20 MP
        )
    assert ComplaintEvent.objects.filter(complaint=complaint).count() == events
    assert not Attachment.objects.exists()


# ---------------------------------------------------------------- bodies over the limit


def _files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _form() -> dict[str, Any]:
    return {
        "type": "complaint",
        "title": "Jalan berlubang di depan SD Kanna",
        "description": "Lubang besar sejak sebulan.",
        "kecamatan": "73.17.01",
        "desa": "73.17.01.2005",
        "phone": "0812 3456 7890",
    }


def test_a_form_over_the_limit_is_refused_with_413_and_leaves_nothing(luwu, anon_client, settings):
    settings.ADUAN_MAX_REQUEST_MB = 1
    big = SimpleUploadedFile("besar.pdf", b"%PDF-1.4\n" + b"0" * 1_200_000)
    response = anon_client.post("/lapor/", {**_form(), "attachments": [big]})
    assert response.status_code == 413
    html = response.content.decode()
    assert "terlalu besar" in html  # Indonesian first
    assert "1 MB" in html
    assert Complaint.objects.count() == 0
    assert _files(Path(settings.MEDIA_ROOT)) == []
    # The same form under the limit goes through.
    small = SimpleUploadedFile("kecil.pdf", b"%PDF-1.4\n" + b"0" * 1000)
    assert anon_client.post("/lapor/", {**_form(), "attachments": [small]}).status_code == 302
    assert Complaint.objects.count() == 1


def test_an_api_body_over_the_limit_answers_the_api_error(luwu, anon_client, settings):
    settings.ADUAN_MAX_REQUEST_MB = 1
    response = anon_client.post(
        "/api/v1/reports",
        data=b"{}",
        content_type="application/json",
        CONTENT_LENGTH=str(5 * 1024 * 1024),
    )
    assert response.status_code == 413
    error = response.json()["error"]
    assert error["code"] == "too_large"
    assert "terlalu besar" in error["message"]
    assert Complaint.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_the_server_answers_413_without_waiting_for_the_body(live_server, luwu):
    """Headers announce 200 MB and no byte of it is sent: the answer comes all the same, so
    nothing was read (a server reading the body would wait here until the timeout)."""
    host, port = live_server.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(
            b"POST /lapor/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: multipart/form-data; boundary=x\r\n"
            b"Content-Length: 209715200\r\n\r\n"
        )
        answer = sock.recv(4096).decode(errors="replace")
    assert answer.startswith("HTTP/1.1 413")
    assert Complaint.objects.count() == 0
