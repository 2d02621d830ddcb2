"""A periodic report as a print-ready A4 PDF (reportlab) with the instansi's letterhead, and as
an XLSX workbook (xlsxwriter). Both carry the same figures as the console page.

reportlab: pure-Python wheels (no system libraries, unlike WeasyPrint's Pango and Cairo), BSD
licensed, maintained since 2000, and its platypus tables lay out and split long tables over
pages by themselves.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from xml.sax.saxutils import escape

import xlsxwriter
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, PropertySet, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import (
    HRFlowable,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import Flowable
from xlsxwriter.format import Format

from aduan.reporting.models import Letterhead
from aduan.reporting.periodic import ImprovementRow, Recap, RecapRow, YearFigures


def _number(value: float | int | None, suffix: str = "") -> str:
    if value is None:
        return "-"
    text = f"{value:,}".replace(",", ".") if isinstance(value, int) else f"{value:.1f}"
    if isinstance(value, float):
        text = text.replace(".", ",")
    return f"{text}{suffix}"


def table1_rows(figures: YearFigures) -> list[list[str]]:
    """The plan's Table 1 as printed: number, item, count, share."""
    return [
        ["1", _("Number of complaints"), _number(figures.received), ""],
        ["2", _("Average number of complaints per month"), _number(figures.average_per_month), ""],
        [
            "3",
            _("Number of complaints resolved"),
            _number(figures.resolved),
            _number(figures.resolved_percent, "%"),
        ],
        [
            "4",
            _("Number of complaints not resolved (in process)"),
            _number(figures.in_process),
            _number(figures.in_process_percent, "%"),
        ],
    ]


def recap_headers() -> list[str]:
    return [
        _("Group"),
        _("Received"),
        _("Resolved"),
        _("Resolved (%)"),
        _("In process"),
        _("On time (percent of resolved)"),
        _("Mean days to resolution"),
        _("Median days to resolution"),
    ]


def recap_cells(row: RecapRow) -> list[str]:
    return [
        row.label,
        _number(row.received),
        _number(row.resolved),
        _number(row.resolved_percent, "%"),
        _number(row.in_process),
        _number(row.on_time_percent, "%"),
        _number(row.mean_days_to_resolution),
        _number(row.median_days_to_resolution),
    ]


def improvements_title() -> str:
    return _("Service improvements")


def cause_headers() -> list[str]:
    return [_("Cause"), _("Resolved reports")]


def improvement_headers() -> list[str]:
    return [
        _("Proposed on"),
        _("Unit"),
        _("Report"),
        _("Cause"),
        _("Proposal"),
        _("Status"),
        _("Decided on"),
        _("Leader's decision"),
        _("Done on"),
        _("What was done"),
    ]


def _day(value: date | None) -> str:
    return "-" if value is None else date_format(value, "SHORT_DATE_FORMAT")


def improvement_cells(row: ImprovementRow) -> list[str]:
    """The cells of `improvement_headers`, as text."""
    return [
        _day(row.proposed_on),
        row.unit,
        row.tracking_number,
        row.cause,
        row.proposal,
        row.status_label,
        _day(row.decided_on),
        row.decision_note or "-",
        _day(row.done_on),
        row.done_note or "-",
    ]


def _title(recap: Recap) -> str:
    return _("Complaint handling report: %(period)s") % {"period": recap.period.label}


def _as_of(recap: Recap) -> str:
    if recap.refreshed_at is None:
        return _("Figures not yet computed by the worker.")
    moment = timezone.localtime(recap.refreshed_at, timezone.get_fixed_timezone(0))
    return _("Figures as of %(moment)s UTC.") % {"moment": date_format(moment, "DATETIME_FORMAT")}


# ---------------------------------------------------------------- PDF


