"""The open floor as a grid of half-metre cells: walking distance to the exits, dead ends, openings.

Walking distance is the shortest path around booths and obstacles with straight and diagonal
steps (an octile metric: at most 8 % longer than a straight line across open floor, exact along
aisles). A cell-by-cell Dijkstra in Python takes seconds on a big hall; instead raster scans go
row by row with numpy, and inside a row a segmented running minimum (blocked cells start a new
segment) carries distances any way along the row in one array operation.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from expo_console.domain.floor_plan import Hall
from expo_console.domain.layout_geometry import Point, Rect

BoolGrid = npt.NDArray[np.bool_]
FloatGrid = npt.NDArray[np.float64]
_SEGMENT = 1e7  # larger than any distance in metres; keeps the running minimum inside a segment
# The sweeps cost rows × columns a round (and rows + columns Python steps), so the grid, not the
# hall, is what must be bounded: a 1 km² hall gets 2 m cells, and geometry that slipped past the
# hall file's bounds gets coarser ones instead of a raster of 10¹² cells. Hall B at 0.5 m is 29,000.
MAX_CELLS = 250_000
MAX_SIDE_CELLS = 1_000
MAX_EDGE_SAMPLES = 20_000  # per zone outline: 5 km of edge at 25 cm, far more than any zone


@dataclass(frozen=True)
class FloorGrid:
    origin: Point
    cell: float
    free: BoolGrid  # [row (y), column (x)]: open floor a person can stand on
    inside: BoolGrid  # inside the hall's outline, booth or not

    @property
    def shape(self) -> tuple[int, int]:
        rows, cols = self.free.shape
        return rows, cols

    def index(self, point: Point) -> tuple[int, int] | None:
        col = int((point[0] - self.origin[0]) // self.cell)
        row = int((point[1] - self.origin[1]) // self.cell)
        rows, cols = self.shape
        return (row, col) if 0 <= row < rows and 0 <= col < cols else None

    def centre(self, row: int, col: int) -> Point:
        return self.origin[0] + (col + 0.5) * self.cell, self.origin[1] + (row + 0.5) * self.cell

    def is_free(self, point: Point) -> bool:
        at = self.index(point)
        return at is not None and bool(self.free[at])


def _inside_polygon(xs: FloatGrid, ys: FloatGrid, polygon: Sequence[Point]) -> BoolGrid:
    inside = np.zeros(xs.shape, dtype=bool)
    for i, (x1, y1) in enumerate(polygon):
        x2, y2 = polygon[(i + 1) % len(polygon)]
        if y1 == y2:
            continue
        crosses = (y1 > ys) != (y2 > ys)
        x_at = (x2 - x1) * (ys - y1) / (y2 - y1) + x1
        inside ^= crosses & (xs < x_at)
    return inside


def _span(low: float, high: float, origin: float, cell: float, count: int) -> slice:
    """Cells whose centres lie strictly between low and high."""
    first = math.floor((low - origin) / cell - 0.5) + 1
    last = math.ceil((high - origin) / cell - 0.5) - 1
    return slice(max(first, 0), min(last + 1, count))


def build_grid(hall: Hall, blocked: Sequence[Rect], cell: float = 0.5) -> FloorGrid:
    """`cell` is a wish: it grows until the grid fits MAX_CELLS and MAX_SIDE_CELLS."""
    bounds = hall.bounds
    cell = max(cell, bounds.width / MAX_SIDE_CELLS, bounds.depth / MAX_SIDE_CELLS,
               math.sqrt(bounds.width * bounds.depth / MAX_CELLS))
    cols = max(1, math.ceil(bounds.width / cell))
    rows = max(1, math.ceil(bounds.depth / cell))
    xs = bounds.x + (np.arange(cols) + 0.5) * cell
    ys = bounds.y + (np.arange(rows) + 0.5) * cell
    grid_x, grid_y = np.meshgrid(xs, ys)
    inside = _inside_polygon(grid_x, grid_y, hall.outline)
    free = inside.copy()
    for rect in [*blocked, *(o.bounds for o in hall.obstacles)]:
        free[_span(rect.y, rect.top, bounds.y, cell, rows), _span(rect.x, rect.right, bounds.x, cell, cols)] = False
    return FloorGrid((bounds.x, bounds.y), cell, free, inside)


# --- walking distance ------------------------------------------------------------------------

class _RowSweeper:
    """Raster scans over a grid's rows: each row takes the row before it (straight and diagonal
    steps), then runs both ways along itself; a blocked cell starts a new segment."""

    def __init__(self, blocked: BoolGrid, cell: float) -> None:
        self.blocked = blocked
        self.cell = cell
        self.diagonal = math.sqrt(2) * cell
        self.positions = np.arange(blocked.shape[1], dtype=np.float64) * cell
        self.forward = np.cumsum(blocked, axis=1) * _SEGMENT
        self.backward = np.cumsum(blocked[:, ::-1], axis=1) * _SEGMENT

    def _along(self, row: FloatGrid, i: int) -> FloatGrid:
        blocked, pos = self.blocked[i], self.positions
        seg = self.forward[i]
        ahead = np.minimum.accumulate(np.where(blocked, np.inf, row - pos) - seg) + seg + pos
        row = np.minimum(row, ahead)  # a value carried in from an earlier segment is >= _SEGMENT
        back_row, back_blocked, seg = row[::-1], blocked[::-1], self.backward[i]
        behind = np.minimum.accumulate(np.where(back_blocked, np.inf, back_row - pos) - seg) + seg + pos
        row = np.minimum(row, behind[::-1])
        return np.where(blocked | (row >= _SEGMENT), np.inf, row)

    def scan(self, distance: FloatGrid, order: range) -> None:
        previous = None
        for i in order:
            row = distance[i]
            if previous is not None:
                came = previous + self.cell
                came[1:] = np.minimum(came[1:], previous[:-1] + self.diagonal)
                came[:-1] = np.minimum(came[:-1], previous[1:] + self.diagonal)
                row = np.minimum(row, came)
            row = self._along(row, i)
            distance[i] = row
            previous = row


def walking_distance(grid: FloorGrid, sources: Sequence[tuple[int, int]]) -> FloatGrid:
    """Metres from every free cell to the nearest source cell (inf where no way out).

    Down, up, right and left raster scans repeat until nothing shortens: one round settles every
    path that is monotone in one axis, so a detour round a row of booths costs another round,
    not one per turn in the aisles.
    """
    rows, cols = grid.shape
    distance = np.full((rows, cols), np.inf)
    for row, col in sources:
        if grid.free[row, col]:
            distance[row, col] = 0.0
    blocked = ~grid.free
    by_rows = _RowSweeper(blocked, grid.cell)
    by_cols = _RowSweeper(blocked.T.copy(), grid.cell)
    for _ in range(100):
        before = distance.copy()
        by_rows.scan(distance, range(rows))
        by_rows.scan(distance, range(rows - 1, -1, -1))
        transposed = distance.T.copy()
        by_cols.scan(transposed, range(cols))
        by_cols.scan(transposed, range(cols - 1, -1, -1))
        distance = transposed.T.copy()
        with np.errstate(invalid="ignore"):
            if not (before - distance > 1e-6).any():  # float sums in other orders shave off ~1e-13
                break
    return distance


def door_cells(grid: FloorGrid, start: Point, end: Point) -> list[tuple[int, int]]:
    """The free cells just inside a door segment."""
    cells: set[tuple[int, int]] = set()
    # half-cell steps, but never more than the grid has cells along a side (a huge door samples coarser)
    steps = max(2, min(int(math.dist(start, end) / (grid.cell / 2)), 4 * max(grid.shape)))
    for i in range(steps + 1):
        t = i / steps
        x, y = start[0] + (end[0] - start[0]) * t, start[1] + (end[1] - start[1]) * t
        for dx, dy in ((grid.cell / 2, 0), (-grid.cell / 2, 0), (0, grid.cell / 2), (0, -grid.cell / 2)):
            at = grid.index((x + dx, y + dy))
            if at is not None and grid.free[at]:
                cells.add(at)
    return sorted(cells)


# --- dead ends -------------------------------------------------------------------------------

def _runs(line: BoolGrid) -> list[tuple[int, int]]:
    """[start, end) of each run of True."""
    padded = np.concatenate(([False], line, [False])).astype(np.int8)
    edges = np.flatnonzero(np.diff(padded))
    return list(zip(edges[::2].tolist(), edges[1::2].tolist(), strict=True))


def _free_run_lengths(free: BoolGrid) -> npt.NDArray[np.int64]:
    """For each cell, the length of the run of free cells along axis 1 that holds it."""
    out = np.zeros(free.shape, dtype=np.int64)
    for i, line in enumerate(free):
        for start, end in _runs(line):
            out[i, start:end] = end - start
    return out


@dataclass(frozen=True, slots=True)
class DeadEnd:
    length: float
    closed_at: Point  # the blind end
    mouth: Point  # where it opens (the closed end again when both ends are blind)


def dead_ends(grid: FloorGrid, corridor_width: float, longer_than: float) -> list[DeadEnd]:
    """Aisles (free runs no wider than `corridor_width`) that are blind at one or both ends."""
    found: list[DeadEnd] = []
    for transpose in (False, True):
        free = grid.free.T if transpose else grid.free
        across = _free_run_lengths(free.T).T  # width of the aisle, measured across it
        corridor = free & (across * grid.cell <= corridor_width + 1e-9)
        for i, line in enumerate(corridor):
            for start, end in _runs(line):
                length = (end - start) * grid.cell
                if length <= longer_than + 1e-9:
                    continue
                closed_start = start == 0 or not free[i, start - 1]
                closed_end = end == len(line) or not free[i, end]
                if not (closed_start or closed_end):
                    continue
                blind, mouth = (start, end - 1) if closed_start else (end - 1, start)
                found.append(DeadEnd(length, _cell_centre(grid, i, blind, transpose),
                                     _cell_centre(grid, i, mouth, transpose)))
    return _merge_parallel(found, corridor_width)


def _cell_centre(grid: FloorGrid, line: int, position: int, transposed: bool) -> Point:
    return grid.centre(position, line) if transposed else grid.centre(line, position)


def _merge_parallel(found: list[DeadEnd], width: float) -> list[DeadEnd]:
    """An aisle is many parallel cell runs: keep the longest per blind end."""
    kept: list[DeadEnd] = []
    for item in sorted(found, key=lambda d: -d.length):
        if all(math.dist(item.closed_at, other.closed_at) > width and math.dist(item.mouth, other.mouth) > width
               for other in kept):
            kept.append(item)
    return kept


# --- openings in a zone's boundary -----------------------------------------------------------

def open_boundary_width(grid: FloorGrid, polygon: Sequence[Point], step: float = 0.25) -> float:
    """Metres of the polygon's edge a person can walk across (free floor on both sides).

    Each edge is sampled every `step` (all samples at once with numpy); a perimeter longer than
    MAX_EDGE_SAMPLES steps is sampled more sparsely, so a zone kilometres long costs no more time
    than a real one.
    """
    start = np.array(polygon, dtype=np.float64).reshape(-1, 2)
    delta = np.roll(start, -1, axis=0) - start
    length = np.hypot(delta[:, 0], delta[:, 1])
    keep = length > 0
    start, delta, length = start[keep], delta[keep], length[keep]
    perimeter = float(length.sum())
    if not length.size or not math.isfinite(perimeter):
        return 0.0
    step = max(step, perimeter / MAX_EDGE_SAMPLES)
    samples = np.maximum(1, (length / step).astype(np.int64))
    edge = np.repeat(np.arange(length.size), samples)
    k = np.arange(edge.size) - (np.cumsum(samples) - samples)[edge]
    t = (k + 0.5) / samples[edge]
    x, y = start[edge, 0] + delta[edge, 0] * t, start[edge, 1] + delta[edge, 1] * t
    nx, ny = delta[edge, 1] / length[edge] * 0.3, -delta[edge, 0] / length[edge] * 0.3
    walkable = _free_at(grid, x + nx, y + ny) & _free_at(grid, x - nx, y - ny)
    return float(np.sum(np.where(walkable, length[edge] / samples[edge], 0.0)))


def _free_at(grid: FloorGrid, xs: FloatGrid, ys: FloatGrid) -> BoolGrid:
    """`FloorGrid.is_free` for arrays of points (the same floor division, so the same cells)."""
    cols = np.floor_divide(xs - grid.origin[0], grid.cell)
    rows = np.floor_divide(ys - grid.origin[1], grid.cell)
    n_rows, n_cols = grid.shape
    on_grid = (cols >= 0) & (cols < n_cols) & (rows >= 0) & (rows < n_rows)  # NaN is on no grid
    free = np.zeros(xs.shape, dtype=bool)
    free[on_grid] = grid.free[rows[on_grid].astype(np.intp), cols[on_grid].astype(np.intp)]
    return free
