"""The consultation zone's setup: buyers' and exhibitors' consultation details, interpreters,
the zone's tables, each day's session and the ranked requests (schema 17).

Lists are kept as JSON text (languages, categories, days as ISO dates); the services turn them
into the domain's records. Writes upsert by key and name only the columns given, so a hub's
per-field merge keeps two desks' edits of different fields.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from typing import Any

from expo_console.storage.json_rows import decoded, upsert
from expo_console.storage.json_rows import rows as rows_of

_BUYER_COLUMNS = ("visitor_id", "language", "categories_json", "days_json")
_EXHIBITOR_COLUMNS = ("exhibitor_id", "seats", "categories_json", "days_json")
_INTERPRETER_COLUMNS = ("id", "name", "languages_json", "days_json")
_TABLE_COLUMNS = ("number", "zone_id", "x", "y")
_SESSION_COLUMNS = ("day", "starts", "ends", "slot_minutes", "breaks_json")


# Buyers ---------------------------------------------------------------------------------------

def buyers(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """The buyers: visitors of the buyer classes, with their consultation details when set
    (language, categories, days; a buyer without details speaks Korean and comes every day)."""
    cursor = conn.execute(
        "SELECT v.id, v.name, v.name_en, v.company, v.country, v.visitor_class,"
        " coalesce(b.language, '') AS language, coalesce(b.categories_json, '[]') AS categories_json,"
        " coalesce(b.days_json, '[]') AS days_json"
        " FROM visitors v LEFT JOIN consultation_buyers b ON b.visitor_id = v.id"
        " WHERE v.visitor_class IN ('domestic_buyer', 'overseas_buyer') OR b.visitor_id IS NOT NULL"
        " ORDER BY v.company, v.name")
    return [decoded(r) for r in rows_of(cursor)]


def buyer_details(conn: sqlite3.Connection, visitor_id: str) -> dict[str, Any] | None:
    """A buyer's own consultation details (language, categories, days), when set."""
    rows = rows_of(conn.execute(f"SELECT {', '.join(_BUYER_COLUMNS)} FROM consultation_buyers WHERE visitor_id = ?",
                              (visitor_id,)))
    return decoded(rows[0]) if rows else None


def put_buyer(conn: sqlite3.Connection, values: Mapping[str, Any], stamps: Mapping[str, str]) -> None:
    upsert(conn, "consultation_buyers", ("visitor_id",), values, stamps)


# Exhibitors -----------------------------------------------------------------------------------

