"""The whole plan as a document in the structure of KemenPANRB's template (and of Luwu's signed
plan): chapters I to V, tables 1 to 7, annexes; as PDF (reportlab) and DOCX (python-docx).

Both are drawn from one list of blocks (`plan_blocks`), so the two files always say the same.
The aspects figure is a PNG drawn with Pillow (already a dependency), placed in both.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from xml.sax.saxutils import escape

from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from docx import Document
from docx.shared import Cm
from PIL import Image, ImageDraw, ImageFont
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus import Image as FlowImage

from aduan.actionplan.choices import ActivityState
from aduan.actionplan.models import Plan
from aduan.actionplan.selectors import (
    assessment_comparison,
    budget_years,
    indicator_rows,
    programme_rows,
)
from aduan.reporting.figures import complaint_counts

Cell = str
NONE = "\u2013"  # an en dash: no value


@dataclass
class Block:
    kind: str  # "title", "h1", "h2", "p", "table", "figure"
    text: str = ""
    header: list[Cell] = field(default_factory=list)
    rows: list[list[Cell]] = field(default_factory=list)
    image: bytes = b""


def _num(value: Decimal | int | None, unit: str = "") -> str:
    if value is None:
        return NONE
    number = f"{value:,.2f}".rstrip("0").rstrip(".").replace(",", "\u2009")
    return f"{number}%" if unit == "%" else number


def _aspects_png(plan: Plan) -> bytes:
    """The aspects of each assessment as horizontal bars on the 1-4 scale."""
    comparison = assessment_comparison(plan)
    years = [a.year for a in comparison.assessments]
    colours = ["#1f5f8b", "#d9822b", "#4a8c3f", "#7b4f9d"]
    label_w, width, bar_h, gap = 260, 900, 22, 16
    per_group = max(len(years), 1) * bar_h + gap
    height = len(comparison.aspects) * per_group + 60
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=16)
    room = width - label_w - 60
    for index, row in enumerate(comparison.aspects):
        top = 10 + index * per_group
        draw.text((8, top + 2), row.label, fill="black", font=font)
        for series, value in enumerate(row.scores):
            y = top + series * bar_h
            length = round(float(value or 0) * room / 4)
            draw.rectangle([label_w, y, label_w + length, y + bar_h - 4], fill=colours[series % 4])
            draw.text((label_w + length + 6, y + 1), _num(value), fill="black", font=font)
    legend_y = height - 40
    for series, year in enumerate(years):
        x = label_w + series * 110
        draw.rectangle([x, legend_y, x + 16, legend_y + 16], fill=colours[series % 4])
        draw.text((x + 22, legend_y), str(year), fill="black", font=font)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def plan_blocks(plan: Plan) -> list[Block]:
    """The document's content, in the instansi's language (Indonesian by default)."""
    comparison = assessment_comparison(plan)
    years = plan.years
    blocks = [
        Block("title", f"{plan.title} {plan.year_start}-{plan.year_end}"),
        Block("p", plan.instansi.name),
        Block("h1", _("Chapter I. Introduction")),
        Block("p", plan.introduction or NONE),
        Block("h2", _("Legal basis")),
        Block(
            "p",
            _("Decree of the plan's team: %(number)s of %(date)s.")
            % {
                "number": plan.decree_number or NONE,
                "date": date_format(plan.decree_date, "j F Y") if plan.decree_date else NONE,
            },
        ),
        Block("h1", _("Chapter II. Framework and assessment")),
    ]
    # Table 1: the instansi's reports per year, as aduan counts them.
    table1 = []
    for year in years:
        counts = complaint_counts(
            instansi=plan.instansi,
            date_from=date(year, 1, 1),
            date_to=date(year, 12, 31),
        )
        share = (
            _num(Decimal(100) * counts.resolved / counts.received, "%") if counts.received else NONE
        )
        table1.append(
            [str(year), str(counts.received), str(counts.resolved), share,
             str(counts.received - counts.resolved)]
        )  # fmt: skip
    blocks.append(
        Block(
            "table",
            _("Table 1. General information"),
            [_("Year"), _("Reports received"), _("Resolved"), _("Share resolved"),
             _("Not resolved (in progress)")],
            table1,
        )
    )  # fmt: skip
    assessment_years = [str(a.year) for a in comparison.assessments]
    blocks.append(
        Block(
            "table",
            _("Table 2. Self-assessment matrix"),
            [
                pgettext("row number", "No"),
                _("Statement"),
                *[_("Score %(year)s") % {"year": y} for y in assessment_years],
            ],
            [
                [str(s.number), s.text, *[str(x.value) if x else NONE for x in s.scores]]
                for s in comparison.statements
            ],
        )
    )
    blocks.append(
        Block(
            "table",
            _("Table 3. Categorisation of the assessment"),
            [pgettext("row number", "No"), _("Statement"), _("Aspects")],
            [[str(s.number), s.text, ", ".join(s.aspects)] for s in comparison.statements],
        )
    )
    blocks.append(
        Block(
            "table",
            _("Score per aspect"),
            [_("Aspect"), *assessment_years],
            [[a.label, *[_num(v) for v in a.scores]] for a in comparison.aspects],
        )
    )
    blocks.append(Block("figure", _("Figure 1. Score per aspect"), image=_aspects_png(plan)))
    blocks.append(
        Block(
            "table",
            _("Table 4. Priorities of the instansi"),
            [pgettext("row number", "No"), _("Aspect"), _("Priority"), _("Reason")],
            [
                [str(n), a.label, str(a.priority or NONE), a.reason]
                for n, a in enumerate(comparison.aspects, start=1)
            ],
        )
    )
    blocks += [
        Block("h1", _("Chapter III. Goal, targets, programmes, activities and indicators")),
        Block("h2", _("Goal")),
        Block("p", plan.goal or NONE),
        Block("h2", _("Strategic target")),
        Block("p", plan.strategic_target or NONE),
    ]
    strategic = indicator_rows(plan)
    blocks.append(
        Block(
            "table",
            _("Table 5. Strategic indicators, targets and achievements"),
            [pgettext("row number", "No"), _("Indicator"), _("Baseline"),
             *[_("%(year)s target / achieved") % {"year": y} for y in years]],
            [
                [str(n), r.indicator.name, _num(r.indicator.baseline, r.indicator.unit),
                 *[f"{_num(c.target, r.indicator.unit)} / {_num(c.achieved, r.indicator.unit)}"
                   for c in r.cells]]
                for n, r in enumerate(strategic, start=1)
            ],
        )
    )  # fmt: skip
    table6 = []
    state_labels = dict(ActivityState.choices)
    for p in programme_rows(plan):
        table6.append([str(p.programme.number), p.programme.name, "", p.programme.parties])
        for a in p.activities:
            done = [
                f"{y}: {state_labels[a.statuses[y].state]}" if y in a.statuses else str(y)
                for y in a.activity.years
            ]
            table6.append(
                [f"{p.programme.number}.{a.activity.number}", a.activity.name, ", ".join(done),
                 a.activity.parties]
            )  # fmt: skip
    blocks.append(
        Block(
            "table",
            _("Table 6. Programmes and activities"),
            [
                pgettext("row number", "No"),
                _("Programme, activity"),
                _("Years (status)"),
                _("Parties involved"),
            ],
            table6,
        )
    )
    blocks.append(
        Block(
            "table",
            _("Table 7. Success indicators of the programmes"),
            [_("Programme"), _("Success indicator"), _("Measured by")],
            [
                [r.indicator.programme.name if r.indicator.programme else "", r.indicator.name,
                 r.indicator.get_measure_display()]
                for r in indicator_rows(plan, programmes=True)
            ],
        )
    )  # fmt: skip
    blocks.append(Block("h1", _("Chapter IV. Institutional, policy and resource support")))
    blocks.append(Block("h2", _("Trainings")))
    blocks.append(
        Block(
            "table",
            _("Training register"),
            [_("Date"), _("Name"), _("Kind"), _("Title")],
            [
                [date_format(t.held_on, "j F Y"), t.person, t.get_kind_display(), t.title]
                for t in plan.trainings.all()
            ],
        )
    )
    blocks.append(
        Block(
            "table",
            _("Budget"),
            [_("Year"), _("Budget line"), _("Allocated (Rp)"), _("Realised (Rp)"),
             _("Realisation")],
            [
                [str(b.year), line.name, _num(line.allocated), _num(line.realised),
                 _num(b.percent, "%")]
                for b in budget_years(plan)
                for line in b.lines
            ],
        )
    )  # fmt: skip
    blocks += [Block("h1", _("Chapter V. Closing")), Block("p", plan.closing or NONE)]
    blocks.append(Block("h1", _("Annexes")))
    blocks.append(Block("h2", _("Annex 1. Assessment matrix (Table 2)")))
    minutes = getattr(plan, "minutes", None)
    blocks.append(Block("h2", _("Annex 2. Minutes of the assessment")))
    if minutes is not None:
        blocks.append(
            Block("p", f"{date_format(minutes.held_on, 'l, j F Y')}, {minutes.place}. "
                       f"{minutes.summary}")
        )  # fmt: skip
        blocks.append(
            Block(
                "table",
                _("Attendees"),
                [pgettext("row number", "No"), _("Name"), _("Instansi"), _("Signature")],
                [
                    [str(n), a["name"], a["affiliation"], ""]
                    for n, a in enumerate(minutes.attendees, start=1)
                ],
            )
        )
    blocks.append(Block("h2", _("Annex 3. Decree of the plan's team")))
    blocks.append(
        Block(
            "table",
            _("Members of the team"),
            [pgettext("row number", "No"), _("Role in the team"), _("Position")],
            [
                [str(n), m.get_role_display(), f"{m.name} {m.position}".strip()]
                for n, m in enumerate(plan.team.all(), start=1)
            ],
        )
    )
    return blocks


def plan_pdf(plan: Plan) -> bytes:
    styles = getSampleStyleSheet()
    cell = styles["BodyText"].clone("cell", fontSize=8, leading=10)
    story: list[Flowable] = []
    for block in _blocks_in_language(plan):
        if block.kind == "title":
            story.append(Paragraph(escape(block.text), styles["Title"]))
        elif block.kind == "h1":
            story += [Spacer(1, 0.4 * cm), Paragraph(escape(block.text), styles["Heading1"])]
        elif block.kind == "h2":
            story.append(Paragraph(escape(block.text), styles["Heading2"]))
        elif block.kind == "p":
            story.append(Paragraph(escape(block.text), styles["BodyText"]))
        elif block.kind == "figure":
            image = FlowImage(io.BytesIO(block.image))
            scale = 16 * cm / image.imageWidth
            image.drawWidth, image.drawHeight = 16 * cm, image.imageHeight * scale
            story += [image, Paragraph(escape(block.text), styles["Italic"])]
        elif block.kind == "table":
            story.append(Paragraph(escape(block.text), styles["Heading4"]))
            data = [
                [Paragraph(escape(c), cell) for c in row] for row in [block.header, *block.rows]
            ]
            table = Table(data, repeatRows=1)
            table.setStyle(
                TableStyle(
                    [
                        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                        ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey),
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ]
                )
            )
            story.append(table)
    out = io.BytesIO()
    SimpleDocTemplate(
        out, pagesize=A4, title=f"{plan.title} {plan.year_start}-{plan.year_end}",
        leftMargin=2 * cm, rightMargin=2 * cm, topMargin=2 * cm, bottomMargin=2 * cm,
    ).build(story)  # fmt: skip
    return out.getvalue()


def plan_docx(plan: Plan) -> bytes:
    doc = Document()
    for block in _blocks_in_language(plan):
        if block.kind == "title":
            doc.add_heading(block.text, level=0)
        elif block.kind == "h1":
            doc.add_heading(block.text, level=1)
        elif block.kind == "h2":
            doc.add_heading(block.text, level=2)
        elif block.kind == "p":
            doc.add_paragraph(block.text)
        elif block.kind == "figure":
            doc.add_picture(io.BytesIO(block.image), width=Cm(16))
            doc.add_paragraph(block.text, style="Caption")
        elif block.kind == "table":
            doc.add_paragraph(block.text, style="Caption")
            table = doc.add_table(rows=1, cols=len(block.header), style="Table Grid")
            for cell, text in zip(table.rows[0].cells, block.header, strict=True):
                cell.text = text
            for row in block.rows:
                for cell, text in zip(table.add_row().cells, row, strict=True):
                    cell.text = text
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _blocks_in_language(plan: Plan) -> list[Block]:
    # The document goes to the Bupati and KemenPANRB: Indonesian, whatever the reader's choice.
    with translation.override("id"):
        return plan_blocks(plan)
