"""Booth geometry on the hall floor (metres): snapping, overlap, booth type, doors' clear strips.

Pure functions, so the floor-plan editor's select tool only calls them (docs/architecture.md,
8: Floor plan). Booths are axis-aligned rectangles; a 90° rotation swaps width and depth before
they get here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

Point = tuple[float, float]
EPS = 1e-6
SIDES = ("south", "east", "north", "west")  # y = 0 is the lobby side, "south"


@dataclass(frozen=True, slots=True)
class Rect:
    x: float
    y: float
    width: float
    depth: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def top(self) -> float:
        return self.y + self.depth

    @property
    def area(self) -> float:
        return self.width * self.depth

    def corners(self) -> tuple[Point, Point, Point, Point]:
        return (self.x, self.y), (self.right, self.y), (self.right, self.top), (self.x, self.top)

    def overlaps(self, other: Rect) -> bool:
        """A shared area; booths that only touch along an edge do not overlap."""
        return (self.x < other.right - EPS and other.x < self.right - EPS
                and self.y < other.top - EPS and other.y < self.top - EPS)

    def overlap_area(self, other: Rect) -> float:
        w = min(self.right, other.right) - max(self.x, other.x)
        d = min(self.top, other.top) - max(self.y, other.y)
        return w * d if w > 0 and d > 0 else 0.0


def snap(value: float, step: float = 0.5) -> float:
    return round(value / step) * step


def snap_rect(rect: Rect, neighbours: Sequence[Rect], grid: float = 0.5, reach: float = 0.6) -> Rect:
    """To the grid, then to a neighbour's edge within `reach`: side by side, or lined up."""
    snapped = replace(rect, x=snap(rect.x, grid), y=snap(rect.y, grid))
    best_x: tuple[float, float] | None = None  # (distance, new x)
    best_y: tuple[float, float] | None = None
    for other in neighbours:
        for target in (other.right, other.x - rect.width, other.x, other.right - rect.width):
            distance = abs(rect.x - target)
            if distance <= reach and (best_x is None or distance < best_x[0]):
                best_x = (distance, target)
        for target in (other.top, other.y - rect.depth, other.y, other.top - rect.depth):
            distance = abs(rect.y - target)
            if distance <= reach and (best_y is None or distance < best_y[0]):
                best_y = (distance, target)
    return replace(snapped, x=best_x[1] if best_x else snapped.x, y=best_y[1] if best_y else snapped.y)


def _covered(length_start: float, length_end: float, spans: list[tuple[float, float]]) -> bool:
    """True when the spans cover [start, end] completely."""
    position = length_start
    for start, end in sorted(spans):
        if start > position + EPS:
            return False
        position = max(position, end)
        if position >= length_end - EPS:
            return True
    return position >= length_end - EPS


def open_sides(rect: Rect, neighbours: Sequence[Rect]) -> set[str]:
    """The sides of a booth that face an aisle: not fully backed by touching booths."""
    spans: dict[str, list[tuple[float, float]]] = {side: [] for side in SIDES}
    for other in neighbours:
        if other is rect:
            continue
        if abs(other.top - rect.y) < EPS:
            spans["south"].append((other.x, other.right))
        if abs(other.y - rect.top) < EPS:
            spans["north"].append((other.x, other.right))
        if abs(other.right - rect.x) < EPS:
            spans["west"].append((other.y, other.top))
        if abs(other.x - rect.right) < EPS:
            spans["east"].append((other.y, other.top))
    extent = {"south": (rect.x, rect.right), "north": (rect.x, rect.right),
              "west": (rect.y, rect.top), "east": (rect.y, rect.top)}
    return {side for side in SIDES if not _covered(*extent[side], spans[side])}


def booth_type(rect: Rect, neighbours: Sequence[Rect]) -> str:
    """inline (one side open), corner (two), peninsula (three), island (four)."""
    return {0: "enclosed", 1: "inline", 2: "corner", 3: "peninsula", 4: "island"}[len(open_sides(rect, neighbours))]


def polygon_contains(polygon: Sequence[Point], point: Point) -> bool:
    """Inside or on the boundary (ray casting; the boundary counts as inside)."""
    x, y = point
    inside = False
    count = len(polygon)
    for i in range(count):
        (x1, y1), (x2, y2) = polygon[i], polygon[(i + 1) % count]
        if min(x1, x2) - EPS <= x <= max(x1, x2) + EPS and min(y1, y2) - EPS <= y <= max(y1, y2) + EPS:
            cross = (x2 - x1) * (y - y1) - (y2 - y1) * (x - x1)
            if abs(cross) < EPS:
                return True  # on an edge
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            inside = not inside
    return inside


def rect_inside(rect: Rect, polygon: Sequence[Point]) -> bool:
    """All four corners on the floor (the hall outlines here are rectilinear)."""
    return all(polygon_contains(polygon, corner) for corner in rect.corners())


def clear_strip(door_from: Point, door_to: Point, polygon: Sequence[Point], depth: float = 4.0) -> Rect:
    """The strip in front of a door (on an axis-aligned wall) that must stay free of booths."""
    (x1, y1), (x2, y2) = door_from, door_to
    if abs(y1 - y2) < EPS:  # a door in a horizontal wall: the strip goes up or down
        left, right = min(x1, x2), max(x1, x2)
        inward = polygon_contains(polygon, ((left + right) / 2, y1 + 0.1))
        return Rect(left, y1 if inward else y1 - depth, right - left, depth)
    if abs(x1 - x2) < EPS:
        bottom, top = min(y1, y2), max(y1, y2)
        inward = polygon_contains(polygon, (x1 + 0.1, (bottom + top) / 2))
        return Rect(x1 if inward else x1 - depth, bottom, depth, top - bottom)
    raise ValueError("doors must lie on horizontal or vertical walls")
