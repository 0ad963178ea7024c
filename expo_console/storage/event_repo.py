"""The event row (one per file), its settings and its hall; table counts for `info`."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

COUNTED_TABLES = ("exhibitors", "booths", "zones", "gates", "visitors", "badges", "scans")


def insert_hall(conn: sqlite3.Connection, hall_id: str, name: str, stamps: dict[str, str]) -> None:
    conn.execute(
        "INSERT INTO halls (id, name, geometry_json, desk_id, created_at, updated_at)"
        " VALUES (?, ?, '{}', ?, ?, ?)",
        (hall_id, name, stamps["desk_id"], stamps["created_at"], stamps["updated_at"]),
    )


def insert_event(conn: sqlite3.Connection, event_id: str, values: dict[str, Any], stamps: dict[str, str]) -> None:
    """values: name, name_en, starts_on, ends_on, venue, hall_id, is_demo, badge_event_number."""
    conn.execute(
        "INSERT INTO event (id, name, name_en, starts_on, ends_on, venue, hall_id, is_demo,"
        " badge_event_number, desk_id, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (event_id, values["name"], values["name_en"], values["starts_on"], values["ends_on"],
         values["venue"], values["hall_id"], int(values["is_demo"]), values["badge_event_number"],
         stamps["desk_id"], stamps["created_at"], stamps["updated_at"]),
    )


def event_count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM event").fetchone()[0])


def event_row(conn: sqlite3.Connection) -> dict[str, Any]:
    """The event's columns and its hall's name (hall_name)."""
    cursor = conn.execute("SELECT e.*, h.name AS hall_name FROM event e LEFT JOIN halls h ON h.id = e.hall_id")
    row = cursor.fetchone()
    return dict(zip([d[0] for d in cursor.description], row, strict=True))


def hall_name(conn: sqlite3.Connection) -> str:
    """The event's hall's name ('' without one)."""
    row = conn.execute("SELECT COALESCE(h.name, '') FROM event e LEFT JOIN halls h ON h.id = e.hall_id").fetchone()
    return "" if row is None else str(row[0])


def set_consent_notice_version(conn: sqlite3.Connection, version: str) -> None:
    conn.execute("UPDATE event SET consent_notice_version = ?", (version,))


def settings(conn: sqlite3.Connection) -> dict[str, Any]:
    """The event's settings as stored (settings_json); services/event_settings.py types them."""
    row = conn.execute("SELECT settings_json FROM event").fetchone()
    return dict(json.loads(row[0] or "{}")) if row else {}


def put_settings(conn: sqlite3.Connection, values: dict[str, Any]) -> None:
    """Write the whole settings object: the one write path for event settings."""
    conn.execute("UPDATE event SET settings_json = ?", (json.dumps(values, ensure_ascii=False),))


def count_rows(conn: sqlite3.Connection, table: str) -> int:
    if table not in COUNTED_TABLES:
        raise ValueError(f"not a counted table: {table}")
    return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
