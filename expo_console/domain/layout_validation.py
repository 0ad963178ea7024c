"""The whole plan against the whole rule set: what the violations panel and `layout check` show."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from expo_console.domain.floor_grid import (
    FloorGrid,
    build_grid,
    dead_ends,
    door_cells,
    open_boundary_width,
    walking_distance,
)
from expo_console.domain.floor_plan import Plan, Zone
from expo_console.domain.layout_rules import (
    DEAD_END,
    EGRESS_DISTANCE,
    ZONE_EXIT_WIDTH,
    LocalChecker,
    RuleSet,
    Violation,
    plan_local_violations,
)

MIN_ENCLOSED_AREA = 1.0  # m²: smaller pockets of floor between booths are not a place to stand


@dataclass(frozen=True)
class PlanCheck:
    violations: tuple[Violation, ...]
    grid: FloorGrid
    distance: np.ndarray  # walking distance per cell, metres (inf: no way out)

    @property
    def worst_egress(self) -> float:
        finite = self.distance[np.isfinite(self.distance)]
        return float(finite.max()) if finite.size else 0.0



def local_violations(plan: Plan, rules: RuleSet) -> list[Violation]:
    """Overlaps, outside the hall, obstacles, clear strips and aisles; each pair once."""
    return plan_local_violations([b.id for b in plan.booths], [b.rect for b in plan.booths],
                                 LocalChecker(plan.hall, rules))


def grid_cell(hall_area: float) -> float:
    """Half-metre cells up to about 40,000 of them (Hall B twice over); metre cells beyond,
    which keeps a full check of a 1,000-booth hall well under 100 ms."""
    return 0.5 if hall_area / 0.25 <= 40_000 else 1.0


def egress_violations(grid: FloorGrid, distance: np.ndarray, rules: RuleSet) -> list[Violation]:
    result: list[Violation] = []
    too_far = grid.free & np.isfinite(distance) & (distance > rules.max_egress_m)
    if too_far.any():
        row, col = np.unravel_index(np.argmax(np.where(too_far, distance, -1)), distance.shape)
        result.append(Violation(EGRESS_DISTANCE, measured=float(distance[row, col]), limit=rules.max_egress_m,
                                at=grid.centre(int(row), int(col)),
                                detail=f"{too_far.sum() * grid.cell ** 2:.0f}"))
    enclosed = grid.free & ~np.isfinite(distance)
    area = float(enclosed.sum()) * grid.cell ** 2
    if area >= MIN_ENCLOSED_AREA:
        rows, cols = np.nonzero(enclosed)
        result.append(Violation(EGRESS_DISTANCE, measured=math.inf, limit=rules.max_egress_m,
                                at=grid.centre(int(rows[0]), int(cols[0])), detail=f"{area:.0f}"))
    return result


def zone_exit_violations(zones: Sequence[Zone], grid: FloorGrid, rules: RuleSet) -> list[Violation]:
    result = []
    for zone in zones:
        if not zone.polygon or zone.kind == "section":
            continue  # a section is an area of booths, not a room people must leave by its edges
        needed = zone.effective_capacity(rules.area_per_person_m2) * rules.exit_mm_per_person / 1000
        width = open_boundary_width(grid, zone.polygon)
        if width + 1e-6 < needed:
            xs, ys = zip(*zone.polygon, strict=True)
            result.append(Violation(ZONE_EXIT_WIDTH, zone=zone.id, measured=width, limit=needed,
                                    at=(sum(xs) / len(xs), sum(ys) / len(ys))))
    return result


def validate_plan(plan: Plan, rules: RuleSet, cell: float | None = None) -> PlanCheck:
    violations = local_violations(plan, rules)
    cell = cell or grid_cell(plan.hall.area)
    grid = build_grid(plan.hall, [b.rect for b in plan.booths], cell)
    sources = [c for door in plan.hall.doors for c in door_cells(grid, door.start, door.end)]
    distance = walking_distance(grid, sources)
    if rules.enabled(EGRESS_DISTANCE):
        violations += egress_violations(grid, distance, rules)
    if rules.enabled(DEAD_END):
        for end in dead_ends(grid, 2 * rules.min_aisle_m, rules.max_dead_end_m):
            violations.append(Violation(DEAD_END, measured=end.length, limit=rules.max_dead_end_m, at=end.closed_at))
    if rules.enabled(ZONE_EXIT_WIDTH):
        violations += zone_exit_violations(plan.zones, grid, rules)
    return PlanCheck(tuple(violations), grid, distance)
