"""Statistical confidentiality of the published counts (register-extract.md § 4).

Works on *distinct counts*: a cell is (gebiet, count type); the same count shown in several
rows is one cell. Primary suppression: every count of 1 or 2, and the numerator of every share
that rule 2 does not publish (numerator < 3, denominator < 20, or denominator − numerator < 3).

Secondary suppression protects every suppressed cell against the relations an attacker can
use (districts sum to ``00`` for every count type; foreigners + Germans with migration
background = migration background; the eight origin regions sum to migration background;
numerator ≤ denominator; counts ≥ 0). A cell counts as protected when two tables that satisfy
all of these relations, agree on every published count and differ from the true one only in
suppressed cells, give it values at least 3 apart. Such tables are built from elementary
moves: a small change that keeps the local equations of one gebiet, made in one district and
undone in another (or repeated in ``00``). Both tables are feasible, so the interval an attacker
can derive (the linear programme the tests solve) is at least as wide: the check is sound, and
at worst it suppresses a little more than necessary.

While some suppressed cell is unprotected, the smallest published count that takes part in one
of its moves is suppressed too (ties: lower gebiet code, then indicator order; ``00`` only when
there is no other candidate).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from wegweiser.monitoring.codes import CITYWIDE
from wegweiser.monitoring.indicators import COUNT_TYPES, INDICATORS, REGION_COUNTS

Cell = tuple[str, str]  # (gebiet, count type)
MIN_COUNT = 3
MIN_DENOMINATOR = 20
MIN_WIDTH = 3


@dataclass(frozen=True)
class Structure:
    """The count types, their order, and the relations between them."""

    types: tuple[str, ...]
    # (numerator type, denominator type) of every share
    shares: tuple[tuple[str, str], ...]
    # local equations per gebiet: lhs = sum(rhs)
    equations: tuple[tuple[str, tuple[str, ...]], ...] = ()
    local_moves: tuple[dict[str, int], ...] = field(default=(), compare=False)

    @classmethod
    def build(
        cls,
        types: Sequence[str],
        shares: Iterable[tuple[str, str]],
        equations: Iterable[tuple[str, tuple[str, ...]]] = (),
    ) -> Structure:
        equations, shares = tuple(equations), tuple(shares)
        return cls(tuple(types), shares, equations, _local_moves(types, equations, shares))


def _local_moves(
    types: Sequence[str],
    equations: Sequence[tuple[str, tuple[str, ...]]],
    shares: Sequence[tuple[str, str]],
) -> tuple[dict[str, int], ...]:
    """Changes of counts of one gebiet by ±1 that keep its local equations: of at most three
    counts, and each of these together with the denominator of a share whose numerator it
    changes (a numerator pinned by its denominator moves with it)."""
    linked = sorted({t for lhs, rhs in equations for t in (lhs, *rhs)}, key=types.index)
    moves: list[dict[str, int]] = [{t: 1} for t in types if t not in linked]

    def keeps(move: dict[str, int]) -> bool:
        return all(move.get(lhs, 0) == sum(move.get(t, 0) for t in rhs) for lhs, rhs in equations)

    for size in (1, 2, 3):
        for support in itertools.combinations(linked, size):
            for signs in itertools.product((1, -1), repeat=size):
                if signs[0] != 1:
                    continue  # a move and its negation are the same move
                move = dict(zip(support, signs, strict=True))
                if keeps(move):
                    moves.append(move)
    base = list(moves)
    for move in base:
        for numerator, denominator in shares:
            if numerator not in move or denominator in move:
                continue
            k = move[numerator]
            for extra in base:
                if denominator not in extra or set(extra) & set(move):
                    continue
                factor = k * extra[denominator]
                combined = {**move, **{t: factor * c for t, c in extra.items()}}
                if len(combined) <= 4 and keeps(combined) and combined not in moves:
                    moves.append(combined)
    return tuple(moves)


REGISTER = Structure.build(
    COUNT_TYPES,
    [(i.numerator, i.denominator) for i in INDICATORS if i.denominator is not None],
    [("mh", ("ausl", "dmh")), ("mh", REGION_COUNTS)],
)


def primary(counts: dict[Cell, int], structure: Structure) -> set[Cell]:
    cells = {cell for cell, value in counts.items() if value in (1, 2)}
    gebiete = {gebiet for gebiet, _ in counts}
    for gebiet in gebiete:
        for numerator, denominator in structure.shares:
            n, d = counts.get((gebiet, numerator)), counts.get((gebiet, denominator))
            if n is None or d is None:
                continue
            if n < MIN_COUNT or d < MIN_DENOMINATOR or d - n < MIN_COUNT:
                cells.add((gebiet, numerator))
    return cells


Move = tuple[int, str, str]  # (index of the local move, gebiet, partner gebiet)


class _Protector:
    def __init__(self, counts: dict[Cell, int], structure: Structure, suppressed: set[Cell]):
        self.counts = counts
        self.structure = structure
        self.suppressed = suppressed
        self.gebiete = sorted({gebiet for gebiet, _ in counts})
        self.districts = [g for g in self.gebiete if g != CITYWIDE]
        self.order = {t: i for i, t in enumerate(structure.types)}
        self.bounds: dict[str, list[tuple[str, str]]] = {}
        for numerator, denominator in structure.shares:
            self.bounds.setdefault(numerator, []).append((numerator, denominator))
            self.bounds.setdefault(denominator, []).append((numerator, denominator))
        self.by_type: dict[str, list[int]] = {}
        for index, local in enumerate(structure.local_moves):
            for kind in local:
                self.by_type.setdefault(kind, []).append(index)
        self._cells: dict[Move, dict[Cell, int]] = {}
        self._capacity: dict[Move, tuple[int, int]] = {}
        self._open: dict[Cell, tuple[int, int, list[Move]]] = {}

    def moves(self, cell: Cell) -> list[Move]:
        """Every elementary move that changes the cell (whatever is suppressed)."""
        gebiet, kind = cell
        if gebiet == CITYWIDE:
            partners = self.districts
        else:
            partners = [g for g in self.districts if g != gebiet] + [CITYWIDE]
        found: list[Move] = []
        for index in self.by_type.get(kind, ()):
            local = self.structure.local_moves[index]
            if not all((gebiet, t) in self.counts for t in local):
                continue
            found.extend((index, gebiet, p) for p in partners if (p, kind) in self.counts)
        return found

    def cells(self, move: Move) -> dict[Cell, int]:
        if move not in self._cells:
            index, gebiet, partner = move
            local = self.structure.local_moves[index]
            sign = 1 if CITYWIDE in (gebiet, partner) else -1
            cells = {(gebiet, t): k for t, k in local.items()}
            cells.update({(partner, t): sign * k for t, k in local.items()})
            self._cells[move] = cells
        return self._cells[move]

    def capacity(self, move: Move) -> tuple[int, int]:
        """How far the move can go down (−lo) and up (hi) with everything else true."""
        if move in self._capacity:
            return self._capacity[move]
        cells = self.cells(move)
        lo, hi = -(10**18), 10**18
        constraints: list[tuple[int, int]] = []  # k·δ ≤ c
        for (gebiet, kind), k in cells.items():
            constraints.append((-k, self.counts[(gebiet, kind)]))  # x + kδ ≥ 0
            for numerator, denominator in self.bounds.get(kind, ()):
                n_cell, d_cell = (gebiet, numerator), (gebiet, denominator)
                if n_cell not in self.counts or d_cell not in self.counts:
                    continue
                k_n, k_d = cells.get(n_cell, 0), cells.get(d_cell, 0)
                constraints.append((k_n - k_d, self.counts[d_cell] - self.counts[n_cell]))
        for k, c in constraints:
            if k > 0:
                hi = min(hi, c // k)
            elif k < 0:
                lo = max(lo, -(c // -k))
        self._capacity[move] = (-lo, hi)
        return -lo, hi

    def reach(self, cell: Cell, move: Move) -> tuple[int, int]:
        """How far the move takes the cell down and up."""
        fall, rise = self.capacity(move)
        return (rise, fall) if self.cells(move)[cell] < 0 else (fall, rise)

    def width(self, cell: Cell) -> int:
        """The width of the moves of the cell that are complete (all their counts suppressed);
        completed moves stay complete, so each cell remembers what is still open."""
        if cell not in self._open:
            self._open[cell] = (0, 0, self.moves(cell))
        down, up, remaining = self._open[cell]
        still = []
        for move in remaining:
            if all(c in self.suppressed for c in self.cells(move)):
                fall, rise = self.reach(cell, move)
                down, up = max(down, fall), max(up, rise)
            else:
                still.append(move)
        self._open[cell] = (down, up, still)
        return down + up

    def protect(self, cell: Cell) -> bool:
        """Suppress the published counts of the move that protects the cell at the least cost
        (no ``00`` if avoidable, fewest counts, smallest counts); False if nothing helps."""
        down = up = 0
        options = []
        for move in self.moves(cell):
            fall, rise = self.reach(cell, move)
            missing = [c for c in self.cells(move) if c not in self.suppressed]
            if not missing:
                down, up = max(down, fall), max(up, rise)
            elif fall or rise:
                options.append((move, fall, rise, missing))
        best: tuple | None = None
        best_move: list[Cell] = []
        for _move, fall, rise, missing in options:
            gain = max(down, fall) + max(up, rise)
            if gain <= down + up:
                continue
            key = (
                any(g == CITYWIDE for g, _ in missing),
                gain < MIN_WIDTH,
                -min(gain, MIN_WIDTH),
                len(missing),
                sorted((self.counts[c], c[0], self.order[c[1]]) for c in missing),
            )
            if best is None or key < best:
                best, best_move = key, missing
        if best is None:
            return False
        self.suppressed.update(best_move)
        return True

    def run(self) -> set[Cell]:
        """Protect the suppressed cells, smallest first; a cell is looked at again only when
        it is the smallest one left (protection never gets lost by suppressing more)."""
        pending = set(self.suppressed)
        while pending:
            cell = min(pending, key=lambda c: (self.counts[c], c[0], self.order[c[1]]))
            if self.width(cell) >= MIN_WIDTH:
                pending.discard(cell)
                continue
            before = set(self.suppressed)
            if not self.protect(cell):
                pending.discard(cell)  # nothing left that could help
                continue
            pending |= self.suppressed - before
        return self.suppressed


def suppress(counts: dict[Cell, int], structure: Structure = REGISTER) -> set[Cell]:
    """The cells to publish blank: primary, then secondary suppression."""
    return _Protector(counts, structure, primary(counts, structure)).run()
