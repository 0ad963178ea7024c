"""Every venue rule, the booth numbering and the hall file, as pure domain tests."""

from __future__ import annotations

import json
import math
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from expo_console.domain.booth_numbering import booth_numbers, renumbering
from expo_console.domain.floor_grid import (
    MAX_CELLS,
    MAX_SIDE_CELLS,
    build_grid,
    dead_ends,
    door_cells,
    open_boundary_width,
    walking_distance,
)
from expo_console.domain.floor_plan import (
    Booth,
    Door,
    Hall,
    Plan,
    PlanError,
    Zone,
    hall_from_dict,
    hall_to_dict,
)
from expo_console.domain.layout_bounds import (
    MAX_BOOTHS,
    MAX_DOORS,
    MAX_HALL_SIDE,
    MAX_POLYGON_POINTS,
    MAX_ZONES,
)
from expo_console.domain.layout_geometry import Rect
from expo_console.domain.layout_rules import (
    CLEAR_STRIP,
    DEAD_END,
    EGRESS_DISTANCE,
    NARROW_AISLE,
    OBSTACLE,
    OUTSIDE_HALL,
    OVERLAP,
    ZONE_EXIT_WIDTH,
    LocalChecker,
    RuleSet,
    SpatialIndex,
)
from expo_console.domain.layout_validation import local_violations, validate_plan
from expo_console.resources import resource

HALL_FILE = json.loads(resource("halls", "coex_hall_b.json").read_text(encoding="utf-8"))
COEX = hall_from_dict(HALL_FILE)
ROOM = Hall("room", "room", "room", ((0, 0), (40, 0), (40, 30), (0, 30)),
            doors=(Door("d", "door", "", "exit", (0, 10), (0, 16)),))


def rules_of(plan: Plan, rules: RuleSet | None = None) -> dict[str, list]:
    found: dict[str, list] = {}
    for violation in validate_plan(plan, rules or RuleSet()).violations:
        found.setdefault(violation.rule, []).append(violation)
    return found


def test_an_empty_coex_hall_breaks_no_rule() -> None:
    assert rules_of(Plan(COEX)) == {}


def test_overlap_names_both_booths_and_the_shared_area() -> None:
    plan = Plan(ROOM, (Booth("a", 10, 10), Booth("b", 12, 10)))
    [overlap] = rules_of(plan)[OVERLAP]
    assert set(overlap.booths) == {"a", "b"} and overlap.measured == pytest.approx(3.0)


def test_booths_touching_back_to_back_are_fine() -> None:
    assert rules_of(Plan(ROOM, (Booth("a", 10, 10), Booth("b", 13, 10), Booth("c", 10, 13)))) == {}


def test_outside_the_hall_says_by_how_much() -> None:
    [outside] = rules_of(Plan(ROOM, (Booth("a", 38.5, 20),)))[OUTSIDE_HALL]
    assert outside.booths == ("a",) and outside.measured == pytest.approx(1.5)


def test_a_booth_in_a_doors_clear_strip() -> None:
    found = rules_of(Plan(COEX, (Booth("a", 24, 2.5),)))
    [strip] = found[CLEAR_STRIP]
    assert strip.detail == "entrance-b1" and strip.measured == pytest.approx(1.5) and strip.limit == 4
    assert CLEAR_STRIP not in rules_of(Plan(COEX, (Booth("a", 24, 4),)))


def test_an_aisle_narrower_than_the_rule_between_booths_and_against_a_wall() -> None:
    found = rules_of(Plan(ROOM, (Booth("a", 10, 10), Booth("b", 15, 10))))
    [aisle] = found[NARROW_AISLE]
    assert aisle.measured == pytest.approx(2.0) and aisle.limit == 3.0 and aisle.at == (14.0, 11.5)
    assert NARROW_AISLE not in rules_of(Plan(ROOM, (Booth("a", 10, 10), Booth("b", 16, 10))))
    [wall] = rules_of(Plan(ROOM, (Booth("a", 10, 28.5 - 3),)))[NARROW_AISLE]
    assert wall.detail == "wall" and wall.measured == pytest.approx(1.5)
    assert rules_of(Plan(ROOM, (Booth("a", 10, 27),))) == {}  # against the wall: no aisle at all
    wider = RuleSet(min_aisle_m=5)
    assert NARROW_AISLE in rules_of(Plan(ROOM, (Booth("a", 10, 10), Booth("b", 16, 10))), wider)


def test_obstacles_are_not_floor() -> None:
    data = dict(HALL_FILE, obstacles=[{"name": "column C3", "polygon": [[50, 20], [51, 20], [51, 21], [50, 21]]}])
    hall = hall_from_dict(data)
    [hit] = rules_of(Plan(hall, (Booth("a", 49, 19),)))[OBSTACLE]
    assert hit.detail == "column C3" and hit.measured == pytest.approx(1.0)


