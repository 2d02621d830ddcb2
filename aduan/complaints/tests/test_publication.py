"""Publication is a decision (issue 14): nothing unverified, unpublished or rahasia is public,
personal data is masked in every public output, staff-only text never leaves the console.

Every check of a public surface goes through the shared leak checks (tests/leaks.py).
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from aduan.complaints.choices import Audience, EventKind
from aduan.complaints.models import Complaint, ComplaintEvent
from aduan.complaints.services import ReporterInput
from aduan.complaints.tests.leaks import (
    assert_no_leak,
    assert_not_public,
    assert_public,
    public_outputs,
)
from aduan.core.errors import Conflict, ValidationFailed
from aduan.workflow import services
from aduan.workflow.tests.console_helpers import staff_client

pytestmark = pytest.mark.django_db

IDENTITY = ReporterInput(
    name="Andi Baso",
    nik="7317010101900001",
    phone="0812 3456 7890",
    email="andi@example.id",
    address="Dusun Kanna RT 02",
)
PII_TEXT = (
    "Jalan poros rusak parah. Nama saya Rahmat Hidayat, NIK 7317014501900003, "
    "hubungi 0813-9876-5432 atau rahmat.h@gmail.com. Bapak Sudirman juga melihat."
)


def _events(complaint: Complaint, kind: EventKind) -> list[ComplaintEvent]:
    return list(ComplaintEvent.objects.filter(complaint=complaint, kind=kind).order_by("seq"))


def test_a_new_report_is_public_nowhere_until_verified(anon_client, submit, publish):
    submitted = submit(title="Jembatan gantung putus", reporter=IDENTITY)
    complaint = submitted.complaint

    assert_not_public(anon_client, complaint)

    publish(complaint)

    assert_public(anon_client, complaint)
    verified = _events(complaint, EventKind.VERIFIED)[0]
    assert verified.new == {"published": True, "public_attachments": []}
    assert verified.audience == Audience.PUBLIC


def test_the_reporter_follows_the_report_from_the_first_minute(anon_client, submit):
    submitted = submit(title="Jembatan gantung putus", reporter=IDENTITY)
    number = submitted.complaint.tracking_number

    opened = anon_client.post(
        reverse("workflow:track_access", args=[number]), {"access_code": submitted.access_code}
    )
    page = anon_client.get(reverse("workflow:track", args=[number])).content.decode()
    api = Client().get(f"/api/v1/reports/{number}", HTTP_X_ACCESS_CODE=submitted.access_code)

    assert opened.status_code == 302
    assert "Jembatan gantung putus" in page
    assert 'data-publication="awaiting"' in page
    assert "menunggu verifikasi" in page  # Indonesian first
    assert api.status_code == 200
    assert api.json()["awaits_verification"] is True
    assert api.json()["is_published"] is False


def test_a_wrong_code_on_an_unpublished_report_answers_like_an_unknown_number(anon_client, submit):
    submitted = submit()
    url = reverse("workflow:track_access", args=[submitted.complaint.tracking_number])

    response = anon_client.post(url, {"access_code": "WRONGCODE1"})
    unknown = anon_client.post(
        reverse("workflow:track_access", args=["LWU-0000-0000"]), {"access_code": "WRONGCODE1"}
    )

    assert response.status_code == unknown.status_code == 400
    body = response.content.decode()
    assert "Nomor pelacakan atau kode akses salah" in body
    assert "WRONGCODE1" not in body
    assert submitted.complaint.title not in body
    assert submitted.complaint.description not in body


def test_a_verified_report_the_coordinator_did_not_publish_stays_out(
    anon_client, submit, publish, admin
):
    complaint = publish(submit(title="Guru honorer belum digaji"), publish=False)

    assert complaint.verified_at is not None
    assert_not_public(anon_client, complaint)

    services.complaint_publish(actor=admin, complaint=complaint)
    assert_public(anon_client, complaint)

    services.complaint_unpublish(actor=admin, complaint=complaint, reason="Menyebut nama anak")
    assert_not_public(anon_client, complaint)
    published, withdrawn = (
        _events(complaint, EventKind.PUBLISHED)[0],
        _events(complaint, EventKind.UNPUBLISHED)[0],
    )
    assert published.audience == Audience.PUBLIC
    assert withdrawn.audience == withdrawn.note_audience == Audience.STAFF
    assert withdrawn.note == "Menyebut nama anak"


def test_a_rahasia_report_is_never_public(anon_client, submit, publish, admin):
    complaint = publish(submit(title="Pungutan liar di kantor desa", is_confidential=True))

    assert complaint.is_published is False
    assert_not_public(anon_client, complaint)
    with pytest.raises(ValidationFailed):
        services.complaint_publish(actor=admin, complaint=complaint)
    other = submit(title="Pungutan liar di kantor camat", is_confidential=True).complaint
    with pytest.raises(ValidationFailed):
        publish(other, publish=True)
    assert Complaint.objects.get(pk=other.pk).verified_at is None  # nothing changed
    assert_not_public(anon_client, other)


def test_making_a_published_report_rahasia_takes_it_out(anon_client, submit, publish, admin):
    complaint = publish(submit(title="Pungutan liar di pasar"))

    services.complaint_edit(actor=admin, complaint=complaint, is_confidential=True)

    assert_not_public(anon_client, complaint)


def test_staff_only_notes_are_never_public_and_the_reporter_reads_their_own(
    anon_client, submit, publish, admin, officer
):
    submitted = submit(title="Jalan poros berlubang", reporter=IDENTITY)
    complaint = publish(submitted, instruction="Instruksi rahasia: cek anggaran dulu")
    services.followup_add(actor=officer, complaint=complaint, text="Tim sudah ke lokasi.")
    services.followup_add(
        actor=officer, complaint=complaint, text="Catatan internal anggaran", is_public=False
    )
    services.complaint_reporter_reply(complaint=complaint, text="Lubangnya makin besar pak")

    outputs = public_outputs(anon_client, complaint)
    for name in ("public page", "tracking page", "api report"):
        status, body = outputs[name]
        assert status == 200
        assert "Tim sudah ke lokasi." in body, name
        assert "Instruksi rahasia" not in body, name
        assert "Catatan internal" not in body, name
        assert "Lubangnya makin besar" not in body, name
        assert_no_leak(body, complaint)
    own = Client().get(
        f"/api/v1/reports/{complaint.tracking_number}", HTTP_X_ACCESS_CODE=submitted.access_code
    )
    notes = [entry["note"] for entry in own.json()["timeline"]]
    assert "Lubangnya makin besar pak" in notes
    assert not any("Instruksi rahasia" in n or "Catatan internal" in n for n in notes)


def test_personal_data_is_masked_in_every_public_output(anon_client, submit, publish):
    complaint = publish(submit(title="Jalan poros rusak, hubungi 0813 9876 5432",
                               description=PII_TEXT))  # fmt: skip

    for name, (status, body) in public_outputs(anon_client, complaint).items():
        assert status == 200, name
        assert_no_leak(body, complaint)
    _status, page = public_outputs(anon_client, complaint)["public page"]
    for marker in ("[NIK disamarkan]", "[nomor telepon disamarkan]", "[e-mail disamarkan]",
                   "[nama disamarkan]"):  # fmt: skip
        assert marker in page
    # Search reads the masked text: the hidden data finds nothing, ordinary words still do.
    for query in ("7317014501900003", "Rahmat", "rahmat.h@gmail.com", "Sudirman"):
        found = anon_client.get("/api/v1/reports", {"q": query}).json()["results"]
        assert found == [], query
    assert len(anon_client.get("/api/v1/reports", {"q": "poros"}).json()["results"]) == 1
    # Staff still read the original.
    stored = Complaint.objects.get(pk=complaint.pk)
    assert "7317014501900003" in stored.description


def test_a_public_follow_up_is_screened_too(anon_client, submit, publish, officer):
    complaint = publish(submit())
    services.followup_add(
        actor=officer, complaint=complaint, text="Sudah dihubungi di 0852 1111 2222, besok dicek."
    )

    for name in ("public page", "tracking page", "api report"):
        _status, body = public_outputs(anon_client, complaint)[name]
        assert "0852 1111 2222" not in body, name
        assert "[nomor telepon disamarkan], besok dicek." in body, name


def test_a_mask_by_hand_and_its_undo(anon_client, submit, publish, admin):
    complaint = publish(
        submit(description="Lubang di depan rumah makan Sinar Jaya milik keluarga kepala desa.")
    )

    services.complaint_mask(actor=admin, complaint=complaint, text="Sinar Jaya")
    _status, page = public_outputs(anon_client, complaint)["public page"]
    assert "Sinar Jaya" not in page
    assert "rumah makan [disamarkan] milik" in page
    assert anon_client.get("/api/v1/reports", {"q": "Sinar"}).json()["results"] == []

    services.complaint_unmask(actor=admin, complaint=complaint, text="Sinar Jaya")
    _status, page = public_outputs(anon_client, complaint)["public page"]
    assert "rumah makan Sinar Jaya milik" in page
    masked, unmasked = _events(complaint, EventKind.MASKED), _events(complaint, EventKind.UNMASKED)
    assert [e.new for e in masked] == [{"text": "Sinar Jaya"}]
    assert [e.new for e in unmasked] == [{"text": "Sinar Jaya"}]
    assert {e.audience for e in masked + unmasked} == {Audience.STAFF}


def test_a_screening_match_the_coordinator_keeps_readable(anon_client, submit, publish, admin):
    complaint = publish(submit(description="Sudah lapor ke Pak Camat dan Bapak Andi Mappanyukki."))

    services.complaint_unmask(actor=admin, complaint=complaint, text="Andi Mappanyukki")

    _status, page = public_outputs(anon_client, complaint)["public page"]
    assert "Bapak Andi Mappanyukki." in page
    assert Complaint.objects.get(pk=complaint.pk).masks == {
        "added": [],
        "kept": ["Andi Mappanyukki"],
    }


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("tidak ada di laporan", ValidationFailed),
        ("ab", ValidationFailed),
    ],
)
def test_a_mask_of_text_not_in_the_report_is_refused(submit, admin, text, error):
    complaint = submit().complaint
    before = (complaint.event_count, complaint.public_description)

    with pytest.raises(error):
        services.complaint_mask(actor=admin, complaint=complaint, text=text)
    with pytest.raises(ValidationFailed):
        services.complaint_unmask(actor=admin, complaint=complaint, text="Jalan berlubang")

    fresh = Complaint.objects.get(pk=complaint.pk)
    assert (fresh.event_count, fresh.public_description) == before


def test_publishing_twice_or_before_verification_is_refused(submit, publish, admin):
    new = submit().complaint
    with pytest.raises(Conflict):
        services.complaint_publish(actor=admin, complaint=new)
    published = publish(submit())
    with pytest.raises(Conflict):
        services.complaint_publish(actor=admin, complaint=published)


def _photo(name: str) -> SimpleUploadedFile:
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_attachments_are_public_only_when_the_coordinator_names_them(anon_client, submit, publish):
    complaint = submit(attachments=[_photo("lubang.png"), _photo("wajah.png")]).complaint
    first, second = complaint.attachments.order_by("pk")

    publish(complaint, public_attachments=[first.pk])

    page = anon_client.get(f"/laporan/{complaint.tracking_number}/").content.decode()
    shown = anon_client.get(f"/laporan/{complaint.tracking_number}/lampiran/{first.pk}/")
    hidden = anon_client.get(f"/laporan/{complaint.tracking_number}/lampiran/{second.pk}/")
    assert page.count("/lampiran/") == 1
    assert shown.status_code == 200
    assert hidden.status_code == 404


def test_verification_with_an_attachment_of_another_report_changes_nothing(submit, publish):
    other = submit(attachments=[_photo("lain.png")]).complaint
    complaint = submit().complaint
    foreign = other.attachments.get()

    with pytest.raises(ValidationFailed):
        publish(complaint, public_attachments=[foreign.pk])

    assert Complaint.objects.get(pk=complaint.pk).verified_at is None
    foreign.refresh_from_db()
    assert foreign.is_public is False


def test_the_coordinator_publishes_and_masks_on_the_report_page(submit, admin, anon_client):
    complaint = submit(description=PII_TEXT).complaint
    client = staff_client(admin)
    url = reverse("workflow:console_report", args=[complaint.tracking_number])

    page = client.get(url).content.decode()
    assert 'data-publication="awaiting"' in page
    for kind in ("nik", "phone", "email", "name"):
        assert f'data-found="{kind}"' in page, kind
    assert '<mark class="pii" data-mask="nik">7317014501900003</mark>' in page

    refused = client.post(
        reverse("workflow:console_mask", args=[complaint.tracking_number]),
        {"mask-text": "tidak ada di laporan"},
    )
    assert refused.status_code == 400
    assert "This text does not appear in the title or the description." in (
        refused.content.decode()
    )
    assert Complaint.objects.get(pk=complaint.pk).masks == {}

    done = client.post(
        reverse("workflow:console_mask", args=[complaint.tracking_number]),
        {"mask-text": "Jalan poros"},
    )
    assert done.status_code == 302
    assert "[disamarkan] rusak parah" in Complaint.objects.get(pk=complaint.pk).public_description

    unpublished_refused = client.post(
        reverse("workflow:console_unpublish", args=[complaint.tracking_number]),
        {"unpublish-reason": "uji"},
    )
    assert unpublished_refused.status_code == 409


def test_publishing_again_keeps_the_units_public_evidence(
    anon_client, submit, publish, admin, officer
):
    complaint = publish(submit(attachments=[_photo("wajah.png")]))
    services.complaint_resolve(
        actor=officer, complaint=complaint, summary="Sudah ditambal.", attachments=[_photo("a.png")]
    )
    services.complaint_unpublish(actor=admin, complaint=complaint, reason="Cek foto")
    services.complaint_publish(actor=admin, complaint=complaint)

    evidence = complaint.attachments.get(event__kind=EventKind.RESOLVED)
    own = complaint.attachments.get(event__isnull=True)
    base = f"/laporan/{complaint.tracking_number}/lampiran/"
    assert anon_client.get(f"{base}{evidence.pk}/").status_code == 200
    assert anon_client.get(f"{base}{own.pk}/").status_code == 404


def test_the_feed_cannot_ask_the_search_for_the_original_text(luwu):
    from aduan.complaints.search import FeedFilters, search_public_values

    for fields in (("tracking_number", "title"), ("description",)):
        with pytest.raises(ValueError, match="public_title"):
            search_public_values(query="", filters=FeedFilters(), limit=1, offset=0, fields=fields)
