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
from decimal import Decimal
from typing import Any

import xlsxwriter
from django.http import FileResponse, HttpResponseBase, StreamingHttpResponse

# A datetime cell is local wall time (naive; see local_time): XLSX writes it as a real date
# with its time, CSV as "2026-03-04 09:15". Numbers stay numbers in both.
Cell = str | int | float | Decimal | datetime | date | None
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
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
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
    # Real date cells, shown the Indonesian way; a spreadsheet sorts and filters them as dates.
    moment = book.add_format({"num_format": "dd/mm/yyyy hh:mm"})
    day = book.add_format({"num_format": "dd/mm/yyyy"})
    for col, name in enumerate(header):
        sheet.write_string(0, col, name, bold)
        sheet.set_column(col, col, max(12, min(len(name) + 2, 40)))
    for r, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, bool):
                sheet.write_string(r, col, str(value))
            elif isinstance(value, int | float | Decimal):
                sheet.write_number(r, col, float(value))
            elif isinstance(value, datetime):
                sheet.write_datetime(r, col, value.replace(tzinfo=None), moment)
            elif isinstance(value, date):
                sheet.write_datetime(r, col, value, day)
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


def local_time(value: datetime | None, zone: Any) -> datetime | None:
    """An aware time as the instansi's wall time, for a date cell (spreadsheets have no zone;
    the column's header names it)."""
    if value is None:
        return None
    return value.astimezone(zone).replace(tzinfo=None)
