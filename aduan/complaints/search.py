"""The public feed and its full-text search: one interface over SQLite FTS5 and PostgreSQL.

`search_public` is what the feed API calls, `search_public_values` (the same search, rows as
dicts of a few columns) what the feed page calls. Both only ever read `complaints_public()`
(never a rahasia or spam report). Without a query, or with `order="newest"`, the newest come
first; with a query and `order="relevance"` (the feed page's default) the best match first:

- a report where every query word stands as a whole word ("lampu") above one where a word
  only begins a longer one ("Lampuara"), then
- SQLite: FTS5's bm25, a word in the title counting five times one in the description;
  PostgreSQL: ts_rank on the same expression the GIN index holds, title weighted A;
- then the newest.

Ranking stays in the database: SQLite joins the word index (bm25 is only defined there) to
the filtered reports and sorts the matches; PostgreSQL ranks the rows its index found. Only
the newest RANK_WINDOW (1,000) matches are ranked; older matches of a common word follow them,
newest first, so a ranked page costs about what a newest-first page costs at any size.

How a query matches (the index of migration 0003_search_index; on SQLite the word index of
0008_search_words):
- PostgreSQL: the 'indonesian' Snowball configuration stems both the text and the query
  (`websearch_to_tsquery`: quotes, `or` and `-word` work as on a search engine), through a GIN
  index on exactly the expression in `_POSTGRES_MATCH`.
- SQLite: FTS5 has no Indonesian stemmer, so the index holds the words as written (tokenizer
  unicode61, accents folded) and the query does the stemming. Each query word is cut to a rough
  root (`query_stems`: "kerusakan" -> "rusa"), and the root must begin a word of the text,
  bare or behind one of the prefixes of Indonesian (`sqlite_match_expression`): "rusa" finds
  "rusak", "merusak" and "kerusakan", "lubang" finds "berlubang", "tulis" finds "menulis".
  Looser than Snowball, never stricter. (Until 0008 the index held trigrams, which found a
  root anywhere inside a word but cost twice as much on every submission: docs/performance.md.)

Counting every match of a common word costs a scan of all of them, so the count stops at
`COUNT_LIMIT`: past it the function answers `None` ("more than COUNT_LIMIT").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import connection, connections
from django.db.models import BooleanField, FloatField, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from aduan.complaints.choices import DispatchStatus, ReportType, Status
from aduan.complaints.models import Complaint, Dispatch
from aduan.complaints.selectors import as_public, complaints_public

COUNT_LIMIT = 1000
# A page ranked by relevance ranks the newest RANK_WINDOW matches (`_page`); the walk of the
# newest matches that finds the window's end also counts them.
RANK_WINDOW = COUNT_LIMIT
MAX_QUERY_LENGTH = 200

# The public (masked) text only: a search never finds a report by the personal data the
# screening took out of it (migration 0012_publication_audience_masks).
_POSTGRES_MATCH = (
    "to_tsvector('indonesian', \"complaints_complaint\".\"public_title\" || ' ' || "
    '"complaints_complaint"."public_description") @@ websearch_to_tsquery(\'indonesian\', %s)'
)
_SQLITE_MATCH = (
    "SELECT rowid FROM complaints_complaint_search WHERE complaints_complaint_search MATCH %s"
)

# Affixes of Indonesian, longest first within each group. Only the query is cut, and only while
# at least _MIN_STEM letters remain, so a cut can widen a search but never empty it.
_PARTICLES = ("lah", "kah", "tah", "pun")
_POSSESSIVES = ("nya", "ku", "mu")
_SUFFIXES = ("kan", "an", "i")
_PREFIXES = (
    "memper", "diper", "menge", "meng", "meny", "peng", "peny", "mem", "men", "pem", "pen",
    "ber", "ter", "per", "me", "di", "be", "pe", "ke", "se",
)  # fmt: skip
_MIN_STEM = 4
_MIN_ROOT = 3  # a shorter root would begin too many words to narrow anything

# SQLite: the prefixes a word of the text may carry in front of the root a query names, single
# and stacked ("di-per-baik-i"), each with the first letters of the roots it goes before (None:
# any), so the query does not look for forms the language never makes ("menbaca").
_VOWELS = "aeiou"
_TEXT_PREFIXES: dict[str, str | None] = {
    "me": "lmnrwy", "mem": "bpfv", "men": "cdjtsz", "meng": _VOWELS + "ghk", "menge": None,
    "pe": None, "pem": "bpfv", "pen": "cdjtsz", "peng": _VOWELS + "ghk", "penge": None,
    "ber": None, "be": "rk", "bel": "a", "ter": None, "te": "r", "per": None, "pel": "a",
    "di": None, "ke": None, "se": None,
    "memper": None, "diper": None, "member": None, "pember": None, "keber": None,
    "keter": None, "seper": None, "terper": None, "diber": None, "ketidak": None, "berke": None,
    "berpe": None, "dise": None, "menye": None,
}  # fmt: skip
# Nasal prefixes that replace the root's first letter: "sapu" -> "menyapu", "tulis" -> "penulis".
_NASAL = {"s": ("meny", "peny"), "p": ("mem", "pem"), "t": ("men", "pen"), "k": ("meng", "peng")}
# ... and, the other way, the letter a query word lost with its nasal prefix ("menulis": "tulis").
_NASAL_LOST = {
    prefix: letter for letter, prefixes in _NASAL.items() for prefix in prefixes
}  # fmt: skip


# The SQLite triggers of migration 0012 (0008's, on the public text), repeated here because
# SQLite drops a table's triggers whenever a later migration rebuilds that table (most
# AlterField/AddField operations do).
# The update trigger fires only when the text changed: Model.save() writes every column, and a
# workflow step must not re-index a report whose title and description stayed the same.
SQLITE_TRIGGERS = {
    "complaints_search_insert": """
        CREATE TRIGGER IF NOT EXISTS complaints_search_insert
        AFTER INSERT ON complaints_complaint BEGIN
            INSERT INTO complaints_complaint_search (rowid, public_title, public_description)
            VALUES (new.id, new.public_title, new.public_description);
        END""",
    "complaints_search_delete": """
        CREATE TRIGGER IF NOT EXISTS complaints_search_delete
        AFTER DELETE ON complaints_complaint BEGIN
            INSERT INTO complaints_complaint_search
                (complaints_complaint_search, rowid, public_title, public_description)
            VALUES ('delete', old.id, old.public_title, old.public_description);
        END""",
    "complaints_search_update": """
        CREATE TRIGGER IF NOT EXISTS complaints_search_update
        AFTER UPDATE OF public_title, public_description ON complaints_complaint
        WHEN old.public_title IS NOT new.public_title
            OR old.public_description IS NOT new.public_description BEGIN
            INSERT INTO complaints_complaint_search
                (complaints_complaint_search, rowid, public_title, public_description)
            VALUES ('delete', old.id, old.public_title, old.public_description);
            INSERT INTO complaints_complaint_search (rowid, public_title, public_description)
            VALUES (new.id, new.public_title, new.public_description);
        END""",
}


def search_triggers_repair(*, using: str = "default") -> bool:
    """Put back SQLite's search triggers if a table rebuild dropped them, then re-index.

    Runs after every `migrate` (complaints.apps). Returns whether anything was repaired.
    """
    db = connections[using]
    if db.vendor != "sqlite":
        return False
    with db.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name = %s",
            ["complaints_complaint_search"],
        )
        if cursor.fetchone() is None:
            return False  # migration 0003 has not run yet
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        present = {name for (name,) in cursor.fetchall()}
        missing = [sql for name, sql in SQLITE_TRIGGERS.items() if name not in present]
        for sql in missing:
            cursor.execute(sql)
        if missing:
            cursor.execute(
                "INSERT INTO complaints_complaint_search (complaints_complaint_search) "
                "VALUES ('rebuild')"
            )
    return bool(missing)


@dataclass(frozen=True)
class FeedFilters:
    """What the public feed can be narrowed to; every field is optional."""

    status: Status | None = None
    type: ReportType | None = None
    category_id: int | None = None  # a category, with its sub-categories
    unit_id: int | None = None  # dispatched to this unit or one of its direct sub-units
    district: str = ""  # Kemendagri code of a kecamatan: reports located in it or its villages
    submitted_from: date | None = None  # local dates, both inclusive
    submitted_to: date | None = None
    instansi_id: int | None = None


def _cut(word: str, affixes: tuple[str, ...], *, suffix: bool) -> str:
    for affix in affixes:
        if len(word) - len(affix) < _MIN_STEM:
            continue
        if suffix and word.endswith(affix):
            return word[: -len(affix)]
        if not suffix and word.startswith(affix):
            return word[len(affix) :]
    return word


def query_stems(query: str) -> list[str]:
    """The rough stems of a query's words, for the SQLite word index."""
    stems: list[str] = []
    for word in re.findall(r"\w+", query.lower()):
        # The prefix first: "perbaikan" is per-baik-an; cutting "-kan" first leaves "perbai".
        stem = _cut(word, _PREFIXES, suffix=False)
        for group in (_PARTICLES, _POSSESSIVES, _SUFFIXES):
            stem = _cut(stem, group, suffix=True)
        if len(stem) >= _MIN_ROOT and stem not in stems:
            stems.append(stem)
    return stems


