"""Small-cell suppression of published counts (GESI tables, survey respondents).

A count under SMALL (1 to 4 people, or none) could point at a person, so it is shown as
"< 5". Showing its row and column totals would still give it away (total minus the other
cells), so each line of the table (a row with its total, a column with its total, and the
row of column totals with the grand total) must hide either nothing or at least two of its
entries: where a line hides exactly one, the smallest other entry of the line is hidden as
well ("x"), and so on until no line hides exactly one. Pure: no database, no Django.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

SMALL = 5
SMALL_TEXT = "< 5"
HIDDEN_TEXT = "x"


@dataclass(frozen=True)
class Shown:
    """One published count: its value when shown, else None, and the text to print."""

    value: int | None
    text: str


@dataclass(frozen=True)
class SuppressedTable:
    """The cells, the row totals, the column totals and the grand total, as published."""

    cells: list[list[Shown]]
    row_totals: list[Shown]
    column_totals: list[Shown]
    total: Shown


def _lines(rows: int, columns: int) -> list[list[tuple[int, int]]]:
    # The table with its margins is (rows + 1) x (columns + 1); index `rows` / `columns` is
    # the total. Every row and every column of it is one sum equation.
    full_rows = [[(r, c) for c in range(columns + 1)] for r in range(rows + 1)]
    full_columns = [[(r, c) for r in range(rows + 1)] for c in range(columns + 1)]
    return full_rows + full_columns


def suppress(counts: Sequence[Sequence[int]]) -> SuppressedTable:
    """Publishable form of a table of counts (every row as long as the first)."""
    rows = len(counts)
    columns = len(counts[0]) if rows else 0
    grid = [[int(v) for v in row] + [sum(row)] for row in counts]
    grid.append([sum(grid[r][c] for r in range(rows)) for c in range(columns + 1)])
    hidden = {(r, c) for r in range(rows + 1) for c in range(columns + 1) if grid[r][c] < SMALL}
    small = set(hidden)
    lines = _lines(rows, columns)
    changed = True
    while changed:
        changed = False
        for line in lines:
            inside = [p for p in line if p in hidden]
            if len(inside) != 1:
                continue
            candidates = [p for p in line if p not in hidden]
            if not candidates:
                continue

            # Hide the smallest other entry: an inner cell before a total, which is the
            # figure readers want most.
            def rank(p: tuple[int, int]) -> tuple[bool, int]:
                return (p[0] == rows or p[1] == columns, grid[p[0]][p[1]])

            hidden.add(min(candidates, key=rank))
            changed = True

    def shown(r: int, c: int) -> Shown:
        if (r, c) in small:
            return Shown(None, SMALL_TEXT)
        if (r, c) in hidden:
            return Shown(None, HIDDEN_TEXT)
        return Shown(grid[r][c], str(grid[r][c]))

    return SuppressedTable(
        cells=[[shown(r, c) for c in range(columns)] for r in range(rows)],
        row_totals=[shown(r, columns) for r in range(rows)],
        column_totals=[shown(rows, c) for c in range(columns)],
        total=shown(rows, columns),
    )


def suppress_count(value: int) -> Shown:
    """One count on its own (no totals around it)."""
    return Shown(None, SMALL_TEXT) if value < SMALL else Shown(value, str(value))
