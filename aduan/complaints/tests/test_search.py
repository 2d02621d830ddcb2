"""search_public: Indonesian full-text search of the public feed, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine

from aduan.complaints.choices import ArchiveReason, ReportType, Status
from aduan.complaints.search import COUNT_LIMIT, FeedFilters, query_stems, search_public
from aduan.core import clock
from aduan.organisation.models import Category, Region
from aduan.workflow import services

pytestmark = pytest.mark.django_db


def _titles(query: str = "", **filters) -> list[str]:
    _count, rows = search_public(query=query, filters=FeedFilters(**filters), limit=50, offset=0)
    return [c.title for c in rows]


def test_a_word_finds_its_affixed_forms(submit, publish):
    publish(submit(title="Jalan berlubang di Kanna", description="Sudah sebulan."))
    publish(submit(title="Lampu jalan padam", description="Gelap sekali pada malam hari."))
    publish(submit(title="Puskesmas tutup", description="Pelayanan kesehatan terhenti."))

    assert _titles("lubang") == ["Jalan berlubang di Kanna"]
    assert _titles("jalanan") == ["Lampu jalan padam", "Jalan berlubang di Kanna"]
    assert _titles("pelayanannya") == ["Puskesmas tutup"]


def test_a_root_finds_words_with_prefixes_that_change_its_first_letter(submit, publish):
    publish(submit(title="Petugas menyapu jalan", description="Setiap pagi."))
    publish(submit(title="Surat belum dikirim", description="Sudah sebulan."))
    publish(submit(title="Sampah di pasar", description="Belum diangkut."))

    assert _titles("sapu") == ["Petugas menyapu jalan"]
    assert _titles("tugas") == ["Petugas menyapu jalan"]
    assert _titles("kiriman") == ["Surat belum dikirim"]
    assert _titles("surat dikirimkan") == ["Surat belum dikirim"]


def test_every_word_must_match(submit, publish):
    publish(submit(title="Jalan berlubang", description="Di depan sekolah."))
    publish(submit(title="Jalan licin", description="Di depan pasar."))

    assert _titles("jalan sekolah") == ["Jalan berlubang"]
    assert _titles("jembatan") == []


def test_a_rahasia_report_is_never_found(submit):
    submit(title="Pungutan liar di kantor desa", description="Kepala desa meminta uang.",
           is_confidential=True)  # fmt: skip

    assert _titles("pungutan") == []
    assert _titles() == []


def test_spam_is_never_found_but_other_archived_reports_are(submit, publish, admin):
    spam = submit(title="Promo pinjaman cepat", description="Hubungi kami").complaint
    services.complaint_archive(actor=admin, complaint=spam, reason=ArchiveReason.SPAM)
    never_verified = submit(title="Pinjaman arisan", description="Tidak jelas").complaint
    services.complaint_archive(actor=admin, complaint=never_verified, reason=ArchiveReason.UNCLEAR)
    # Published, then put on hold and archived when the reporter never answered.
    unclear = publish(submit(title="Pinjaman koperasi", description="Tidak jelas"))
    services.complaint_hold(actor=admin, complaint=unclear, question="Koperasi yang mana?")
    services.complaint_archive(actor=admin, complaint=unclear, reason=ArchiveReason.UNCLEAR)

    assert _titles("pinjaman") == ["Pinjaman koperasi"]


def test_newest_first_with_pagination_and_count(submit, publish):
    for n in range(5):
        publish(submit(title=f"Sampah menumpuk {n}", description="Belum diangkut."))

    count, first = search_public(query="sampah", filters=FeedFilters(), limit=2, offset=0)
    _count, third = search_public(query="sampah", filters=FeedFilters(), limit=2, offset=4)

    assert count == 5
    assert [c.title for c in first] == ["Sampah menumpuk 4", "Sampah menumpuk 3"]
    assert [c.title for c in third] == ["Sampah menumpuk 0"]


def test_the_count_stops_at_its_limit(submit, publish, monkeypatch):
    monkeypatch.setattr("aduan.complaints.search.COUNT_LIMIT", 2)
    for _ in range(3):
        publish(submit())

    count, rows = search_public(query="", filters=FeedFilters(), limit=10, offset=0)

    assert COUNT_LIMIT > 2
    assert count is None
    assert len(rows) == 3


def test_edits_of_the_title_reach_the_index(submit, admin, pupr):
    complaint = submit(title="Jalan rusak", description="Tolong diperbaiki.").complaint
    services.complaint_verify(
        actor=admin, complaint=complaint, units=[pupr], title="Jembatan rusak"
    )

    assert _titles("jembatan") == ["Jembatan rusak"]
    assert _titles("jalan") == []


def test_filters_by_status_type_category_and_district(submit, publish, admin, pupr, luwu, village):
    road = publish(submit(title="Jalan A"))
    services.complaint_resolve(actor=admin, complaint=road, summary="Sudah ditambal.")
    waste = Category.objects.get(instansi=luwu, code="lingkungan-sampah")
    publish(submit(title="Saran taman", type=ReportType.ASPIRATION, category=waste))
    elsewhere = Region.objects.get(code="73.17.02")  # another kecamatan
    publish(submit(title="Jalan B", region=elsewhere))
    infrastructure = Category.objects.get(instansi=luwu, code="infrastruktur")

    assert _titles(status=Status.RESOLVED) == ["Jalan A"]
    assert _titles(type=ReportType.ASPIRATION) == ["Saran taman"]
    assert _titles(category_id=infrastructure.pk) == ["Jalan B", "Jalan A"]
    assert _titles(district=village.parent.code) == ["Saran taman", "Jalan A"]
    assert _titles(district="73.17.02") == ["Jalan B"]


def test_filter_by_unit_dispatched_to(submit, publish, admin, pupr, dinkes, diskominfo):
    to_pupr = submit(title="Jalan ke PUPR").complaint
    services.complaint_verify(actor=admin, complaint=to_pupr, units=[pupr])
    to_dinkes = submit(title="Puskesmas ke Dinkes").complaint
    services.complaint_verify(actor=admin, complaint=to_dinkes, units=[dinkes])
    publish(submit(title="Didisposisi ke Diskominfo"), units=[diskominfo])

    assert _titles(unit_id=pupr.pk) == ["Jalan ke PUPR"]
    assert _titles(unit_id=dinkes.pk) == ["Puskesmas ke Dinkes"]


def test_filter_by_period_in_local_dates(submit, publish):
    start = clock.now()
    with time_machine.travel(start - timedelta(days=40), tick=False):
        publish(submit(title="Lama"))
    publish(submit(title="Baru"))
    today = clock.now().date()

    assert _titles(submitted_from=today - timedelta(days=1)) == ["Baru"]
    assert _titles(submitted_to=today - timedelta(days=30)) == ["Lama"]


def test_query_stems_cut_indonesian_affixes():
    assert query_stems("Kerusakan jalanan, PERBAIKAN!") == ["rusa", "jalan", "baik"]
    assert query_stems("di ke se") == []  # shorter than a trigram: nothing to look for