def _table(data: Sequence[Sequence[str]], widths: list[float], style: ParagraphStyle) -> Table:
    # Paragraph reads markup: names with & or < are escaped, or the PDF would fail.
    wrapped = [[Paragraph(escape(cell), style) for cell in row] for row in data]
    table = Table(wrapped, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def _letterhead(recap: Recap, head: ParagraphStyle, sub: ParagraphStyle) -> list[Flowable]:
    """The instansi's kop surat (reporting.models.Letterhead), else its name."""
    found = Letterhead.objects.filter(instansi=recap.instansi).first()
    if found is None:
        return [
            Paragraph(escape(recap.instansi.name.upper()), head),
            Paragraph(escape(_("Public complaint handling (SP4N-LAPOR!)")), sub),
        ]
    lines: list[Flowable] = [
        Paragraph(escape(line), head) for line in found.heading.splitlines() if line.strip()
    ]
    lines += [Paragraph(escape(line), sub) for line in found.subheading.splitlines() if line]
    lines += [Paragraph(escape(text), sub) for text in (found.address, found.contact) if text]
    return lines


def _improvements_story(
    recap: Recap, width: float, heading: PropertySet, sub: PropertySet, small: ParagraphStyle
) -> list[Flowable]:
    """The "Perbaikan layanan" section: the causes, then the proposals (one row each; the
    report's number, the decision's and completion's dates in the same cell as their notes,
    to fit A4)."""
    section = recap.improvements
    story: list[Flowable] = [
        Paragraph(escape(improvements_title()), heading),
        Paragraph(escape(_("Resolved reports per cause")), sub),
    ]
    if section.any_cause:
        rows = [cause_headers(), *([r.label, _number(r.resolved)] for r in section.causes)]
        story.append(_table(rows, [width - 40 * mm, 40 * mm], small))
    else:
        story.append(Paragraph(escape(_("No resolution in this period recorded a cause.")), small))
    story.append(Paragraph(escape(_("Improvements proposed in this period")), sub))
    if not section.proposals:
        story.append(Paragraph(escape(_("No improvements were proposed in this period.")), small))
        return story
    headers = improvement_headers()
    rows = [[headers[0], headers[1], headers[3], headers[4], headers[5], headers[7], headers[9]]]
    for item in section.proposals:
        cells = improvement_cells(item)
        rows.append(
            [
                cells[0],
                f"{cells[1]} ({cells[2]})",
                cells[3],
                cells[4],
                cells[5],
                cells[7] if item.decided_on is None else f"{cells[6]}: {cells[7]}",
                cells[9] if item.done_on is None else f"{cells[8]}: {cells[9]}",
            ]
        )
    widths = [18 * mm, 30 * mm, 22 * mm, 0.0, 20 * mm, 30 * mm, 25 * mm]
    widths[3] = width - sum(widths)
    story.append(_table(rows, widths, small))
    return story


def recap_pdf(recap: Recap) -> bytes:
    """The recap as an A4 PDF: the letterhead, Table 1 of the year, then each section."""
    styles = getSampleStyleSheet()
    small = ParagraphStyle("small", parent=styles["BodyText"], fontSize=8, leading=10)
    head = ParagraphStyle(
        "letterhead", parent=styles["Title"], fontSize=14, leading=17, alignment=TA_CENTER
    )
    sub = ParagraphStyle("sub", parent=styles["BodyText"], alignment=TA_CENTER, fontSize=9)
    story: list[Flowable] = [
        *_letterhead(recap, head, sub),
        HRFlowable(width="100%", thickness=1.5, color=colors.black, spaceAfter=6),
        Paragraph(escape(_title(recap)), styles["Heading2"]),
        Paragraph(escape(_as_of(recap)), small),
        Spacer(1, 4 * mm),
    ]
    width = A4[0] - 30 * mm
    if recap.table1 is not None:
        story += [
            Paragraph(_("Table 1: complaints in %(year)d") % {"year": recap.table1.year},
                      styles["Heading3"]),
            _table(
                [["No", _("Item"), _("Count"), "%"], *table1_rows(recap.table1)],
                [10 * mm, width - 60 * mm, 25 * mm, 25 * mm],
                small,
            ),
        ]  # fmt: skip
    first = [width - 7 * 20 * mm] + [20 * mm] * 7
    if recap.total is not None:
        story += [
            Paragraph(_("All reports"), styles["Heading3"]),
            _table([recap_headers(), recap_cells(recap.total)], first, small),
        ]
    for section in recap.sections:
        story.append(Paragraph(escape(section.title), styles["Heading3"]))
        if section.rows:
            rows = [recap_headers(), *(recap_cells(row) for row in section.rows)]
            story.append(_table(rows, first, small))
        else:
            story.append(Paragraph(_("No reports in this period."), small))
    story += _improvements_story(recap, width, styles["Heading3"], styles["Heading4"], small)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=_title(recap),
        author=recap.instansi.name,
    )
    document.build(story)
    return buffer.getvalue()


