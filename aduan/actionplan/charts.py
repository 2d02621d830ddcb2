"""The aspects chart of the self-assessment as server-rendered SVG: geometry only, the
template draws it (role="img" with a title and a description; the table beside it has the
same numbers). Per aspect, one bar per assessment year on the 1-4 scale."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from aduan.actionplan.selectors import Comparison

WIDTH = 640
LABEL_WIDTH = 210
NUMBER_WIDTH = 48
BAR_HEIGHT = 14
GAP = 10
SCALE_MAX = 4


@dataclass(frozen=True)
class Bar:
    year: int
    series: int  # the assessment's index: its colour class
    value: Decimal | None
    y: int
    text_y: int
    width: int
    number_x: int


@dataclass(frozen=True)
class Group:
    label: str
    label_y: int
    bars: list[Bar]


@dataclass(frozen=True)
class AspectChart:
    width: int
    height: int
    label_width: int
    groups: list[Group]
    years: list[int]
    legend_y: int


def aspect_chart(comparison: Comparison) -> AspectChart:
    years = [a.year for a in comparison.assessments]
    room = WIDTH - LABEL_WIDTH - NUMBER_WIDTH
    per_group = max(len(years), 1) * BAR_HEIGHT + GAP
    groups = []
    for index, row in enumerate(comparison.aspects):
        top = index * per_group
        bars = []
        for series, (year, value) in enumerate(zip(years, row.scores, strict=True)):
            y = top + series * BAR_HEIGHT
            width = round(float(value or 0) * room / SCALE_MAX)
            bars.append(
                Bar(year, series % 4, value, y, y + BAR_HEIGHT - 3, width,
                    LABEL_WIDTH + width + 4)
            )  # fmt: skip
        groups.append(Group(row.label, top + (per_group - GAP) // 2 + 4, bars))
    height = len(groups) * per_group + 24
    return AspectChart(WIDTH, height, LABEL_WIDTH, groups, years, height - 8)
