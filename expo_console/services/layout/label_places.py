"""Where a label goes on the printed plan, in page points (y up).

A label is tried at each of its candidate places in turn: the first that stays in the drawable
area, crosses no drawn line (zone borders, the hall's walls) and covers no booth or other label
wins. When none is clear, the first place inside the area is used and the label gets a white box,
so that a line under it never strikes it through.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

PagePoint = tuple[float, float]
Segment = tuple[PagePoint, PagePoint]

# The glyphs of a line of text reach this far below and above its baseline, as a share of the
# font size (NanumGothic and DejaVu Sans, rounded up).
DESCENT, ASCENT = 0.25, 0.95


@dataclass(frozen=True, slots=True)
class Box:
    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def top(self) -> float:
        return self.y + self.height

    def inside(self, other: Box) -> bool:
        return other.x <= self.x and self.right <= other.right and other.y <= self.y and self.top <= other.top

    def overlaps(self, other: Box) -> bool:
        return self.x < other.right and other.x < self.right and self.y < other.top and other.y < self.top

    def crosses(self, segment: Segment) -> bool:
        """Whether any part of the segment runs through the box (Liang–Barsky clipping)."""
        (x1, y1), (x2, y2) = segment
        dx, dy = x2 - x1, y2 - y1
        low, high = 0.0, 1.0
        for p, q in ((-dx, x1 - self.x), (dx, self.right - x1), (-dy, y1 - self.y), (dy, self.top - y1)):
            if p == 0:
                if q < 0:
                    return False
                continue
            t = q / p
            if p < 0:
                low = max(low, t)
            else:
                high = min(high, t)
            if low > high:
                return False
        return True

    def grown(self, by: float) -> Box:
        return Box(self.x - by, self.y - by, self.width + 2 * by, self.height + 2 * by)


def text_box(x: float, baseline: float, width: float, size: float) -> Box:
    """The box of a line of text drawn from (x, baseline)."""
    return Box(x, baseline - DESCENT * size, width, (DESCENT + ASCENT) * size)


def upright_text_box(baseline_x: float, y: float, width: float, size: float) -> Box:
    """The box of a line turned 90° to read upwards from (baseline_x, y): glyphs reach left."""
    return Box(baseline_x - ASCENT * size, y, (DESCENT + ASCENT) * size, width)


def edges(points: Sequence[PagePoint]) -> list[Segment]:
    """The sides of a closed polygon."""
    return [(points[i], points[(i + 1) % len(points)]) for i in range(len(points))]


@dataclass(frozen=True, slots=True)
class Placement:
    box: Box
    index: int  # which candidate
    clear: bool  # False: nothing was clear, the label needs a white box under it


def place(candidates: Sequence[Box], area: Box, lines: Iterable[Segment] = (),
          taken: Iterable[Box] = ()) -> Placement:
    lines, taken = list(lines), list(taken)
    inside = [(i, box) for i, box in enumerate(candidates) if box.inside(area)]
    for i, box in inside:
        if not any(box.crosses(line) for line in lines) and not any(box.overlaps(t) for t in taken):
            return Placement(box, i, True)
    if inside:
        return Placement(inside[0][1], inside[0][0], False)
    first = candidates[0]  # larger than the area itself: keep it on the page at least
    x = min(max(first.x, area.x), area.right - first.width)
    y = min(max(first.y, area.y), area.top - first.height)
    return Placement(Box(x, y, first.width, first.height), 0, False)
