"""*Bukan wewenang* (forward to another instansi or SP4N-LAPOR!) and archiving with a reason."""

from __future__ import annotations

import pytest

from aduan.complaints.choices import ArchiveReason, Channel, EventKind, Status
from aduan.complaints.models import Complaint
from aduan.complaints.selectors import complaint_get_for_reporter, reporter_of
from aduan.complaints.services import ReporterInput
from aduan.core.errors import ValidationFailed
from aduan.organisation.models import Instansi
from aduan.workflow import services
from aduan.workflow.tests.states import snapshot


@pytest.fixture
def palopo(db: None) -> Instansi:
    return Instansi.objects.create(
        code="palopo", name="Pemerintah Kota Palopo", tracking_prefix="PLP"
    )


def test_forward_to_lapor_ends_the_report_here(submit, admin):
    complaint = submit().complaint
    forwarded = services.complaint_forward(
        actor=admin, complaint=complaint, reason="Jalan nasional, wewenang BPJN", to_lapor=True
    )
    forwarded.refresh_from_db()
    assert forwarded.status == Status.FORWARDED
    assert forwarded.forwarded_to_lapor
    assert forwarded.closed_at is not None
    assert forwarded.next_due_at is None
    event = forwarded.events.latest("seq")
    assert (event.kind, event.note, event.new["to"]) == (
        EventKind.FORWARDED,
        "Jalan nasional, wewenang BPJN",
        "lapor",
    )


def test_forward_to_another_instansi_files_a_linked_copy_there(submit, admin, palopo):
    submitted = submit(
        is_anonymous=True, reporter=ReporterInput(name="Andi Baso", phone="081234567890")
    )
    original = services.complaint_forward(
        actor=admin, complaint=submitted.complaint, reason="Jalan kota Palopo", to_instansi=palopo
    )
    copy = Complaint.objects.get(instansi=palopo)
    assert original.forwarded_to == palopo
    assert original.events.latest("seq").new["new_tracking_number"] == copy.tracking_number
    assert copy.tracking_number.startswith("PLP-")
    assert copy.forwarded_from == original
    assert (copy.status, copy.title, copy.is_anonymous) == (
        Status.SUBMITTED,
        original.title,
        True,
    )
    reporter = reporter_of(copy)
    assert reporter is not None
    assert reporter.phone == "+6281234567890"
    assert copy.verify_due_at is not None  # Palopo's own verification clock runs
    # The reporter follows the copy with the code they were given for the original.
    opened = complaint_get_for_reporter(
        tracking_number=copy.tracking_number, access_code=submitted.access_code
    )
    assert opened == copy


def test_forward_keeps_a_report_an_operator_entered_from_a_letter(submit, admin, operator, palopo):
    letter = submit(channel=Channel.LETTER, actor=operator).complaint
    services.complaint_forward(
        actor=admin, complaint=letter, reason="Wewenang Pemkot Palopo", to_instansi=palopo
    )
    copy = Complaint.objects.get(instansi=palopo)
    assert copy.channel == Channel.LETTER
    assert copy.forwarded_from_id == letter.pk


@pytest.mark.parametrize(
    ("reason", "to_lapor", "own_instansi"),
    [
        ("   ", True, False),  # no reason
        ("Bukan wewenang", False, False),  # no destination
        ("Bukan wewenang", True, True),  # two destinations
        ("Bukan wewenang", False, True),  # not to itself
    ],
)
def test_forward_needs_a_reason_and_one_other_destination(
    submit, admin, luwu, reason, to_lapor, own_instansi
):
    complaint = submit().complaint
    before = snapshot(complaint)
    with pytest.raises(ValidationFailed):
        services.complaint_forward(
            actor=admin,
            complaint=complaint,
            reason=reason,
            to_lapor=to_lapor,
            to_instansi=luwu if own_instansi else None,
        )
    assert snapshot(complaint) == before


@pytest.mark.parametrize("reason", [r for r in ArchiveReason if r != ArchiveReason.DUPLICATE])
def test_archive_records_the_reason_and_stops_every_clock(submit, admin, reason):
    complaint = services.complaint_archive(actor=admin, complaint=submit().complaint, reason=reason)
    complaint.refresh_from_db()
    assert (complaint.status, complaint.archive_reason) == (Status.ARCHIVED, reason)
    assert complaint.next_due_at is None
    assert complaint.closed_at is not None
    assert complaint.events.latest("seq").new["reason"] == reason


def test_archive_as_duplicate_links_the_original(submit, admin):
    original = submit().complaint
    again = submit().complaint
    services.complaint_archive(
        actor=admin, complaint=again, reason=ArchiveReason.DUPLICATE, duplicate_of=original
    )
    again.refresh_from_db()
    assert again.duplicate_of == original
    assert again.events.latest("seq").new["duplicate_of"] == original.tracking_number
    assert list(original.duplicates.all()) == [again]


def test_archive_from_hold_clears_the_hold(submit, admin):
    complaint = submit().complaint
    services.complaint_hold(actor=admin, complaint=complaint, question="Lokasi tepatnya?")
    services.complaint_archive(actor=admin, complaint=complaint, reason=ArchiveReason.UNCLEAR)
    complaint.refresh_from_db()
    assert complaint.status == Status.ARCHIVED
    assert complaint.hold_started_at is None


def test_archive_refuses_a_bad_duplicate_link(submit, admin, palopo):
    complaint = submit().complaint
    elsewhere = submit(instansi=palopo, category=None, region=None).complaint
    other = submit().complaint
    before = snapshot(complaint)
    refused = [
        {"reason": ArchiveReason.DUPLICATE},  # which original?
        {"reason": ArchiveReason.DUPLICATE, "duplicate_of": complaint},  # itself
        {"reason": ArchiveReason.DUPLICATE, "duplicate_of": elsewhere},  # another instansi
        {"reason": ArchiveReason.SPAM, "duplicate_of": other},  # only duplicates link
        {"reason": "lost"},  # not a reason
    ]
    for kwargs in refused:
        with pytest.raises(ValidationFailed):
            services.complaint_archive(actor=admin, complaint=complaint, **kwargs)
        assert snapshot(complaint) == before, kwargs