# ---------------------------------------------------------------- XLSX


def _improvements_sheet(book: xlsxwriter.Workbook, recap: Recap, bold: Format) -> None:
    """Row 1 the title; rows 3-11 the eight causes under their headers; then the proposals
    under theirs, dates as date cells (blank when not yet decided or done)."""
    section = recap.improvements
    day = book.add_format({"num_format": "dd/mm/yyyy"})
    sheet = book.add_worksheet(improvements_title()[:31])
    sheet.write_row(0, 0, [_title(recap)], bold)
    sheet.write_row(1, 0, [_("Resolved reports per cause")], bold)
    sheet.write_row(2, 0, cause_headers(), bold)
    for n, cause in enumerate(section.causes, start=3):
        sheet.write_string(n, 0, cause.label)
        sheet.write_number(n, 1, cause.resolved)
    top = 4 + len(section.causes)
    sheet.write_row(top, 0, [_("Improvements proposed in this period")], bold)
    sheet.write_row(top + 1, 0, improvement_headers(), bold)
    if not section.proposals:
        sheet.write_string(top + 2, 0, _("No improvements were proposed in this period."))
    for n, item in enumerate(section.proposals, start=top + 2):
        sheet.write_datetime(n, 0, item.proposed_on, day)
        texts = [item.unit, item.tracking_number, item.cause, item.proposal, item.status_label]
        for column, text in enumerate(texts, start=1):
            sheet.write_string(n, column, text)
        for column, (when, note) in (
            (6, (item.decided_on, item.decision_note)),
            (8, (item.done_on, item.done_note)),
        ):
            if when is None:
                sheet.write_blank(n, column, None)
            else:
                sheet.write_datetime(n, column, when, day)
            sheet.write_string(n, column + 1, note)
    sheet.set_column(0, 0, 40)
    sheet.set_column(1, 3, 18)
    sheet.set_column(4, 4, 50)
    sheet.set_column(5, 9, 18)


def recap_xlsx(recap: Recap) -> bytes:
    """The recap as a workbook: a sheet for Table 1 (whole-instansi scopes) and one per
    section, numbers as numbers."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    bold = book.add_format({"bold": True})
    if recap.table1 is not None:
        sheet = book.add_worksheet(_("Table 1")[:31])
        sheet.write_row(0, 0, [recap.instansi.name], bold)
        sheet.write_row(1, 0, ["No", _("Item"), str(recap.table1.year), "%"], bold)
        figures = recap.table1
        values = [
            (_("Number of complaints"), figures.received, None),
            (_("Average number of complaints per month"), figures.average_per_month, None),
            (_("Number of complaints resolved"), figures.resolved, figures.resolved_percent),
            (
                _("Number of complaints not resolved (in process)"),
                figures.in_process,
                figures.in_process_percent,
            ),
        ]
        for n, (item, count, share) in enumerate(values, start=1):
            sheet.write_row(1 + n, 0, [n, item, count])
            if share is not None:
                sheet.write_number(1 + n, 3, share)
        sheet.set_column(1, 1, 48)
    sections = list(recap.sections)
    rows_of = {s.slug: s.rows for s in sections}
    for slug, title in [("total", _("All reports"))] + [(s.slug, s.title) for s in sections]:
        rows = [recap.total] if slug == "total" and recap.total else rows_of.get(slug, [])
        if slug == "total" and recap.total is None:
            continue
        sheet = book.add_worksheet(title[:31])
        sheet.write_row(0, 0, [_title(recap)], bold)
        sheet.write_row(1, 0, recap_headers(), bold)
        for n, row in enumerate(rows, start=2):
            sheet.write_string(n, 0, row.label)
            for column, value in enumerate(
                [
                    row.received,
                    row.resolved,
                    row.resolved_percent,
                    row.in_process,
                    row.on_time_percent,
                    row.mean_days_to_resolution,
                    row.median_days_to_resolution,
                ],
                start=1,
            ):
                if value is None:
                    sheet.write_blank(n, column, None)
                else:
                    sheet.write_number(n, column, value)
        sheet.set_column(0, 0, 40)
        sheet.set_column(1, 7, 14)
    _improvements_sheet(book, recap, bold)
    book.close()
    return buffer.getvalue()
