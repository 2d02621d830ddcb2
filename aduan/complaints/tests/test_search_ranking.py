"""Search by relevance (issue 15): a whole word above a word it only begins, the title above
the description, then bm25 / ts_rank; "newest first" as a choice. Both databases."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from aduan.complaints.models import Complaint
from aduan.complaints.search import (
    ORDER_NEWEST,
    ORDER_RELEVANCE,
    FeedFilters,
    search_public,
    search_public_values,
    sqlite_whole_word_expression,
)
from aduan.complaints.services import Submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def submit(
    submit: Callable[..., Submitted], publish: Callable[..., Any]
) -> Callable[..., Submitted]:
    """Every report of these tests is verified and published (a rahasia one stays private):
    search reads only the public ones."""

    def _filed(**overrides: Any) -> Submitted:
        filed = submit(**overrides)
        publish(filed)
        return filed

    return _filed


def _titles(query: str, order: str = ORDER_RELEVANCE, **filters) -> list[str]:
    _count, rows = search_public(
        query=query, filters=FeedFilters(**filters), limit=50, offset=0, order=order
    )
    return [c.title for c in rows]


def test_a_whole_word_ranks_above_a_word_it_only_begins(submit):
    submit(title="Lampu jalan mati di Lampuara", description="Sudah seminggu gelap.")
    submit(title="Jalan rusak di Lampuara", description="Lubang besar di desa Lampuara.")
    submit(title="Lampu jalan padam", description="Lampu di depan masjid padam.")
    submit(title="Warga Lampuara mengeluh", description="Jembatan rusak.")  # newest

    ranked = _titles("lampu")
    newest = _titles("lampu", ORDER_NEWEST)

    # Whole-word "lampu" first; the place name only after them (SQLite's prefix search finds
    # it, PostgreSQL's stemmer does not).
    assert set(ranked[:2]) == {"Lampu jalan padam", "Lampu jalan mati di Lampuara"}
    assert set(ranked[2:]) <= {"Jalan rusak di Lampuara", "Warga Lampuara mengeluh"}
    # Newest first is a choice, and what a search without words gives.
    assert set(newest) == set(ranked)
    assert newest == list(
        Complaint.objects.filter(title__in=ranked).order_by("-pk").values_list("title", flat=True)
    )
    assert _titles("", ORDER_RELEVANCE)[0] == "Warga Lampuara mengeluh"


def test_the_word_itself_ranks_above_its_affixed_forms(submit):
    submit(title="Air PDAM keruh", description="Air keruh sejak kemarin.")
    submit(title="Keluhan pelanggan", description="Tekanan airnya kecil sekali.")
    submit(title="Saluran tersumbat", description="Airnya meluap ke jalan.")  # newest

    ranked = _titles("air")

    assert ranked[0] == "Air PDAM keruh"
    assert set(ranked) == {"Air PDAM keruh", "Keluhan pelanggan", "Saluran tersumbat"}


def test_a_word_in_the_title_ranks_above_one_in_the_description(submit):
    submit(title="Jembatan gantung putus", description="Warga menyeberang dengan rakit.")
    submit(title="Warga kesulitan menyeberang", description="Jembatan di dusun putus.")

    assert _titles("jembatan")[0] == "Jembatan gantung putus"


def test_ranking_keeps_the_filters_the_count_and_the_pages(submit, luwu, village):
    for n in range(6):
        submit(title=f"Sampah menumpuk {n}", description="Belum diangkut.")
    submit(title="Sampah di pasar", description="Sampah sampah sampah.", is_confidential=True)

    count, first = search_public_values(
        query="sampah", filters=FeedFilters(), limit=4, offset=0, fields=("public_title",)
    )
    _count, rest = search_public_values(
        query="sampah", filters=FeedFilters(), limit=4, offset=4, fields=("public_title",)
    )

    assert count == 6
    titles = [row["public_title"] for row in first + rest]
    assert sorted(titles) == [f"Sampah menumpuk {n}" for n in range(6)]  # never the rahasia one
    assert first[0] == {"public_title": "Sampah menumpuk 5"}  # equal scores: the newest first
    assert _titles("sampah", district="99.99") == []


def test_only_the_newest_matches_are_ranked_and_older_ones_follow_newest_first(submit, monkeypatch):
    def filed(title: str) -> int:
        description = "Lampu di tikungan mati." if title == "Jalan gelap" else "Gelap total."
        return int(submit(title=title, description=description).complaint.pk)

    t1, t2 = filed("Lampu padam"), filed("Lampu mati")
    d1 = filed("Jalan gelap")
    t3 = filed("Lampu rusak")
    d2, d3 = filed("Jalan gelap"), filed("Jalan gelap")

    def ids(offset: int, limit: int) -> tuple[int | None, list[int]]:
        count, rows = search_public_values(
            query="lampu",
            filters=FeedFilters(),
            limit=limit,
            offset=offset,
            fields=("pk",),
            order=ORDER_RELEVANCE,
        )
        return count, [row["pk"] for row in rows]

    # Every match ranked: the titles first.
    assert ids(0, 10) == (6, [t3, t2, t1, d3, d2, d1])
    # A window of the newest three: ranked among themselves, then the older ones newest first,
    # and the pages join without a gap or a repeat where the window ends.
    monkeypatch.setattr("aduan.complaints.search.RANK_WINDOW", 3)
    assert ids(0, 10) == (6, [t3, d3, d2, d1, t2, t1])
    assert ids(2, 3) == (6, [d2, d1, t2])
    assert ids(4, 10) == (6, [t2, t1])
    assert ids(6, 10) == (6, [])
    # The count is still capped when the window is smaller than the cap.
    monkeypatch.setattr("aduan.complaints.search.COUNT_LIMIT", 4)
    assert ids(0, 2) == (None, [t3, d3])


def test_newest_first_pages_join_where_the_walk_of_the_newest_matches_ends(submit, monkeypatch):
    filed = [submit(title=f"Sampah menumpuk {n}", description="Belum diangkut.") for n in range(6)]
    submit(title="Jembatan putus", description="Sampah di sungai.")  # not "menumpuk"
    newest = sorted((f.complaint.pk for f in filed), reverse=True)

    def ids(offset: int, limit: int) -> tuple[int | None, list[int]]:
        count, rows = search_public_values(
            query="menumpuk",
            filters=FeedFilters(),
            limit=limit,
            offset=offset,
            fields=("pk",),
            order=ORDER_NEWEST,
        )
        return count, [row["pk"] for row in rows]

    # The walk takes the newest 4 (3 + 1): pages inside it, across its end and past it.
    monkeypatch.setattr("aduan.complaints.search.RANK_WINDOW", 3)
    monkeypatch.setattr("aduan.complaints.search.COUNT_LIMIT", 3)
    assert ids(0, 2) == (None, newest[:2])
    assert ids(2, 3) == (None, newest[2:5])
    assert ids(4, 10) == (None, newest[4:])
    monkeypatch.setattr("aduan.complaints.search.COUNT_LIMIT", 10)
    assert ids(0, 10) == (6, newest)


def test_whole_word_expression_has_no_prefix_queries():
    expression = sqlite_whole_word_expression("lampu jalan")
    assert '"lampu"' in expression
    assert "*" not in expression
    assert " AND " in expression


def test_the_feed_page_offers_the_order(anon_client, submit):
    for title in ("Warga mengeluh", "Air PDAM keruh"):
        submit(title=title, description="Air keruh sejak kemarin.")  # verified and published
    submit(title="Saluran meluap", description="Airnya masuk rumah.")

    ranked = anon_client.get(reverse("complaints:feed"), {"q": "air"}).content.decode()
    newest = anon_client.get(
        reverse("complaints:feed"), {"q": "air", "sort": "newest"}
    ).content.decode()

    assert 'name="sort"' in ranked
    assert ranked.index("Air PDAM keruh") < ranked.index("Saluran meluap")
    assert newest.index("Saluran meluap") < newest.index("Air PDAM keruh")
    bad = anon_client.get(reverse("complaints:feed"), {"q": "air", "sort": "oldest"})
    assert bad.status_code == 200
    assert 'aria-invalid="true"' in bad.content.decode()
