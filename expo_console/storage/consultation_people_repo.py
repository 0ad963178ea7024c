"""Reads that find the consultation zone's people in the event's visitors: the buyers with what
identifies them (e-mail, phone), visitors named like a buyer who are not one, and the buyers in
the order they registered (the demo picks its consultation buyers in that order)."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

BUYER_CLASSES = ("domestic_buyer", "overseas_buyer")
_CHUNK = 500  # names per statement: SQLite's limit on parameters is far above, the plan stays simple


def buyer_contacts(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every buyer (a buyer class, or consultation details) with name, company, class, country,
    e-mail key and phone digits, for matching a list's rows to them."""
    cursor = conn.execute(
        "SELECT v.id, v.name, v.name_en, v.company, v.visitor_class, v.country, v.email_key, v.phone_digits"
        " FROM visitors v LEFT JOIN consultation_buyers b ON b.visitor_id = v.id"
        " WHERE v.visitor_class IN (?, ?) OR b.visitor_id IS NOT NULL ORDER BY v.rowid", BUYER_CLASSES)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def others_named(conn: sqlite3.Connection, names: Sequence[str], emails: Sequence[str] = ()) -> list[dict[str, Any]]:
    """Visitors who are not buyers, named (Korean or English name, as written) or with an e-mail
    key among those given: a list's unknown buyer may be registered in another class."""
    found: list[dict[str, Any]] = []
    seen: set[str] = set()
    for column, values in (("name", names), ("name_en", names), ("email_key", emails)):
        values = [v for v in dict.fromkeys(values) if v]
        for start in range(0, len(values), _CHUNK):
            chunk = values[start:start + _CHUNK]
            cursor = conn.execute(
                f"SELECT v.id, v.name, v.name_en, v.company, v.visitor_class, v.email_key FROM visitors v"
                f" LEFT JOIN consultation_buyers b ON b.visitor_id = v.id"
                f" WHERE v.{column} IN ({', '.join('?' * len(chunk))}) AND v.visitor_class NOT IN (?, ?)"
                f" AND b.visitor_id IS NULL", (*chunk, *BUYER_CLASSES))
            for row in cursor.fetchall():
                if row[0] not in seen:
                    seen.add(row[0])
                    found.append(dict(zip(("id", "name", "name_en", "company", "visitor_class", "email_key"),
                                          row, strict=True)))
    return found
