"""The venue's safety rules for a booth plan, and the checks that need only a booth's neighbours.

`check_booths` is what the editor runs on every drag step (the moved booths and the booths near
them); `validate_plan` in `layout_validation` adds the whole-floor rules (egress distance, dead
ends, zone exit width). Every violation carries a rule code, the measured figure and the limit,
so the GUI and the CLI can say which rule and by how much in their own words.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, fields
from typing import Any

import numpy as np

from expo_console.domain.floor_plan import Booth, Hall, polygon_bounds
from expo_console.domain.layout_bounds import shown
from expo_console.domain.layout_geometry import EPS, Point, Rect, rect_inside

OVERLAP = "overlap"
OUTSIDE_HALL = "outside_hall"
OBSTACLE = "obstacle"
CLEAR_STRIP = "clear_strip"
NARROW_AISLE = "narrow_aisle"
EGRESS_DISTANCE = "egress_distance"
DEAD_END = "dead_end"
ZONE_EXIT_WIDTH = "zone_exit_width"
RULES = (OVERLAP, OUTSIDE_HALL, OBSTACLE, CLEAR_STRIP, NARROW_AISLE, EGRESS_DISTANCE, DEAD_END, ZONE_EXIT_WIDTH)
LOCAL_RULES = (OVERLAP, OUTSIDE_HALL, OBSTACLE, CLEAR_STRIP, NARROW_AISLE)
# What each figure may be: the rules dialog's range (0.1–1,000), except the two distances a booth
# looks that far around itself for (an aisle of 1 km made every drag step visit a million cells
# of the booth index and every booth pair in a row "narrow").
RULE_RANGES = {"clear_strip_m": (0.1, 50.0), "min_aisle_m": (0.1, 50.0), "max_egress_m": (0.1, 1000.0),
               "max_dead_end_m": (0.1, 1000.0), "exit_mm_per_person": (0.1, 1000.0),
               "area_per_person_m2": (0.1, 1000.0)}


@dataclass(frozen=True, slots=True)
class RuleSet:
    """The figures of EXPO-FACTS.md's common expo checks; each event may change them."""

    clear_strip_m: float = 4.0
    min_aisle_m: float = 3.0
    max_egress_m: float = 100.0
    max_dead_end_m: float = 18.0
    exit_mm_per_person: float = 5.0
    area_per_person_m2: float = 4.0
    disabled: tuple[str, ...] = ()

    def enabled(self, rule: str) -> bool:
        return rule not in self.disabled

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["disabled"] = list(self.disabled)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RuleSet:
        """Strict, so a typo in a rule name is not silently ignored."""
        names = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - names)
        if unknown:
            raise ValueError(f"rules: unknown rule setting {unknown[0]!r}")
        values: dict[str, Any] = {}
        for key, value in data.items():
            if key == "disabled":
                if not isinstance(value, list | tuple) or any(v not in RULES for v in value):
                    raise ValueError(f"rules.disabled: expected a list of rule codes from {', '.join(RULES)}")
                values[key] = tuple(value)
            elif (not isinstance(value, int | float) or isinstance(value, bool)
                    or not RULE_RANGES[key][0] <= value <= RULE_RANGES[key][1]):
                low, high = RULE_RANGES[key]
                raise ValueError(f"rules.{key}: expected a positive number from {low:g} to {high:g}, "
                                 f"got {shown(value)}")
            else:
                values[key] = float(value)
        return cls(**values)


@dataclass(frozen=True, slots=True)
class Violation:
    rule: str
    booths: tuple[str, ...] = ()  # booth ids involved
    zone: str | None = None
    measured: float = 0.0  # what the plan has (metres, or m² for overlaps)
    limit: float = 0.0  # what the rule asks
    at: Point = (0.0, 0.0)  # where to centre the view
    detail: str = ""  # a door id, a second booth's number: for the message

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["booths"] = list(self.booths)
        data["at"] = [round(self.at[0], 2), round(self.at[1], 2)]
        data["measured"], data["limit"] = round(self.measured, 2), round(self.limit, 2)
        return data


