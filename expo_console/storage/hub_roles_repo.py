"""The event hub's server set-up in PostgreSQL: its roles and its database (psycopg 3)."""

from __future__ import annotations

from typing import Any


def ensure_role(conn: Any, role: str, password: str) -> None:
    """A login role with no privileges of its own, with this password (made, or set again)."""
    from psycopg import sql

    exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone()
    verb = "ALTER" if exists else "CREATE"
    conn.execute(sql.SQL(verb + " ROLE {} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD {}").format(
        sql.Identifier(role), sql.Literal(password)))


def ensure_database(conn: Any, database: str, owner: str) -> None:
    from psycopg import sql

    if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (database,)).fetchone():
        conn.execute(sql.SQL("CREATE DATABASE {} OWNER {}").format(sql.Identifier(database), sql.Identifier(owner)))


def only_role_may_connect(conn: Any, database: str, role: str) -> None:
    """The database is reached by its owner and `role`, not by every role of the server."""
    from psycopg import sql

    conn.execute(sql.SQL("REVOKE ALL ON DATABASE {} FROM PUBLIC").format(sql.Identifier(database)))
    conn.execute(sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(sql.Identifier(database), sql.Identifier(role)))
