"""The layout JSON: the whole plan as a file, for versioning and for sharing a draft.

    {"format": "expo-console-layout", "format_version": 1, "event": "…",
     "hall": {hall file, see resources/halls/README.md}, "rules": {RuleSet fields},
     "zones": [{"id", "name", "name_en", "kind", "colour", "polygon": [[x, y], …], "capacity"}],
     "booths": [{"id", "number", "x", "y", "width", "depth", "rotation", "build_type", "status",
                 "section", "exhibitor", "exhibitor_name", "services": ["power", …]}]}

Reading is strict: an unknown or missing field, a bad size, a number used twice or an exhibitor
that is not in this event stops the import with the booth and the field named, and nothing is
written. An import replaces every booth; zones in the file are created or updated by id, and
zones not in it are kept (check-in gates point at them).
"""

from __future__ import annotations

import json
import math
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
)
from expo_console.domain.layout_rules import RuleSet
from expo_console.services import layout
from expo_console.services.changes import LayoutChanged
from expo_console.services.events import event_row
from expo_console.storage import audit_repo, layout_repo
from expo_console.storage.connection import EventStore

LAYOUT_FORMAT = "expo-console-layout"
_TOP = {"format", "format_version", "event", "hall", "rules", "zones", "booths"}
_BOOTH_REQUIRED = {"id", "number", "x", "y", "width", "depth", "build_type", "status"}
_BOOTH_KEYS = _BOOTH_REQUIRED | {"rotation", "section", "exhibitor", "exhibitor_name", "services"}
_ZONE_REQUIRED = {"id", "name", "kind", "polygon"}
_ZONE_KEYS = _ZONE_REQUIRED | {"name_en", "colour", "capacity"}


