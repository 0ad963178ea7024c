"""What a floor plan is made of: the hall (outline, doors, obstacles), booths and zones.

Plain frozen dataclasses in metres, shared by the rules, the numbering, the layout file, the
editor and the PDF. Booths are axis-aligned: `width` and `depth` are the footprint as placed, and
a 90° turn swaps them and moves `rotation` (the side the booth's front faces) on by 90.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from expo_console.domain.layout_bounds import (
    MAX_CAPACITY,
    MAX_CODE,
    MAX_COORDINATE,
    MAX_DOORS,
    MAX_ID,
    MAX_NAME,
    MAX_NOTE,
    MAX_NOTES,
    MAX_NUMBER,
    MAX_OBSTACLES,
    MAX_POLYGON_POINTS,
    beyond_reach_error,
    hall_side_error,
    items,
    metres,
    shown,
    text,
)
from expo_console.domain.layout_bounds import PlanError as PlanError  # callers import it from here
from expo_console.domain.layout_geometry import EPS, Point, Rect, clear_strip

MODULE = 3.0  # metres: one shell-scheme module is 3 m × 3 m
BUILD_TYPES = ("shell", "raw")
STATUSES = ("available", "reserved", "sold", "blocked")
SERVICES = ("power", "water", "sign")
ROTATIONS = (0, 90, 180, 270)
ZONE_KINDS = ("theme", "consultation", "studio", "organizer", "section", "other")
MAX_BOOTH_SIDE = 60.0  # metres: nothing in a hall is a bigger booth; larger is a typing error


@dataclass(frozen=True, slots=True)
class Door:
    id: str
    name: str
    name_en: str
    kind: str  # "entrance" or "exit"
    start: Point
    end: Point

    @property
    def width(self) -> float:
        return math.dist(self.start, self.end)

    @property
    def middle(self) -> Point:
        return ((self.start[0] + self.end[0]) / 2, (self.start[1] + self.end[1]) / 2)


@dataclass(frozen=True, slots=True)
class Obstacle:
    name: str
    polygon: tuple[Point, ...]

    @property
    def bounds(self) -> Rect:
        return polygon_bounds(self.polygon)


@dataclass(frozen=True, slots=True)
class Hall:
    id: str
    name: str
    name_ko: str
    outline: tuple[Point, ...]
    doors: tuple[Door, ...] = ()
    obstacles: tuple[Obstacle, ...] = ()
    partition: tuple[Point, Point] | None = None
    partition_name: str = ""
    approximate: bool = True
    notes: tuple[str, ...] = ()

    @property
    def bounds(self) -> Rect:
        return polygon_bounds(self.outline)

    @property
    def area(self) -> float:
        return polygon_area(self.outline)

    def clear_strips(self, depth: float) -> list[tuple[Door, Rect]]:
        return [(door, clear_strip(door.start, door.end, self.outline, depth)) for door in self.doors]


@dataclass(frozen=True, slots=True)
class Booth:
    id: str
    x: float
    y: float
    width: float = MODULE
    depth: float = MODULE
    number: str = ""
    rotation: int = 0
    build_type: str = "shell"
    status: str = "available"
    section_code: str | None = None
    exhibitor_id: str | None = None
    services: frozenset[str] = frozenset()

    @property
    def rect(self) -> Rect:
        return Rect(self.x, self.y, self.width, self.depth)

    @property
    def modules(self) -> tuple[int, int]:
        """Across × deep in 3 m modules (rounded: raw space need not be whole modules)."""
        return max(1, round(self.width / MODULE)), max(1, round(self.depth / MODULE))

    def moved(self, x: float, y: float) -> Booth:
        return replace(self, x=x, y=y)

    def turned(self) -> Booth:
        """90° clockwise about the booth's centre, kept on the half-metre grid."""
        cx, cy = self.x + self.width / 2, self.y + self.depth / 2
        x = round((cx - self.depth / 2) * 2) / 2
        y = round((cy - self.width / 2) * 2) / 2
        return replace(self, x=x, y=y, width=self.depth, depth=self.width, rotation=(self.rotation + 90) % 360)


