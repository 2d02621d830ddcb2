"""The shared leak checks of every public surface: reuse these, never write new ones.

STYLE.md "One door to the public": every public surface reads reports through
`complaints.selectors.complaints_public()` / `complaint_get_public()` and timeline entries
through `public_events_of()`. A test of a surface proves it with these checks:

    from aduan.complaints.tests.leaks import assert_no_leak, assert_not_public, public_outputs

    def test_my_new_surface_leaks_nothing(anon_client, submit, publish):
        complaint = publish(submit(description="Hubungi Budi di 0812 3456 7890"))
        body = anon_client.get("/my/surface/").content
        assert_no_leak(body, complaint)          # identity, rahasia, staff-only text, PII

- `assert_no_leak(output, complaint)`: nothing of the report the public may not read is in
  `output` (text, bytes, or parsed JSON): the reporter's identity (name, NIK, phone in its
  usual spellings, e-mail, address), what the screening masked in the text, staff-only and
  reporter-only notes of its timeline, and, for a rahasia or unpublished report, its tracking
  number, title and description.
- `assert_not_public(client, complaint)` / `assert_public(client, complaint)`: the report is
  absent from (present on) every public surface listed in `public_outputs`; add a new surface
  to `public_outputs` so that every publication test covers it.
"""

from __future__ import annotations

import json
import re
from typing import Any

from django.test import Client

from aduan.complaints import screening
from aduan.complaints.choices import Audience
from aduan.complaints.models import Complaint, ComplaintEvent, Reporter

# Shorter secrets would match ordinary words and numbers of any page.
_MIN_SECRET = 4


def _text(output: Any) -> str:
    if isinstance(output, bytes):
        return output.decode()
    if isinstance(output, str):
        return output
    return json.dumps(output, ensure_ascii=False)


def _phone_spellings(phone: str) -> list[str]:
    """+6281234567890 as people and pages write it: 081234567890, 0812 3456 7890, 0812-3456…"""
    digits = re.sub(r"\D", "", phone)
    if not digits:
        return []
    national = digits[2:] if digits.startswith("62") else digits.lstrip("0")
    local = "0" + national
    return [
        phone,
        digits,
        local,
        f"{local[:4]} {local[4:8]} {local[8:]}".strip(),
        f"{local[:4]}-{local[4:8]}-{local[8:]}".strip("-"),
        national[-8:],  # the last eight digits, however the rest is written
    ]


def identity_secrets(reporter: Reporter | None) -> list[str]:
    """What identifies the reporter: never in any public output, anonim or not."""
    if reporter is None:
        return []
    secrets = [reporter.name, reporter.nik, reporter.email, reporter.address]
    secrets += _phone_spellings(reporter.phone)
    return [s for s in secrets if len(s.strip()) >= _MIN_SECRET]


def masked_secrets(complaint: Complaint) -> list[str]:
    """The pieces of the title and description the public reads masked."""
    added = complaint.masks.get("added", [])
    kept = complaint.masks.get("kept", [])
    return [
        m.text
        for text in (complaint.title, complaint.description)
        for m in screening.matches(text, added=added, kept=kept)
        if len(m.text) >= _MIN_SECRET
    ]


def note_secrets(complaint: Complaint, *, audience: Audience = Audience.PUBLIC) -> list[str]:
    """Notes of the timeline that `audience` may not read (staff-only; for the public also the
    reporter's own words)."""
    readable = {Audience.PUBLIC} if audience == Audience.PUBLIC else {Audience.PUBLIC, audience}
    notes = ComplaintEvent.objects.filter(complaint=complaint).exclude(note_audience__in=readable)
    return [e.note for e in notes if len(e.note.strip()) >= _MIN_SECRET]


def content_secrets(complaint: Complaint) -> list[str]:
    """The report itself, for a report the public may not see at all."""
    return [complaint.tracking_number, complaint.title, complaint.description]


def assert_no_leak(output: Any, complaint: Complaint) -> None:
    """`output` (a page, a JSON answer, a feed) shows nothing of `complaint` the public may
    not read. Reads the report fresh, so call it after the actions under test."""
    complaint = Complaint.objects.get(pk=complaint.pk)
    text = _text(output)
    secrets = {
        "identity": identity_secrets(complaint.reporter),
        "masked personal data": masked_secrets(complaint),
        "non-public note": note_secrets(complaint),
    }
    if complaint.is_confidential or not complaint.is_published:
        secrets["unpublished or rahasia report"] = content_secrets(complaint)
    for what, values in secrets.items():
        for value in values:
            assert value not in text, f"{what} leaked: {value!r}"


def public_outputs(client: Client, complaint: Complaint) -> dict[str, tuple[int, str]]:
    """Every public surface that could show the report: name → (status, body).

    The feed page and the API list, plain and searched by a word of the report's title; the
    public page; /lacak/ without the access code; the API's public view with its timeline.
    """
    number = complaint.tracking_number
    word = max(re.findall(r"\w+", complaint.title), key=len)
    urls = {
        "feed": ("/laporan/", {}),
        "feed search": ("/laporan/", {"q": word}),
        "public page": (f"/laporan/{number}/", {}),
        "tracking page": (f"/lacak/{number}/", {}),
        "api list": ("/api/v1/reports", {}),
        "api search": ("/api/v1/reports", {"q": word}),
        "api report": (f"/api/v1/reports/{number}", {}),
    }
    outputs = {}
    for name, (url, params) in urls.items():
        response = client.get(url, params)
        outputs[name] = (response.status_code, response.content.decode())
    return outputs


def assert_not_public(client: Client, complaint: Complaint) -> None:
    """The report is on no public surface: its own pages answer 404, lists leave it out, and
    no surface leaks anything of it."""
    fresh = Complaint.objects.get(pk=complaint.pk)
    for name, (status, body) in public_outputs(client, complaint).items():
        assert status in (200, 404), f"{name}: {status}"
        if name in ("public page", "tracking page", "api report"):
            assert status == 404, f"{name} shows an unpublished report"
            # A 404 page repeats its own address (the language switch): only the text counts.
            assert fresh.title not in body, f"{name} shows the report's title"
            assert fresh.description not in body, f"{name} shows the report's description"
        else:
            assert complaint.tracking_number not in body, f"{name} lists the report"
            assert_no_leak(body, complaint)


def assert_public(client: Client, complaint: Complaint) -> None:
    """The report is on every public surface, and none of them leaks anything of it."""
    for name, (status, body) in public_outputs(client, complaint).items():
        assert status == 200, f"{name}: {status}"
        assert complaint.tracking_number in body, f"{name} does not show the report"
        assert_no_leak(body, complaint)
