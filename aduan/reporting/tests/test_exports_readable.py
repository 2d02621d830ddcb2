"""Exports a clerk can use: Indonesian file names, real date and number cells in XLSX, and the
event log's changes in words instead of JSON with codes and database ids."""

from __future__ import annotations

import csv
import io
import re
import zipfile

import pytest

from aduan.reporting.changes import Names, change_in_words
from aduan.reporting.tests.conftest import client_of, xlsx_rows

pytestmark = pytest.mark.django_db

FILE_NAMES = {
    "/konsol/pengawasan/": "pekerjaan-terbuka-luwu-",
    "/konsol/pengawasan/terlambat/": "laporan-terlambat-luwu-",
    "/konsol/pengawasan/unit/?date_from=2025-01-01&date_to=2025-02-28": "waktu-unit-luwu-",
    "/konsol/audit/peristiwa/": "log-peristiwa-luwu-",
    "/konsol/audit/identitas/": "akses-identitas-luwu-",
    "/konsol/pengawasan/eskalasi/": "eskalasi-",
}


def _get(client, url: str, fmt: str):
    joiner = "&" if "?" in url else "?"
    response = client.get(f"{url}{joiner}format={fmt}")
    assert response.status_code == 200, url
    return response


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_file_names_are_indonesian(scene, auditor, fmt):
    client = client_of(auditor)
    for url, start in FILE_NAMES.items():
        disposition = _get(client, url, fmt)["Content-Disposition"]
        name = re.search(r'filename="([^"]+)"', disposition)
        assert name is not None, disposition
        assert name.group(1).startswith(start), (url, name.group(1))
        assert name.group(1).endswith(f".{fmt}")


def _cells(content: bytes) -> tuple[list[dict[str, str]], str]:
    """The first sheet's cells with their type and style attributes, and styles.xml."""
    with zipfile.ZipFile(io.BytesIO(content)) as book:
        sheet = book.read("xl/worksheets/sheet1.xml").decode()
        styles = book.read("xl/styles.xml").decode()
    cells = [
        dict(re.findall(r'(\w+)="([^"]*)"', attrs)) | {"v": value or ""}
        for attrs, value in re.findall(r"<c ([^>]*?)(?:/>|>(?:<v>([^<]*)</v>)?)", sheet)
    ]
    return cells, styles


def test_xlsx_dates_are_date_cells_and_numbers_are_numbers(scene, auditor):
    content = _get(client_of(auditor), "/konsol/pengawasan/terlambat/", "xlsx").getvalue()
    cells, styles = _cells(content)
    rows = xlsx_rows(content)
    header = rows[0]
    deadline, late = header.index("Tenggat"), header.index("Terlambat (hari kerja)")
    width = len(header)
    body = [cells[i : i + width] for i in range(width, len(cells), width)]
    assert body
    for row in body:
        due, days = row[deadline], row[late]
        # A number with a date format, not text: no t="s"/"inlineStr".
        assert "t" not in due, due
        assert 45000 < float(due["v"]) < 47000  # an Excel serial date, 2023 to 2028
        assert "s" in due  # styled
        assert "t" not in days
        assert float(days["v"]) >= 1
    assert "dd/mm/yyyy hh:mm" in styles


def test_csv_dates_are_sortable_text(scene, auditor):
    response = _get(client_of(auditor), "/konsol/pengawasan/terlambat/", "csv")
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    deadline = rows[0].index("Tenggat")
    for row in rows[1:]:
        assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", row[deadline]), row[deadline]


def test_the_event_log_export_gives_its_changes_in_words(scene, auditor):
    number = scene.resolved.tracking_number
    response = _get(client_of(auditor), f"/konsol/audit/peristiwa/?number={number}", "csv")
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    header = rows[0]
    assert header[5] == "Perubahan"
    assert "Sebelum" not in header
    changes = [row[5] for row in rows[1:]]
    assert "Status: Menunggu verifikasi → Didisposisi; Unit: Dinas PUPR" in changes
    for change in changes:
        assert "{" not in change
        assert '"' not in change
        assert not re.search(r"\b\d{2,}\b", change.replace(number, "")), change  # no ids
    page = client_of(auditor).get(f"/konsol/audit/peristiwa/?number={number}").content.decode()
    assert "Status: Menunggu verifikasi → Didisposisi; Unit: Dinas PUPR" in page
    assert "<code>{" not in page


def test_change_in_words_covers_every_shape(luwu, pupr, road_category):
    names = Names.of(luwu)
    assert change_in_words({}, {}, names) == ""
    assert (
        change_in_words({"category": None}, {"category": road_category.pk}, names)
        == f"Kategori: (kosong) → {road_category.name}"
    )
    assert change_in_words({"is_confidential": False}, {"is_confidential": True}, names) == (
        "Rahasia: tidak → ya"
    )
    assert change_in_words({"unit": pupr.pk}, {"unit": 999_999}, names) == (
        "Unit: Dinas PUPR → 999999"
    )
    assert change_in_words(None, {"to": "lapor"}, names) == "Dikirim ke: SP4N-LAPOR!"
    assert change_in_words({"mystery": 1}, None, names) == "mystery: 1 → (kosong)"
