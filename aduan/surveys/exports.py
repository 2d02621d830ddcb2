"""The survey results as an XLSX download (xlsxwriter, as reporting's exports: numbers as
numbers, text never a formula). Surveys sits beside reporting, so it writes its own sheet."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Sequence

import xlsxwriter
from django.http import FileResponse

Cell = str | int | float | None
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(
    *, filename: str, title: str, header: Sequence[str], rows: Iterable[Sequence[Cell]]
) -> FileResponse:
    out = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
    book = xlsxwriter.Workbook(out, {"strings_to_formulas": False})
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
                sheet.write_string(r, col, str(value))
    book.close()
    out.seek(0)
    response = FileResponse(
        out, as_attachment=True, filename=f"{filename}.xlsx", content_type=XLSX_TYPE
    )
    response["Cache-Control"] = "no-store"
    return response
