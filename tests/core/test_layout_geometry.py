from __future__ import annotations

import json

import pytest

from expo_console.domain.layout_geometry import (
    Rect,
    booth_type,
    clear_strip,
    open_sides,
    polygon_contains,
    rect_inside,
    snap,
    snap_rect,
)
from expo_console.resources import resource

HALL = json.loads(resource("halls", "coex_hall_b.json").read_text(encoding="utf-8"))


def test_the_hall_file_says_what_it_is_and_that_it_is_approximate() -> None:
    assert HALL["approximate"] is True and any("not public" in note for note in HALL["notes"])
    xs, ys = zip(*HALL["outline"], strict=True)
    assert (max(xs) - min(xs)) * (max(ys) - min(ys)) == pytest.approx(7290)
    assert HALL["entrances"] and HALL["exits"] and HALL["partition"]["name"] == "B1 | B2"


def test_snap_to_the_half_metre_grid() -> None:
    assert snap(3.26) == 3.5 and snap(3.24) == 3.0 and snap(-0.3) == -0.5


def test_snap_to_a_neighbours_edge_beats_the_grid() -> None:
    left = Rect(10, 10, 3, 3)
    dragged = Rect(13.4, 10.2, 3, 3)
    assert snap_rect(dragged, [left]) == Rect(13, 10, 3, 3)  # side by side, lined up
    far = Rect(20.3, 10.2, 3, 3)
    assert snap_rect(far, [left]) == Rect(20.5, 10, 3, 3)  # only the grid (and the row line) near


def test_touching_booths_do_not_overlap() -> None:
    a = Rect(0, 0, 3, 3)
    assert not a.overlaps(Rect(3, 0, 3, 3))
    assert a.overlaps(Rect(2.5, 0, 3, 3)) and a.overlap_area(Rect(2.5, 0, 3, 3)) == pytest.approx(1.5)


def test_booth_types_follow_the_neighbours() -> None:
    row = [Rect(x, 0, 3, 3) for x in (0, 3, 6)]
    backed = row + [Rect(x, 3, 3, 3) for x in (0, 3, 6)]  # a double row, back to back
    assert booth_type(row[1], backed) == "inline"  # only the front open... and the back is a booth
    assert open_sides(row[1], backed) == {"south"}
    assert booth_type(row[0], backed) == "corner"
    assert booth_type(row[1], row) == "corner"  # a single row: front and back open
    assert booth_type(row[0], row) == "peninsula"
    assert booth_type(Rect(20, 20, 6, 6), row) == "island"


def test_inside_the_hall() -> None:
    outline = [tuple(p) for p in HALL["outline"]]
    assert rect_inside(Rect(0, 0, 3, 3), outline)  # touching the walls is inside
    assert not rect_inside(Rect(133, 10, 3, 3), outline)
    assert polygon_contains([(0, 0), (10, 0), (10, 5), (5, 5), (5, 10), (0, 10)], (2, 8))
    assert not polygon_contains([(0, 0), (10, 0), (10, 5), (5, 5), (5, 10), (0, 10)], (8, 8))  # the L's notch


def test_a_doors_clear_strip_points_into_the_hall() -> None:
    outline = [tuple(p) for p in HALL["outline"]]
    entrance = HALL["entrances"][0]
    strip = clear_strip(tuple(entrance["from"]), tuple(entrance["to"]), outline)
    assert strip == Rect(20, 0, 10, 4)
    east = next(e for e in HALL["exits"] if e["id"] == "exit-east")
    assert clear_strip(tuple(east["from"]), tuple(east["to"]), outline) == Rect(131, 24, 4, 6)
    assert strip.overlaps(Rect(24, 2, 3, 3)) and not strip.overlaps(Rect(24, 4, 3, 3))


def test_align_and_distribute() -> None:
    from expo_console.domain.booth_arrange import align, distribute
    from expo_console.domain.floor_plan import Booth

    booths = [Booth("a", 10, 10), Booth("b", 14, 12.5, 6, 3), Booth("c", 30, 11)]
    assert [b.x for b in align(booths, "left")] == [10, 10, 10]
    assert [b.x + b.width for b in align(booths, "right")] == [33, 33, 33]
    assert [b.y for b in align(booths, "bottom")] == [10, 10, 10]
    assert [b.y + b.depth for b in align(booths, "top")] == [15.5, 15.5, 15.5]
    spread = distribute(booths, "x")
    assert [b.x for b in spread] == [10, 18.5, 30]  # gaps of 5.5 m, the end booths stay
    assert distribute(booths[:2], "x") == booths[:2]