def _roots(word: str) -> list[str]:
    """The roots a query word may stand for: its stem and, behind a nasal prefix followed by a
    vowel, the stem with the letter the prefix swallowed ("menulis": "ulis" and "tulis")."""
    roots = query_stems(word)
    for prefix, letter in _NASAL_LOST.items():
        rest = word[len(prefix) :]
        if word.startswith(prefix) and rest[:1] in tuple(_VOWELS):
            roots += [root for root in query_stems(letter + rest) if root not in roots]
    return roots


def _forms(root: str) -> list[str]:
    """The beginnings of the words of the text that carry this root."""
    forms = [
        root,
        *(
            prefix + root
            for prefix, before in _TEXT_PREFIXES.items()
            if not before or root[0] in before
        ),
    ]
    forms += [nasal + root[1:] for nasal in _NASAL.get(root[0], ())]
    return list(dict.fromkeys(forms))


def sqlite_match_expression(query: str) -> str:
    """The FTS5 query for the SQLite word index: every query word must match one word of the
    text that begins with one of its forms (`"rusa"* OR "merusa"* OR ...`). Empty when no
    word of the query is long enough to look for."""
    groups = []
    for word in dict.fromkeys(re.findall(r"\w+", query.lower())):
        forms = [form for root in _roots(word) for form in _forms(root)]
        if forms:
            # Each form a quoted FTS5 string (letters and digits only), as a prefix query.
            groups.append("(" + " OR ".join(f'"{form}"*' for form in dict.fromkeys(forms)) + ")")
    return " AND ".join(groups)


