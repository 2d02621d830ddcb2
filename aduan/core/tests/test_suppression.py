"""Small-cell suppression: no published count under 5, and no hidden count can be worked out
from its row or column and the totals."""

from __future__ import annotations

import itertools
import random

import pytest

from aduan.core.suppression import (
    HIDDEN_TEXT,
    SMALL_TEXT,
    SuppressedTable,
    suppress,
    suppress_count,
)


def _grid(table: SuppressedTable) -> list[list[int | None]]:
    """The published table with its margins as (value or None) rows."""
    rows = [
        [c.value for c in row] + [t.value]
        for row, t in zip(table.cells, table.row_totals, strict=True)
    ]
    rows.append([c.value for c in table.column_totals] + [table.total.value])
    return rows


def _derivable(grid: list[list[int | None]]) -> bool:
    """True when a line (row or column with its total) hides exactly one entry."""
    lines = [list(row) for row in grid] + [list(col) for col in zip(*grid, strict=True)]
    return any(sum(v is None for v in line) == 1 for line in lines)


def test_a_table_without_small_cells_is_published_whole():
    table = suppress([[10, 20], [30, 40]])

    assert [[c.text for c in row] for row in table.cells] == [["10", "20"], ["30", "40"]]
    assert [t.text for t in table.row_totals] == ["30", "70"]
    assert [t.text for t in table.column_totals] == ["40", "60"]
    assert table.total.text == "100"


def test_a_small_cell_is_shown_as_under_5_and_a_partner_is_hidden_in_its_row_and_column():
    # Women 3 with a disability: alone, 12 - 9 would give it away.
    table = suppress([[3, 9], [20, 30]])
    texts = [[c.text for c in row] for row in table.cells]

    assert texts[0][0] == SMALL_TEXT
    assert HIDDEN_TEXT in (texts[0][1], table.row_totals[0].text)
    assert not _derivable(_grid(table))
    # The grand total stays: it is what readers need most and gives nothing away here.
    assert table.total.text == "62"


def test_zero_counts_as_small():
    assert suppress([[0, 10], [10, 10]]).cells[0][0].text == SMALL_TEXT


def test_a_lone_count_under_5():
    assert suppress_count(4).text == SMALL_TEXT
    assert suppress_count(5).text == "5"


@pytest.mark.parametrize("seed", range(200))
def test_random_tables_never_show_a_small_count_nor_let_one_be_derived(seed):
    rng = random.Random(seed)
    rows, columns = rng.randint(1, 5), rng.randint(1, 5)
    counts = [[rng.choice([0, 1, 2, 4, 5, 7, 30]) for _ in range(columns)] for _ in range(rows)]

    grid = _grid(suppress(counts))

    assert all(v is None or v >= 5 for v in itertools.chain.from_iterable(grid))
    assert not _derivable(grid)
    # Every shown figure is the true one.
    full = [[*row, sum(row)] for row in counts]
    full.append([sum(col) for col in zip(*full, strict=True)])
    for shown_row, true_row in zip(grid, full, strict=True):
        for shown, true in zip(shown_row, true_row, strict=True):
            assert shown is None or shown == true