def test_walking_distance_goes_round_booths_not_through_them() -> None:
    wall = [Rect(10, 0, 3, 28)]  # a long raw-space stand from the south wall nearly to the north
    grid = build_grid(ROOM, wall)
    distance = walking_distance(grid, door_cells(grid, (0, 10), (0, 16)))
    behind = distance[grid.index((14, 1))]
    straight = math.dist((0, 13), (14, 1))
    round_the_end = math.dist((0, 16), (10, 28)) + 3 + math.dist((13, 28), (14, 1))
    assert behind > 2 * straight
    assert round_the_end * 0.97 < behind < round_the_end * 1.1


def test_floor_farther_than_the_egress_limit() -> None:
    long_hall = Hall("long", "long", "long", ((0, 0), (150, 0), (150, 20), (0, 20)),
                     doors=(Door("w", "west", "", "exit", (0, 5), (0, 15)),))
    [far] = rules_of(Plan(long_hall))[EGRESS_DISTANCE]
    assert 140 < far.measured < 155 and far.limit == 100 and far.at[0] > 145
    assert EGRESS_DISTANCE not in rules_of(Plan(long_hall), RuleSet(max_egress_m=160))


def test_floor_walled_in_by_booths_has_no_way_out() -> None:
    ring = (Booth("s", 10, 10, 9, 3), Booth("n", 10, 19, 9, 3), Booth("w", 10, 13, 3, 6), Booth("e", 16, 13, 3, 6))
    [enclosed] = rules_of(Plan(ROOM, ring))[EGRESS_DISTANCE]
    assert math.isinf(enclosed.measured) and enclosed.detail == "18"  # 3 m × 6 m inside the ring


def test_a_dead_end_longer_than_18_m() -> None:
    # a U of booths open to the south: the pocket inside is a blind aisle
    def pocket(depth: float) -> tuple[Booth, ...]:
        return (Booth("w", 10, 5, 3, depth), Booth("e", 16, 5, 3, depth), Booth("n", 10, 5 + depth, 9, 3))
    hall = Hall("h", "h", "h", ((0, 0), (40, 0), (40, 40), (0, 40)),
                doors=(Door("d", "door", "", "exit", (15, 0), (25, 0)),))
    [dead] = rules_of(Plan(hall, pocket(21)))[DEAD_END]
    assert dead.measured == pytest.approx(21, abs=0.6) and dead.limit == 18
    assert 10 < dead.at[0] < 16 and dead.at[1] > 20
    assert DEAD_END not in rules_of(Plan(hall, pocket(15)))
    through = (Booth("w", 10, 5, 3, 30), Booth("e", 16, 5, 3, 30))  # open at both ends
    assert DEAD_END not in rules_of(Plan(hall, through))


def test_dead_ends_ignore_a_wide_open_floor() -> None:
    assert dead_ends(build_grid(COEX, []), 6, 18) == []


def test_a_zone_whose_capacity_needs_more_exit_width_than_its_openings() -> None:
    # a room of booths 12 m × 12 m inside, with a 2 m gap in its south side
    walls = (Booth("s1", 10, 7, 5, 3), Booth("s2", 17, 7, 5, 3), Booth("n", 10, 22, 12, 3),
             Booth("w", 7, 7, 3, 18), Booth("e", 22, 7, 3, 18))
    zone = Zone("z", "구매상담존", "Consultation", "consultation", ((10, 10), (22, 10), (22, 22), (10, 22)))
    hall = Hall("h", "h", "h", ((0, 0), (40, 0), (40, 40), (0, 40)), doors=(Door("d", "d", "", "exit", (15, 0), (25, 0)),))
    assert open_boundary_width(build_grid(hall, [b.rect for b in walls]), zone.polygon) == pytest.approx(2.0)
    assert ZONE_EXIT_WIDTH not in rules_of(Plan(hall, walls, (zone,)))  # 144 m² → 36 people → 0.18 m
    crowded = Zone("z", "구매상담존", "Consultation", "consultation", zone.polygon, capacity=500)
    [short] = rules_of(Plan(hall, walls, (crowded,)))[ZONE_EXIT_WIDTH]
    assert short.zone == "z" and short.limit == pytest.approx(2.5) and short.measured == pytest.approx(2.0)


