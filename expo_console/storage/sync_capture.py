"""Change capture for the event hub: every insert, update and delete of every event table lands
in an outbox, whatever code path wrote it.

Triggers, not one write path in Python: a repository, a migration, a script with the sqlite3
shell or a future module that forgets a helper all write through SQLite, and SQLite runs the
triggers for each of them in the writer's own transaction, so a change and its outbox row
commit together or not at all. Deletes become tombstones (the row's key, op 'delete').

Capture is installed when a desk joins or publishes to a hub (`install`), not in the base
schema: a console without a hub stays exactly the single-file console, with no outbox growing.
Rows the sync engine applies from the hub are written inside `applying()`, which the triggers
skip, so they are not sent back. A migration that rebuilds a table drops its triggers; the
open re-installs them (`reinstall_if_enabled`).

An update records the columns it changed (`cols`, a JSON list; NULL for an insert, a delete or
a row whose key moved: every column). The hub merges per field with them: two desks that edit
different fields of one visitor both keep their edit.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

OUTBOX = "sync_outbox"
STATE = "sync_state"
_OWN_TABLES = (OUTBOX, STATE)
_NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"


ALL = None  # a change of every column (an insert, a delete)
# JSON objects merged key by key, not as one value: the event's settings (two desks setting two
# different settings both keep theirs). Their changed keys are listed as "column.key".
KEYED_JSON = frozenset({"settings_json"})


@dataclass(frozen=True)
class Change:
    seq: int
    table: str
    key: dict[str, Any]
    op: str  # upsert / delete
    at: str
    cols: list[str] | None = ALL  # the columns an update changed


def row_name(table: str, key: dict[str, Any]) -> tuple[str, tuple[tuple[str, Any], ...]]:
    """A row's name that compares equal however its key was spelled (outbox text, hub jsonb)."""
    return table, tuple(sorted(key.items()))


def captured_tables(conn: sqlite3.Connection) -> dict[str, list[str]]:
    """Every event table with its primary-key columns (sqlite's and the outbox's own left out)."""
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"
                                        " AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    tables = {}
    for name in names:
        if name in _OWN_TABLES:
            continue
        columns = sorted((r[5], r[1]) for r in conn.execute(f"PRAGMA table_info({_quoted(name)})") if r[5])
        if not columns:
            raise ValueError(f"Table {name} has no primary key: its changes could not be named on the hub.")
        tables[name] = [column for _order, column in columns]
    return tables


def install(conn: sqlite3.Connection) -> list[str]:
    """Create the outbox and (again) every table's capture triggers; returns the tables captured.
    Idempotent; run inside the caller's write transaction."""
    conn.execute(f"CREATE TABLE IF NOT EXISTS {OUTBOX} (seq INTEGER PRIMARY KEY AUTOINCREMENT, tbl TEXT NOT NULL,"
                 " pk TEXT NOT NULL, op TEXT NOT NULL CHECK (op IN ('upsert', 'delete')), at TEXT NOT NULL, cols TEXT)")
    if "cols" not in {r[1] for r in conn.execute(f"PRAGMA table_info({OUTBOX})")}:  # an outbox of before merging
        conn.execute(f"ALTER TABLE {OUTBOX} ADD COLUMN cols TEXT")
    conn.execute(f"CREATE TABLE IF NOT EXISTS {STATE} (k TEXT PRIMARY KEY, v TEXT NOT NULL)")
    conn.execute(f"INSERT OR IGNORE INTO {STATE} (k, v) VALUES ('applying', '0')")
    tables = captured_tables(conn)
    for table, keys in tables.items():
        columns = [r[1] for r in conn.execute(f"PRAGMA table_info({_quoted(table)})")]
        for statement in _triggers(table, keys, columns):
            conn.execute(statement)
    return list(tables)


def number_changes_after(conn: sqlite3.Connection, seq: int) -> None:
    """The outbox's next change is numbered after `seq`: a desk that joins again (a new file, the
    same desk) must not reuse numbers the hub has from it, or the hub takes its changes for ones
    it stored already."""
    updated = conn.execute("UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = ?", (seq, OUTBOX)).rowcount
    if not updated:
        conn.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", (OUTBOX, seq))


def record_tombstone(conn: sqlite3.Connection, table: str, key: dict[str, Any]) -> None:
    """A delete for the hub of a row this file does not hold (it refused it): the hub and the
    other desks drop it too."""
    conn.execute(f"INSERT INTO {OUTBOX} (tbl, pk, op, at) VALUES (?, ?, 'delete', {_NOW})",
                 (table, json.dumps(key, ensure_ascii=False, separators=(",", ":"))))


def is_installed(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (STATE,)).fetchone() is not None


def reinstall_if_enabled(conn: sqlite3.Connection) -> None:
    """After a migration: the triggers of rebuilt tables, and of new ones, again."""
    if is_installed(conn):
        install(conn)


