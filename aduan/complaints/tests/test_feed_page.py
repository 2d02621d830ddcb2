"""The public feed (/laporan/) and the public page of one report (/laporan/<nomor>/)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from aduan.complaints.services import ReporterInput
from aduan.workflow import services

pytestmark = pytest.mark.django_db

FEED = "/laporan/"


def test_the_feed_lists_public_reports_newest_first(anon_client, submit, publish):
    publish(submit(title="Jalan berlubang di Kanna"))
    publish(submit(title="Lampu jalan padam"))

    response = anon_client.get(FEED)

    assert response.status_code == 200
    page = response.content.decode()
    assert page.index("Lampu jalan padam") < page.index("Jalan berlubang di Kanna")
    assert "Basse Sangtempe" in page  # the kecamatan of the village


def test_the_feed_never_shows_a_rahasia_report_or_anyones_identity(anon_client, submit, publish):
    publish(submit(title="Pungutan liar kantor desa", is_confidential=True))
    publish(
        submit(
            title="Sampah menumpuk",
            reporter=ReporterInput(name="Andi Baso", phone="0812 3456 7890", email="andi@mail.id"),
        )
    )
    publish(submit(title="Guru jarang masuk", is_anonymous=True))

    page = anon_client.get(FEED).content.decode()

    assert "Pungutan" not in page
    assert "Sampah menumpuk" in page
    for identity in ("Andi", "0812", "3456", "andi@mail.id"):
        assert identity not in page
    assert "Anonim" in page


def test_search_and_filters_work_as_a_plain_get_form(anon_client, submit, publish):
    publish(submit(title="Jalan berlubang di Kanna"))
    publish(submit(title="Puskesmas tutup", description="Tidak ada dokter sejak Senin."))

    page = anon_client.get(FEED, {"q": "lubang", "status": "dispatched"}).content.decode()

    assert "Jalan berlubang di Kanna" in page
    assert "Puskesmas tutup" not in page
    assert 'method="get"' in page
    assert '<label for="id_q">' in page


def test_an_invalid_filter_is_shown_by_its_field(anon_client, submit, publish):
    publish(submit(title="Jalan berlubang di Kanna"))

    response = anon_client.get(FEED, {"status": "nonsense", "date_from": "kemarin"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Jalan berlubang di Kanna" not in page
    assert 'aria-invalid="true"' in page


def test_pages_of_twenty(anon_client, submit, publish):
    for n in range(21):
        publish(submit(title=f"Laporan nomor {n:02d}"))

    first = anon_client.get(FEED).content.decode()
    second = anon_client.get(FEED, {"page": 2}).content.decode()

    assert first.count('class="feed-item"') == 20
    assert 'rel="next"' in first
    assert "Laporan nomor 00" not in first
    assert second.count('class="feed-item"') == 1
    assert "Laporan nomor 00" in second
    assert 'rel="prev"' in second


def test_the_feed_page_costs_a_fixed_number_of_queries(
    anon_client, submit, admin, pupr, django_assert_max_num_queries
):
    for n in range(25):
        complaint = submit(title=f"Jalan rusak {n}").complaint
        if n % 2:
            services.complaint_verify(actor=admin, complaint=complaint, units=[pupr])

    # The instansi and three filter lists (then kept for a minute), the count and the page,
    # whatever the number of reports: the page's category, region and kecamatan come with it.
    # A search ranked by relevance on SQLite takes the page's ids from the word index, then
    # their rows: one query more.
    # PostgreSQL ranks the newest matches, then walks the newest ids for the count: one more.
    ranked = 1
    with django_assert_max_num_queries(6 + ranked):
        first = anon_client.get(FEED, {"q": "jalan", "unit": pupr.pk})
    with django_assert_max_num_queries(2 + ranked):
        again = anon_client.get(FEED, {"q": "jalan", "unit": pupr.pk, "page": 1})

    assert first.status_code == again.status_code == 200
    assert first.content.decode().count('class="feed-item"') == 12  # the dispatched ones
    assert again.content.decode().count('class="feed-item"') == 12


def test_a_changed_category_shows_in_the_filters_at_once(
    anon_client, submit, publish, road_category
):
    publish(submit(title="Jalan berlubang di Kanna"))
    anon_client.get(FEED)  # the filter options are now kept

    top = road_category.parent or road_category  # the filter lists top-level categories
    top.name = "Infrastruktur kabupaten"
    top.save()
    page = anon_client.get(FEED).content.decode()

    assert f'<option value="{top.pk}">Infrastruktur kabupaten</option>' in page


def test_a_selected_filter_keeps_its_option_selected(anon_client, submit, publish, road_category):
    publish(submit(title="Jalan berlubang di Kanna"))

    top = road_category.parent or road_category  # its sub-categories are included
    page = anon_client.get(FEED, {"category": top.pk, "status": ""}).content.decode()

    assert f'<option value="{top.pk}" selected>' in page
    assert '<option value="" selected>' in page  # status: All
    assert "Jalan berlubang di Kanna" in page


def test_the_report_page_shows_the_public_timeline(anon_client, submit, admin, officer, pupr):
    complaint = submit(title="Jalan berlubang di Kanna").complaint
    services.complaint_verify(
        actor=admin, complaint=complaint, units=[pupr], instruction="Cek lokasi, hubungi Pak RT"
    )
    services.followup_add(actor=officer, complaint=complaint, text="Tim sudah ke lokasi.")
    services.followup_add(
        actor=officer, complaint=complaint, text="Catatan internal anggaran", is_public=False
    )
    services.complaint_resolve(actor=officer, complaint=complaint, summary="Lubang ditambal.")

    response = anon_client.get(
        reverse("complaints:public_report", args=[complaint.tracking_number])
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Dinas Pekerjaan Umum" in page or pupr.name in page
    assert "Tim sudah ke lokasi." in page
    assert "Lubang ditambal." in page
    assert "Catatan internal" not in page
    assert "Pak RT" not in page  # the dispatch instruction is for the unit
    assert "Andi" not in page
    assert re.search(r"<h1[^>]*>Jalan berlubang di Kanna</h1>", page)


def test_a_rahasia_report_page_is_404_like_a_missing_one(anon_client, submit, publish):
    secret = publish(submit(title="Pungutan liar", is_confidential=True))

    hidden = anon_client.get(reverse("complaints:public_report", args=[secret.tracking_number]))
    missing = anon_client.get(reverse("complaints:public_report", args=["LWU-NOPE-0000"]))

    assert hidden.status_code == 404
    assert missing.status_code == 404
    assert "Pungutan" not in hidden.content.decode()


def test_the_report_page_of_an_anonim_report_says_anonim(anon_client, submit, publish):
    complaint = publish(submit(title="Guru jarang masuk", is_anonymous=True))

    page = anon_client.get(
        reverse("complaints:public_report", args=[complaint.tracking_number])
    ).content.decode()

    assert "Anonim" in page
    assert "Andi" not in page


def test_public_pages_have_no_inline_style_or_script(anon_client, submit, publish):
    complaint = publish(submit(title="Jalan berlubang"))
    for url in (FEED, reverse("complaints:public_report", args=[complaint.tracking_number])):
        page = anon_client.get(url).content.decode()
        assert "Jalan berlubang" in page
        assert "style=" not in page
        assert "onclick=" not in page


def test_a_report_saved_by_another_thread_mid_request_does_not_break_the_feed(
    anon_client, submit, publish, monkeypatch
):
    """Under threaded workers (gunicorn gthread), a report saved by another thread clears the
    process's unfiltered count while a feed request is between reading and using it: the
    request answered 500 (KeyError) in bench.attachments with --threads 4."""
    from aduan.complaints.search import search_public_values
    from aduan.complaints.views.feed import feed_count_forget

    publish(submit(title="Jalan berlubang di Kanna"))
    assert anon_client.get(FEED).status_code == 200  # the count is now known to the process

    def search_while_another_thread_saves(**kwargs):
        feed_count_forget()  # what a save in another thread does
        return search_public_values(**kwargs)

    monkeypatch.setattr(
        "aduan.complaints.views.feed.search_public_values", search_while_another_thread_saves
    )
    response = anon_client.get(FEED)
    assert response.status_code == 200
    assert "Jalan berlubang di Kanna" in response.content.decode()
