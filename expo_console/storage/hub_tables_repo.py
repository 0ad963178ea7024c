"""The event's tables on the hub: the same names, columns and keys as in a desk's file, so an
organizer can point a reporting tool at PostgreSQL. Rows are upserted by their key."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from typing import Any

_TYPES = {"INTEGER": "bigint", "REAL": "double precision", "BLOB": "bytea"}  # anything else: text


def sqlite_columns(conn: sqlite3.Connection, table: str) -> list[tuple[str, str, int]]:
    """(name, PostgreSQL type, key position or 0) of a table of a desk's file."""
    rows = conn.execute(f'PRAGMA table_info("{table}")').fetchall()
    return [(str(r[1]), _TYPES.get(str(r[2]).upper(), "text"), int(r[5])) for r in rows]


def sqlite_rows(conn: sqlite3.Connection, table: str, columns: list[str], batch: int = 5000) -> Iterator[list[tuple[Any, ...]]]:
    names = ", ".join(f'"{c}"' for c in columns)
    cursor = conn.execute(f'SELECT {names} FROM "{table}"')
    while rows := cursor.fetchmany(batch):
        yield [tuple(r) for r in rows]


def ensure_table(pg: Any, table: str, columns: list[tuple[str, str, int]], desk_role: str) -> None:
    """The table on the hub, with the columns it lacks added (a newer desk's schema), and the
    desks' rights on it."""
    from psycopg import sql

    keys = [name for name, _type, position in sorted(columns, key=lambda c: c[2]) if position]
    pg.execute(sql.SQL("CREATE TABLE IF NOT EXISTS {} ({}, PRIMARY KEY ({}))").format(
        sql.Identifier(table),
        sql.SQL(", ").join(sql.SQL("{} {}").format(sql.Identifier(name), sql.SQL(kind)) for name, kind, _ in columns),
        sql.SQL(", ").join(sql.Identifier(k) for k in keys)))
    for name, kind, _position in columns:
        pg.execute(sql.SQL("ALTER TABLE {} ADD COLUMN IF NOT EXISTS {} {}").format(
            sql.Identifier(table), sql.Identifier(name), sql.SQL(kind)))
    pg.execute(sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON {} TO {}").format(
        sql.Identifier(table), sql.Identifier(desk_role)))


def upsert_rows(pg: Any, table: str, columns: list[tuple[str, str, int]], rows: list[tuple[Any, ...]]) -> int:
    """Copy rows into a staging table, then insert them or update the rows with their keys."""
    from psycopg import sql

    names = [name for name, _kind, _position in columns]
    keys = [name for name, _type, position in sorted(columns, key=lambda c: c[2]) if position]
    staging = sql.Identifier(f"_staging_{table}")
    pg.execute(sql.SQL("CREATE TEMP TABLE IF NOT EXISTS {} (LIKE {}) ON COMMIT DROP").format(
        staging, sql.Identifier(table)))
    pg.execute(sql.SQL("TRUNCATE {}").format(staging))
    column_list = sql.SQL(", ").join(sql.Identifier(n) for n in names)
    with pg.cursor().copy(sql.SQL("COPY {} ({}) FROM STDIN").format(staging, column_list)) as copy:
        for row in rows:
            copy.write_row(row)
    others = [n for n in names if n not in keys]
    update = (sql.SQL("DO UPDATE SET ") + sql.SQL(", ").join(
        sql.SQL("{} = excluded.{}").format(sql.Identifier(n), sql.Identifier(n)) for n in others)
        if others else sql.SQL("DO NOTHING"))
    pg.execute(sql.SQL("INSERT INTO {} ({}) SELECT {} FROM {} ON CONFLICT ({}) ").format(
        sql.Identifier(table), column_list, column_list, staging,
        sql.SQL(", ").join(sql.Identifier(k) for k in keys)) + update)
    return len(rows)


def hub_rows(pg: Any, table: str, columns: list[str], batch: int = 5000) -> Iterator[list[tuple[Any, ...]]]:
    """A table's rows on the hub, in the desk's column order (columns a newer desk added are left)."""
    from psycopg import sql

    if pg.execute("SELECT to_regclass(%s)", (table,)).fetchone()[0] is None:
        return
    present = {r[0] for r in pg.execute("SELECT column_name FROM information_schema.columns WHERE table_name = %s",
                                        (table,))}
    chosen = sql.SQL(", ").join(sql.Identifier(c) if c in present else sql.NULL for c in columns)
    with pg.cursor(name=f"join_{table}") as cursor:  # server-side: a big table is not held in memory
        cursor.execute(sql.SQL("SELECT {} FROM {}").format(chosen, sql.Identifier(table)))
        while rows := cursor.fetchmany(batch):
            yield [tuple(r) for r in rows]