def sqlite_whole_word_expression(query: str) -> str:
    """As `sqlite_match_expression`, but each form must be a whole word of the text ("lampu",
    "berlubang"), not the beginning of a longer one ("lampuara")."""
    groups = []
    for word in dict.fromkeys(re.findall(r"\w+", query.lower())):
        forms = [form for root in _roots(word) for form in _forms(root)]
        forms = list(dict.fromkeys([word, *forms]))
        groups.append("(" + " OR ".join(f'"{form}"' for form in forms) + ")")
    return " AND ".join(groups)


ORDER_RELEVANCE = "relevance"
ORDER_NEWEST = "newest"
ORDERS = (ORDER_RELEVANCE, ORDER_NEWEST)

# bm25's weights of the index's columns (title, description): a title says what a report is.
# bm25(…, 5.0, 1.0): the index's columns are (title, description), and a word in the title
# counts five times one in the description. {filtered} is Django's SQL of the filtered
# reports (its values are bound parameters, never text in the statement).
_SQLITE_RANKED = """
    SELECT f.pk FROM complaints_complaint_search JOIN ({filtered}) AS f
        ON f.pk = complaints_complaint_search.rowid
    WHERE complaints_complaint_search MATCH %s AND complaints_complaint_search.rowid >= %s
    ORDER BY (complaints_complaint_search.rowid IN (
                 SELECT rowid FROM complaints_complaint_search
                 WHERE complaints_complaint_search MATCH %s AND rowid >= %s)) DESC,
             bm25(complaints_complaint_search, 5.0, 1.0), f.pk DESC
    LIMIT %s OFFSET %s
"""
_POSTGRES_WHOLE = (
    "to_tsvector('simple', \"complaints_complaint\".\"public_title\" || ' ' || "
    '"complaints_complaint"."public_description") @@ plainto_tsquery(\'simple\', %s)'
)
_POSTGRES_RANK = (
    "ts_rank(setweight(to_tsvector('indonesian', "
    '"complaints_complaint"."public_title"), \'A\') || '
    "to_tsvector('indonesian', ' ' || \"complaints_complaint\".\"public_description\"), "
    "websearch_to_tsquery('indonesian', %s))"
)


