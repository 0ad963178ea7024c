"""How large a floor plan can be: bounds that follow from a real exhibition hall.

Hall and layout files are checked against these before anything is stored. Without them a
typo or a hostile file was accepted and then made every later check (the floor raster, the
booth pairs, the zone edges) run for minutes or die with an OverflowError. Every figure is far
beyond a real venue, so a real plan never meets one; a refusal names the item, the field, the
bound and what to do.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from typing import Any

from expo_console.domain.layout_geometry import Rect

MAX_FILE_BYTES = 16 * 1024 * 1024  # a layout at MAX_BOOTHS is about 3 MB of indented JSON
MAX_COORDINATE = 10_000.0  # metres from the hall's own origin: further is not this hall
MAX_HALL_SIDE = 1_000.0  # metres: the largest exhibition halls are a few hundred metres long
PLAN_MARGIN = 100.0  # metres past the hall's walls a booth or zone may reach (a foyer, a forecourt)
MAX_POLYGON_POINTS = 200  # corners of one outline, zone or obstacle: a traced hall has tens
MAX_BOOTHS = 5_000  # a 100,000 m² hall holds about 5,000 shell booths with aisles
MAX_ZONES = 200
MAX_DOORS = 50  # per list (entrances, exits)
MAX_OBSTACLES = 200
MAX_CAPACITY = 100_000  # people in one zone; the zone panel's capacity field stops there too
MAX_ID = 64  # ids are 32-character hex UUIDs
MAX_NUMBER = 16  # booth numbers: "M-01", "KBIZ"; longer cannot be read on the plan
MAX_NAME = 200
MAX_CODE = 32  # colours and other short codes
MAX_NOTES = 50
MAX_NOTE = 1_000
# Booths that may touch one square of the booth index (6 m): side by side, shell booths touch at
# most 16 and 1 m-wide raw strips about 25; more means booths piled on each other, which makes
# every pairwise check quadratic (5,000 booths in one spot: 12 million overlaps to report).
CROWD_SQUARE = 6.0
MAX_BOOTHS_NEAR = 100


class PlanError(ValueError):
    """A hall or layout that cannot be used; the message names the item and the field."""


def shown(value: Any, limit: int = 40) -> str:
    """A value for a message: short, and never the whole of a huge or deeply nested one."""
    if isinstance(value, str):
        return repr(value) if len(value) <= limit else f"{value[:limit]!r}… ({len(value):,} characters)"
    if isinstance(value, bool) or value is None or isinstance(value, float):
        return repr(value)
    if isinstance(value, int):  # str() of a 5,000-digit int raises; bit_length never does
        return repr(value) if abs(value) < 10**15 else f"about 10^{int(value.bit_length() * math.log10(2))}"
    if isinstance(value, list):
        return f"a list of {len(value):,} item{'' if len(value) == 1 else 's'}"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def metres(value: Any, where: str) -> float:
    """A finite number, compared before float() so a 400-digit integer is refused, not overflowed."""
    if (isinstance(value, bool) or not isinstance(value, int | float)
            or not -MAX_COORDINATE <= value <= MAX_COORDINATE):  # NaN and inf fail the comparison too
        raise PlanError(f"{where}: expected a number of metres within ±{MAX_COORDINATE:,.0f}, got "
                        f"{shown(value)}; check the file's units are metres")
    return float(value)


def text(value: Any, where: str, limit: int, *, required: bool = False) -> str:
    if not isinstance(value, str):
        raise PlanError(f"{where}: expected text, got {shown(value)}")
    if required and not value.strip():
        raise PlanError(f"{where}: must not be empty")
    if len(value) > limit:
        raise PlanError(f"{where}: {len(value):,} characters is too long ({limit:,} at most); shorten it")
    return value


def items(value: Any, where: str, limit: int, what: str) -> list[Any]:
    """A JSON list of at most `limit` entries, refused before any entry is looked at."""
    if not isinstance(value, list):
        raise PlanError(f"{where}: expected a list, got {shown(value)}")
    if len(value) > limit:
        raise PlanError(f"{where}: {len(value):,} {what} is more than a plan can hold ({limit:,} at most); "
                        f"split the plan or check that this is the right file")
    return value


def hall_side_error(box: Rect) -> str | None:
    if box.width > MAX_HALL_SIDE or box.depth > MAX_HALL_SIDE:
        return (f"{box.width:,.0f} m × {box.depth:,.0f} m is larger than any exhibition hall "
                f"({MAX_HALL_SIDE:,.0f} m a side at most); check the outline is in metres")
    return None


def reach(hall_box: Rect) -> Rect:
    """Where booths and zones may be: the hall's bounding box and PLAN_MARGIN round it."""
    return Rect(hall_box.x - PLAN_MARGIN, hall_box.y - PLAN_MARGIN,
                hall_box.width + 2 * PLAN_MARGIN, hall_box.depth + 2 * PLAN_MARGIN)


def beyond_reach_error(box: Rect, hall_box: Rect) -> str | None:
    """Whether `box` (a booth, a zone's bounds) lies further from the hall than PLAN_MARGIN."""
    area = reach(hall_box)
    if box.x >= area.x and box.y >= area.y and box.right <= area.right and box.top <= area.top:
        return None
    return (f"({box.x:,.1f}, {box.y:,.1f})–({box.right:,.1f}, {box.top:,.1f}) reaches more than "
            f"{PLAN_MARGIN:g} m past the hall's walls (x {hall_box.x:g}–{hall_box.right:g}, "
            f"y {hall_box.y:g}–{hall_box.top:g}); check the coordinates are metres in this hall")


def most_crowded(rects: Sequence[Rect]) -> tuple[int, int] | None:
    """(index of a booth, booths touching its square) where more than MAX_BOOTHS_NEAR pile up.

    Counted per CROWD_SQUARE square as the booth index buckets them, so the cost is the booths'
    squares (at most 11 × 11 each at the largest booth), never booth pairs.
    """
    counts: Counter[tuple[int, int]] = Counter()
    first: dict[tuple[int, int], int] = {}
    c = CROWD_SQUARE
    for i, rect in enumerate(rects):
        for col in range(int(rect.x // c), int(rect.right // c) + 1):
            for row in range(int(rect.y // c), int(rect.top // c) + 1):
                counts[col, row] += 1
                first.setdefault((col, row), i)
    if not counts:
        return None
    square, count = counts.most_common(1)[0]
    return (first[square], count) if count > MAX_BOOTHS_NEAR else None
