"""Exports of the console's lists: CSV (streamed, UTF-8 with a BOM so Excel reads it) and XLSX
(xlsxwriter in constant-memory mode: rows go to disk as they are written).

A public module: any console list (reporting's oversight, notifications' escalations) answers
`?format=csv` or `?format=xlsx` with `export_response`. Callers pass rows without any reporter
identity; this module only writes cells.
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from typing import Any

import xlsxwriter
from django.http import FileResponse, HttpResponseBase, StreamingHttpResponse

Cell = str | int | float | None
FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# A cell starting with one of these is a formula to a spreadsheet ("CSV injection"): a title
# like "=HYPERLINK(…)" typed by a citizen must stay text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def export_format(value: str | None) -> str | None:
    """ "csv" or "xlsx" when the request asks for an export, else None (the HTML page)."""
    return value if value in FORMATS else None


def _csv_text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return "'" + value if value.startswith(_FORMULA_START) else value
    return str(value)


class _Line:
    """A file-like sink for csv.writer that hands back each line it is given."""

    def write(self, value: str) -> str:
        return value


def _csv_lines(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> Iterator[str]:
    writer = csv.writer(_Line())
    yield "\ufeff"  # BOM: Excel otherwise reads UTF-8 as the local code page
    yield writer.writerow(header)
    for row in rows:
        yield writer.writerow([_csv_text(v) for v in row])


def _xlsx_file(title: str, header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> Any:
    out = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
    book = xlsxwriter.Workbook(out, {"constant_memory": True, "strings_to_formulas": False})
    sheet = book.add_worksheet(title[:31])
    bold = book.add_format({"bold": True})
    for col, name in enumerate(header):
        sheet.write_string(0, col, name, bold)
    for r, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, bool | int | float):
                sheet.write_number(r, col, value)
            else:
                sheet.write_string(r, col, str(value))  # never a formula
    book.close()
    out.seek(0)
    return out


def export_response(
    *,
    fmt: str,
    filename: str,
    title: str,
    header: Sequence[str],
    rows: Iterable[Sequence[Cell]],
) -> HttpResponseBase:
    """The rows as a download; `filename` without extension."""
    if fmt == "csv":
        response: HttpResponseBase = StreamingHttpResponse(
            _csv_lines(header, rows), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    else:
        response = FileResponse(
            _xlsx_file(title, header, rows),
            as_attachment=True,
            filename=f"{filename}.xlsx",
            content_type=XLSX_TYPE,
        )
    response["Cache-Control"] = "no-store"
    return response


def local_text(value: datetime | date | None, zone: Any) -> str:
    """A time as "2026-03-04 09:15" in the instansi's zone (sortable in a spreadsheet)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.astimezone(zone).strftime("%Y-%m-%d %H:%M")
    return value.isoformat()