@dataclass(frozen=True, slots=True)
class Zone:
    id: str
    name: str
    name_en: str
    kind: str
    polygon: tuple[Point, ...]
    colour: str = "#888888"
    capacity: int | None = None  # None: from the area at the event's m² per person

    @property
    def area(self) -> float:
        return polygon_area(self.polygon)

    def effective_capacity(self, area_per_person: float) -> int:
        if self.capacity is not None:
            return self.capacity
        return int(self.area / area_per_person) if self.polygon else 0


@dataclass(frozen=True, slots=True)
class Plan:
    hall: Hall
    booths: tuple[Booth, ...] = ()
    zones: tuple[Zone, ...] = ()
    section_prefixes: Mapping[str, str] = field(default_factory=dict)

    def booth(self, booth_id: str) -> Booth:
        for booth in self.booths:
            if booth.id == booth_id:
                return booth
        raise KeyError(booth_id)


def polygon_area(polygon: Sequence[Point]) -> float:
    """Shoelace formula; either winding."""
    total = 0.0
    for i, (x1, y1) in enumerate(polygon):
        x2, y2 = polygon[(i + 1) % len(polygon)]
        total += x1 * y2 - x2 * y1
    return abs(total) / 2


def polygon_bounds(polygon: Sequence[Point]) -> Rect:
    xs = [p[0] for p in polygon]
    ys = [p[1] for p in polygon]
    return Rect(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))


def on_outline(point: Point, outline: Sequence[Point]) -> bool:
    """Whether a point lies on one of the outline's edges (doors must)."""
    px, py = point
    for i, (x1, y1) in enumerate(outline):
        x2, y2 = outline[(i + 1) % len(outline)]
        cross = (x2 - x1) * (py - y1) - (y2 - y1) * (px - x1)
        length = math.hypot(x2 - x1, y2 - y1)
        if length and abs(cross) / length < 0.05 and (
                min(x1, x2) - 0.05 <= px <= max(x1, x2) + 0.05 and min(y1, y2) - 0.05 <= py <= max(y1, y2) + 0.05):
            return True
    return False


# --- the hall file (resources/halls/README.md documents it) ---------------------------------

HALL_FORMAT = "expo-console-hall"
_HALL_KEYS = {"format", "format_version", "id", "name", "name_ko", "units", "approximate", "notes",
              "outline", "partition", "entrances", "exits", "obstacles"}
_DOOR_KEYS = {"id", "name", "name_en", "from", "to"}


def _point(value: Any, where: str) -> Point:
    if not isinstance(value, list | tuple) or len(value) != 2:
        raise PlanError(f"{where}: expected a point [x, y] in metres, got {shown(value)}")
    return metres(value[0], f"{where}[0]"), metres(value[1], f"{where}[1]")


def parse_polygon(value: Any, where: str) -> tuple[Point, ...]:
    if not isinstance(value, list) or len(value) < 3:
        raise PlanError(f"{where}: expected a polygon of at least 3 points")
    if len(value) > MAX_POLYGON_POINTS:
        raise PlanError(f"{where}: {len(value):,} points is more than a traced outline needs "
                        f"({MAX_POLYGON_POINTS} at most); simplify the polygon")
    points = tuple(_point(p, f"{where}[{i}]") for i, p in enumerate(value))
    if polygon_area(points) < EPS:
        raise PlanError(f"{where}: the polygon has no area")
    return points


def check_keys(data: Mapping[str, Any], allowed: set[str], required: set[str], where: str) -> None:
    """Strict files: an unknown or a missing field is refused, named with `where`."""
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise PlanError(f"{where}: unknown field {shown(unknown[0])}")
    missing = sorted(required - set(data))
    if missing:
        raise PlanError(f"{where}: missing field {missing[0]!r}")