def _ranked_sqlite_ids(
    filtered: QuerySet[Complaint], query: str, floor: int, limit: int, offset: int
) -> list[int]:
    """The ids of a page of the ranked window (matches with an id of at least `floor`), best
    match first, from one SQLite query over the word index joined to the filtered reports
    (which SQLite flattens into the join); the id bound narrows the index's own scan."""
    expression = sqlite_match_expression(query)
    if not expression:
        return []
    inner, params = filtered.order_by().values("pk").query.sql_with_params()
    sql = _SQLITE_RANKED.format(filtered=inner)
    whole = sqlite_whole_word_expression(query)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, expression, floor, whole, floor, limit, offset])
        return [row[0] for row in cursor.fetchall()]


def _ranked(rows: QuerySet[Complaint], query: str) -> QuerySet[Complaint]:
    """PostgreSQL: the matched rows ordered by whole-word match, then ts_rank, then newest."""
    return rows.annotate(
        whole=RawSQL(_POSTGRES_WHOLE, [query], output_field=BooleanField()),  # noqa: S611
        score=RawSQL(_POSTGRES_RANK, [query], output_field=FloatField()),  # noqa: S611
    ).order_by("-whole", "-score", "-pk")


@dataclass
class _Page:
    rows: QuerySet[Complaint]  # every match, for the count
    page: QuerySet[Complaint] | list[int]  # the page: ordered rows, or ranked ids
    newest: list[int] | None = None  # ids of the newest COUNT_LIMIT + 1 matches, if fetched

    def count(self) -> int | None:
        if self.newest is None:
            return _capped_count(self.rows)
        return len(self.newest) if len(self.newest) <= COUNT_LIMIT else None


def _page(filters: FeedFilters, query: str, order: str, limit: int, offset: int) -> _Page:
    """The matches and the page of them in the order asked for.

    Ranked by relevance: the newest RANK_WINDOW matches, best first, then any older match,
    newest first. Ranking every match of a common word ("jalan": 172,000 at 1,000,000 reports)
    cost 0.3 to 0.6 s on SQLite and 2 to 7 s on PostgreSQL, where the window costs what the
    newest-first page costs (docs/performance.md); a reader of a feed wants what is both
    relevant and recent, and the best of five-year-old matches is seldom that.
    """
    query = query.strip()[:MAX_QUERY_LENGTH]
    filtered = _filter(complaints_public(), filters)
    if not query:
        return _Page(filtered, filtered.order_by("-pk")[offset : offset + limit])
    rows = _match(filtered, query)
    # One walk from the newest match answers the count, the first pages newest first and
    # where the ranked window ends. Always a long walk: asked for the newest 21 matches of a
    # word it believes common, PostgreSQL walks the primary key backwards testing each report,
    # and for a word that turns out rare or absent that is every report (10.7 s for "keruh" at
    # 1,000,000); asked for 1,001 it reads its word index instead (6 ms).
    walk = max(RANK_WINDOW, COUNT_LIMIT) + 1
    newest = list(rows.order_by("-pk").values_list("pk", flat=True)[:walk])
    if order != ORDER_RELEVANCE:
        if offset + limit <= len(newest) or len(newest) < walk:
            return _Page(rows, newest[offset : offset + limit], newest)
        return _Page(rows, rows.order_by("-pk")[offset : offset + limit], newest)
    window = newest[:RANK_WINDOW]
    if not window:
        return _Page(rows, [], newest)
    floor = window[-1]
    ids: list[int] = []
    if offset < len(window):
        take = min(limit, len(window) - offset)
        if connection.vendor == "sqlite":
            ids = _ranked_sqlite_ids(filtered, query, floor, take, offset)
        else:
            ranked = _ranked(rows.filter(pk__gte=floor), query).values_list("pk", flat=True)
            ids = list(ranked[offset : offset + take])
    if len(newest) > RANK_WINDOW and offset + limit > len(window):
        start = max(0, offset - len(window))
        older = rows.filter(pk__lt=floor).order_by("-pk").values_list("pk", flat=True)
        ids += list(older[start : start + limit - len(ids)])
    return _Page(rows, ids, newest)


