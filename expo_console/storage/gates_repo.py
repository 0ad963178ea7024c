"""Gates: where badges are scanned (hall or zone, entry, exit or both)."""

from __future__ import annotations

import sqlite3
from typing import Any


def all_gates(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """id, name, name_en, zone (the zone's name), zone_id, kind, direction; by kind, then name."""
    cursor = conn.execute(
        "SELECT g.id, g.name, g.name_en, z.name AS zone, g.zone_id, g.kind, g.direction FROM gates g"
        " LEFT JOIN zones z ON z.id = g.zone_id ORDER BY g.kind, g.name")
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


def kind(conn: sqlite3.Connection, gate_id: str) -> str | None:
    """The gate's kind, None when there is no such gate."""
    row = conn.execute("SELECT kind FROM gates WHERE id = ?", (gate_id,)).fetchone()
    return None if row is None else str(row[0])


def name(conn: sqlite3.Connection, gate_id: str) -> str | None:
    row = conn.execute("SELECT name FROM gates WHERE id = ?", (gate_id,)).fetchone()
    return None if row is None else str(row[0])


def zone_of(conn: sqlite3.Connection, gate_id: str) -> str | None:
    """The zone a zone gate leads into; None for a hall gate (or no such gate)."""
    row = conn.execute("SELECT zone_id FROM gates WHERE id = ?", (gate_id,)).fetchone()
    return None if row is None or row[0] is None else str(row[0])


def gated_zone_ids(conn: sqlite3.Connection) -> set[str]:
    """The zones that have a zone gate (the counted zones)."""
    return {r[0] for r in conn.execute("SELECT DISTINCT zone_id FROM gates WHERE kind = 'zone_gate'")}


def kinds_and_zones(conn: sqlite3.Connection) -> list[tuple[str, str, str | None]]:
    """(id, kind, zone_id) of every gate."""
    return [(r[0], r[1], r[2]) for r in conn.execute("SELECT id, kind, zone_id FROM gates")]


def for_simulation(conn: sqlite3.Connection) -> list[tuple[str, str, str | None, str]]:
    """(id, kind, zone_id, direction) of every gate."""
    return [(r[0], r[1], r[2], r[3]) for r in conn.execute("SELECT id, kind, zone_id, direction FROM gates")]


def names(conn: sqlite3.Connection) -> dict[str, str]:
    """gate id → name."""
    return {r[0]: r[1] for r in conn.execute("SELECT id, name FROM gates")}


def insert(conn: sqlite3.Connection, values: dict[str, Any]) -> None:
    """values: id, name, name_en, kind, zone_id, direction, desk_id, created_at, updated_at."""
    conn.execute(
        "INSERT INTO gates (id, name, name_en, kind, zone_id, direction, desk_id, created_at, updated_at)"
        " VALUES (:id, :name, :name_en, :kind, :zone_id, :direction, :desk_id, :created_at, :updated_at)", values)
