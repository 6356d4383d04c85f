"""Strict small-number suppression, on hand-made tables: a 4 is withheld, and so is a second
figure in its row and column, so that no withheld figure can be worked out from the totals."""

import itertools

from reporting.suppression import WITHHELD, suppressed, withheld_cells


def _solutions(full, hidden, bound=40):
    """Every way to fill the withheld figures with counts (0..bound) so that each row and each
    column still adds up to its total: what a reader could work out. Row by row, the last
    withheld figure of a row follows from the others; the columns are checked at the end."""
    rows, columns = len(full) - 1, len(full[0]) - 1
    found = []

    def fill(table, i):
        if i > rows:
            if all(
                sum(table[r][j] for r in range(rows)) == table[rows][j] for j in range(columns + 1)
            ):
                found.append({cell: table[cell[0]][cell[1]] for cell in hidden})
            return
        cells = [(i, j) for j in range(columns + 1) if (i, j) in hidden]
        if not cells:
            fill(table, i + 1)
            return
        *free, last = cells
        for values in itertools.product(range(bound + 1), repeat=len(free)):
            row = table[i][:]
            for (_, j), value in zip(free, values, strict=True):
                row[j] = value
            if last[1] == columns:
                row[columns] = sum(row[:columns])
            else:
                row[last[1]] = row[columns] - sum(
                    v for j, v in enumerate(row[:columns]) if j != last[1]
                )
            if 0 <= row[last[1]] <= bound:
                fill([*table[:i], row, *table[i + 1 :]], i + 1)

    fill([row[:] for row in full], 0)
    return found


def test_a_four_is_withheld_with_the_next_smallest_in_its_row_and_column():
    counts = [
        [10, 4, 8],
        [12, 9, 7],
    ]
    table = suppressed(counts)
    assert table == [
        [10, WITHHELD, WITHHELD, 22],
        [12, WITHHELD, WITHHELD, 28],
        [22, 13, 15, 50],
    ]


def test_the_withheld_four_cannot_be_worked_out_from_the_totals():
    counts = [
        [10, 4, 8],
        [12, 9, 7],
    ]
    full, hidden = withheld_cells(counts)
    possible_fours = {solution[(0, 1)] for solution in _solutions(full, hidden)}
    assert 4 in possible_fours
    assert len(possible_fours) > 1


def test_without_secondary_suppression_the_four_would_show_by_subtraction():
    """What the rule prevents: 22 - 10 - 8 = 4 if only the 4 were withheld."""
    full, _hidden = withheld_cells([[10, 4, 8], [12, 9, 7]])
    only_primary = {(0, 1)}
    assert {s[(0, 1)] for s in _solutions(full, only_primary)} == {4}


def test_a_small_row_total_is_withheld_and_protected_in_the_totals_column():
    counts = [
        [2, 1],  # total 3: everything in the row is small
        [9, 6],
        [7, 8],
    ]
    full, hidden = withheld_cells(counts)
    table = suppressed(counts)
    assert table[0] == [WITHHELD, WITHHELD, WITHHELD]
    # The totals column (3, 15, 15 | 33) must not give the 3 away: another total goes too.
    assert sum(table[i][2] == WITHHELD for i in range(4)) >= 2
    # Nor the columns (2, 9, 7 | 18) and (1, 6, 8 | 15).
    assert sum(table[i][0] == WITHHELD for i in range(4)) >= 2
    assert sum(table[i][1] == WITHHELD for i in range(4)) >= 2
    for cell in [(0, 0), (0, 1), (0, 2)]:
        assert len({s[cell] for s in _solutions(full, hidden, bound=20)}) > 1, cell


def test_no_line_is_ever_left_with_one_withheld_figure():
    counts = [[5, 3, 0, 12], [1, 7, 9, 6], [0, 0, 2, 5], [8, 8, 8, 8]]
    full, hidden = withheld_cells(counts)
    rows, columns = len(full), len(full[0])
    for i in range(rows):
        assert sum((i, j) in hidden for j in range(columns)) != 1, ("row", i)
    for j in range(columns):
        assert sum((i, j) in hidden for i in range(rows)) != 1, ("column", j)
    for i, row in enumerate(full):
        for j, value in enumerate(row):
            if 0 < value < 5:
                assert (i, j) in hidden


def test_zeros_and_large_figures_show_when_nothing_is_small():
    assert suppressed([[0, 5], [6, 0]]) == [[0, 5, 5], [6, 0, 6], [6, 5, 11]]
