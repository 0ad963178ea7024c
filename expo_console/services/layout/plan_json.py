"""The layout JSON: the whole plan as a file, for versioning and for sharing a draft.

    {"format": "expo-console-layout", "format_version": 1, "event": "…",
     "hall": {hall file, see resources/halls/README.md}, "rules": {RuleSet fields},
     "zones": [{"id", "name", "name_en", "kind", "colour", "polygon": [[x, y], …], "capacity"}],
     "booths": [{"id", "number", "x", "y", "width", "depth", "rotation", "build_type", "status",
                 "section", "exhibitor", "exhibitor_name", "services": ["power", …]}]}

Reading is strict: an unknown or missing field, a bad size, a number used twice, an exhibitor
that is not in this event or anything beyond the bounds of a real hall (domain/layout_bounds.py:
counts, coordinates, capacities, text lengths) stops the import with the booth and the field
named, and nothing is written. An import replaces every booth; zones in the file are created or
updated by id, and zones not in it are kept (check-in gates point at them).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from expo_console.domain.floor_plan import (
    ZONE_KINDS,
    Booth,
    Plan,
    PlanError,
    Zone,
    booth_errors,
    check_keys,
    hall_from_dict,
    hall_to_dict,
    parse_polygon,
    zone_errors,
)
from expo_console.domain.layout_bounds import (
    CROWD_SQUARE,
    MAX_BOOTHS,
    MAX_BOOTHS_NEAR,
    MAX_CODE,
    MAX_ID,
    MAX_NAME,
    MAX_NUMBER,
    MAX_ZONES,
    beyond_reach_error,
    items,
    metres,
    most_crowded,
    shown,
    text,
)
from expo_console.domain.layout_geometry import Rect
from expo_console.domain.layout_rules import RuleSet
from expo_console.services import event_settings
from expo_console.services.changes import LayoutChanged
from expo_console.services.events import event_row
from expo_console.services.layout import floor_plan
from expo_console.storage import audit_repo, layout_repo
from expo_console.storage.connection import EventStore

LAYOUT_FORMAT = "expo-console-layout"
_TOP = {"format", "format_version", "event", "hall", "rules", "zones", "booths"}
_BOOTH_REQUIRED = {"id", "number", "x", "y", "width", "depth", "build_type", "status"}
_BOOTH_KEYS = _BOOTH_REQUIRED | {"rotation", "section", "exhibitor", "exhibitor_name", "services"}
_ZONE_REQUIRED = {"id", "name", "kind", "polygon"}
_ZONE_KEYS = _ZONE_REQUIRED | {"name_en", "colour", "capacity"}


def layout_to_dict(store: EventStore, plan: Plan | None = None) -> dict[str, Any]:
    plan = plan or floor_plan.load_plan(store)
    names = {e.id: e.name for e in floor_plan.exhibitors(store)}
    return {
        "format": LAYOUT_FORMAT, "format_version": 1, "event": event_row(store)["name"],
        "hall": hall_to_dict(plan.hall), "rules": floor_plan.rules(store).to_dict(),
        "zones": [{"id": z.id, "name": z.name, "name_en": z.name_en, "kind": z.kind, "colour": z.colour,
                   "polygon": [list(p) for p in z.polygon], "capacity": z.capacity}
                  for z in plan.zones if z.polygon],
        "booths": [{"id": b.id, "number": b.number, "x": b.x, "y": b.y, "width": b.width, "depth": b.depth,
                    "rotation": b.rotation, "build_type": b.build_type, "status": b.status,
                    "section": b.section_code, "exhibitor": b.exhibitor_id,
                    "exhibitor_name": names.get(b.exhibitor_id or ""), "services": sorted(b.services)}
                   for b in sorted(plan.booths, key=lambda b: (b.number, b.id))],
    }


def export_layout(store: EventStore, target: Path) -> None:
    body = json.dumps(layout_to_dict(store), ensure_ascii=False, indent=1)
    target.write_text(body + "\n", encoding="utf-8")


def _label(kind: str, item: dict[str, Any], i: int, *keys: str) -> str:
    """How a message names an item: its number, name or id when that is short text, else its
    place in the file (a megabyte-long number must not become the message)."""
    for key in keys:
        value = item.get(key)
        if isinstance(value, str) and value.strip() and len(value) <= 40:
            return f"{kind} {value}"
    return f"{kind}s[{i}]"


def _booth(item: Any, i: int, exhibitors: dict[str, str], sections: set[str], hall_box: Rect) -> Booth:
    if not isinstance(item, dict):
        raise PlanError(f"booths[{i}]: expected an object")
    label = _label("booth", item, i, "number", "id")
    check_keys(item, _BOOTH_KEYS, _BOOTH_REQUIRED, label)
    section = item.get("section")
    if section is not None and (not isinstance(section, str) or section not in sections):
        raise PlanError(f"{label}: section: {shown(section)} is not a section of this event")
    exhibitor_name = item.get("exhibitor_name")
    if exhibitor_name is not None:
        text(exhibitor_name, f"{label}: exhibitor_name", MAX_NAME)
    exhibitor = item.get("exhibitor")
    if exhibitor is not None and (not isinstance(exhibitor, str) or exhibitor not in exhibitors):
        raise PlanError(f"{label}: exhibitor: {shown(exhibitor_name or exhibitor)} is not an exhibitor of this event")
    services = item.get("services", [])
    if not isinstance(services, list) or not all(isinstance(s, str) for s in services):
        raise PlanError(f"{label}: services: expected a list like [\"power\", \"water\"]")
    rotation = item.get("rotation", 0)
    number = item["number"]
    booth = Booth(
        id=text(item["id"], f"{label}: id", MAX_ID, required=True),
        number="" if number is None else text(number, f"{label}: number", MAX_NUMBER),
        x=metres(item["x"], f"{label}: x"), y=metres(item["y"], f"{label}: y"),
        width=metres(item["width"], f"{label}: width"), depth=metres(item["depth"], f"{label}: depth"),
        rotation=rotation if isinstance(rotation, int) else -1,
        build_type=text(item["build_type"], f"{label}: build_type", MAX_CODE),
        status=text(item["status"], f"{label}: status", MAX_CODE), section_code=section, exhibitor_id=exhibitor,
        services=frozenset(services))
    errors = booth_errors(booth)
    if errors:
        raise PlanError(f"{label}: {errors[0]}")
    far = beyond_reach_error(booth.rect, hall_box)
    if far:
        raise PlanError(f"{label}: x/y: {far}")
    return booth


def _zone(item: Any, i: int, hall_box: Rect) -> Zone:
    if not isinstance(item, dict):
        raise PlanError(f"zones[{i}]: expected an object")
    label = _label("zone", item, i, "name", "id")
    check_keys(item, _ZONE_KEYS, _ZONE_REQUIRED, label)
    if not isinstance(item["kind"], str) or item["kind"] not in ZONE_KINDS:
        raise PlanError(f"{label}: kind: {shown(item['kind'])} is not one of {', '.join(ZONE_KINDS)}")
    points = parse_polygon(item["polygon"], f"{label}: polygon")
    capacity = item.get("capacity")
    if capacity is not None and (isinstance(capacity, bool) or not isinstance(capacity, int)):
        raise PlanError(f"{label}: capacity: expected a whole number of people, got {shown(capacity)}")
    zone = Zone(text(item["id"], f"{label}: id", MAX_ID, required=True), text(item["name"], f"{label}: name", MAX_NAME),
                text(item.get("name_en", ""), f"{label}: name_en", MAX_NAME), item["kind"], points,
                text(item.get("colour", "#888888"), f"{label}: colour", MAX_CODE), capacity)
    errors = zone_errors(zone, hall_box)
    if errors:
        raise PlanError(f"{label}: {errors[0]}")
    return zone


def parse_layout(data: Any, store: EventStore) -> tuple[Plan, RuleSet]:
    """Everything checked before anything is written, counts before the items they count."""
    if not isinstance(data, dict):
        raise PlanError("layout: expected a JSON object")
    check_keys(data, _TOP, {"format", "format_version", "hall", "booths"}, "layout")
    if data["format"] != LAYOUT_FORMAT or data["format_version"] != 1:
        raise PlanError(f"layout: expected format {LAYOUT_FORMAT!r} version 1")
    if data.get("event") is not None:
        text(data["event"], "layout: event", MAX_NAME)
    hall = hall_from_dict(data["hall"])
    rules_data = data.get("rules") or {}
    if not isinstance(rules_data, dict):
        raise PlanError(f"layout: rules: expected an object, got {shown(rules_data)}")
    try:
        rules = RuleSet.from_dict(rules_data)
    except ValueError as error:
        raise PlanError(str(error)) from error
    booth_items = items(data["booths"], "layout: booths", MAX_BOOTHS, "booths")
    zone_items = items(data.get("zones") or [], "layout: zones", MAX_ZONES, "zones")
    exhibitors = {e.id: e.name for e in floor_plan.exhibitors(store)}
    sections = set(floor_plan.section_prefixes(store))
    booths = [_booth(item, i, exhibitors, sections, hall.bounds) for i, item in enumerate(booth_items)]
    seen_numbers: dict[str, str] = {}
    seen_ids: set[str] = set()
    for booth in booths:
        if booth.id in seen_ids:
            raise PlanError(f"booth {booth.number or booth.id}: id: {booth.id!r} is used twice")
        seen_ids.add(booth.id)
        if booth.number and booth.number in seen_numbers:
            raise PlanError(f"booth {booth.number}: number: used by two booths")
        seen_numbers[booth.number] = booth.id
    crowded = most_crowded([b.rect for b in booths])
    if crowded:
        index, count = crowded
        raise PlanError(f"booth {booths[index].number or booths[index].id}: x/y: {count} booths are piled in one "
                        f"{CROWD_SQUARE:g} m square with it ({MAX_BOOTHS_NEAR} at most); spread them out "
                        "before importing")
    zones = [_zone(item, i, hall.bounds) for i, item in enumerate(zone_items)]
    zone_ids: set[str] = set()
    for zone in zones:
        if zone.id in zone_ids:
            raise PlanError(f"zone {zone.name or zone.id}: id: {zone.id!r} is used by two zones; give each its own id")
        zone_ids.add(zone.id)
    return Plan(hall, tuple(booths), tuple(zones), floor_plan.section_prefixes(store)), rules


def import_layout(store: EventStore, source: Path) -> LayoutChanged:
    data = floor_plan.read_json_file(source, "not a layout JSON file")
    plan, rules = parse_layout(data, store)
    floor_plan.refuse_unless_leased(store)
    if floor_plan.is_locked(store):
        raise floor_plan.LayoutLocked("the layout is locked; unlock it before importing")
    with store.write() as conn:
        hall_id, _geometry = layout_repo.hall_geometry(conn)
        if hall_id is not None:
            layout_repo.set_hall_geometry(conn, hall_id, hall_to_dict(plan.hall))
        layout_repo.delete_all_booths(conn)
        layout_repo.put_booths(conn, store.stamp, hall_id, list(plan.booths))
        layout_repo.put_zones(conn, store.stamp, list(plan.zones))
        event_settings.put_in(conn, store.stamp, event_settings.LAYOUT_RULES, rules.to_dict(), audit=False)
        audit_repo.append(conn, store.stamp, "layout_imported", "layout", None,
                          {"file": source.name, "booths": len(plan.booths), "zones": len(plan.zones)})
    return LayoutChanged(reload=True, hall=True)