def hall_from_dict(data: Any) -> Hall:
    """Strict: unknown or missing keys, bad points, doors off the outline and anything beyond
    the bounds of a real hall (layout_bounds) are refused, so no later check can be made to hang."""
    if not isinstance(data, dict):
        raise PlanError("hall: expected a JSON object")
    check_keys(data, _HALL_KEYS, {"format", "format_version", "id", "name", "outline"}, "hall")
    if data["format"] != HALL_FORMAT or data["format_version"] != 1:
        raise PlanError(f"hall: expected format {HALL_FORMAT!r} version 1")
    outline = parse_polygon(data["outline"], "hall.outline")
    box = polygon_bounds(outline)
    too_big = hall_side_error(box)
    if too_big:
        raise PlanError(f"hall.outline: {too_big}")
    doors = [_door(door, kind, f"hall.{key}[{i}]", outline)
             for kind, key in (("entrance", "entrances"), ("exit", "exits"))
             for i, door in enumerate(items(data.get(key, []), f"hall.{key}", MAX_DOORS, "doors"))]
    ids = [d.id for d in doors]
    if len(set(ids)) != len(ids):
        raise PlanError("hall: two doors share an id")
    obstacles = []
    for i, item in enumerate(items(data.get("obstacles", []), "hall.obstacles", MAX_OBSTACLES, "obstacles")):
        where = f"hall.obstacles[{i}]"
        if not isinstance(item, dict):
            raise PlanError(f"{where}: expected an object")
        check_keys(item, {"name", "polygon"}, {"polygon"}, where)
        polygon = parse_polygon(item["polygon"], f"{where}.polygon")
        _within_reach(polygon, box, f"{where}.polygon")
        obstacles.append(Obstacle(text(item.get("name", ""), f"{where}.name", MAX_NAME), polygon))
    partition, partition_name = None, ""
    if data.get("partition"):
        part = data["partition"]
        if not isinstance(part, dict):
            raise PlanError("hall.partition: expected an object")
        check_keys(part, {"name", "from", "to"}, {"from", "to"}, "hall.partition")
        partition = (_point(part["from"], "hall.partition.from"), _point(part["to"], "hall.partition.to"))
        _within_reach(partition, box, "hall.partition")
        partition_name = text(part.get("name", ""), "hall.partition.name", MAX_NAME)
    name = text(data["name"], "hall.name", MAX_NAME, required=True)
    return Hall(
        id=text(data["id"], "hall.id", MAX_ID, required=True), name=name,
        name_ko=text(data.get("name_ko", name), "hall.name_ko", MAX_NAME),
        outline=outline, doors=tuple(doors), obstacles=tuple(obstacles), partition=partition,
        partition_name=partition_name, approximate=bool(data.get("approximate", False)),
        notes=tuple(text(n, f"hall.notes[{i}]", MAX_NOTE)
                    for i, n in enumerate(items(data.get("notes", []), "hall.notes", MAX_NOTES, "notes"))))


def _door(door: Any, kind: str, where: str, outline: tuple[Point, ...]) -> Door:
    if not isinstance(door, dict):
        raise PlanError(f"{where}: expected an object")
    check_keys(door, _DOOR_KEYS, {"id", "from", "to"}, where)
    door_id = text(door["id"], f"{where}.id", MAX_ID, required=True)
    start, end = _point(door["from"], f"{where}.from"), _point(door["to"], f"{where}.to")
    if math.dist(start, end) < 0.5:
        raise PlanError(f"{where}: a door must be at least 0.5 m wide")
    if not (on_outline(start, outline) and on_outline(end, outline)):
        raise PlanError(f"{where}: the door {door_id!r} is not on the hall's outline")
    if abs(start[0] - end[0]) > EPS and abs(start[1] - end[1]) > EPS:
        raise PlanError(f"{where}: doors must lie on a horizontal or vertical wall")
    return Door(door_id, text(door.get("name", door_id), f"{where}.name", MAX_NAME),
                text(door.get("name_en", ""), f"{where}.name_en", MAX_NAME), kind, start, end)


def _within_reach(points: Sequence[Point], hall_box: Rect, where: str) -> None:
    problem = beyond_reach_error(polygon_bounds(points), hall_box)
    if problem:
        raise PlanError(f"{where}: {problem}")


def hall_to_dict(hall: Hall) -> dict[str, Any]:
    def door(d: Door) -> dict[str, Any]:
        return {"id": d.id, "name": d.name, "name_en": d.name_en, "from": list(d.start), "to": list(d.end)}

    data: dict[str, Any] = {
        "format": HALL_FORMAT, "format_version": 1, "id": hall.id, "name": hall.name,
        "name_ko": hall.name_ko, "units": "m", "approximate": hall.approximate, "notes": list(hall.notes),
        "outline": [list(p) for p in hall.outline],
        "entrances": [door(d) for d in hall.doors if d.kind == "entrance"],
        "exits": [door(d) for d in hall.doors if d.kind == "exit"],
        "obstacles": [{"name": o.name, "polygon": [list(p) for p in o.polygon]} for o in hall.obstacles],
    }
    if hall.partition:
        data["partition"] = {"name": hall.partition_name, "from": list(hall.partition[0]),
                             "to": list(hall.partition[1])}
    return data


