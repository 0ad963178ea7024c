"""The event's tables on the hub: the same names, columns and keys as in a desk's file, so an
organizer can point a reporting tool at PostgreSQL. Rows are upserted by their key."""

from __future__ import annotations

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


def defer_foreign_keys(conn: sqlite3.Connection) -> None:
    """Foreign keys checked when the transaction commits, not row by row (tables copied in turn)."""
    conn.execute("PRAGMA defer_foreign_keys = ON")


def apply_to_hub(pg: Any, table: str, key: dict[str, Any], row: dict[str, Any] | None) -> None:
    """A pushed change on the hub's copy of the table: the row as the desk has it now, or gone."""
    from psycopg import sql

    where = sql.SQL(" AND ").join(sql.SQL("{} = %s").format(sql.Identifier(k)) for k in key)
    if row is None:
        pg.execute(sql.SQL("DELETE FROM {} WHERE ").format(sql.Identifier(table)) + where, tuple(key.values()))
        return
    names = list(row)
    others = [n for n in names if n not in key]
    update = (sql.SQL("DO UPDATE SET ") + sql.SQL(", ").join(
        sql.SQL("{} = excluded.{}").format(sql.Identifier(n), sql.Identifier(n)) for n in others)
        if others else sql.SQL("DO NOTHING"))
    pg.execute(sql.SQL("INSERT INTO {} ({}) VALUES ({}) ON CONFLICT ({}) ").format(
        sql.Identifier(table), sql.SQL(", ").join(sql.Identifier(n) for n in names),
        sql.SQL(", ").join(sql.Placeholder() for _ in names),
        sql.SQL(", ").join(sql.Identifier(k) for k in key)) + update, tuple(row.values()))


def sqlite_row(conn: sqlite3.Connection, table: str, key: dict[str, Any]) -> dict[str, Any] | None:
    """A row of the desk's file by its key, as column → value; None when it is gone."""
    where = " AND ".join(f'"{k}" = ?' for k in key)
    cursor = conn.execute(f'SELECT * FROM "{table}" WHERE {where}', tuple(key.values()))
    found = cursor.fetchone()
    return None if found is None else dict(zip([d[0] for d in cursor.description], found, strict=True))


def apply_to_sqlite(conn: sqlite3.Connection, table: str, key: dict[str, Any], row: dict[str, Any] | None) -> None:
    """A change pulled from the hub on the desk's file. Only what differs is updated, so a row of
    an append-only table (a scan) that is there already is left as it is."""
    if row is None:
        where = " AND ".join(f"{_q(k)} = ?" for k in key)
        conn.execute(f"DELETE FROM {_q(table)} WHERE {where}", tuple(key.values()))
        return
    known = {r[1] for r in conn.execute(f"PRAGMA table_info({_q(table)})")}
    names = [n for n in row if n in known]  # columns a newer desk added are left to its own file
    others = [n for n in names if n not in key]
    if others:
        assignments = ", ".join(f"{_q(n)} = excluded.{_q(n)}" for n in others)
        changed = " OR ".join(f"{_q(n)} IS NOT excluded.{_q(n)}" for n in others)
        update = f"DO UPDATE SET {assignments} WHERE {changed}"
    else:
        update = "DO NOTHING"
    columns = ", ".join(_q(n) for n in names)
    marks = ", ".join("?" * len(names))
    conflict = ", ".join(_q(k) for k in key)
    conn.execute(f"INSERT INTO {_q(table)} ({columns}) VALUES ({marks}) ON CONFLICT ({conflict}) {update}",
                 tuple(row[n] for n in names))


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
