"""The public feed and its full-text search: one interface over SQLite FTS5 and PostgreSQL.

`search_public` is what the feed page and the feed API call. It only ever reads
`complaints_public()` (never a rahasia or spam report) and returns the newest first.

How a query matches (index built by migration 0003_search_index):
- PostgreSQL: the 'indonesian' Snowball configuration stems both the text and the query
  (`websearch_to_tsquery`: quotes, `or` and `-word` work as on a search engine), through a GIN
  index on exactly the expression in `_POSTGRES_MATCH`.
- SQLite: FTS5 has no Indonesian stemmer, so the index holds trigrams and each query word is
  cut to a rough stem (`query_stems`) that must occur inside the text: "kerusakan" looks for
  "rusa", which finds "rusak", "merusak" and "kerusakan". Looser than Snowball, never stricter.

Counting every match of a common word costs a scan of all of them, so the count stops at
`COUNT_LIMIT`: past it the function answers `None` ("more than COUNT_LIMIT").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import connection, connections
from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from aduan.complaints.choices import DispatchStatus, ReportType, Status
from aduan.complaints.models import Complaint, Dispatch
from aduan.complaints.selectors import complaints_public

COUNT_LIMIT = 1000
MAX_QUERY_LENGTH = 200

_POSTGRES_MATCH = (
    "to_tsvector('indonesian', \"complaints_complaint\".\"title\" || ' ' || "
    '"complaints_complaint"."description") @@ websearch_to_tsquery(\'indonesian\', %s)'
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
_TRIGRAM = 3  # the SQLite index finds nothing shorter than one trigram


# The SQLite triggers of migration 0003, repeated here because SQLite drops a table's triggers
# whenever a later migration rebuilds that table (most AlterField/AddField operations do).
_SQLITE_TRIGGERS = {
    "complaints_search_insert": """
        CREATE TRIGGER IF NOT EXISTS complaints_search_insert
        AFTER INSERT ON complaints_complaint BEGIN
            INSERT INTO complaints_complaint_search (rowid, title, description)
            VALUES (new.id, new.title, new.description);
        END""",
    "complaints_search_delete": """
        CREATE TRIGGER IF NOT EXISTS complaints_search_delete
        AFTER DELETE ON complaints_complaint BEGIN
            INSERT INTO complaints_complaint_search
                (complaints_complaint_search, rowid, title, description)
            VALUES ('delete', old.id, old.title, old.description);
        END""",
    "complaints_search_update": """
        CREATE TRIGGER IF NOT EXISTS complaints_search_update
        AFTER UPDATE OF title, description ON complaints_complaint BEGIN
            INSERT INTO complaints_complaint_search
                (complaints_complaint_search, rowid, title, description)
            VALUES ('delete', old.id, old.title, old.description);
            INSERT INTO complaints_complaint_search (rowid, title, description)
            VALUES (new.id, new.title, new.description);
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
        missing = [sql for name, sql in _SQLITE_TRIGGERS.items() if name not in present]
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
    """The rough stems of a query's words, for the SQLite trigram index."""
    stems: list[str] = []
    for word in re.findall(r"\w+", query.lower()):
        # The prefix first: "perbaikan" is per-baik-an; cutting "-kan" first leaves "perbai".
        stem = _cut(word, _PREFIXES, suffix=False)
        for group in (_PARTICLES, _POSSESSIVES, _SUFFIXES):
            stem = _cut(stem, group, suffix=True)
        if len(stem) >= _TRIGRAM and stem not in stems:
            stems.append(stem)
    return stems


def _match(rows: QuerySet[Complaint], query: str) -> QuerySet[Complaint]:
    if connection.vendor == "postgresql":
        # The query is a bound parameter; the SQL text is a constant.
        return rows.filter(RawSQL(_POSTGRES_MATCH, [query], output_field=BooleanField()))  # noqa: S611
    if connection.vendor == "sqlite":
        stems = query_stems(query)
        if not stems:
            return rows.none()
        # Each stem a quoted FTS5 string (stems are letters and digits only): all must occur.
        expression = " AND ".join(f'"{stem}"' for stem in stems)
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


def search_public(
    *,
    query: str,
    filters: FeedFilters,
    limit: int,
    offset: int,
    fields: tuple[str, ...] | None = None,
) -> tuple[int | None, list[Complaint]]:
    """Public reports matching `query` (blank: all) and `filters`, newest first.

    Returns the number of matches, or None when there are more than COUNT_LIMIT, and the
    page of reports with their category, region and kecamatan loaded. Two queries. `fields`,
    when given, are the only columns loaded (QuerySet.only: reading any other costs a query).
    """
    rows = _filter(complaints_public(), filters)
    query = query.strip()[:MAX_QUERY_LENGTH]
    if query:
        rows = _match(rows, query)
    # Ids grow with filing time, and the primary key is the cheapest order to walk backwards.
    # The count walks from the newest too, as the page does: open reports are recent, so a
    # filter on an open status finds its 1,001 rows at once instead of scanning the old ones
    # (about 3 ms instead of 380 ms at 1,000,000 reports on SQLite).
    counted = rows.order_by("-pk").values("pk")[: COUNT_LIMIT + 1].count()
    count = counted if counted <= COUNT_LIMIT else None
    page_rows = rows.select_related("category", "region__parent").order_by("-pk")
    if fields is not None:
        page_rows = page_rows.only(*fields)
    page = list(page_rows[offset : offset + limit])
    return count, page