def insert_sqlite_rows(conn: sqlite3.Connection, table: str, columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    names = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join("?" * len(columns))
    conn.executemany(f'INSERT OR REPLACE INTO "{table}" ({names}) VALUES ({marks})', rows)


def orphans(conn: sqlite3.Connection) -> list[tuple[str, int, str]]:
    """(table, rowid, missing parent table) of every row whose foreign key finds no row."""
    return [(str(r[0]), int(r[1]), str(r[2])) for r in conn.execute("PRAGMA foreign_key_check") if r[1] is not None]


def key_of_rowid(conn: sqlite3.Connection, table: str, keys: list[str], rowid: int) -> dict[str, Any]:
    found = conn.execute(f"SELECT {', '.join(_q(k) for k in keys)} FROM {_q(table)} WHERE rowid = ?",
                         (rowid,)).fetchone()
    return dict(zip(keys, found, strict=True))


def delete_rowid(conn: sqlite3.Connection, table: str, rowid: int) -> None:
    conn.execute(f"DELETE FROM {_q(table)} WHERE rowid = ?", (rowid,))


def defer_foreign_keys(conn: sqlite3.Connection) -> None:
    """Foreign keys checked when the transaction commits, not row by row (tables copied in turn)."""
    conn.execute("PRAGMA defer_foreign_keys = ON")


def hub_columns(pg: Any, table: str) -> set[str]:
    """The columns a table has on the hub; empty when it is not there (a table a newer desk made
    after the event was published: its changes stay in the change log for the desks)."""
    rows = pg.execute("SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema()"
                      " AND table_name = %s", (table,)).fetchall()
    return {str(r[0]) for r in rows}


def apply_to_hub(pg: Any, table: str, keys: list[str], present: set[str],
                 changes: list[tuple[dict[str, Any], dict[str, Any] | None, list[str] | None]]) -> None:
    """Pushed changes on the hub's copy of a table, a statement per kind rather than per row:
    (key, row or None when deleted, cols changed or None for the whole row), one per key. An
    update of a row the hub no longer has is not applied: a delete wins over an earlier edit."""
    from psycopg import sql
    from psycopg.types.json import Jsonb

    target = sql.Identifier(table)
    match = sql.SQL(" AND ").join(sql.SQL("t.{k} = r.{k}").format(k=sql.Identifier(k)) for k in keys)
    gone = [key for key, row, _cols in changes if row is None]
    if gone:
        pg.execute(sql.SQL("DELETE FROM {} t USING jsonb_populate_recordset(NULL::{}, %s) r WHERE ").format(
            target, target) + match, (Jsonb(gone),))
    groups: dict[tuple[bool, tuple[str, ...]], list[dict[str, Any]]] = {}
    patches: list[tuple[dict[str, Any], str, Any, list[str]]] = []
    for key, row, cols in changes:
        if row is not None:
            keyed = keyed_columns(cols)
            names = tuple(n for n in (row if cols is None else cols) if n in present and n not in keyed)
            groups.setdefault((cols is None, names), []).append(row)
            patches.extend((key, column, row.get(column), set_keys) for column, set_keys in keyed.items())
    for (whole, names), rows in groups.items():
        columns = sql.SQL(", ").join(sql.Identifier(n) for n in names)
        others = [n for n in names if n not in keys]
        if whole:
            update = (sql.SQL("DO UPDATE SET ") + sql.SQL(", ").join(
                sql.SQL("{n} = excluded.{n}").format(n=sql.Identifier(n)) for n in others) if others
                else sql.SQL("DO NOTHING"))
            pg.execute(sql.SQL("INSERT INTO {} ({}) SELECT {} FROM jsonb_populate_recordset(NULL::{}, %s)"
                               " ON CONFLICT ({}) ").format(target, columns, columns, target,
                                                           sql.SQL(", ").join(sql.Identifier(k) for k in keys))
                       + update, (Jsonb(rows),))
        elif others:
            pg.execute(sql.SQL("UPDATE {} t SET {} FROM jsonb_populate_recordset(NULL::{}, %s) r WHERE ").format(
                target, sql.SQL(", ").join(sql.SQL("{n} = r.{n}").format(n=sql.Identifier(n)) for n in others),
                target) + match, (Jsonb(rows),))
    for row_key, column, text, json_keys in patches:  # a JSON object merged per key: only the keys set
        values, removed = json_patch(text, json_keys)
        pg.execute(sql.SQL("UPDATE {} SET {c} = ((COALESCE(NULLIF({c}, ''), '{{}}')::jsonb || %s::jsonb) - %s::text[])"
                           "::text WHERE ").format(target, c=sql.Identifier(column))
                   + sql.SQL(" AND ").join(sql.SQL("{} = %s").format(sql.Identifier(k)) for k in row_key),
                   (Jsonb(values), removed, *row_key.values()))


def keyed_columns(cols: list[str] | None) -> dict[str, list[str]]:
    """The JSON columns a change set key by key ("settings_json.gate_rules"), with those keys."""
    keyed: dict[str, list[str]] = {}
    for name in cols or ():
        column, dot, key = name.partition(".")
        if dot:
            keyed.setdefault(column, []).append(key)
    return keyed


def json_patch(text: str | None, keys: list[str]) -> tuple[dict[str, Any], list[str]]:
    """From a JSON object's text: the values of `keys` it holds, and the keys it no longer has."""
    held = json_object(text)
    return {k: held[k] for k in keys if k in held}, [k for k in keys if k not in held]


def json_object(text: str | None) -> dict[str, Any]:
    """A JSON object column's value as a dict ({} for none, or for text that is not an object)."""
    try:
        held = json.loads(text or "{}")
    except ValueError:
        return {}
    return held if isinstance(held, dict) else {}


def as_json_row(row: dict[str, Any]) -> dict[str, Any]:
    """A row of a desk's file as JSON can carry it: bytes in PostgreSQL's hex form, which a bytea
    column reads as it is and `from_json_row` turns back."""
    return {n: ("\\x" + v.hex()) if isinstance(v, bytes) else v for n, v in row.items()}


def from_json_row(row: dict[str, Any], blobs: set[str]) -> dict[str, Any]:
    return {n: bytes.fromhex(v[2:]) if n in blobs and isinstance(v, str) and v.startswith("\\x") else v
            for n, v in row.items()}


def blob_columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {str(r[1]) for r in conn.execute(f"PRAGMA table_info({_q(table)})") if str(r[2]).upper() == "BLOB"}


def sqlite_rows_by_key(conn: sqlite3.Connection, table: str, keys: list[dict[str, Any]]) -> dict[tuple[Any, ...],
                                                                                           dict[str, Any]]:
    """Rows of the desk's file by their keys, a statement per few hundred keys rather than per
    row: key values (in the key's column order) → column → value; a key that is gone is absent."""
    if not keys:
        return {}
    names = list(keys[0])
    found: dict[tuple[Any, ...], dict[str, Any]] = {}
    wanted = list(dict.fromkeys(tuple(key[n] for n in names) for key in keys))
    step = max(1, 500 // len(names))
    for start in range(0, len(wanted), step):
        chunk = wanted[start:start + step]
        match = "(" + ", ".join(_q(n) for n in names) + ") IN (VALUES " + ", ".join(
            "(" + ", ".join("?" * len(names)) + ")" for _ in chunk) + ")"
        cursor = conn.execute(f"SELECT * FROM {_q(table)} WHERE {match}", [v for key in chunk for v in key])
        columns = [d[0] for d in cursor.description]
        for values in cursor:
            row = dict(zip(columns, values, strict=True))
            found[tuple(row[n] for n in names)] = row
    return found


class SqliteApplier:
    """Changes pulled from the hub, written to the desk's file. The statements are made once per
    table and kind of change and reused: a desk back after an hour offline applies thousands."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._known: dict[str, set[str]] = {}
        self._statements: dict[tuple[Any, ...], str] = {}
        self._parents: dict[str, list[tuple[str, list[tuple[str, str]]]]] = {}

    def missing_parent(self, table: str, row: dict[str, Any]) -> str | None:
        """The table whose row `row` refers to and which this file no longer has (None: all
        there). A desk that inserted a child offline (a badge) after another desk deleted its
        parent (the visitor) sends a row the file's foreign keys refuse: a delete wins."""
        if table not in self._parents:
            links: dict[int, tuple[str, list[tuple[str, str]]]] = {}
            for r in self.conn.execute(f"PRAGMA foreign_key_list({_q(table)})"):
                links.setdefault(int(r[0]), (str(r[2]), []))[1].append((str(r[3]), str(r[4])))
            self._parents[table] = list(links.values())
        for parent, pairs in self._parents[table]:
            values = [row.get(child) for child, _ in pairs]
            if any(v is None for v in values):
                continue  # a link not set
            where = " AND ".join(f"{_q(column)} = ?" for _, column in pairs)
            statement = self._statement(("parent", parent, tuple(pairs)),
                                        lambda p=parent, w=where: f"SELECT 1 FROM {_q(p)} WHERE {w}")
            if self.conn.execute(statement, values).fetchone() is None:
                return parent
        return None

    def apply(self, table: str, key: dict[str, Any], row: dict[str, Any] | None, *, whole: bool = True,
              only: set[str] | None = None) -> None:
        """The row gone, or its values. A whole row (an insert) is added if missing; a change of
        some fields (`whole` False) updates a row that is there, not one a delete took. `only`
        limits the fields set (those a later writer set, or this desk's own unpushed edit, are
        left). Only what differs is written, so a row of an append-only table (a scan) that is
        there already is left as it is."""
        keys = tuple(key)
        if row is None:
            statement = self._statement(("delete", table, keys), lambda: "DELETE FROM {} WHERE {}".format(
                _q(table), " AND ".join(f"{_q(k)} = ?" for k in keys)))
            self.conn.execute(statement, tuple(key.values()))
            return
        if table not in self._known:
            self._known[table] = {r[1] for r in self.conn.execute(f"PRAGMA table_info({_q(table)})")}
        names = tuple(n for n in row if n in self._known[table])  # a newer desk's columns stay with it
        others = tuple(n for n in names if n not in key and (only is None or n in only))
        if not whole:
            if others:
                statement = self._statement(("update", table, keys, others), lambda: _update(table, keys, others))
                values = tuple(row[n] for n in others)
                self.conn.execute(statement, (*values, *key.values(), *values))
            return
        statement = self._statement(("upsert", table, keys, names, others), lambda: _upsert(table, keys, names, others))
        self.conn.execute(statement, tuple(row[n] for n in names))

    def patch_json(self, table: str, key: dict[str, Any], column: str, text: str | None, keys: list[str]) -> None:
        """Of a JSON object column, set (or remove) only `keys`, as `text` (the pushing desk's
        whole object) has them: the other keys stay as this file has them."""
        where = " AND ".join(f"{_q(k)} = ?" for k in key)
        held = self.conn.execute(f"SELECT {_q(column)} FROM {_q(table)} WHERE {where}", tuple(key.values())).fetchone()
        if held is None:
            return  # a delete took the row
        merged = json_object(held[0])
        values, removed = json_patch(text, keys)
        updated = {k: v for k, v in {**merged, **values}.items() if k not in removed}
        if updated != merged:
            self.conn.execute(f"UPDATE {_q(table)} SET {_q(column)} = ? WHERE {where}",
                              (json.dumps(updated, ensure_ascii=False), *key.values()))

    def _statement(self, shape: tuple[Any, ...], make: Any) -> str:
        if shape not in self._statements:
            self._statements[shape] = make()
        return self._statements[shape]


def _update(table: str, keys: tuple[str, ...], others: tuple[str, ...]) -> str:
    assignments = ", ".join(f"{_q(n)} = ?" for n in others)
    differs = " OR ".join(f"{_q(n)} IS NOT ?" for n in others)
    where = " AND ".join(f"{_q(k)} = ?" for k in keys)
    return f"UPDATE {_q(table)} SET {assignments} WHERE {where} AND ({differs})"


def _upsert(table: str, keys: tuple[str, ...], names: tuple[str, ...], others: tuple[str, ...]) -> str:
    if others:
        assignments = ", ".join(f"{_q(n)} = excluded.{_q(n)}" for n in others)
        changed = " OR ".join(f"{_q(n)} IS NOT excluded.{_q(n)}" for n in others)
        update = f"DO UPDATE SET {assignments} WHERE {changed}"
    else:
        update = "DO NOTHING"
    return (f"INSERT INTO {_q(table)} ({', '.join(_q(n) for n in names)}) VALUES ({', '.join('?' * len(names))})"
            f" ON CONFLICT ({', '.join(_q(k) for k in keys)}) {update}")


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
