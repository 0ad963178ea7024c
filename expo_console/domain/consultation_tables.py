"""Where the consultation tables stand: a grid inside the zone's outline.

A table with its chairs takes about 2 m × 2 m; the grid keeps a pitch of 2.5 to 4 metres
between table centres (the roomiest that fits) and half a pitch from the zone's edge, row by row from the zone's top-left, so table 1
is nearest the zone's entrance side on the plan and the numbers read like a page.
"""

from __future__ import annotations

from collections.abc import Sequence

from expo_console.domain.layout_geometry import Point, polygon_contains

DEFAULT_PITCH = 2.5  # metres between table centres


class ZoneTooSmall(ValueError):
    def __init__(self, wanted: int, fits: int) -> None:
        super().__init__(f"The zone holds {fits} consultation tables at most, not {wanted}: enlarge the zone on "
                         "the floor plan or place fewer tables.")
        self.wanted = wanted
        self.fits = fits


ROOMY_PITCHES = (4.0, 3.5, 3.0)  # tried first: aisles between tables when the zone has room


def grid_positions(polygon: Sequence[Point], count: int, pitch: float = DEFAULT_PITCH) -> list[Point]:
    """`count` table centres inside the polygon, in reading order, as far apart as the zone
    allows (down to `pitch`); ZoneTooSmall when they do not fit even then."""
    if count <= 0:
        return []
    for roomy in (*(p for p in ROOMY_PITCHES if p > pitch), pitch):
        spots = _spots(polygon, roomy)
        if len(spots) >= count:
            return spots[:count]
    raise ZoneTooSmall(count, len(spots))


def capacity(polygon: Sequence[Point], pitch: float = DEFAULT_PITCH) -> int:
    return len(_spots(polygon, pitch))


def _spots(polygon: Sequence[Point], pitch: float) -> list[Point]:
    if len(polygon) < 3:
        return []
    xs, ys = [p[0] for p in polygon], [p[1] for p in polygon]
    half = pitch / 2
    spots: list[Point] = []
    y = max(ys) - half  # the plan's y grows upwards: its top row first
    while y >= min(ys) + half - 1e-9:
        x = min(xs) + half
        while x <= max(xs) - half + 1e-9:
            # the table's whole square (its chairs) inside the zone, not only its centre
            corners = [(x - half + 0.1, y - half + 0.1), (x + half - 0.1, y - half + 0.1),
                       (x - half + 0.1, y + half - 0.1), (x + half - 0.1, y + half - 0.1)]
            if all(polygon_contains(polygon, c) for c in corners):
                spots.append((round(x, 2), round(y, 2)))
            x += pitch
        y -= pitch
    return spots