def booth_errors(booth: Booth) -> list[str]:
    """What is wrong with one booth's own fields (field name: problem), before it is saved."""
    errors: list[str] = []
    if not booth.id.strip():
        errors.append("id: must not be empty")
    elif len(booth.id) > MAX_ID:
        errors.append(f"id: {len(booth.id):,} characters is too long ({MAX_ID} at most); shorten it")
    if len(booth.number) > MAX_NUMBER:
        errors.append(f"number: {len(booth.number):,} characters is longer than a booth number "
                      f"({MAX_NUMBER} at most); shorten it")
    for name, value in (("x", booth.x), ("y", booth.y), ("width", booth.width), ("depth", booth.depth)):
        if not math.isfinite(value):
            errors.append(f"{name}: not a number")
    if errors:
        return errors
    for name, value in (("width", booth.width), ("depth", booth.depth)):
        if value < 1.0:
            errors.append(f"{name}: {value:g} m is too small (at least 1 m)")
        elif value > MAX_BOOTH_SIDE:
            errors.append(f"{name}: {value:g} m is larger than any booth ({MAX_BOOTH_SIDE:g} m at most)")
    if abs(booth.x) > MAX_COORDINATE or abs(booth.y) > MAX_COORDINATE:
        errors.append("x/y: the booth is kilometres away from the hall")
    if booth.build_type not in BUILD_TYPES:
        errors.append(f"build_type: {shown(booth.build_type)} is not one of {', '.join(BUILD_TYPES)}")
    elif booth.build_type == "raw" and booth.width * booth.depth < 2 * MODULE * MODULE - EPS:
        errors.append(f"width/depth: raw space starts at 2 modules (18 m²), this is {booth.width * booth.depth:g} m²")
    elif booth.build_type == "shell" and any(
            abs(side / MODULE - round(side / MODULE)) > EPS for side in (booth.width, booth.depth)):
        errors.append("width/depth: a shell-scheme booth is whole 3 m modules")
    if booth.status not in STATUSES:
        errors.append(f"status: {shown(booth.status)} is not one of {', '.join(STATUSES)}")
    if booth.rotation not in ROTATIONS:
        errors.append(f"rotation: {shown(booth.rotation)} is not one of 0, 90, 180, 270")
    unknown = sorted(booth.services - set(SERVICES))
    if unknown:
        errors.append(f"services: {shown(unknown[0])} is not one of {', '.join(SERVICES)}")
    if booth.status == "sold" and not booth.exhibitor_id:
        errors.append("status: a sold booth needs an exhibitor")
    return errors


def zone_errors(zone: Zone, hall_box: Rect) -> list[str]:
    """What is wrong with one zone's own fields (field name: problem), before it is saved.

    `hall_box` is the hall's bounds: a zone far outside them is a typo, and its edges would be
    sampled every few centimetres by the exit-width check.
    """
    errors: list[str] = []
    if not zone.id.strip():
        errors.append("id: must not be empty")
    for name, value, limit in (("id", zone.id, MAX_ID), ("name", zone.name, MAX_NAME),
                               ("name_en", zone.name_en, MAX_NAME), ("colour", zone.colour, MAX_CODE)):
        if len(value) > limit:
            errors.append(f"{name}: {len(value):,} characters is too long ({limit} at most); shorten it")
    if zone.capacity is not None and not 0 <= zone.capacity <= MAX_CAPACITY:
        errors.append(f"capacity: {shown(zone.capacity)} people is outside 0–{MAX_CAPACITY:,}; "
                      "leave it empty to use the zone's area")
    if len(zone.polygon) > MAX_POLYGON_POINTS:
        errors.append(f"polygon: {len(zone.polygon):,} points is more than a zone needs "
                      f"({MAX_POLYGON_POINTS} at most); simplify it")
    elif zone.polygon:
        problem = beyond_reach_error(polygon_bounds(zone.polygon), hall_box)
        if problem:
            errors.append(f"polygon: {problem}")
    return errors
