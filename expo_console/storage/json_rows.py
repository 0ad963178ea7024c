"""Rows as dicts, lists kept as JSON text, and upserts that name only the columns given.

Shared by the consultation and booking repositories: a column whose name ends in `_json` holds a
list (days, languages, preferred times) and is read back under the name without the suffix. An
upsert writes only the columns given, so a hub's per-field merge keeps two desks' edits of
different fields.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from typing import Any


def rows(cursor: sqlite3.Cursor) -> list[dict[str, Any]]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def decoded(row: dict[str, Any]) -> dict[str, Any]:
    for key in [k for k in row if k.endswith("_json")]:
        row[key[:-5]] = json.loads(row.pop(key) or "[]")
    return row


def upsert(conn: sqlite3.Connection, table: str, keys: tuple[str, ...], values: Mapping[str, Any],
            stamps: Mapping[str, str]) -> None:
    row = {name: (json.dumps(value, ensure_ascii=False) if name.endswith("_json") else value)
           for name, value in values.items()}
    columns = {**row, **stamps}
    updates = [name for name in columns if name not in keys and name != "created_at"]
    conn.execute(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
                 f" ON CONFLICT ({', '.join(keys)}) DO UPDATE SET "
                 + ", ".join(f"{name} = excluded.{name}" for name in updates), tuple(columns.values()))
