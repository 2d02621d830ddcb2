"""Bulk loading of N reports straight into the tables, one committed chunk at a time.

The rows look like what the services write (reporters, clocks, dispatches, and each report's
hash-chained events, so `aduan verify-events` accepts them), but they go in with executemany
on SQLite and COPY on PostgreSQL: replaying a million reports through the services would take
hours. Ids are fixed (report i has id i), so a run that stopped resumes after its last chunk.

Layout: ids 1 .. 0.9 N are final reports (90% closed, 10% archived) spread over five years;
the last 10% are open (submitted, dispatched, in progress, on hold), filed in the weeks before
NOW, so that a good share of their deadlines have passed.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Model

from aduan.complaints import codes
from aduan.complaints.events import (  # the chain must hash exactly as the services do
    DIGEST_VERSION,
    _digest,
    event_log_key,
    event_mac,
)
from aduan.complaints.models import Complaint, ComplaintEvent, Dispatch, Reporter
from aduan.organisation.clocks import deadline_after, local_date
from aduan.organisation.models import Category, Instansi, Region, Unit
from bench.database import Staff

# "Now" of the benchmark: a Monday morning in Luwu. Fixed, so that every run sees the same
# overdue reports; the submission benchmark pins the clock here too.
NOW = datetime(2026, 11, 2, 10, 0, tzinfo=ZoneInfo("Asia/Makassar"))
CHUNK = 20_000
OPEN_SHARE = 10  # percent of reports still open
# Open statuses and their share of the open reports.
OPEN_MIX = (("submitted", 25), ("dispatched", 20), ("in_progress", 40), ("on_hold", 15))

COMPLAINT_COLUMNS = (
    "id", "instansi_id", "tracking_number", "access_code_hash", "type", "title", "description",
    "incident_date", "region_id", "address", "latitude", "longitude", "category_id",
    "target_unit_id", "channel", "is_anonymous", "is_confidential", "reporter_id",
    "created_by_id", "is_late_filing", "status", "status_before_hold", "archive_reason",
    "duplicate_of_id", "forwarded_to_id", "forwarded_to_lapor", "forwarded_from_id",
    "extension_reason", "submitted_at", "verified_at", "first_followup_at", "resolved_at",
    "closed_at", "updated_at", "verify_due_at", "complete_due_at", "autoclose_at",
    "hold_started_at", "next_due_at", "event_count", "last_event_hash", "is_published",
    "public_title", "public_description",
)  # fmt: skip
REPORTER_COLUMNS = (
    "id", "user_id", "name", "nik", "phone", "email", "address", "gender", "age_group",
    "has_disability", "vulnerable_group",
)  # fmt: skip
DISPATCH_COLUMNS = (
    "complaint_id", "unit_id", "status", "instruction", "dispatched_by_id", "dispatched_at",
    "accepted_at", "returned_at", "return_reason", "followup_due_at", "first_followup_at",
)  # fmt: skip
EVENT_COLUMNS = (
    "complaint_id", "seq", "kind", "actor_id", "actor_kind", "unit_id", "created_at", "old",
    "new", "note", "is_public", "audience", "note_audience", "prev_hash", "hash", "digest_version",
    "mac",
)  # fmt: skip
# In insert order: a report points at its reporter; dispatches and events at the report.
TABLES = (
    ("reporter", Reporter, REPORTER_COLUMNS),
    ("complaint", Complaint, COMPLAINT_COLUMNS),
    ("dispatch", Dispatch, DISPATCH_COLUMNS),
    ("event", ComplaintEvent, EVENT_COLUMNS),
)

FIRST_NAMES = (
    "Andi", "Muhammad", "Nur", "Sitti", "Ahmad", "Rahmawati", "Ismail", "Hasnah", "Baso",
    "Fitri", "Syamsul", "Hasriani", "Irwan", "Wahyuni", "Rudi", "Asriani", "Jufri", "Megawati",
)  # fmt: skip
LAST_NAMES = (
    "Hasanuddin", "Rahman", "Latif", "Saputra", "Amir", "Kadir", "Basri", "Hamzah", "Yusuf",
    "Sulaiman", "Ilyas", "Anwar", "Tahir", "Mustafa",
)  # fmt: skip
SUBJECTS = (
    ("Jalan rusak", "Jalan berlubang dan tergenang air setiap hujan, membahayakan pengendara"),
    ("Air PDAM tidak mengalir", "Air tidak mengalir sejak tiga hari, warga membeli air galon"),
    ("Antrean puskesmas", "Antrean panjang di puskesmas, petugas loket hanya satu orang"),
    ("KTP-el belum jadi", "Perekaman sudah dua bulan lalu tetapi KTP-el belum dicetak"),
    ("Bantuan sosial", "Nama kami tidak ada di daftar penerima bantuan padahal memenuhi syarat"),
    ("Sampah menumpuk", "Sampah tidak diangkut selama seminggu di dekat pasar"),
    ("Lampu jalan mati", "Lampu penerangan jalan mati sehingga rawan kecelakaan malam hari"),
    ("Guru jarang hadir", "Guru kelas sering tidak hadir, murid dipulangkan lebih awal"),
    ("Izin usaha", "Pengurusan izin usaha mikro belum selesai melewati waktu yang dijanjikan"),
    ("Dana desa", "Pembangunan yang dianggarkan dari dana desa tahun ini belum dikerjakan"),
)  # fmt: skip
CHANNELS = (("web", 45), ("whatsapp", 20), ("sms", 5), ("lapor", 10), ("walk_in", 8),
            ("phone", 5), ("letter", 4), ("social_media", 3))  # fmt: skip
STAFF_CHANNELS = {"walk_in", "phone", "letter", "social_media"}
TYPES = (("complaint", 80), ("aspiration", 12), ("info_request", 8))
ARCHIVE_REASONS = ("unclear", "too_general", "irrelevant", "duplicate", "spam")


def _weighted(pairs: Sequence[tuple[str, int]]) -> tuple[list[str], list[int]]:
    return [p[0] for p in pairs], [p[1] for p in pairs]


@dataclass
class Reference:
    instansi: Instansi
    staff: Staff
    categories: list[Category]
    region_ids: list[int]
    opd_units: list[Unit]


def reference(staff: Staff) -> Reference:
    instansi = Instansi.objects.get(code="luwu")
    return Reference(
        instansi=instansi,
        staff=staff,
        categories=list(Category.objects.filter(instansi=instansi).order_by("pk")),
        region_ids=list(
            Region.objects.filter(code__startswith="73.17.", level__in=["district", "village"])
            .order_by("pk")
            .values_list("pk", flat=True)
        ),
        opd_units=list(Unit.objects.filter(instansi=instansi, kind="opd").order_by("pk")),
    )


def tracking_number(prefix: str, i: int) -> str:
    """A unique, random-looking number per id: an odd multiplier permutes 40-bit integers."""
    x = (i * 0x9E3779B1 + 0x5DEECE66D) % (1 << 40)
    chars = "".join(codes.ALPHABET[(x >> (5 * k)) & 31] for k in range(8))
    return f"{prefix}-{chars[:4]}-{chars[4:]}"


class Generator:
    """Builds the rows of one chunk; deterministic per chunk, so a resumed load is the same."""

    def __init__(self, ref: Reference, total: int, vendor: str) -> None:
        self.ref = ref
        self.total = total
        self.closed_upto = total - total * OPEN_SHARE // 100
        self.instansi = ref.instansi
        self.channels = _weighted(CHANNELS)
        self.types = _weighted(TYPES)
        self.open_mix = _weighted(OPEN_MIX)
        # SQLite keeps datetimes as naive UTC text; psycopg takes aware datetimes as they are.
        self.sql_dt = self._sqlite_dt if vendor == "sqlite" else (lambda d: d)
        self.history_start = NOW - timedelta(days=5 * 365)
        self.history_end = NOW - timedelta(days=45)

    @staticmethod
    def _sqlite_dt(value: datetime | None) -> str | None:
        return None if value is None else str(value.astimezone(UTC).replace(tzinfo=None))

    @lru_cache(maxsize=20_000)  # noqa: B019 (one generator per run; few distinct days)
    def _due_on(self, day: date, working_days: int) -> datetime:
        start = datetime(day.year, day.month, day.day, 12, tzinfo=ZoneInfo(self.instansi.time_zone))
        return deadline_after(self.instansi, start, working_days)

    def due(self, start: datetime, working_days: int) -> datetime:
        """The same deadline the services compute (working days of the instansi calendar)."""
        return self._due_on(local_date(self.instansi, start), working_days)

    def chunk(self, first: int, last: int, rng: random.Random) -> dict[str, list[tuple[Any, ...]]]:
        out: dict[str, list[tuple[Any, ...]]] = {
            "reporter": [],
            "complaint": [],
            "dispatch": [],
            "event": [],
        }
        for i in range(first, last + 1):
            self._report(i, rng, out)
        return out

    def _report(self, i: int, rng: random.Random, out: dict[str, list[tuple[Any, ...]]]) -> None:
        ref, inst, dt = self.ref, self.instansi, self.sql_dt
        staff = ref.staff
        if i <= self.closed_upto:
            status = "closed" if rng.random() < 0.9 else "archived"
            span = (self.history_end - self.history_start).total_seconds()
            submitted = self.history_start + timedelta(
                seconds=span * i / self.closed_upto + rng.uniform(0, 3600)
            )
        else:
            status = rng.choices(*self.open_mix)[0]
            mean_age = {"submitted": 5, "dispatched": 12, "in_progress": 30, "on_hold": 30}[status]
            age = min(rng.expovariate(1 / mean_age), 4 * mean_age) + rng.uniform(0, 0.2)
            submitted = NOW - timedelta(days=age)
        channel = rng.choices(*self.channels)[0]
        rtype = rng.choices(*self.types)[0]
        category = (
            rng.choice(ref.categories) if status != "submitted" or rng.random() < 0.7 else None
        )
        unit = category.default_unit if category and category.default_unit else None
        if unit is None:
            unit = rng.choice(ref.opd_units)
        subject, body = rng.choice(SUBJECTS)
        tn = tracking_number(inst.tracking_prefix, i)
        # Reporter: most give a name and phone; a few file with no identity at all.
        reporter_id = None
        is_anonymous = False
        if rng.random() < 0.85:
            reporter_id = i
            is_anonymous = rng.random() < 0.1
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            out["reporter"].append(
                (i, None, name, "", f"+62812{rng.randrange(10**7, 10**8)}", "", "",
                 rng.choice(("female", "male", "")), rng.choice(("18_29", "30_44", "45_59", "")),
                 None, "")
            )  # fmt: skip
        created_by = staff.operator_id if channel in STAFF_CHANNELS else None
        coordinator = staff.coordinator_id
        liaison = staff.liaison_by_unit[unit.pk]

        verify_due = self.due(submitted, inst.verify_days)
        complete_due = (
            self.due(submitted, inst.info_request_days) if rtype == "info_request" else None
        )
        c: dict[str, Any] = {
            "verified_at": None, "first_followup_at": None, "resolved_at": None,
            "closed_at": None, "hold_started_at": None, "next_due_at": None,
            "status_before_hold": "", "archive_reason": "", "complete_due_at": complete_due,
        }  # fmt: skip
        events: list[tuple[str, int | None, str, int | None, datetime, dict, dict, str, bool]] = [
            (
                "submitted",
                created_by,
                "staff" if created_by else "reporter",
                None,
                submitted,
                {},
                {"status": "submitted", "channel": channel, "late": False},
                "",
                True,
            )
        ]
        latest = submitted
        if status == "submitted":
            c["next_due_at"] = min(d for d in (verify_due, complete_due) if d is not None)
        elif status == "archived":
            at = submitted + timedelta(hours=rng.uniform(2, 72))
            c["archive_reason"] = reason = rng.choice(ARCHIVE_REASONS)
            c["closed_at"] = latest = at
            events.append(("archived", coordinator, "staff", None, at, {"status": "submitted"},
                           {"status": "archived", "reason": reason}, "", True))  # fmt: skip
        else:
            # Verified and dispatched to the category's unit.
            verified = min(submitted + timedelta(hours=rng.uniform(1, 70)), NOW)
            c["verified_at"] = verified
            if complete_due is None:
                tier = category.sla_tier if category else "non_supervisory"
                complete_due = c["complete_due_at"] = self.due(verified, inst.completion_days(tier))
            followup_due: datetime | None = self.due(verified, inst.first_followup_days)
            dispatch_status = "pending"
            accepted = first_followup = None
            events += [
                ("verified", coordinator, "staff", None, verified, {}, {}, "", True),
                ("dispatched", coordinator, "staff", None, verified, {"status": "submitted"},
                 {"status": "dispatched", "units": [unit.pk]}, "Mohon ditindaklanjuti.", True),
            ]  # fmt: skip
            latest = verified
            if status != "dispatched":
                # Accepted by the unit with a first public follow-up.
                first_followup = min(verified + timedelta(hours=rng.uniform(2, 120)), NOW)
                accepted = first_followup
                c["first_followup_at"] = first_followup
                followup_due = None
                dispatch_status = "accepted"
                events += [
                    ("dispatch_accepted", liaison, "staff", unit.pk, accepted,
                     {"status": "dispatched"}, {"status": "in_progress"}, "", True),
                    ("followup", liaison, "staff", unit.pk, first_followup,
                     {"status": "in_progress"}, {"status": "in_progress"},
                     "Petugas sudah meninjau lokasi.", True),
                ]  # fmt: skip
                latest = first_followup
            if status == "on_hold":
                held = min(latest + timedelta(hours=rng.uniform(1, 96)), NOW)
                c["hold_started_at"] = latest = held
                c["status_before_hold"] = "in_progress"
                events.append(("held", liaison, "staff", None, held, {"status": "in_progress"},
                               {"status": "on_hold"}, "Mohon kirim foto.", True))  # fmt: skip
            elif status == "closed":
                resolved = latest + timedelta(days=rng.uniform(1, 20))
                closed = resolved + timedelta(days=rng.uniform(0.1, 10))
                c["resolved_at"], c["closed_at"] = resolved, closed
                dispatch_status = "done"
                by_reporter = rng.random() < 0.4
                events += [
                    ("resolved", liaison, "staff", unit.pk, resolved, {"status": "in_progress"},
                     {"status": "resolved"}, "Perbaikan sudah selesai dikerjakan.", True),
                    ("confirmed" if by_reporter else "auto_closed", None,
                     "reporter" if by_reporter else "system", None, closed,
                     {"status": "resolved"}, {"status": "closed"}, "", True),
                ]  # fmt: skip
                latest = closed
            elif status in ("dispatched", "in_progress"):
                c["next_due_at"] = min(d for d in (complete_due, followup_due) if d is not None)
            out["dispatch"].append(
                (i, unit.pk, dispatch_status, "Mohon ditindaklanjuti.", coordinator, dt(verified),
                 dt(accepted), None, "", dt(followup_due), dt(first_followup))
            )  # fmt: skip

        # The chain: each event hashes the previous hash and its own canonical JSON.
        owner = SimpleNamespace(tracking_number=tn)
        key = event_log_key()
        prev = ""
        for seq, (kind, actor, actor_kind, ev_unit, at, old, new, note, public) in enumerate(
            events, start=1
        ):
            # As the services write them: a public entry's note is public, except the
            # instruction to the unit, which is for staff only.
            audience = "public" if public else "staff"
            note_audience = "staff" if kind == "dispatched" or not public else "public"
            event = SimpleNamespace(
                complaint=owner, seq=seq, kind=kind, actor_id=actor, actor_kind=actor_kind,
                unit_id=ev_unit, created_at=at, old=old, new=new, note=note, is_public=public,
                audience=audience, note_audience=note_audience, via="", prev_hash=prev,
                digest_version=DIGEST_VERSION,
            )  # fmt: skip
            digest = _digest(event)  # type: ignore[arg-type]
            out["event"].append(
                (i, seq, kind, actor, actor_kind, ev_unit, dt(at), json.dumps(old),
                 json.dumps(new), note, public, audience, note_audience, prev, digest,
                 DIGEST_VERSION,
                 event_mac(digest, key))
            )  # fmt: skip
            prev = digest

        code = "".join(rng.choices(codes.ALPHABET, k=10))
        row = {
            **c,
            "id": i, "instansi_id": inst.pk, "tracking_number": tn,
            "access_code_hash": codes.hash_access_code(tn, code), "type": rtype,
            "title": f"{subject} di {rng.choice(('dusun', 'desa', 'kelurahan'))} kami",
            "description": f"{body}. Mohon segera ditindaklanjuti oleh instansi terkait.",
            "incident_date": (submitted - timedelta(days=rng.randrange(0, 7))).date().isoformat(),
            "region_id": rng.choice(ref.region_ids), "address": "", "latitude": None,
            "longitude": None, "category_id": category.pk if category else None,
            "target_unit_id": None, "channel": channel, "is_anonymous": is_anonymous,
            "is_confidential": rng.random() < 0.03, "reporter_id": reporter_id,
            "created_by_id": created_by, "is_late_filing": False, "status": status,
            "duplicate_of_id": None, "forwarded_to_id": None, "forwarded_to_lapor": False,
            "forwarded_from_id": None, "extension_reason": "", "submitted_at": submitted,
            "updated_at": latest, "verify_due_at": verify_due, "autoclose_at": None,
            "event_count": len(events), "last_event_hash": prev,
        }  # fmt: skip
        # Verification publishes a report that is not rahasia; the generated text holds no
        # personal data, so the screened public text is the text itself.
        row["is_published"] = row.get("verified_at") is not None and not row["is_confidential"]
        row["public_title"], row["public_description"] = row["title"], row["description"]
        out["complaint"].append(
            tuple(
                dt(row[col]) if isinstance(row[col], datetime) else row[col]
                for col in COMPLAINT_COLUMNS
            )
        )


# ---------------------------------------------------------------- writers


def _write_sqlite(table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
    # Table and column names come from the models, never from input.
    placeholders = ", ".join("?" * len(columns))
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})"  # noqa: S608
    connection.connection.executemany(sql, rows)


def _write_postgres(table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
    with (
        connection.connection.cursor() as cursor,
        cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)


def table_columns(model: type[Model]) -> set[str]:
    with connection.cursor() as cursor:
        return {
            c.name
            for c in connection.introspection.get_table_description(cursor, model._meta.db_table)
        }


def plan_columns() -> dict[str, tuple[tuple[str, ...], tuple[Any, ...]]]:
    """Per table: the columns to insert and the constant values of the columns the generator
    does not know (fields added since it was written get their model default)."""
    plan = {}
    for key, model, columns in TABLES:
        in_table = table_columns(model)
        extra_names: list[str] = []
        extra_values: list[Any] = []
        for field in model._meta.concrete_fields:
            if field.column in columns or field.column == "id" or field.column not in in_table:
                continue
            value = field.get_default()
            if value is None and not field.null:
                raise SystemExit(f"bench/load.py: no value for {model.__name__}.{field.name}")
            extra_names.append(field.column)
            extra_values.append(json.dumps(value) if isinstance(value, dict | list) else value)
        plan[key] = (columns + tuple(extra_names), tuple(extra_values))
    return plan


def loaded_upto(total: int) -> int:
    """The last report id already loaded (chunks commit whole, so it ends a chunk)."""
    last = Complaint.objects.filter(pk__lte=total).order_by("-pk").values_list("pk", flat=True)
    return last.first() or 0


def load(*, total: int, staff: Staff, vendor: str, seed: int = 1) -> float:
    """Load reports up to `total`; returns the seconds spent (0 when nothing was missing)."""
    plan = plan_columns()
    start_id = loaded_upto(total) + 1
    if start_id > total:
        print(f"  {total:,} reports already loaded: loading skipped")
        return 0.0
    print(f"  loading reports {start_id:,} .. {total:,} in chunks of {CHUNK:,}")
    generator = Generator(reference(staff), total, vendor)
    write = _write_sqlite if vendor == "sqlite" else _write_postgres
    _bulk_session(vendor)
    began = time.perf_counter()
    first = start_id
    while first <= total:  # bounded: `first` grows by CHUNK each pass
        last = min(first + CHUNK - 1, total)
        rows = generator.chunk(first, last, random.Random(seed * 1_000_003 + first))
        with transaction.atomic():
            for key, model, _ in TABLES:
                columns, extra = plan[key]
                table_rows = [row + extra for row in rows[key]] if extra else rows[key]
                write(model._meta.db_table, columns, table_rows)
        elapsed = time.perf_counter() - began
        rate = (last - start_id + 1) / elapsed
        print(f"  {last:>9,} reports  {elapsed:7.1f} s  {rate:8,.0f} reports/s", flush=True)
        first = last + 1
    finish(vendor)
    return time.perf_counter() - began


def _bulk_session(vendor: str) -> None:
    with connection.cursor() as cursor:
        if vendor == "sqlite":
            # The loader may lose its last chunk in a power cut: that chunk is simply reloaded.
            cursor.execute("PRAGMA synchronous = OFF")
            cursor.execute("PRAGMA cache_size = -1000000")
        else:
            cursor.execute("SET synchronous_commit = off")
            # Foreign keys and triggers are not checked row by row during the load (what
            # pg_restore --disable-triggers does); the generator only writes valid references.
            cursor.execute("SET session_replication_role = replica")


def finish(vendor: str) -> None:
    """Statistics for the planner, sequences after the fixed ids, WAL folded back."""
    began = time.perf_counter()
    with connection.cursor() as cursor:
        if vendor == "sqlite":
            cursor.execute("PRAGMA synchronous = NORMAL")
            cursor.execute("ANALYZE")
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        else:
            cursor.execute("SET session_replication_role = DEFAULT")
            for sql in connection.ops.sequence_reset_sql(no_style(), [m for _, m, _ in TABLES]):
                cursor.execute(sql)
            for _, model, _ in TABLES:
                cursor.execute(f"VACUUM (ANALYZE) {model._meta.db_table}")
    print(f"  statistics and sequences: {time.perf_counter() - began:.1f} s")
