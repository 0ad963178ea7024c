"""The floor plan in the event file: the hall, booths, zones, rules and lock, as the editor and the
CLI use them. Every write is one transaction and returns a `LayoutChanged` for the hub."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from expo_console.domain.access import Action
from expo_console.domain.booth_numbering import renumbering
from expo_console.domain.floor_plan import (
    Booth,
    Hall,
    Plan,
    PlanError,
    Zone,
    booth_errors,
    hall_from_dict,
    hall_to_dict,
    zone_errors,
)
from expo_console.domain.layout_bounds import MAX_FILE_BYTES
from expo_console.domain.layout_rules import RuleSet
from expo_console.domain.layout_validation import PlanCheck, validate_plan
from expo_console.resources import resource
from expo_console.services import event_settings
from expo_console.services.access import require
from expo_console.services.changes import LayoutChanged
from expo_console.services.hub import edit_lease
from expo_console.storage import audit_repo, layout_repo
from expo_console.storage.connection import EventStore

DEFAULT_HALL = "coex_hall_b.json"
RULES_SETTING = event_settings.LAYOUT_RULES.key
LOCK_SETTING = event_settings.LAYOUT_LOCKED.key


def read_json_file(path: Path, refusal: str) -> Any:
    """A hall or layout file as JSON, or PlanError("NAME: refusal (why)"), never a traceback: the
    size is checked before reading, and nesting deeper than the parser's recursion limit (the C
    parser raises RecursionError, it does not crash) is refused like any other broken file."""
    try:
        size = path.stat().st_size
    except OSError as error:
        raise PlanError(f"{path.name}: {refusal} ({error})") from error
    if size > MAX_FILE_BYTES:
        raise PlanError(f"{path.name}: {refusal} ({size / 2**20:,.0f} MB is larger than any plan file, "
                        f"{MAX_FILE_BYTES // 2**20} MB at most; check that this is the right file)")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except RecursionError as error:
        raise PlanError(f"{path.name}: {refusal} (lists or objects nested deeper than any plan file; "
                        "check that this is the right file)") from error
    except json.JSONDecodeError as error:
        raise PlanError(f"{path.name}: {refusal} ({error})") from error
    except (OSError, ValueError) as error:  # UnicodeDecodeError, or an integer of over 4,300 digits
        reason = (error if isinstance(error, OSError | UnicodeDecodeError)
                  else "a number has more digits than any plan needs; check that this is the right file")
        raise PlanError(f"{path.name}: {refusal} ({reason})") from error


def read_hall_file(path: Path | str) -> Hall:
    """A hall JSON file; a broken one is refused with the file's name and what is wrong."""
    path = Path(path)
    data = read_json_file(path, "cannot read the hall file")
    try:
        return hall_from_dict(data)
    except PlanError as error:
        raise PlanError(f"{path.name}: {error}") from error


def default_hall() -> Hall:
    return read_hall_file(resource("halls", DEFAULT_HALL))


def current_hall(store: EventStore) -> Hall:
    """The event's hall as traced or edited, or the shipped COEX Hall B until then."""
    _hall_id, geometry = layout_repo.hall_geometry(store.conn)
    return hall_from_dict(geometry) if geometry else default_hall()


def set_hall(store: EventStore, hall: Hall) -> LayoutChanged:
    refuse_unless_leased(store)
    _refuse_if_locked(store)
    with store.write() as conn:
        hall_id, _old = layout_repo.hall_geometry(conn)
        if hall_id is None:
            raise PlanError("this event has no hall; create it with a hall name")
        layout_repo.set_hall_geometry(conn, hall_id, hall_to_dict(hall), store.stamps()["updated_at"])
        audit_repo.append(conn, store.stamp, "hall_changed", "hall", hall_id,
                          {"doors": len(hall.doors), "obstacles": len(hall.obstacles)})
    return LayoutChanged(hall=True)


def section_prefixes(store: EventStore) -> dict[str, str]:
    return layout_repo.section_prefixes(store.conn)


def sections_with_english(store: EventStore) -> list[tuple[str, str, str, str]]:
    """(code, name, name_en, colour) of every section, by code."""
    return layout_repo.sections_with_english(store.conn)


def sections(store: EventStore) -> list[tuple[str, str, str]]:
    """(code, name, colour) of every section, by code."""
    return layout_repo.sections(store.conn)


def load_plan(store: EventStore) -> Plan:
    return Plan(current_hall(store), tuple(layout_repo.booths(store.conn)), tuple(layout_repo.zones(store.conn)),
                section_prefixes(store))


def rules(store: EventStore) -> RuleSet:
    stored: dict[str, Any] = event_settings.get(store, event_settings.LAYOUT_RULES)
    return RuleSet.from_dict(stored)


def set_rules(store: EventStore, new_rules: RuleSet) -> LayoutChanged:
    refuse_unless_leased(store)
    event_settings.put(store, event_settings.LAYOUT_RULES, new_rules.to_dict())
    return LayoutChanged(rules=True)


def is_locked(store: EventStore) -> bool:
    return event_settings.get(store, event_settings.LAYOUT_LOCKED)


