"""The oversight tests' world: a few reports of Luwu lived through the real services on known
days, a leader limited to Dinas Kesehatan, and the staff of another government (Palopo)."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from aduan.accounts.choices import Role
from aduan.accounts.models import User
from aduan.accounts.testing import sign_in_verified
from aduan.complaints.models import Complaint
from aduan.complaints.services import ReporterInput, Submitted
from aduan.organisation.models import Instansi, Membership, Unit
from aduan.reporting.rollups import rollups_refresh
from aduan.workflow import services

WITA = ZoneInfo("Asia/Makassar")
# Monday 3 February 2025, no holiday in the next three weeks.
T0 = datetime(2025, 2, 3, 9, 0, tzinfo=WITA)
# Ten working days later: every five-day follow-up clock of T0 has passed.
NOW = datetime(2025, 2, 17, 10, 0, tzinfo=WITA)

REPORTER = ReporterInput(
    name="Andi Baso Tenri", phone="0812 3456 7890", email="andi.tenri@example.id"
)
# Every form the reporter's identity could take in a file.
IDENTITY = ("Andi Baso Tenri", "andi.tenri@example.id", "81234567890", "0812 3456 7890")


@dataclass
class Scene:
    resolved: Complaint  # PUPR, followed up after 24 h, resolved after 48 h, anonim
    late_pupr: Complaint  # PUPR, never accepted: its first follow-up is overdue
    late_pkm: Complaint  # Puskesmas Belopa (under Dinkes), never accepted
    unverified: Complaint  # never verified: its verification is overdue
    secret: Complaint  # rahasia, Dinkes, accepted and followed up
    pkm: Unit


@pytest.fixture
def pkm_belopa(luwu: Instansi) -> Unit:
    return Unit.objects.get(instansi=luwu, code="pkm-belopa")


@pytest.fixture
def dinkes_leader(luwu: Instansi, dinkes: Unit) -> User:
    user = User.objects.create_user(username="kadis_dinkes", password="test-pass-123")
    Membership.objects.create(user=user, role=Role.LEADER, instansi=luwu, unit=dinkes)
    return user


@pytest.fixture
def palopo_leader(db: None) -> User:
    palopo = Instansi.objects.create(code="palopo", name="Pemerintah Kota Palopo")
    user = User.objects.create_user(username="walikota", password="test-pass-123")
    Membership.objects.create(user=user, role=Role.LEADER, instansi=palopo)
    Membership.objects.create(user=user, role=Role.AUDITOR, instansi=palopo)
    return user


@pytest.fixture
def scene(
    submit: Callable[..., Submitted],
    admin: User,
    officer: User,
    other_officer: User,
    pupr: Unit,
    dinkes: Unit,
    pkm_belopa: Unit,
) -> Iterator[Scene]:
    with time_machine.travel(T0, tick=False) as traveller:

        def file(**overrides: object) -> Complaint:
            return submit(reporter=REPORTER, **overrides).complaint

        resolved = file(title="Jalan rusak di Kanna", is_anonymous=True)
        late_pupr = file(title="Drainase tersumbat")
        late_pkm = file(title="Antrean puskesmas lama")
        unverified = file(title="Lampu jalan mati")
        secret = file(title="Pungutan di puskesmas", is_confidential=True)
        traveller.move_to(T0 + timedelta(hours=1))
        for complaint, unit in (
            (resolved, pupr),
            (late_pupr, pupr),
            (late_pkm, pkm_belopa),
            (secret, dinkes),
        ):
            services.complaint_verify(actor=admin, complaint=complaint, units=[unit])
        traveller.move_to(T0 + timedelta(hours=25))
        services.followup_add(actor=officer, complaint=resolved, text="Tim sudah survei.")
        services.followup_add(actor=other_officer, complaint=secret, text="Sedang diperiksa.")
        traveller.move_to(T0 + timedelta(hours=49))
        services.complaint_resolve(actor=officer, complaint=resolved, summary="Sudah diperbaiki.")
        services.reporter_identity_view(actor=admin, complaint=resolved)
        traveller.move_to(NOW)
        rollups_refresh()  # the worker's pass: unit times are read from the rollups
        yield Scene(
            resolved=resolved,
            late_pupr=late_pupr,
            late_pkm=late_pkm,
            unverified=unverified,
            secret=secret,
            pkm=pkm_belopa,
        )


def english(client: Client) -> Client:
    """The client with English chosen as the language switch does (pages follow only the
    cookie, never the browser's Accept-Language)."""
    client.cookies["django_language"] = "en"
    return client


def client_of(user: User | None) -> Client:
    client = Client()
    if user is not None:
        sign_in_verified(client, user)
    return client


def xlsx_text(content: bytes) -> str:
    """Every XML part of a workbook as text (sheet cells, shared strings)."""
    with zipfile.ZipFile(io.BytesIO(content)) as book:
        return "\n".join(
            book.read(name).decode("utf-8") for name in book.namelist() if name.endswith(".xml")
        )


def xlsx_rows(content: bytes) -> list[list[str]]:
    """The first sheet's cells, row by row (inline strings and numbers, as xlsxwriter writes
    them in constant-memory mode)."""
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    with zipfile.ZipFile(io.BytesIO(content)) as book:
        sheet = ET.fromstring(book.read("xl/worksheets/sheet1.xml"))  # noqa: S314 (our file)
        shared: list[str] = []
        if "xl/sharedStrings.xml" in book.namelist():
            strings = ET.fromstring(book.read("xl/sharedStrings.xml"))  # noqa: S314
            shared = ["".join(t.text or "" for t in si.iter(f"{{{ns['m']}}}t")) for si in strings]
    rows = []
    for row in sheet.iter(f"{{{ns['m']}}}row"):
        cells = []
        for cell in row.iter(f"{{{ns['m']}}}c"):
            kind = cell.get("t")
            if kind == "inlineStr":
                cells.append("".join(t.text or "" for t in cell.iter(f"{{{ns['m']}}}t")))
            elif kind == "s":
                value = cell.find("m:v", ns)
                cells.append(shared[int(value.text or 0)] if value is not None else "")
            else:
                value = cell.find("m:v", ns)
                cells.append(value.text or "" if value is not None else "")
        rows.append(cells)
    return rows
