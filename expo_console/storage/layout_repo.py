"""Booths, zones, the hall's geometry and its background image: rows ↔ floor-plan dataclasses."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from expo_console.domain.floor_plan import Booth, Zone
from expo_console.storage.connection import Stamp, utc_now

_BOOTH_COLUMNS = ("id", "number", "x", "y", "width", "depth", "rotation", "build_type", "status",
                  "section_code", "exhibitor_id", "services_json")


def booth_from_row(row: sqlite3.Row | tuple[Any, ...]) -> Booth:
    (booth_id, number, x, y, width, depth, rotation, build_type, status, section, exhibitor, services) = row
    return Booth(id=booth_id, number=number or "", x=x, y=y, width=width, depth=depth, rotation=rotation,
                 build_type=build_type, status=status, section_code=section, exhibitor_id=exhibitor,
                 services=frozenset(json.loads(services or "[]")))


def booths(conn: sqlite3.Connection) -> list[Booth]:
    rows = conn.execute(f"SELECT {', '.join(_BOOTH_COLUMNS)} FROM booths ORDER BY number, id")
    return [booth_from_row(r) for r in rows]


def put_booths(conn: sqlite3.Connection, stamp: Stamp, hall_id: str | None, items: list[Booth]) -> None:
    """Insert or replace; numbers are cleared first so a swap of two numbers never collides."""
    now = utc_now()
    conn.executemany("UPDATE booths SET number = NULL WHERE id = ?", [(b.id,) for b in items])
    conn.executemany(
        "INSERT INTO booths (id, hall_id, number, x, y, width, depth, rotation, build_type, status,"
        " section_code, exhibitor_id, services_json, desk_id, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT(id) DO UPDATE SET number = excluded.number, x = excluded.x, y = excluded.y,"
        " width = excluded.width, depth = excluded.depth, rotation = excluded.rotation,"
        " build_type = excluded.build_type, status = excluded.status, section_code = excluded.section_code,"
        " exhibitor_id = excluded.exhibitor_id, services_json = excluded.services_json,"
        " desk_id = excluded.desk_id, updated_at = excluded.updated_at",
        [(b.id, hall_id, b.number or None, b.x, b.y, b.width, b.depth, b.rotation, b.build_type, b.status,
          b.section_code, b.exhibitor_id, json.dumps(sorted(b.services)), stamp.desk_id, now, now)
         for b in items])


def delete_booths(conn: sqlite3.Connection, booth_ids: list[str]) -> None:
    conn.executemany("DELETE FROM booths WHERE id = ?", [(i,) for i in booth_ids])


def zones(conn: sqlite3.Connection) -> list[Zone]:
    rows = conn.execute("SELECT id, name, name_en, kind, polygon_json, colour, capacity FROM zones ORDER BY name")
    return [Zone(id=r[0], name=r[1], name_en=r[2], kind=r[3],
                 polygon=tuple(tuple(p) for p in json.loads(r[4] or "[]")), colour=r[5], capacity=r[6])
            for r in rows]


def put_zones(conn: sqlite3.Connection, stamp: Stamp, items: list[Zone]) -> None:
    now = utc_now()
    conn.executemany(
        "INSERT INTO zones (id, name, name_en, kind, polygon_json, capacity, colour, desk_id, created_at,"
        " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name,"
        " name_en = excluded.name_en, kind = excluded.kind, polygon_json = excluded.polygon_json,"
        " capacity = excluded.capacity, colour = excluded.colour, desk_id = excluded.desk_id,"
        " updated_at = excluded.updated_at",
        [(z.id, z.name, z.name_en, z.kind, json.dumps([list(p) for p in z.polygon]) if z.polygon else None,
          z.capacity, z.colour, stamp.desk_id, now, now) for z in items])


def delete_zones(conn: sqlite3.Connection, zone_ids: list[str]) -> None:
    """Gates and exhibitors that pointed at the zone keep working: they lose the link only."""
    for zone_id in zone_ids:
        conn.execute("UPDATE exhibitors SET zone_id = NULL WHERE zone_id = ?", (zone_id,))
        conn.execute("UPDATE gates SET zone_id = NULL WHERE zone_id = ?", (zone_id,))
        conn.execute("DELETE FROM zones WHERE id = ?", (zone_id,))


def hall_geometry(conn: sqlite3.Connection) -> tuple[str | None, dict[str, Any]]:
    row = conn.execute("SELECT h.id, h.geometry_json FROM event e LEFT JOIN halls h ON h.id = e.hall_id").fetchone()
    if row is None or row[0] is None:
        return None, {}
    return row[0], json.loads(row[1] or "{}")


def background(conn: sqlite3.Connection, hall_id: str) -> dict[str, Any] | None:
    row = conn.execute("SELECT image, source_name, metres_per_pixel, x, y, opacity FROM hall_backgrounds"
                       " WHERE hall_id = ?", (hall_id,)).fetchone()
    if row is None:
        return None
    return dict(zip(("image", "source_name", "metres_per_pixel", "x", "y", "opacity"), row, strict=True))


def put_background(conn: sqlite3.Connection, stamp: Stamp, hall_id: str, values: dict[str, Any]) -> None:
    now = utc_now()
    conn.execute(
        "INSERT INTO hall_backgrounds (hall_id, image, source_name, metres_per_pixel, x, y, opacity, desk_id,"
        " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(hall_id) DO UPDATE SET"
        " image = excluded.image, source_name = excluded.source_name,"
        " metres_per_pixel = excluded.metres_per_pixel, x = excluded.x, y = excluded.y,"
        " opacity = excluded.opacity, desk_id = excluded.desk_id, updated_at = excluded.updated_at",
        (hall_id, values["image"], values["source_name"], values["metres_per_pixel"], values["x"], values["y"],
         values["opacity"], stamp.desk_id, now, now))


def set_hall_geometry(conn: sqlite3.Connection, hall_id: str, geometry: dict[str, Any],
                      updated_at: str | None = None) -> None:
    """The hall's outline, doors and obstacles (updated_at left alone when None: a layout import)."""
    text = json.dumps(geometry, ensure_ascii=False)
    if updated_at is None:
        conn.execute("UPDATE halls SET geometry_json = ? WHERE id = ?", (text, hall_id))
    else:
        conn.execute("UPDATE halls SET geometry_json = ?, updated_at = ? WHERE id = ?", (text, updated_at, hall_id))


