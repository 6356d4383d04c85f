"""Strict small-number suppression for tables about people (equality monitoring).

A table is its cells with a total for each row and each column and a grand total. Primary
suppression withholds every figure from 1 to 4, totals included. A 0 is shown: it counts nobody
(and a column of zeros withheld would hide nothing, its total being 0).
Each row and each column is an equation (its cells add up to its total), so a line with exactly
one withheld figure would give it away by subtraction; secondary suppression then withholds the
smallest figure left in that line (a cell before a total), and repeats until no line has
exactly one withheld figure. What is withheld is shown the same way whatever the reason, so a
reader cannot tell a small number from one withheld to protect it."""

from collections.abc import Sequence

SMALL = 5
WITHHELD = "withheld"
RULE = (
    'To protect people\'s privacy, "withheld" stands for a number from 1 to 4, and for any '
    "other number that would let one of those be worked out from the totals."
)

Cell = tuple[int, int]


def withheld_cells(counts: Sequence[Sequence[int]]) -> tuple[list[list[int]], set[Cell]]:
    """The table with its totals (a total column on the right, a total row at the bottom) and
    the positions to withhold."""
    rows = len(counts)
    columns = len(counts[0]) if rows else 0
    full = [[*row, sum(row)] for row in counts]
    full.append([sum(row[j] for row in full) for j in range(columns + 1)])
    hidden = {
        (i, j) for i, row in enumerate(full) for j, value in enumerate(row) if 0 < value < SMALL
    }
    lines = [[(i, j) for j in range(columns + 1)] for i in range(rows + 1)] + [
        [(i, j) for i in range(rows + 1)] for j in range(columns + 1)
    ]
    changed = True
    while changed:
        changed = False
        for line in lines:
            if sum(cell in hidden for cell in line) != 1:
                continue
            shown = [cell for cell in line if cell not in hidden]
            if not shown:
                continue
            # The smallest figure, a cell before a total (a total withheld says less about
            # the rest of the table) and not a 0 (a withheld 0 beside a 3 leaves the 3 nearly
            # known), the first in reading order on a tie.
            hidden.add(
                min(
                    shown,
                    key=lambda c: (
                        c[0] == rows or c[1] == columns,
                        full[c[0]][c[1]] == 0,
                        full[c[0]][c[1]],
                        c,
                    ),
                )
            )
            changed = True
    return full, hidden


def suppressed(counts: Sequence[Sequence[int]]) -> list[list[int | str]]:
    """The table with its totals, each withheld figure replaced by `WITHHELD`."""
    full, hidden = withheld_cells(counts)
    return [
        [WITHHELD if (i, j) in hidden else value for j, value in enumerate(row)]
        for i, row in enumerate(full)
    ]