def layout_to_dict(store: EventStore, plan: Plan | None = None) -> dict[str, Any]:
    plan = plan or layout.load_plan(store)
    names = {e.id: e.name for e in layout.exhibitors(store)}
    return {
        "format": LAYOUT_FORMAT, "format_version": 1, "event": event_row(store)["name"],
        "hall": hall_to_dict(plan.hall), "rules": layout.rules(store).to_dict(),
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
    text = json.dumps(layout_to_dict(store), ensure_ascii=False, indent=1)
    target.write_text(text + "\n", encoding="utf-8")


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise PlanError(f"{where}: expected a number of metres, got {value!r}")
    return float(value)


def _text(value: Any, where: str, *, optional: bool = False) -> str:
    if value is None and optional:
        return ""
    if not isinstance(value, str):
        raise PlanError(f"{where}: expected text, got {value!r}")
    return value


def _booth(item: Any, i: int, exhibitors: dict[str, str], sections: set[str]) -> Booth:
    if not isinstance(item, dict):
        raise PlanError(f"booths[{i}]: expected an object")
    label = f"booth {item.get('number') or item.get('id') or i + 1}"
    check_keys(item, _BOOTH_KEYS, _BOOTH_REQUIRED, label)
    section = item.get("section")
    if section is not None and section not in sections:
        raise PlanError(f"{label}: section: {section!r} is not a section of this event")
    exhibitor = item.get("exhibitor")
    if exhibitor is not None and exhibitor not in exhibitors:
        name = item.get("exhibitor_name") or exhibitor
        raise PlanError(f"{label}: exhibitor: {name!r} is not an exhibitor of this event")
    services = item.get("services", [])
    if not isinstance(services, list) or not all(isinstance(s, str) for s in services):
        raise PlanError(f"{label}: services: expected a list like [\"power\", \"water\"]")
    rotation = item.get("rotation", 0)
    booth = Booth(
        id=_text(item["id"], f"{label}: id"), number=_text(item["number"], f"{label}: number", optional=True),
        x=_number(item["x"], f"{label}: x"), y=_number(item["y"], f"{label}: y"),
        width=_number(item["width"], f"{label}: width"), depth=_number(item["depth"], f"{label}: depth"),
        rotation=rotation if isinstance(rotation, int) else -1,
        build_type=_text(item["build_type"], f"{label}: build_type"),
        status=_text(item["status"], f"{label}: status"), section_code=section, exhibitor_id=exhibitor,
        services=frozenset(services))
    errors = booth_errors(booth)
    if errors:
        raise PlanError(f"{label}: {errors[0]}")
    return booth


def _zone(item: Any, i: int) -> Zone:
    if not isinstance(item, dict):
        raise PlanError(f"zones[{i}]: expected an object")
    label = f"zone {item.get('name') or item.get('id') or i + 1}"
    check_keys(item, _ZONE_KEYS, _ZONE_REQUIRED, label)
    if item["kind"] not in ZONE_KINDS:
        raise PlanError(f"{label}: kind: {item['kind']!r} is not one of {', '.join(ZONE_KINDS)}")
    points = parse_polygon(item["polygon"], f"{label}: polygon")
    capacity = item.get("capacity")
    if capacity is not None and (isinstance(capacity, bool) or not isinstance(capacity, int) or capacity < 0):
        raise PlanError(f"{label}: capacity: expected a whole number of people, got {capacity!r}")
    return Zone(_text(item["id"], f"{label}: id"), _text(item["name"], f"{label}: name"),
                _text(item.get("name_en", ""), f"{label}: name_en"), item["kind"], points,
                _text(item.get("colour", "#888888"), f"{label}: colour"), capacity)


def parse_layout(data: Any, store: EventStore) -> tuple[Plan, RuleSet]:
    """Everything checked before anything is written."""
    if not isinstance(data, dict):
        raise PlanError("layout: expected a JSON object")
    check_keys(data, _TOP, {"format", "format_version", "hall", "booths"}, "layout")
    if data["format"] != LAYOUT_FORMAT or data["format_version"] != 1:
        raise PlanError(f"layout: expected format {LAYOUT_FORMAT!r} version 1")
    hall = hall_from_dict(data["hall"])
    try:
        rules = RuleSet.from_dict(data.get("rules") or {})
    except ValueError as error:
        raise PlanError(str(error)) from error
    exhibitors = {e.id: e.name for e in layout.exhibitors(store)}
    sections = set(layout.section_prefixes(store))
    if not isinstance(data["booths"], list):
        raise PlanError("layout: booths: expected a list")
    booths = [_booth(item, i, exhibitors, sections) for i, item in enumerate(data["booths"])]
    seen_numbers: dict[str, str] = {}
    seen_ids: set[str] = set()
    for booth in booths:
        if booth.id in seen_ids:
            raise PlanError(f"booth {booth.number or booth.id}: id: {booth.id!r} is used twice")
        seen_ids.add(booth.id)
        if booth.number and booth.number in seen_numbers:
            raise PlanError(f"booth {booth.number}: number: used by two booths")
        seen_numbers[booth.number] = booth.id
    zones = [_zone(item, i) for i, item in enumerate(data.get("zones") or [])]
    return Plan(hall, tuple(booths), tuple(zones), layout.section_prefixes(store)), rules


def import_layout(store: EventStore, source: Path) -> LayoutChanged:
    try:
        data = json.loads(source.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise PlanError(f"{source.name}: not a layout JSON file ({error})") from error
    plan, rules = parse_layout(data, store)
    if layout.is_locked(store):
        raise layout.LayoutLocked("the layout is locked; unlock it before importing")
    with store.write() as conn:
        hall_id, _geometry = layout_repo.hall_geometry(conn)
        if hall_id is not None:
            conn.execute("UPDATE halls SET geometry_json = ? WHERE id = ?",
                         (json.dumps(hall_to_dict(plan.hall), ensure_ascii=False), hall_id))
        conn.execute("DELETE FROM booths")
        layout_repo.put_booths(conn, store.stamp, hall_id, list(plan.booths))
        layout_repo.put_zones(conn, store.stamp, list(plan.zones))
        settings = json.loads(conn.execute("SELECT settings_json FROM event").fetchone()[0] or "{}")
        settings[layout.RULES_SETTING] = rules.to_dict()
        conn.execute("UPDATE event SET settings_json = ?", (json.dumps(settings, ensure_ascii=False),))
        audit_repo.append(conn, store.stamp, "layout_imported", "layout", None,
                          {"file": source.name, "booths": len(plan.booths), "zones": len(plan.zones)})
    return LayoutChanged(reload=True, hall=True)
