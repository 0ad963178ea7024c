"""The studio's and the photo corner's bookings (schema 18): resources, sessions, requests and
bookings with their results. Every read and write names its kind ('studio' or 'photo').

Preferred times are JSON ([["2022-11-02", "10:00", "12:00"], …]); the services turn them into
the domain's records.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from typing import Any

from expo_console.storage.json_rows import decoded, rows, upsert

BOOKING_COLUMNS = ("id", "kind", "request_id", "exhibitor_id", "day", "starts", "ends", "resource_number", "origin",
                   "fixed", "status", "viewers", "peak_viewers", "orders", "sales_krw", "photos_delivered", "note",
                   "updated_at")
_REQUEST_COLUMNS = ("id", "kind", "exhibitor_id", "windows_json", "products", "host", "channel", "priority",
                    "requested_at", "note", "source")
_SELECT_BOOKINGS = f"SELECT {', '.join(BOOKING_COLUMNS)} FROM bookings"
_ORDER = " ORDER BY day, starts, resource_number"


# Resources and sessions -----------------------------------------------------------------------

def resources(conn: sqlite3.Connection, kind: str) -> list[dict[str, Any]]:
    return rows(conn.execute("SELECT kind, number, name, zone_id, x, y FROM booking_resources WHERE kind = ?"
                             " ORDER BY number", (kind,)))


def replace_resources(conn: sqlite3.Connection, kind: str, placed: Iterable[Mapping[str, Any]],
                      stamps: Mapping[str, str]) -> None:
    """The kind's resources as given (numbers not given are removed)."""
    placed = list(placed)
    numbers = [int(r["number"]) for r in placed]
    conn.execute(f"DELETE FROM booking_resources WHERE kind = ? AND number NOT IN ({', '.join('?' * len(numbers))})",
                 (kind, *numbers))
    for resource in placed:
        upsert(conn, "booking_resources", ("kind", "number"), {**resource, "kind": kind}, stamps)


def sessions(conn: sqlite3.Connection, kind: str) -> list[dict[str, Any]]:
    return [decoded(r) for r in rows(conn.execute(
        "SELECT kind, day, starts, ends, slot_minutes, gap_minutes, breaks_json FROM booking_sessions"
        " WHERE kind = ? ORDER BY day", (kind,)))]


def put_session(conn: sqlite3.Connection, values: Mapping[str, Any], stamps: Mapping[str, str]) -> None:
    upsert(conn, "booking_sessions", ("kind", "day"), values, stamps)


def delete_session(conn: sqlite3.Connection, kind: str, day: str) -> bool:
    return conn.execute("DELETE FROM booking_sessions WHERE kind = ? AND day = ?", (kind, day)).rowcount > 0


# Requests -------------------------------------------------------------------------------------

def requests(conn: sqlite3.Connection, kind: str, *, exhibitor_id: str | None = None) -> list[dict[str, Any]]:
    sql = f"SELECT {', '.join(_REQUEST_COLUMNS)} FROM booking_requests WHERE kind = ?"
    params: list[Any] = [kind]
    if exhibitor_id is not None:
        sql += " AND exhibitor_id = ?"
        params.append(exhibitor_id)
    return [decoded(r) for r in rows(conn.execute(sql + " ORDER BY requested_at, id", params))]


def request(conn: sqlite3.Connection, request_id: str) -> dict[str, Any] | None:
    found = rows(conn.execute(f"SELECT {', '.join(_REQUEST_COLUMNS)} FROM booking_requests WHERE id = ?",
                              (request_id,)))
    return decoded(found[0]) if found else None


def put_request(conn: sqlite3.Connection, values: Mapping[str, Any], stamps: Mapping[str, str]) -> None:
    upsert(conn, "booking_requests", ("id",), values, stamps)


def update_request(conn: sqlite3.Connection, request_id: str, fields: Mapping[str, Any]) -> bool:
    names = ", ".join(f"{name} = ?" for name in fields)
    return conn.execute(f"UPDATE booking_requests SET {names} WHERE id = ?",
                        (*fields.values(), request_id)).rowcount > 0


def exhibitor_exists(conn: sqlite3.Connection, exhibitor_id: str) -> bool:
    return conn.execute("SELECT 1 FROM exhibitors WHERE id = ?", (exhibitor_id,)).fetchone() is not None


def delete_request(conn: sqlite3.Connection, request_id: str) -> bool:
    return conn.execute("DELETE FROM booking_requests WHERE id = ?", (request_id,)).rowcount > 0


def request_count(conn: sqlite3.Connection, kind: str) -> int:
    return int(conn.execute("SELECT count(*) FROM booking_requests WHERE kind = ?", (kind,)).fetchone()[0])


# Bookings -------------------------------------------------------------------------------------

def _bookings(cursor: sqlite3.Cursor) -> list[dict[str, Any]]:
    return [dict(zip(BOOKING_COLUMNS, row, strict=True)) for row in cursor.fetchall()]


def booking(conn: sqlite3.Connection, booking_id: str) -> dict[str, Any] | None:
    found = _bookings(conn.execute(_SELECT_BOOKINGS + " WHERE id = ?", (booking_id,)))
    return found[0] if found else None


def bookings(conn: sqlite3.Connection, kind: str, *, day: str | None = None, exhibitor_id: str | None = None,
             request_id: str | None = None) -> list[dict[str, Any]]:
    where, params = ["kind = ?"], [kind]
    for column, value in (("day", day), ("exhibitor_id", exhibitor_id), ("request_id", request_id)):
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
    return _bookings(conn.execute(_SELECT_BOOKINGS + " WHERE " + " AND ".join(where) + _ORDER, params))


def standing_on(conn: sqlite3.Connection, kind: str, day: str) -> list[tuple[str, str, str, str]]:
    """(exhibitor's name, English name, starts, ends) of the day's bookings that still stand, by
    time: the studio gate matches a badge's company against these few names (bookings_slot)."""
    return [(str(r[0]), str(r[1] or ""), str(r[2]), str(r[3])) for r in conn.execute(
        "SELECT e.name, e.name_en, b.starts, b.ends FROM bookings b JOIN exhibitors e ON e.id = b.exhibitor_id"
        " WHERE b.kind = ? AND b.day = ? AND b.status IN ('booked', 'held') ORDER BY b.starts", (kind, day))]


def insert(conn: sqlite3.Connection, row: Mapping[str, Any]) -> None:
    conn.execute(f"INSERT INTO bookings ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", tuple(row.values()))


def update(conn: sqlite3.Connection, booking_id: str, fields: Mapping[str, Any]) -> bool:
    """Only the fields given (a hub merges per field)."""
    names = ", ".join(f"{name} = ?" for name in fields)
    return conn.execute(f"UPDATE bookings SET {names} WHERE id = ?", (*fields.values(), booking_id)).rowcount > 0


def delete(conn: sqlite3.Connection, booking_id: str) -> bool:
    return conn.execute("DELETE FROM bookings WHERE id = ?", (booking_id,)).rowcount > 0


def delete_many(conn: sqlite3.Connection, booking_ids: Iterable[str]) -> int:
    return sum(conn.execute("DELETE FROM bookings WHERE id = ?", (booking_id,)).rowcount
               for booking_id in booking_ids)


def resources_in_use(conn: sqlite3.Connection, kind: str) -> set[int]:
    return {int(r[0]) for r in conn.execute(
        "SELECT DISTINCT resource_number FROM bookings WHERE kind = ? AND status != 'cancelled'", (kind,))}