def test_zone_capacity_defaults_to_one_person_per_4_m2() -> None:
    zone = Zone("z", "시식존", "Tasting", "theme", ((0, 0), (20, 0), (20, 10), (0, 10)))
    assert zone.effective_capacity(4.0) == 50 and zone.effective_capacity(6.0) == 33
    assert Zone("z", "x", "x", "theme", zone.polygon, capacity=80).effective_capacity(4.0) == 80


def test_rules_can_be_switched_off_and_refuse_typos() -> None:
    plan = Plan(ROOM, (Booth("a", 10, 10), Booth("b", 12, 10)))
    assert OVERLAP not in rules_of(plan, RuleSet(disabled=(OVERLAP,)))
    assert RuleSet.from_dict(RuleSet(min_aisle_m=3.5).to_dict()) == RuleSet(min_aisle_m=3.5)
    with pytest.raises(ValueError, match="min_aisle"):
        RuleSet.from_dict({"min_aisle": 3})
    with pytest.raises(ValueError, match="positive"):
        RuleSet.from_dict({"min_aisle_m": -1})


booth_strategy = st.builds(
    lambda i, x, y, w, d: Booth(f"b{i}", x / 2, y / 2, w * 3.0, d * 3.0),
    st.integers(0, 10_000), st.integers(-4, 90), st.integers(-4, 70), st.integers(1, 3), st.integers(1, 2))


@settings(max_examples=60, deadline=None)
@given(st.lists(booth_strategy, max_size=25, unique_by=lambda b: b.id))
def test_the_whole_plan_check_agrees_with_the_drag_check(booths: list[Booth]) -> None:
    plan = Plan(ROOM, tuple(booths))
    rules = RuleSet()
    index = SpatialIndex(booths)
    checker = LocalChecker(ROOM, rules)
    per_booth = {(v.rule, tuple(sorted(v.booths)), v.detail, round(v.measured, 6))
                 for b in booths for v in checker.check(b.id, index)}
    whole = {(v.rule, tuple(sorted(v.booths)), v.detail, round(v.measured, 6)) for v in local_violations(plan, rules)}
    assert whole == per_booth


def test_numbers_follow_section_prefix_and_reading_order() -> None:
    booths = [Booth("m2", 13, 6, section_code="MED"), Booth("m1", 10, 6, section_code="MED"),
              Booth("m3", 10, 9, section_code="MED"), Booth("f1", 40, 6, section_code="FOOD"),
              Booth("k", 60, 6, number="KBIZ")]
    numbers = booth_numbers(booths, {"MED": "M", "FOOD": "F"})
    assert numbers == {"m1": "M-01", "m2": "M-02", "m3": "M-03", "f1": "F-01"}
    assert renumbering([*booths[:1], Booth("m1", 10, 6, number="M-01", section_code="MED")], {"MED": "M"}) == {
        "m2": ("", "M-02")}
    many = [Booth(f"b{i}", i * 3.0, 0, section_code="MED") for i in range(120)]
    assert booth_numbers(many, {"MED": "M"})["b0"] == "M-001"


def test_turning_a_booth_keeps_its_centre_and_swaps_its_sides() -> None:
    booth = Booth("a", 10, 10, 6, 3)
    turned = booth.turned()
    assert (turned.width, turned.depth, turned.rotation) == (3, 6, 90)
    assert (turned.x + 1.5, turned.y + 3) == (13.0, 11.5) or (turned.x, turned.y) == (11.5, 8.5)
    assert booth.turned().turned().turned().turned() == booth


@pytest.mark.parametrize(("change", "message"), [
    ({"outline": [[0, 0], [10, 0]]}, "hall.outline: expected a polygon"),
    ({"colour": "red"}, "unknown field 'colour'"),
    ({"exits": [{"id": "x", "from": [50, 20], "to": [50, 26]}]}, "not on the hall's outline"),
    ({"exits": [{"id": "x", "from": [0, 20], "to": [0, 20.2]}]}, "at least 0.5 m"),
    ({"format_version": 2}, "version 1"),
    ({"outline": [[0, 0], [10, 0], ["a", 5]]}, r"hall.outline\[2\]"),
])
def test_a_bad_hall_file_says_where(change: dict, message: str) -> None:
    with pytest.raises(PlanError, match=message):
        hall_from_dict(dict(HALL_FILE, **change))


def test_the_hall_survives_a_round_trip() -> None:
    assert hall_from_dict(hall_to_dict(COEX)) == COEX


# --- bounds: a hostile hall file is refused, and the checks stay bounded whatever slips through --

HOSTILE = Path(__file__).parent.parent / "data" / "hostile"


