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

from expo_console.domain.layout_geometry import EPS, Point, Rect, clear_strip

MODULE = 3.0  # metres: one shell-scheme module is 3 m × 3 m
BUILD_TYPES = ("shell", "raw")
STATUSES = ("available", "reserved", "sold", "blocked")
SERVICES = ("power", "water", "sign")
ROTATIONS = (0, 90, 180, 270)
ZONE_KINDS = ("theme", "consultation", "studio", "organizer", "section", "other")
MAX_BOOTH_SIDE = 60.0  # metres: nothing in a hall is a bigger booth; larger is a typing error


class PlanError(ValueError):
    """A hall or layout that cannot be used; the message names the item and the field."""


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
    if (not isinstance(value, list | tuple) or len(value) != 2
            or not all(isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v) for v in value)):
        raise PlanError(f"{where}: expected a point [x, y] in metres, got {value!r}")
    return float(value[0]), float(value[1])


def parse_polygon(value: Any, where: str) -> tuple[Point, ...]:
    if not isinstance(value, list) or len(value) < 3:
        raise PlanError(f"{where}: expected a polygon of at least 3 points")
    points = tuple(_point(p, f"{where}[{i}]") for i, p in enumerate(value))
    if polygon_area(points) < EPS:
        raise PlanError(f"{where}: the polygon has no area")
    return points


def check_keys(data: Mapping[str, Any], allowed: set[str], required: set[str], where: str) -> None:
    """Strict files: an unknown or a missing field is refused, named with `where`."""
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise PlanError(f"{where}: unknown field {unknown[0]!r}")
    missing = sorted(required - set(data))
    if missing:
        raise PlanError(f"{where}: missing field {missing[0]!r}")


def hall_from_dict(data: Any) -> Hall:
    """Strict: unknown or missing keys, bad points and doors off the outline are refused."""
    if not isinstance(data, dict):
        raise PlanError("hall: expected a JSON object")
    check_keys(data, _HALL_KEYS, {"format", "format_version", "id", "name", "outline"}, "hall")
    if data["format"] != HALL_FORMAT or data["format_version"] != 1:
        raise PlanError(f"hall: expected format {HALL_FORMAT!r} version 1")
    outline = parse_polygon(data["outline"], "hall.outline")
    doors: list[Door] = []
    for kind, key in (("entrance", "entrances"), ("exit", "exits")):
        for i, door in enumerate(data.get(key, [])):
            where = f"hall.{key}[{i}]"
            if not isinstance(door, dict):
                raise PlanError(f"{where}: expected an object")
            check_keys(door, _DOOR_KEYS, {"id", "from", "to"}, where)
            start, end = _point(door["from"], f"{where}.from"), _point(door["to"], f"{where}.to")
            if math.dist(start, end) < 0.5:
                raise PlanError(f"{where}: a door must be at least 0.5 m wide")
            if not (on_outline(start, outline) and on_outline(end, outline)):
                raise PlanError(f"{where}: the door {door['id']!r} is not on the hall's outline")
            if abs(start[0] - end[0]) > EPS and abs(start[1] - end[1]) > EPS:
                raise PlanError(f"{where}: doors must lie on a horizontal or vertical wall")
            doors.append(Door(str(door["id"]), str(door.get("name", door["id"])),
                              str(door.get("name_en", "")), kind, start, end))
    ids = [d.id for d in doors]
    if len(set(ids)) != len(ids):
        raise PlanError("hall: two doors share an id")
    obstacles = []
    for i, item in enumerate(data.get("obstacles", [])):
        where = f"hall.obstacles[{i}]"
        if not isinstance(item, dict):
            raise PlanError(f"{where}: expected an object")
        check_keys(item, {"name", "polygon"}, {"polygon"}, where)
        obstacles.append(Obstacle(str(item.get("name", "")), parse_polygon(item["polygon"], f"{where}.polygon")))
    partition = None
    if data.get("partition"):
        part = data["partition"]
        check_keys(part, {"name", "from", "to"}, {"from", "to"}, "hall.partition")
        partition = (_point(part["from"], "hall.partition.from"), _point(part["to"], "hall.partition.to"))
    return Hall(
        id=str(data["id"]), name=str(data["name"]), name_ko=str(data.get("name_ko", data["name"])),
        outline=outline, doors=tuple(doors), obstacles=tuple(obstacles), partition=partition,
        partition_name=str((data.get("partition") or {}).get("name", "")),
        approximate=bool(data.get("approximate", False)), notes=tuple(str(n) for n in data.get("notes", [])))


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
    if abs(booth.x) > 10_000 or abs(booth.y) > 10_000:
        errors.append("x/y: the booth is kilometres away from the hall")
    if booth.build_type not in BUILD_TYPES:
        errors.append(f"build_type: {booth.build_type!r} is not one of {', '.join(BUILD_TYPES)}")
    elif booth.build_type == "raw" and booth.width * booth.depth < 2 * MODULE * MODULE - EPS:
        errors.append(f"width/depth: raw space starts at 2 modules (18 m²), this is {booth.width * booth.depth:g} m²")
    elif booth.build_type == "shell" and any(
            abs(side / MODULE - round(side / MODULE)) > EPS for side in (booth.width, booth.depth)):
        errors.append("width/depth: a shell-scheme booth is whole 3 m modules")
    if booth.status not in STATUSES:
        errors.append(f"status: {booth.status!r} is not one of {', '.join(STATUSES)}")
    if booth.rotation not in ROTATIONS:
        errors.append(f"rotation: {booth.rotation!r} is not one of 0, 90, 180, 270")
    unknown = sorted(booth.services - set(SERVICES))
    if unknown:
        errors.append(f"services: {unknown[0]!r} is not one of {', '.join(SERVICES)}")
    if booth.status == "sold" and not booth.exhibitor_id:
        errors.append("status: a sold booth needs an exhibitor")
    return errors
