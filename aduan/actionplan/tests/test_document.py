"""The plan as a document, read back: the PDF with pypdf, the DOCX with python-docx. Chapters
I to V, tables 1 to 7, the annexes, the aspects figure, and the plan's own figures in them."""

from __future__ import annotations

import io
import re

import docx
import pypdf
import pytest
from django.urls import reverse

from aduan.accounts.testing import sign_in_verified
from aduan.actionplan.models import Plan
from aduan.actionplan.reference import luwu_plan_load
from aduan.organisation.models import Instansi

CHAPTERS = [
    "Bab I. Pendahuluan",
    "Bab II. Kerangka Kerja Sistem Pengelolaan Pengaduan Instansi",
    "Bab III. Tujuan, Sasaran, Program, Kegiatan dan Indikator-Indikator",
    "Bab IV. Dukungan Kelembagaan, Kebijakan dan Sumber Daya",
    "Bab V. Penutup",
    "Lampiran",
]
TABLES = [f"Tabel {n}." for n in range(1, 8)]
ANNEXES = ["Lampiran 1.", "Lampiran 2. Berita Acara", "Lampiran 3. SK Tim"]


@pytest.fixture
def plan(luwu: Instansi) -> Plan:
    return luwu_plan_load(luwu)


def _download(client, admin, plan: Plan, name: str) -> bytes:
    sign_in_verified(client, admin)
    response = client.get(reverse(f"actionplan:{name}", args=[plan.pk]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert f"rencana-aksi-luwu-2020-2024.{name}" in response["Content-Disposition"]
    content: bytes = response.content
    return content


def test_the_pdf_has_the_chapters_tables_figure_and_figures(client, admin, plan):
    content = _download(client, admin, plan, "pdf")
    reader = pypdf.PdfReader(io.BytesIO(content))
    text = re.sub(r"\s+", " ", "\n".join(page.extract_text() for page in reader.pages))
    for heading in [*CHAPTERS, *TABLES, *ANNEXES, "Gambar 1. Nilai per aspek"]:
        assert heading in text, heading
    assert sum(len(page.images) for page in reader.pages) == 1  # the aspects figure
    assert "Jumlah pengaduan dari masyarakat" in text
    assert "75 / 0" in text  # 2024: target 75, no report in aduan for 2024
    assert "Sudah ada SK Bupati" in text  # a priority's reason
    assert "Integrasi Aplikasi Lokal dengan SP4N-LAPOR" in text
    assert "ANWAR KAMIN" in text  # the berita acara's attendance list
    assert reader.metadata is not None
    assert str(reader.metadata.title).startswith("Rencana Aksi Pengelolaan Pengaduan")


def test_the_docx_has_the_same_structure(client, admin, plan):
    content = _download(client, admin, plan, "docx")
    document = docx.Document(io.BytesIO(content))
    headings = [
        p.text
        for p in document.paragraphs
        if p.style is not None and p.style.name.startswith("Heading")
    ]
    for chapter in CHAPTERS:
        assert chapter in headings, chapter
    captions = [
        p.text for p in document.paragraphs if p.style is not None and p.style.name == "Caption"
    ]
    for table in TABLES:
        assert any(c.startswith(table) for c in captions), table
    assert len(document.inline_shapes) == 1  # the aspects figure
    tables = dict(
        zip([c for c in captions if not c.startswith("Gambar")], document.tables, strict=True)
    )
    matrix = next(t for c, t in tables.items() if c.startswith("Tabel 2."))
    assert len(matrix.rows) == 23  # the header and 22 statements
    assert [row.cells[2].text for row in matrix.rows[1:]] == [
        "4",
        "3",
        "4",
        "4",
        "4",
        "3",
        "3",
        "4",
        "2",
        "2",
        "2",
        "2",
        "4",
        "3",
        "3",
        "3",
        "4",
        "2",
        "1",
        "1",
        "1",
        "1",
    ]
    priorities = next(t for c, t in tables.items() if c.startswith("Tabel 4."))
    assert [row.cells[2].text for row in priorities.rows[1:]] == ["4", "5", "3", "1", "2"]
    targets = next(t for c, t in tables.items() if c.startswith("Tabel 5."))
    assert targets.rows[1].cells[2].text == "9"  # the 2020 baseline
    assert [c.text.split(" / ")[0] for c in targets.rows[1].cells[4:]] == ["20", "40", "50", "75"]
    team = next(t for c, t in tables.items() if c.startswith("Susunan keanggotaan"))
    assert len(team.rows) == 21
    assert team.rows[1].cells[1].text == "Pengarah"