@pytest.mark.parametrize(("name", "message"), [
    ("hall_10e12_m_wide.hall.json", r"hall.outline\[1\]\[0\]: expected a number of metres within ±10,000"),
    ("hall_5_km_long.hall.json", r"hall.outline: 5,000 m × 54 m is larger than any exhibition hall \(1,000 m"),
    ("hall_x_integer_401_digits.hall.json", r"hall.outline\[1\]\[0\]: expected a number of metres .*about 10\^400"),
    ("hall_obstacle_9_km_away.hall.json", r"hall.obstacles\[0\].polygon: .* more than 100 m past the hall's walls"),
])
def test_a_hostile_hall_file_names_the_field_and_bound(name: str, message: str) -> None:
    with pytest.raises(PlanError, match=message):
        hall_from_dict(json.loads((HOSTILE / name).read_text(encoding="utf-8")))


@pytest.mark.parametrize(("change", "message"), [
    ({"outline": [[i * 0.5, i % 2] for i in range(201)]}, r"hall.outline: 201 points .* \(200 at most\)"),
    ({"entrances": 5}, "hall.entrances: expected a list, got 5"),
    ({"exits": [{"id": "", "from": [0, 20], "to": [0, 26]}]}, r"hall.exits\[0\].id: must not be empty"),
    ({"name": "B" * 1_000_000}, r"hall.name: 1,000,000 characters is too long \(200 at most\)"),
    ({"notes": "one long note"}, "hall.notes: expected a list"),
    ({"partition": [[0, 0], [1, 1]]}, "hall.partition: expected an object"),
])
def test_a_hall_file_beyond_a_real_halls_bounds_says_where(change: dict, message: str) -> None:
    with pytest.raises(PlanError, match=message):
        hall_from_dict(dict(HALL_FILE, **change))


def test_rule_figures_stay_in_the_range_the_dialog_offers() -> None:
    with pytest.raises(ValueError, match="rules.min_aisle_m: expected a positive number from 0.1 to 50, got 1000"):
        RuleSet.from_dict({"min_aisle_m": 1000})
    with pytest.raises(ValueError, match=r"rules.max_egress_m: .* got about 10\^400"):
        RuleSet.from_dict({"max_egress_m": 10**400})
    assert RuleSet.from_dict({"max_egress_m": 1000, "clear_strip_m": 0.1}).max_egress_m == 1000


def test_the_floor_grid_is_bounded_whatever_geometry_slips_through() -> None:
    """A Hall built in code (or stored before the hall file had bounds) is not checked: the raster
    caps its own cells, and a zone 10¹² m wide is sampled no more finely than a real one."""
    huge = Hall("huge", "huge", "huge", ((0, 0), (1e12, 0), (1e12, 54), (0, 54)),
                doors=(Door("d", "door", "", "exit", (0, 20), (0, 30)),))
    grid = build_grid(huge, [], 0.5)
    rows, cols = grid.shape
    assert rows * cols <= MAX_CELLS and max(rows, cols) <= MAX_SIDE_CELLS + 1
    wide = Zone("z", "wide", "wide", "theme", ((0, 0), (1e12, 0), (1e12, 50), (0, 50)))
    started = time.perf_counter()
    validate_plan(Plan(huge, (Booth("a", 10, 10),), (wide,)), RuleSet())
    validate_plan(Plan(COEX, (Booth("a", 10, 10),), (wide,)), RuleSet())
    assert time.perf_counter() - started < 2


def test_the_largest_plan_the_bounds_let_in_is_checked_in_seconds() -> None:
    """1 km square hall, 50 doors, 5,000 booths, 200 zones of 200 points each."""
    side = MAX_HALL_SIDE
    hall = Hall("big", "big", "big", ((0, 0), (side, 0), (side, side), (0, side)),
                doors=tuple(Door(f"d{i}", "d", "", "exit", (i * 20.0, 0), (i * 20.0 + 10, 0))
                            for i in range(MAX_DOORS)))
    booths = tuple(Booth(f"b{i}", 5 + (i % 100) * 9.0, 5 + (i // 100) * 15.0) for i in range(MAX_BOOTHS))

    def zigzag(j: int) -> tuple[tuple[float, float], ...]:
        edge = [(5.0 + k * 10.0, 5.0 + j * 4.9 + (k % 2) * 3) for k in range(MAX_POLYGON_POINTS // 2)]
        return tuple(edge + [(x, y + 1.5) for x, y in reversed(edge)])

    zones = tuple(Zone(f"z{j}", "z", "z", "theme", zigzag(j)) for j in range(MAX_ZONES))
    started = time.perf_counter()
    check = validate_plan(Plan(hall, booths, zones), RuleSet())
    assert check.grid.shape[0] * check.grid.shape[1] <= MAX_CELLS
    assert time.perf_counter() - started < 10  # about 1 s; minutes before the grid was capped
