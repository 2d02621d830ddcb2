"""Horizontal bar charts as server-rendered SVG: geometry only, the template draws it.

Each chart shows, per row, the reports received and, inside that bar, those resolved. The
numbers are also printed at the end of each bar and in the table beside the chart.
"""

from __future__ import annotations

from dataclasses import dataclass

from aduan.reporting.selectors import Row

WIDTH = 640
LABEL_WIDTH = 200
NUMBER_WIDTH = 56
ROW_HEIGHT = 28
BAR_HEIGHT = 18
MAX_ROWS = 15  # longer breakdowns: the chart shows the largest, the table shows all


@dataclass(frozen=True)
class Bar:
    label: str
    received: int
    resolved: int
    y: int
    text_y: int
    received_width: int
    resolved_width: int
    number_x: int


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    label_width: int
    bars: list[Bar]
    truncated: bool


def bar_chart(rows: list[Row]) -> Chart:
    shown = rows[:MAX_ROWS]
    room = WIDTH - LABEL_WIDTH - NUMBER_WIDTH
    largest = max((row.figures.received for row in shown), default=0) or 1
    bars = []
    for index, row in enumerate(shown):
        y = index * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) // 2
        received_width = round(row.figures.received * room / largest)
        bars.append(
            Bar(
                label=row.label if len(row.label) <= 28 else row.label[:27] + "…",
                received=row.figures.received,
                resolved=row.figures.resolved,
                y=y,
                text_y=y + BAR_HEIGHT - 4,
                received_width=received_width,
                resolved_width=round(row.figures.resolved * room / largest),
                number_x=LABEL_WIDTH + received_width + 6,
            )
        )
    return Chart(
        width=WIDTH,
        height=max(len(bars), 1) * ROW_HEIGHT,
        label_width=LABEL_WIDTH,
        bars=bars,
        truncated=len(rows) > MAX_ROWS,
    )