def set_locked(store: EventStore, locked: bool) -> LayoutChanged:
    refuse_unless_leased(store)
    event_settings.put(store, event_settings.LAYOUT_LOCKED, locked)
    return LayoutChanged(rules=True)


def check_plan(store: EventStore) -> PlanCheck:
    return validate_plan(load_plan(store), rules(store))


class LayoutLocked(PlanError):
    """The organiser locked the layout (it went to the venue); unlock it to edit."""


class LayoutLeased(PlanError):
    """On a hub one desk at a time edits the floor plan, and it is not this one."""


def refuse_unless_leased(store: EventStore) -> None:
    """Every write of the floor plan asks first (the layout import too): on a hub, only the desk
    with the lease writes it. And only an operator who may change the event's settings."""
    require(store, Action.CHANGE_SETTINGS)
    if edit_lease.may_edit(store):
        return
    held = edit_lease.holder(store)
    if held is None:
        raise LayoutLeased("the floor plan is shared through the hub and one desk at a time edits it: choose "
                           "'Edit on this desk' first")
    raise LayoutLeased(f"read-only: the floor plan is being edited on desk {held.desk_label()} since "
                       f"{held.since_local()}; take it over to edit it here")


def _refuse_if_locked(store: EventStore) -> None:
    if is_locked(store):
        raise LayoutLocked("the layout is locked; unlock it (Layout ▸ Lock) before editing")


def put_booths(store: EventStore, booths: list[Booth], remove: list[str] | None = None) -> LayoutChanged:
    """Create or update booths (and remove others) in one transaction; a booth with a bad field
    is refused with its number and the field, and then nothing is written."""
    refuse_unless_leased(store)
    _refuse_if_locked(store)
    remove = remove or []
    for booth in booths:
        errors = booth_errors(booth)
        if errors:
            raise PlanError(f"booth {booth.number or booth.id}: {errors[0]}")
    numbers = [b.number for b in booths if b.number]
    if len(set(numbers)) != len(numbers):
        raise PlanError(f"booth {next(n for n in numbers if numbers.count(n) > 1)}: the number is used twice")
    with store.write() as conn:
        layout_repo.delete_booths(conn, remove)
        taken = _numbers_taken_elsewhere(conn, booths)
        if taken:
            raise PlanError(f"booth {taken}: another booth already has this number")
        hall_id, _geometry = layout_repo.hall_geometry(conn)
        layout_repo.put_booths(conn, store.stamp, hall_id, booths)
    return LayoutChanged(booths=tuple(b.id for b in booths) + tuple(remove))


def _numbers_taken_elsewhere(conn: sqlite3.Connection, booths: list[Booth]) -> str | None:
    ids = {b.id for b in booths}
    for booth in booths:
        if not booth.number:
            continue
        holder = layout_repo.booth_id_with_number(conn, booth.number)
        if holder is not None and holder not in ids:
            return booth.number
    return None


def put_zones(store: EventStore, zones: list[Zone], remove: list[str] | None = None) -> LayoutChanged:
    refuse_unless_leased(store)
    _refuse_if_locked(store)
    remove = remove or []
    hall_box = current_hall(store).bounds
    for zone in zones:
        errors = zone_errors(zone, hall_box)
        if errors:
            raise PlanError(f"zone {zone.name or zone.id}: {errors[0]}")
    with store.write() as conn:
        layout_repo.delete_zones(conn, remove)
        layout_repo.put_zones(conn, store.stamp, zones)
    return LayoutChanged(zones=tuple(z.id for z in zones) + tuple(remove))


def numbering_changes(store: EventStore) -> list[Booth]:
    """The booths as they would be after renumbering (the editor pushes them as one undo step)."""
    plan = load_plan(store)
    changes = renumbering(plan.booths, plan.section_prefixes)
    return [replace(b, number=changes[b.id][1]) for b in plan.booths if b.id in changes]


@dataclass(frozen=True, slots=True)
class Exhibitor:
    id: str
    name: str
    name_en: str
    section_code: str | None
    zone_id: str | None
    products: str


def exhibitors(store: EventStore) -> list[Exhibitor]:
    return [Exhibitor(*row) for row in layout_repo.exhibitor_rows(store.conn)]


def unplaced_exhibitors(store: EventStore) -> list[Exhibitor]:
    placed = layout_repo.placed_exhibitor_ids(store.conn)
    return [e for e in exhibitors(store) if e.id not in placed]


def background(store: EventStore) -> dict[str, object] | None:
    """The venue's drawing behind the plan: image bytes, metres per pixel, position, opacity."""
    hall_id, _geometry = layout_repo.hall_geometry(store.conn)
    return layout_repo.background(store.conn, hall_id) if hall_id else None


def set_background(store: EventStore, values: dict[str, object] | None) -> LayoutChanged:
    """Store (or with None, remove) the background; calibrating only changes its scale."""
    refuse_unless_leased(store)
    with store.write() as conn:
        hall_id, _geometry = layout_repo.hall_geometry(conn)
        if hall_id is None:
            raise PlanError("this event has no hall to put a drawing behind")
        if values is None:
            layout_repo.delete_background(conn, hall_id)
        else:
            layout_repo.put_background(conn, store.stamp, hall_id, values)
    return LayoutChanged(hall=True)