def exhibitors(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every exhibitor with its section, its booth number (the first, when it has several) and
    its consultation details (one seat and every day when none are set)."""
    cursor = conn.execute(
        "SELECT e.id, e.name, e.name_en, coalesce(e.section_code, '') AS section_code,"
        " coalesce(s.name, '') AS section_name, coalesce(s.name_en, '') AS section_name_en,"
        " coalesce((SELECT min(number) FROM booths WHERE exhibitor_id = e.id), '') AS booth,"
        " coalesce(c.seats, 1) AS seats, coalesce(c.categories_json, '[]') AS categories_json,"
        " coalesce(c.days_json, '[]') AS days_json"
        " FROM exhibitors e LEFT JOIN sections s ON s.code = e.section_code"
        " LEFT JOIN consultation_exhibitors c ON c.exhibitor_id = e.id ORDER BY e.name")
    return [decoded(r) for r in rows_of(cursor)]


def put_exhibitor(conn: sqlite3.Connection, values: Mapping[str, Any], stamps: Mapping[str, str]) -> None:
    upsert(conn, "consultation_exhibitors", ("exhibitor_id",), values, stamps)


# Interpreters ---------------------------------------------------------------------------------

def interpreters(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    cursor = conn.execute(f"SELECT {', '.join(_INTERPRETER_COLUMNS)} FROM interpreters ORDER BY name")
    return [decoded(r) for r in rows_of(cursor)]


def put_interpreter(conn: sqlite3.Connection, values: Mapping[str, Any], stamps: Mapping[str, str]) -> None:
    upsert(conn, "interpreters", ("id",), values, stamps)


def delete_interpreter(conn: sqlite3.Connection, interpreter_id: str) -> bool:
    return conn.execute("DELETE FROM interpreters WHERE id = ?", (interpreter_id,)).rowcount > 0


# Tables ---------------------------------------------------------------------------------------

def tables(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    return rows_of(conn.execute(f"SELECT {', '.join(_TABLE_COLUMNS)} FROM consultation_tables ORDER BY number"))


def replace_tables(conn: sqlite3.Connection, placed: Iterable[Mapping[str, Any]], stamps: Mapping[str, str]) -> None:
    """The zone's tables as given (numbers not given are removed)."""
    placed = list(placed)
    numbers = [int(t["number"]) for t in placed]
    conn.execute(f"DELETE FROM consultation_tables WHERE number NOT IN ({', '.join('?' * len(numbers))})", numbers)
    for table in placed:
        upsert(conn, "consultation_tables", ("number",), table, stamps)


# Sessions -------------------------------------------------------------------------------------

def sessions(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    return [decoded(r) for r in rows_of(conn.execute(
        f"SELECT {', '.join(_SESSION_COLUMNS)} FROM consultation_sessions ORDER BY day"))]


def put_session(conn: sqlite3.Connection, values: Mapping[str, Any], stamps: Mapping[str, str]) -> None:
    upsert(conn, "consultation_sessions", ("day",), values, stamps)


def delete_session(conn: sqlite3.Connection, day: str) -> bool:
    return conn.execute("DELETE FROM consultation_sessions WHERE day = ?", (day,)).rowcount > 0


# Requests -------------------------------------------------------------------------------------

_PAIRS = ("SELECT buyer_id, exhibitor_id, max(CASE WHEN side = 'buyer' THEN rank END) AS buyer_rank,"
          " max(CASE WHEN side = 'exhibitor' THEN rank END) AS exhibitor_rank, max(source) AS source"
          " FROM consultation_requests")


def requests(conn: sqlite3.Connection, *, buyer_id: str | None = None,
             exhibitor_id: str | None = None) -> list[dict[str, Any]]:
    """One row per (buyer, exhibitor) pair with each side's rank (None: that side did not ask)."""
    where, params = [], []
    if buyer_id is not None:
        where.append("buyer_id = ?")
        params.append(buyer_id)
    if exhibitor_id is not None:
        where.append("exhibitor_id = ?")
        params.append(exhibitor_id)
    sql = _PAIRS + (" WHERE " + " AND ".join(where) if where else "") + " GROUP BY buyer_id, exhibitor_id"
    return rows_of(conn.execute(sql + " ORDER BY buyer_id, coalesce(buyer_rank, 99), exhibitor_id", params))


def put_request(conn: sqlite3.Connection, values: Mapping[str, Any], stamps: Mapping[str, str]) -> None:
    """A side's wish for a pair (`buyer_rank` and/or `exhibitor_rank` in `values`); the other
    side's, if any, stays. Each side is a row of its own, so two desks entering one side each
    both keep theirs on a hub."""
    for side in ("buyer", "exhibitor"):
        rank = values.get(f"{side}_rank")
        if rank is not None:
            upsert(conn, "consultation_requests", ("buyer_id", "exhibitor_id", "side"),
                    {"buyer_id": values["buyer_id"], "exhibitor_id": values["exhibitor_id"], "side": side,
                     "rank": int(rank), "source": values.get("source", "")}, stamps)


def delete_request(conn: sqlite3.Connection, buyer_id: str, exhibitor_id: str) -> bool:
    return conn.execute("DELETE FROM consultation_requests WHERE buyer_id = ? AND exhibitor_id = ?",
                        (buyer_id, exhibitor_id)).rowcount > 0


def request_count(conn: sqlite3.Connection) -> int:
    """How many pairs asked to meet (a mutual request counts once)."""
    return int(conn.execute("SELECT count(*) FROM (SELECT DISTINCT buyer_id, exhibitor_id FROM consultation_requests)")
               .fetchone()[0])