def delete_background(conn: sqlite3.Connection, hall_id: str) -> None:
    conn.execute("DELETE FROM hall_backgrounds WHERE hall_id = ?", (hall_id,))


def section_prefixes(conn: sqlite3.Connection) -> dict[str, str]:
    """Section code → the prefix of its booth numbers."""
    return {str(code): str(prefix) for code, prefix in conn.execute("SELECT code, booth_prefix FROM sections")}


def sections(conn: sqlite3.Connection) -> list[tuple[str, str, str]]:
    """(code, name, colour) of every section, by code."""
    return [(r[0], r[1], r[2]) for r in conn.execute("SELECT code, name, colour FROM sections ORDER BY code")]


def booth_id_with_number(conn: sqlite3.Connection, number: str) -> str | None:
    row = conn.execute("SELECT id FROM booths WHERE number = ?", (number,)).fetchone()
    return None if row is None else str(row[0])


def exhibitor_rows(conn: sqlite3.Connection) -> list[tuple[str, str, str, str | None, str | None, str]]:
    """(id, name, name_en, section_code, zone_id, products) of every exhibitor, by name."""
    rows = conn.execute("SELECT id, name, name_en, section_code, zone_id, products FROM exhibitors ORDER BY name")
    return [(r[0], r[1], r[2], r[3], r[4], r[5]) for r in rows]


def placed_exhibitor_ids(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT exhibitor_id FROM booths WHERE exhibitor_id IS NOT NULL")}


def delete_all_booths(conn: sqlite3.Connection) -> None:
    conn.execute("DELETE FROM booths")


def sections_with_english(conn: sqlite3.Connection) -> list[tuple[str, str, str, str]]:
    """(code, name, name_en, colour) of every section, by code."""
    return [(r[0], r[1], r[2], r[3]) for r in
            conn.execute("SELECT code, name, name_en, colour FROM sections ORDER BY code")]


def insert_section(conn: sqlite3.Connection, code: str, name: str, name_en: str, colour: str, booth_prefix: str,
                   stamps: dict[str, str]) -> None:
    conn.execute("INSERT INTO sections VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                 (code, name, name_en, colour, booth_prefix, stamps["desk_id"], stamps["created_at"],
                  stamps["updated_at"]))


def insert_zone_heading(conn: sqlite3.Connection, zone_id: str, name: str, name_en: str, kind: str, colour: str,
                        stamps: dict[str, str]) -> None:
    """A zone without its outline yet (drawn on the plan later)."""
    conn.execute("INSERT INTO zones (id, name, name_en, kind, colour, desk_id, created_at, updated_at)"
                 " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                 (zone_id, name, name_en, kind, colour, stamps["desk_id"], stamps["created_at"], stamps["updated_at"]))


def zone_ids_by_name(conn: sqlite3.Connection) -> dict[str, str]:
    return {r[1]: r[0] for r in conn.execute("SELECT id, name FROM zones")}


def insert_exhibitor(conn: sqlite3.Connection, exhibitor_id: str, name: str, name_en: str, section_code: str,
                     products: str, stamps: dict[str, str]) -> None:
    conn.execute("INSERT INTO exhibitors (id, name, name_en, section_code, products, desk_id, created_at, updated_at)"
                 " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                 (exhibitor_id, name, name_en, section_code, products, stamps["desk_id"], stamps["created_at"],
                  stamps["updated_at"]))


def exhibitor_has_zone(conn: sqlite3.Connection, exhibitor_id: str) -> bool:
    row = conn.execute("SELECT zone_id IS NOT NULL FROM exhibitors WHERE id = ?", (exhibitor_id,)).fetchone()
    return bool(row[0])


def set_exhibitor_zone(conn: sqlite3.Connection, exhibitor_id: str, zone_id: str | None) -> None:
    conn.execute("UPDATE exhibitors SET zone_id = ? WHERE id = ?", (zone_id, exhibitor_id))


def exhibitor_names(conn: sqlite3.Connection) -> list[str]:
    """Every exhibitor's name, in the order they were written."""
    return [r[0] for r in conn.execute("SELECT name FROM exhibitors")]