def pending(conn: sqlite3.Connection, after: int = 0, limit: int = 1000) -> list[Change]:
    rows = conn.execute(f"SELECT seq, tbl, pk, op, at, cols FROM {OUTBOX} WHERE seq > ? ORDER BY seq LIMIT ?",
                        (after, limit)).fetchall()
    return [Change(int(r[0]), str(r[1]), json.loads(r[2]), str(r[3]), str(r[4]),
                   None if r[5] is None else json.loads(r[5])) for r in rows]


def pending_columns(conn: sqlite3.Connection, after: int) -> dict[tuple[str, Any], set[str] | None]:
    """Per row (`row_name`), the columns this desk changed and has not pushed yet (None: the
    whole row). A change pulled from the hub leaves them alone: they reach the hub later, so
    they are the later writes."""
    waiting_rows: dict[tuple[str, Any], set[str] | None] = {}
    for table, key, cols in conn.execute(f"SELECT tbl, pk, cols FROM {OUTBOX} WHERE seq > ?", (after,)):
        name = row_name(str(table), json.loads(key))
        if cols is None or waiting_rows.get(name, set()) is None:
            waiting_rows[name] = None
        else:
            waiting_rows.setdefault(name, set()).update(json.loads(cols))  # type: ignore[union-attr]
    return waiting_rows


def last_seq(conn: sqlite3.Connection) -> int:
    return int(conn.execute(f"SELECT COALESCE(max(seq), 0) FROM {OUTBOX}").fetchone()[0])


def waiting(conn: sqlite3.Connection, after: int = 0) -> int:
    return int(conn.execute(f"SELECT count(*) FROM {OUTBOX} WHERE seq > ?", (after,)).fetchone()[0])


@contextmanager
def applying(conn: sqlite3.Connection) -> Iterator[None]:
    """Rows written in here came from the hub: not captured again (inside a write transaction)."""
    conn.execute(f"UPDATE {STATE} SET v = '1' WHERE k = 'applying'")
    try:
        yield
    finally:
        conn.execute(f"UPDATE {STATE} SET v = '0' WHERE k = 'applying'")


def _triggers(table: str, keys: list[str], columns: list[str]) -> list[str]:
    quoted = _quoted(table)
    skip = f"(SELECT v FROM {STATE} WHERE k = 'applying') = '0'"

    def key(row: str) -> str:
        return "json_object(" + ", ".join(f"'{k}', {row}.{_quoted(k)}" for k in keys) + ")"

    def record(row: str, op: str, cols: str = "NULL") -> str:
        return f"INSERT INTO {OUTBOX} (tbl, pk, op, at, cols) VALUES ('{table}', {key(row)}, '{op}', {_NOW}, {cols});"

    moved = " OR ".join(f"OLD.{_quoted(k)} IS NOT NEW.{_quoted(k)}" for k in keys)
    # the JSON list of the columns that differ; a key that moved is the old row gone and a new one
    changed = " || ".join(_changed(c) for c in columns)
    cols = f"CASE WHEN {moved} THEN NULL ELSE '[' || rtrim({changed}, ',') || ']' END"
    statements = []
    for event, body in (
        ("INSERT", record("NEW", "upsert")),
        ("UPDATE", f"INSERT INTO {OUTBOX} (tbl, pk, op, at) SELECT '{table}', {key('OLD')}, 'delete', {_NOW}"
                   f" WHERE {moved}; " + record("NEW", "upsert", cols)),
        ("DELETE", record("OLD", "delete")),
    ):
        name = _quoted(f"{table}_capture_{event.lower()}")
        statements.append(f"DROP TRIGGER IF EXISTS {name}")
        statements.append(f"CREATE TRIGGER {name} AFTER {event} ON {quoted} WHEN {skip} BEGIN {body} END")
    return statements


def _changed(column: str) -> str:
    """The column's name in the list when it changed ("name",); for a JSON object merged per key
    (the event's settings) also each key that changed ("settings_json.gate_rules",)."""
    old, new = f"OLD.{_quoted(column)}", f"NEW.{_quoted(column)}"
    keys = ""
    if column in KEYED_JSON:
        differs = f"""json_extract({new}, '$."' || k || '"') IS NOT json_extract({old}, '$."' || k || '"')"""
        keys = (f" || CASE WHEN json_valid({old}) AND json_valid({new}) THEN COALESCE((SELECT group_concat("
                f"json_quote('{column}.' || k), ',') || ',' FROM (SELECT key AS k FROM json_each({new}) UNION"
                f" SELECT key FROM json_each({old})) WHERE {differs}), '') ELSE '' END")
    return f"""CASE WHEN {old} IS NOT {new} THEN '"{column}",'{keys} ELSE '' END"""


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def state(conn: sqlite3.Connection, key: str) -> str | None:
    """A value the sync keeps in the desk's file (the hub's event, the cursors)."""
    if not is_installed(conn):
        return None
    row = conn.execute(f"SELECT v FROM {STATE} WHERE k = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def set_state(conn: sqlite3.Connection, key: str, value: str) -> None:
    conn.execute(f"INSERT INTO {STATE} (k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v", (key, value))