def _match(rows: QuerySet[Complaint], query: str) -> QuerySet[Complaint]:
    if connection.vendor == "postgresql":
        # The query is a bound parameter; the SQL text is a constant.
        return rows.filter(RawSQL(_POSTGRES_MATCH, [query], output_field=BooleanField()))  # noqa: S611
    if connection.vendor == "sqlite":
        expression = sqlite_match_expression(query)
        if not expression:
            return rows.none()
        return rows.filter(pk__in=RawSQL(_SQLITE_MATCH, [expression]))  # noqa: S611
    raise NotImplementedError(f"full-text search is not set up for {connection.vendor}")


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _filter(rows: QuerySet[Complaint], filters: FeedFilters) -> QuerySet[Complaint]:
    if filters.instansi_id is not None:
        rows = rows.filter(instansi_id=filters.instansi_id)
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.type:
        rows = rows.filter(type=filters.type)
    if filters.category_id is not None:
        rows = rows.filter(
            Q(category_id=filters.category_id) | Q(category__parent_id=filters.category_id)
        )
    if filters.unit_id is not None:
        dispatched = (
            Dispatch.objects.filter(Q(unit_id=filters.unit_id) | Q(unit__parent_id=filters.unit_id))
            .exclude(status=DispatchStatus.RETURNED)
            .values("complaint_id")
        )
        rows = rows.filter(pk__in=dispatched)
    if filters.district:
        rows = rows.filter(
            Q(region__code=filters.district) | Q(region__parent__code=filters.district)
        )
    if filters.submitted_from is not None:
        rows = rows.filter(submitted_at__gte=_start_of(filters.submitted_from))
    if filters.submitted_to is not None:
        rows = rows.filter(submitted_at__lt=_start_of(filters.submitted_to + timedelta(days=1)))
    return rows


def _capped_count(rows: QuerySet[Complaint]) -> int | None:
    # Ids grow with filing time, and the primary key is the cheapest order to walk backwards.
    # The count walks from the newest too, as the page does: open reports are recent, so a
    # filter on an open status finds its 1,001 rows at once instead of scanning the old ones
    # (about 3 ms instead of 380 ms at 1,000,000 reports on SQLite).
    counted = rows.order_by("-pk").values("pk")[: COUNT_LIMIT + 1].count()
    return counted if counted <= COUNT_LIMIT else None


def _in_order(ids: list[int], rows: QuerySet[Complaint]) -> list[Any]:
    """The page's rows (at most a page: fetched by primary key) in the ranked order."""
    by_id = {_pk(row): row for row in rows.filter(pk__in=ids)}
    return [by_id[pk] for pk in ids if pk in by_id]


def _pk(row: Any) -> int:
    return int(row["pk"] if isinstance(row, dict) else row.pk)


def search_public(
    *,
    query: str,
    filters: FeedFilters,
    limit: int,
    offset: int,
    order: str = ORDER_NEWEST,
) -> tuple[int | None, list[Complaint]]:
    """Public reports matching `query` (blank: all) and `filters`, newest first, or with a
    query and `order="relevance"` the best match first.

    Returns the number of matches, or None when there are more than COUNT_LIMIT, and the
    page of reports with their category, region and kecamatan loaded. Two queries (three or
    four for a ranked page).
    """
    found = _page(filters, query, order, limit, offset)
    page = found.page
    related = Complaint.objects.select_related("category", "region__parent")
    if isinstance(page, list):
        return found.count(), [as_public(c) for c in _in_order(page, related)]
    return found.count(), [as_public(c) for c in page.select_related("category", "region__parent")]


def search_public_values(
    *,
    query: str,
    filters: FeedFilters,
    limit: int,
    offset: int,
    fields: tuple[str, ...],
    with_count: bool = True,
    order: str = ORDER_NEWEST,
) -> tuple[int | None, list[dict[str, Any]]]:
    """`search_public` for a page that shows a few columns: each report is a dict of `fields`
    (QuerySet.values, so "category__name" follows the relation), without building model
    instances (about a third of the feed page's time when it did).

    `with_count=False`: the caller knows the count (the feed page keeps the unfiltered one for a
    few seconds); the answer's count is then None and only the page is queried.

    The text columns are "public_title" and "public_description" (masked); asking for the
    original "title" or "description" is refused.
    """
    if {"title", "description"} & set(fields):
        raise ValueError("the public reads public_title and public_description")
    found = _page(filters, query, order, limit, offset)
    page = found.page
    count = found.count() if with_count else None
    if isinstance(page, list):
        rows = _in_order(page, Complaint.objects.values("pk", *fields))
        return count, [{k: v for k, v in row.items() if k in fields} for row in rows]
    return count, list(page.values(*fields))
