"""Where the consultation tables stand in their zone: inside it, numbered in reading order, with
aisles when there is room, and a clear refusal when the zone is too small."""

from __future__ import annotations

import pytest

from expo_console.domain.consultation_tables import ZoneTooSmall, capacity, grid_positions
from expo_console.domain.layout_geometry import polygon_contains

SQUARE = ((0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0))
L_SHAPE = ((0.0, 0.0), (12.0, 0.0), (12.0, 4.0), (4.0, 4.0), (4.0, 12.0), (0.0, 12.0))


def test_tables_stand_inside_the_zone_in_reading_order_from_the_top_left() -> None:
    spots = grid_positions(SQUARE, 4)
    assert len(spots) == 4 and all(polygon_contains(SQUARE, s) for s in spots)
    (x1, y1), (x2, y2), (x3, y3), _ = spots
    assert y1 == y2 > y3 and x1 < x2 and x3 == x1  # the plan's y grows upwards: top row first


def test_a_roomy_zone_gets_aisles_and_a_full_one_the_tightest_grid() -> None:
    few = grid_positions(SQUARE, 4)
    assert abs(few[1][0] - few[0][0]) == 4.0
    many = grid_positions(SQUARE, capacity(SQUARE))
    assert abs(many[1][0] - many[0][0]) == 2.5


def test_every_table_square_fits_in_an_l_shaped_zone() -> None:
    for x, y in grid_positions(L_SHAPE, capacity(L_SHAPE)):
        for corner in ((x - 1.1, y - 1.1), (x + 1.1, y + 1.1), (x - 1.1, y + 1.1), (x + 1.1, y - 1.1)):
            assert polygon_contains(L_SHAPE, corner)


def test_too_many_tables_are_refused_with_how_many_fit() -> None:
    with pytest.raises(ZoneTooSmall, match="holds 16 consultation tables at most, not 17"):
        grid_positions(SQUARE, 17)
