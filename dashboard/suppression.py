"""Small-cell suppression with complementary suppression, for tables published with totals.

A table of counts with its row totals, column totals and grand total is a
system of equations: each row and each column sums to its total. Hiding a
small count (1–4) alone hides nothing, because the total minus the rest gives
it back. So more cells are hidden (complementary suppression) until no
hidden cell can be worked out from what is shown.

Which hidden cell can be worked out is a question about a graph: take one node
per row and one per column (the totals' row and column included) and one
edge per hidden cell. Changing the hidden cells along a cycle of that graph,
+1 and −1 in turn, keeps every sum, so every hidden cell on a cycle could be
other than it is. A hidden cell on no cycle (a *bridge*) is pinned by the
equations. And because only counts above zero are ever hidden, a small
enough change keeps them all at or above zero: a cell on a cycle has a range
of possible values, not one. The rule: **every hidden cell lies on a cycle**.

Zeros are shown: a zero says that nobody is in the cell, which is about no one.

Tables that share their totals row (the same people counted by gender in
several breakdowns) must hide the same totals, or one table would give away
what another hides: :func:`suppress_linked` settles them together.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import product

# Counts below this (and above zero) are hidden.
SMALL = 5

Cell = tuple[int, int]


@dataclass(frozen=True)
class Grid:
    """A table of counts with its totals: the last row and the last column are the totals."""

    values: tuple[tuple[int, ...], ...]

    @classmethod
    def with_totals(cls, counts: Sequence[Sequence[int]]) -> "Grid":
        """The grid of ``counts`` (rows × columns) with a totals column and a totals row added."""
        rows = [[*row, sum(row)] for row in counts]
        width = len(rows[0]) if rows else 1
        totals = [sum(row[j] for row in rows) for j in range(width)]
        return cls(tuple(tuple(row) for row in [*rows, totals]))

    @property
    def height(self) -> int:
        return len(self.values)

    @property
    def width(self) -> int:
        return len(self.values[0])

    @property
    def totals_row(self) -> int:
        return self.height - 1

    def value(self, cell: Cell) -> int:
        return self.values[cell[0]][cell[1]]


def _bridges(grid: Grid, hidden: set[Cell]) -> set[Cell]:
    """The hidden cells that lie on no cycle of the row–column graph (Tarjan's bridges)."""
    # Nodes: ("r", i) for rows, ("c", j) for columns; one edge per hidden cell.
    adjacent: dict[tuple[str, int], list[tuple[tuple[str, int], Cell]]] = defaultdict(list)
    for cell in hidden:
        row, column = ("r", cell[0]), ("c", cell[1])
        adjacent[row].append((column, cell))
        adjacent[column].append((row, cell))
    order: dict[tuple[str, int], int] = {}
    low: dict[tuple[str, int], int] = {}
    found: set[Cell] = set()
    counter = 0
    for start in list(adjacent):
        if start in order:
            continue
        order[start] = low[start] = counter
        counter += 1
        # An explicit stack: (node, the edge it was reached by, its next neighbour index).
        stack: list[tuple[tuple[str, int], Cell | None, int]] = [(start, None, 0)]
        while stack:
            node, via, index = stack.pop()
            if index < len(adjacent[node]):
                stack.append((node, via, index + 1))
                neighbour, edge = adjacent[node][index]
                if edge == via:
                    continue
                if neighbour in order:
                    low[node] = min(low[node], order[neighbour])
                else:
                    order[neighbour] = low[neighbour] = counter
                    counter += 1
                    stack.append((neighbour, edge, 0))
            elif via is not None:
                parent = _other_end(via, node)
                low[parent] = min(low[parent], low[node])
                if low[node] > order[parent]:
                    found.add(via)
    return found


def _other_end(cell: Cell, node: tuple[str, int]) -> tuple[str, int]:
    return ("c", cell[1]) if node == ("r", cell[0]) else ("r", cell[0])


def _complement(grid: Grid, hidden: set[Cell], exposed: Cell, frozen_row: int | None) -> set[Cell]:
    """The cheapest cells to hide so that ``exposed`` lies on a cycle.

    First a single cell that closes a cycle with the cells already hidden;
    otherwise a rectangle through ``exposed``. Only counts above zero are
    hidden, never a cell of ``frozen_row`` (a shared totals row), and the
    least information is lost: the smallest sum of counts newly hidden.
    """

    def allowed(cell: Cell) -> bool:
        return cell not in hidden and grid.value(cell) > 0 and cell[0] != frozen_row

    singles = sorted(
        (cell for cell in product(range(grid.height), range(grid.width)) if allowed(cell)),
        key=grid.value,
    )
    for cell in singles:
        if exposed not in _bridges(grid, hidden | {cell}):
            return {cell}
    best: tuple[int, set[Cell]] | None = None
    row, column = exposed
    for other_row, other_column in product(range(grid.height), range(grid.width)):
        if other_row == row or other_column == column:
            continue
        corners = {(row, other_column), (other_row, column), (other_row, other_column)}
        new = corners - hidden
        if not all(allowed(cell) for cell in new):
            continue
        cost = sum(grid.value(cell) for cell in new)
        if best is None or cost < best[0]:
            best = (cost, new)
    if best is None:
        raise ValueError("No complementary cells can protect this cell.")
    return best[1]


def suppress(
    grid: Grid, *, hidden: set[Cell] | None = None, frozen_row: int | None = None
) -> set[Cell]:
    """The cells to hide: every count from 1 to ``SMALL - 1`` and enough others to protect them.

    ``hidden`` are cells already to be hidden (a shared totals row's). With
    ``frozen_row``, no further cell of that row is hidden; if that makes a
    cell impossible to protect, the row's cells are unfrozen for it (the
    caller, :func:`suppress_linked`, then hides them in every linked table).
    """
    result = set(hidden or ())
    result |= {
        cell
        for cell in product(range(grid.height), range(grid.width))
        if 0 < grid.value(cell) < SMALL
    }
    while exposed := _bridges(grid, result):
        cell = min(exposed)
        try:
            result |= _complement(grid, result, cell, frozen_row)
        except ValueError:
            result |= _complement(grid, result, cell, None)
    return result


def suppress_linked(grids: Sequence[Grid]) -> list[set[Cell]]:
    """Suppress tables that share one totals row (the same population): consistently.

    Each table is suppressed with the totals-row cells hidden in any of them,
    until no table needs another: then every table hides the same totals.
    """
    shared: set[int] = set()  # columns whose total is hidden
    while True:
        results = [
            suppress(
                grid,
                hidden={(grid.totals_row, column) for column in shared},
                frozen_row=grid.totals_row,
            )
            for grid in grids
        ]
        found = {
            column
            for grid, hidden in zip(grids, results, strict=True)
            for row, column in hidden
            if row == grid.totals_row
        }
        if found <= shared:
            return results
        shared |= found