class SpatialIndex:
    """Booth rectangles bucketed in a coarse grid, so a drag looks only at its neighbours."""

    def __init__(self, booths: Iterable[Booth] = (), cell: float = 6.0) -> None:
        self.cell = cell
        self._buckets: dict[tuple[int, int], set[str]] = defaultdict(set)
        self._rects: dict[str, Rect] = {}
        for booth in booths:
            self.put(booth.id, booth.rect)

    def _cells(self, rect: Rect, margin: float = 0.0) -> Iterator[tuple[int, int]]:
        c = self.cell
        for i in range(int((rect.x - margin) // c), int((rect.right + margin) // c) + 1):
            for j in range(int((rect.y - margin) // c), int((rect.top + margin) // c) + 1):
                yield i, j

    def put(self, booth_id: str, rect: Rect) -> None:
        self.remove(booth_id)
        self._rects[booth_id] = rect
        for key in self._cells(rect):
            self._buckets[key].add(booth_id)

    def remove(self, booth_id: str) -> None:
        old = self._rects.pop(booth_id, None)
        if old is not None:
            for key in self._cells(old):
                self._buckets[key].discard(booth_id)

    def rect(self, booth_id: str) -> Rect:
        return self._rects[booth_id]

    def near(self, rect: Rect, margin: float) -> set[str]:
        found: set[str] = set()
        for key in self._cells(rect, margin):
            found |= self._buckets.get(key, set())
        return found


def _gap(a: Rect, b: Rect) -> tuple[float, Point] | None:
    """The aisle between two booths that face each other (projections overlap), or None."""
    x_overlap = min(a.right, b.right) - max(a.x, b.x)
    y_overlap = min(a.top, b.top) - max(a.y, b.y)
    if x_overlap > EPS:
        gap = max(b.y - a.top, a.y - b.top)
        mid_x = (max(a.x, b.x) + min(a.right, b.right)) / 2
        mid_y = (min(a.top, b.top) + max(a.y, b.y)) / 2
        return (gap, (mid_x, mid_y)) if gap > EPS else None
    if y_overlap > EPS:
        gap = max(b.x - a.right, a.x - b.right)
        mid_y = (max(a.y, b.y) + min(a.top, b.top)) / 2
        mid_x = (min(a.right, b.right) + max(a.x, b.x)) / 2
        return (gap, (mid_x, mid_y)) if gap > EPS else None
    return None


def _wall_gaps(rect: Rect, outline: Sequence[Point]) -> Iterator[tuple[float, Point]]:
    """Gaps between a booth and the axis-aligned walls it faces."""
    for i, (x1, y1) in enumerate(outline):
        x2, y2 = outline[(i + 1) % len(outline)]
        if abs(y1 - y2) < EPS and min(x1, x2) < rect.right - EPS and max(x1, x2) > rect.x + EPS:
            gap = y1 - rect.top if y1 >= rect.top else rect.y - y1
            yield gap, ((max(rect.x, min(x1, x2)) + min(rect.right, max(x1, x2))) / 2, (y1 + (rect.top if y1 >= rect.top else rect.y)) / 2)
        elif abs(x1 - x2) < EPS and min(y1, y2) < rect.top - EPS and max(y1, y2) > rect.y + EPS:
            gap = x1 - rect.right if x1 >= rect.right else rect.x - x1
            yield gap, ((x1 + (rect.right if x1 >= rect.right else rect.x)) / 2, (max(rect.y, min(y1, y2)) + min(rect.top, max(y1, y2))) / 2)


class LocalChecker:
    """The rules that depend on a booth and what is near it, for one hall and rule set."""

    def __init__(self, hall: Hall, rules: RuleSet) -> None:
        self.hall = hall
        self.rules = rules
        self.strips = hall.clear_strips(rules.clear_strip_m)
        self.obstacles = [(o.name, polygon_bounds(o.polygon)) for o in hall.obstacles]

    def check(self, booth_id: str, index: SpatialIndex) -> list[Violation]:
        """Every local violation this booth takes part in (pairs appear for both booths)."""
        rect = index.rect(booth_id)
        rules = self.rules
        found: list[Violation] = []
        centre = (rect.x + rect.width / 2, rect.y + rect.depth / 2)
        if rules.enabled(OUTSIDE_HALL) and not rect_inside(rect, self.hall.outline):
            found.append(Violation(OUTSIDE_HALL, (booth_id,), measured=_outside_by(rect, self.hall), at=centre))
        if rules.enabled(OBSTACLE):
            for name, box in self.obstacles:
                if rect.overlaps(box):
                    found.append(Violation(OBSTACLE, (booth_id,), measured=rect.overlap_area(box), at=centre,
                                           detail=name))
        if rules.enabled(CLEAR_STRIP):
            for door, strip in self.strips:
                if rect.overlaps(strip):
                    intrusion = min(rect.top - strip.y, strip.top - rect.y, rect.right - strip.x, strip.right - rect.x)
                    found.append(Violation(CLEAR_STRIP, (booth_id,), measured=intrusion,
                                           limit=rules.clear_strip_m, at=door.middle, detail=door.id))
        aisle = rules.min_aisle_m
        for other_id in sorted(index.near(rect, aisle)):
            if other_id == booth_id:
                continue
            other = index.rect(other_id)
            if rules.enabled(OVERLAP) and rect.overlaps(other):
                found.append(Violation(OVERLAP, (booth_id, other_id), measured=rect.overlap_area(other), at=centre))
            elif rules.enabled(NARROW_AISLE):
                between = _gap(rect, other)
                if between and between[0] < aisle - EPS:
                    found.append(Violation(NARROW_AISLE, (booth_id, other_id), measured=between[0], limit=aisle,
                                           at=between[1]))
        if rules.enabled(NARROW_AISLE):
            for gap, at in _wall_gaps(rect, self.hall.outline):
                if EPS < gap < aisle - EPS:
                    found.append(Violation(NARROW_AISLE, (booth_id,), measured=gap, limit=aisle, at=at, detail="wall"))
        return found


def _outside_by(rect: Rect, hall: Hall) -> float:
    """How far the booth reaches past the hall's bounding walls (0 in a notch of an L-shaped hall)."""
    b = hall.bounds
    return max(0.0, b.x - rect.x, rect.right - b.right, b.y - rect.y, rect.top - b.top)


def check_booths(booth_ids: Iterable[str], index: SpatialIndex, checker: LocalChecker) -> dict[str, list[Violation]]:
    return {booth_id: checker.check(booth_id, index) for booth_id in booth_ids}


def affected_by(moved: Iterable[str], before: Mapping[str, Rect], index: SpatialIndex, margin: float) -> set[str]:
    """Booths whose local verdict can change when `moved` go from `before` to where the index has them."""
    found: set[str] = set()
    for booth_id in moved:
        found.add(booth_id)
        found |= index.near(index.rect(booth_id), margin)
        if booth_id in before:
            found |= index.near(before[booth_id], margin)
    return found


def plan_local_violations(booth_ids: Sequence[str], rects: Sequence[Rect], checker: LocalChecker,
                          block: int = 512) -> list[Violation]:
    """Every local violation of a whole plan, each pair once: the `check` rules done with numpy.

    A drag checks a handful of booths with `LocalChecker.check`; the whole plan is a thousand,
    and pairwise arithmetic on arrays is about 20 times quicker than asking each booth's
    neighbours in Python. tests/core/test_layout_rules.py holds both to the same answers.
    """
    if not rects:
        return []
    rules = checker.rules
    x = np.array([r.x for r in rects])
    y = np.array([r.y for r in rects])
    right = x + np.array([r.width for r in rects])
    top = y + np.array([r.depth for r in rects])
    found: list[Violation] = []
    if rules.enabled(OUTSIDE_HALL):
        inside = np.ones(len(rects), dtype=bool)
        nudge = 1e-4  # corners on a wall count as inside: test points a hair towards the centre
        for cx, cy in ((x + nudge, y + nudge), (right - nudge, y + nudge), (right - nudge, top - nudge),
                       (x + nudge, top - nudge)):
            inside &= _points_inside(cx, cy, checker.hall.outline)
        for i in map(int, np.flatnonzero(~inside)):
            rect = rects[i]
            found.append(Violation(OUTSIDE_HALL, (booth_ids[i],), measured=_outside_by(rect, checker.hall),
                                   at=(rect.x + rect.width / 2, rect.y + rect.depth / 2)))
    for name, box in checker.obstacles:
        hit = (x < box.right - EPS) & (box.x < right - EPS) & (y < box.top - EPS) & (box.y < top - EPS)
        for i in map(int, np.flatnonzero(hit)) if rules.enabled(OBSTACLE) else ():
            rect = rects[i]
            found.append(Violation(OBSTACLE, (booth_ids[i],), measured=rect.overlap_area(box),
                                   at=(rect.x + rect.width / 2, rect.y + rect.depth / 2), detail=name))
    for door, strip in checker.strips if rules.enabled(CLEAR_STRIP) else ():
        hit = (x < strip.right - EPS) & (strip.x < right - EPS) & (y < strip.top - EPS) & (strip.y < top - EPS)
        for i in map(int, np.flatnonzero(hit)):
            rect = rects[i]
            intrusion = min(rect.top - strip.y, strip.top - rect.y, rect.right - strip.x, strip.right - rect.x)
            found.append(Violation(CLEAR_STRIP, (booth_ids[i],), measured=intrusion, limit=rules.clear_strip_m,
                                   at=door.middle, detail=door.id))
    aisle = rules.min_aisle_m
    for start in range(0, len(rects), block):
        rows = slice(start, min(start + block, len(rects)))
        x_overlap = np.minimum(right[rows, None], right) - np.maximum(x[rows, None], x)
        y_overlap = np.minimum(top[rows, None], top) - np.maximum(y[rows, None], y)
        later = np.arange(rows.start, rows.stop)[:, None] < np.arange(len(rects))
        overlap = later & (x_overlap > EPS) & (y_overlap > EPS)
        gap_y = np.maximum(y[None, :] - top[rows, None], y[rows, None] - top[None, :])
        gap_x = np.maximum(x[None, :] - right[rows, None], x[rows, None] - right[None, :])
        narrow_y = later & (x_overlap > EPS) & (gap_y > EPS) & (gap_y < aisle - EPS)
        narrow_x = later & (y_overlap > EPS) & (gap_x > EPS) & (gap_x < aisle - EPS)
        if rules.enabled(OVERLAP):
            for a, b in zip(*np.nonzero(overlap), strict=True):
                i, j = int(a) + start, int(b)
                ra, rb = rects[i], rects[j]
                found.append(Violation(OVERLAP, (booth_ids[i], booth_ids[j]), measured=ra.overlap_area(rb),
                                       at=(ra.x + ra.width / 2, ra.y + ra.depth / 2)))
        if rules.enabled(NARROW_AISLE):
            for a, b in zip(*np.nonzero((narrow_y | narrow_x) & ~overlap), strict=True):
                i, j = int(a) + start, int(b)
                between = _gap(rects[i], rects[j])
                if between:
                    found.append(Violation(NARROW_AISLE, (booth_ids[i], booth_ids[j]), measured=between[0],
                                           limit=aisle, at=between[1]))
    if rules.enabled(NARROW_AISLE):
        near_wall = _near_walls(x, y, right, top, checker.hall.outline, aisle)
        for i in map(int, np.flatnonzero(near_wall)):
            for gap, at in _wall_gaps(rects[i], checker.hall.outline):
                if EPS < gap < aisle - EPS:
                    found.append(Violation(NARROW_AISLE, (booth_ids[i],), measured=gap, limit=aisle, at=at,
                                           detail="wall"))
    return found


def _points_inside(px: np.ndarray, py: np.ndarray, polygon: Sequence[Point]) -> np.ndarray:
    inside = np.zeros(px.shape, dtype=bool)
    for i, (x1, y1) in enumerate(polygon):
        x2, y2 = polygon[(i + 1) % len(polygon)]
        if y1 == y2:
            continue
        crosses = (y1 > py) != (y2 > py)
        inside ^= crosses & (px < (x2 - x1) * (py - y1) / (y2 - y1) + x1)
    return inside


def _near_walls(x: np.ndarray, y: np.ndarray, right: np.ndarray, top: np.ndarray, outline: Sequence[Point],
                reach: float) -> np.ndarray:
    """Booths with a wall closer than `reach` beside them: only those need `_wall_gaps`."""
    near = np.zeros(x.shape, dtype=bool)
    for i, (x1, y1) in enumerate(outline):
        x2, y2 = outline[(i + 1) % len(outline)]
        lo_x, hi_x, lo_y, hi_y = min(x1, x2), max(x1, x2), min(y1, y2), max(y1, y2)
        near |= ((x < hi_x + reach) & (right > lo_x - reach) & (y < hi_y + reach) & (top > lo_y - reach))
    return near
