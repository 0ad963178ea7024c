"""The event hub's own tables in PostgreSQL (psycopg 3): its version and event, the desks, and the
change log desks pull from. The event's tables themselves (same names and columns as the desks'
files) are made when an event is published."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

META = "hub_meta"
DESKS = "hub_desks"
CHANGES = "hub_changes"
LEASES = "hub_leases"
# Pushes take this lock for their transaction: sequence numbers are then committed in their
# order, so a desk that pulled through seq N never later finds a change below N appear.
PUSH_LOCK = 0x45787048  # 'ExpH'
# A push tells the listening desks (the pushing desk's id as payload) when it commits: they pull
# at once instead of at their next round.
CHANGED_CHANNEL = "expo_hub_changes"

_TABLES = (
    f"""CREATE TABLE IF NOT EXISTS {META} (key text PRIMARY KEY, value text NOT NULL)""",
    f"""CREATE TABLE IF NOT EXISTS {DESKS} (
        desk_id text PRIMARY KEY,
        name text NOT NULL DEFAULT '',
        serial_slot integer UNIQUE,
        joined_at timestamptz NOT NULL DEFAULT now(),
        last_seen timestamptz NOT NULL DEFAULT now(),
        waiting integer NOT NULL DEFAULT 0,
        clock_offset_ms integer NOT NULL DEFAULT 0)""",
    # Every change any desk pushed, in the hub's order: desks pull from a sequence cursor. The
    # key (table, row key, desk's outbox seq) makes a retried push store nothing twice.
    f"""CREATE TABLE IF NOT EXISTS {CHANGES} (
        seq bigserial PRIMARY KEY,
        desk_id text NOT NULL,
        desk_seq bigint NOT NULL,
        tbl text NOT NULL,
        pk jsonb NOT NULL,
        op text NOT NULL CHECK (op IN ('upsert', 'delete')),
        row_data jsonb,
        at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (desk_id, desk_seq))""",
    # hub schema 2: the columns an update changed (NULL: every column), for merging per field
    f"ALTER TABLE {CHANGES} ADD COLUMN IF NOT EXISTS cols jsonb",
    f"CREATE INDEX IF NOT EXISTS hub_changes_row ON {CHANGES} (tbl, pk, seq)",
    # what one desk at a time may edit (the floor plan), and which desk does since when
    f"""CREATE TABLE IF NOT EXISTS {LEASES} (
        name text PRIMARY KEY,
        desk_id text NOT NULL,
        desk_name text NOT NULL DEFAULT '',
        since timestamptz NOT NULL DEFAULT now())""",
)


def create_tables(conn: Any, desk_role: str) -> None:
    """The hub's own tables, and what the desks' role may do with them (inside a transaction)."""
    from psycopg import sql

    for statement in _TABLES:
        conn.execute(statement)
    role = sql.Identifier(desk_role)
    conn.execute(sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(role))
    conn.execute(sql.SQL("GRANT SELECT ON {} TO {}").format(sql.Identifier(META), role))
    conn.execute(sql.SQL("GRANT SELECT, INSERT, UPDATE ON {} TO {}").format(sql.Identifier(DESKS), role))
    conn.execute(sql.SQL("GRANT SELECT, INSERT ON {} TO {}").format(sql.Identifier(CHANGES), role))
    conn.execute(sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON {} TO {}").format(sql.Identifier(LEASES), role))
    conn.execute(sql.SQL("GRANT USAGE ON SEQUENCE {} TO {}").format(sql.Identifier(f"{CHANGES}_seq_seq"), role))


def meta(conn: Any) -> dict[str, str]:
    """The hub's settings (schema_version, event_id, …); empty when the hub has none yet."""
    exists = conn.execute("SELECT to_regclass(%s)", (META,)).fetchone()[0]
    if exists is None:
        return {}
    return {str(k): str(v) for k, v in conn.execute(f"SELECT key, value FROM {META}").fetchall()}


def put_meta(conn: Any, key: str, value: str) -> None:
    conn.execute(f"INSERT INTO {META} (key, value) VALUES (%s, %s) ON CONFLICT (key) DO UPDATE SET value = "
                 "excluded.value", (key, value))


def register_desk(conn: Any, desk_id: str, name: str) -> None:
    conn.execute(f"INSERT INTO {DESKS} (desk_id, name) VALUES (%s, %s) ON CONFLICT (desk_id) DO UPDATE"
                 " SET name = excluded.name, last_seen = now()", (desk_id, name))


def table_rows(conn: Any, table: str) -> int:
    """How many rows an event table holds on the hub (0 when it is not there)."""
    from psycopg import sql

    if conn.execute("SELECT to_regclass(%s)", (table,)).fetchone()[0] is None:
        return 0
    return int(conn.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))).fetchone()[0])


def last_seq(conn: Any) -> int:
    """The hub's newest change: where a desk that copies everything now starts pulling from."""
    return int(conn.execute(f"SELECT COALESCE(max(seq), 0) FROM {CHANGES}").fetchone()[0])


def record_changes(conn: Any, desk_id: str, changes: list[dict[str, Any]]) -> set[int]:
    """Changes a desk pushed ({desk_seq, tbl, pk, op, cols, row_data}), sent as one JSON value
    rather than a statement each; the desk seqs stored now (one stored before, by a push retried
    after a crash, is not stored again). Inside the caller's transaction, which holds the push
    lock until it commits."""
    from psycopg.types.json import Jsonb

    conn.execute("SELECT pg_advisory_xact_lock(%s)", (PUSH_LOCK,))
    stored = conn.execute(
        f"INSERT INTO {CHANGES} (desk_id, desk_seq, tbl, pk, op, cols, row_data) SELECT %s, c.desk_seq, c.tbl, c.pk,"
        " c.op, c.cols, c.row_data FROM jsonb_to_recordset(%s) AS c(desk_seq bigint, tbl text, pk jsonb, op text,"
        " cols jsonb, row_data jsonb) ORDER BY c.desk_seq ON CONFLICT (desk_id, desk_seq) DO NOTHING RETURNING desk_seq",
        (desk_id, Jsonb(changes))).fetchall()
    if stored:
        conn.execute("SELECT pg_notify(%s, %s)", (CHANGED_CHANNEL, desk_id))  # delivered when this commits
    taken = {int(r[0]) for r in stored}
    again = [c for c in changes if c["desk_seq"] not in taken]
    if again:  # a retried push sends what the hub has; anything else is another file with this desk's id
        held = {int(r[0]): (r[1], r[2], r[3]) for r in conn.execute(
            f"SELECT desk_seq, tbl, pk, op FROM {CHANGES} WHERE desk_id = %s AND desk_seq = ANY(%s)",
            (desk_id, [c["desk_seq"] for c in again])).fetchall()}
        if any(held.get(c["desk_seq"]) != (c["tbl"], c["pk"], c["op"]) for c in again):
            raise DeskIdTaken(desk_id)
    return taken


class DeskIdTaken(Exception):
    """Changes numbered as ones the hub has from this desk id, but not the same changes."""


def ping(conn: Any) -> None:
    """A round trip: the hub answers (or this raises)."""
    conn.execute("SELECT 1")
    conn.commit()


def last_desk_seq(conn: Any, desk_id: str) -> int:
    """The highest outbox sequence the hub has from a desk (0: none; the scans the hub recorded
    for it count down from -1 and are not its outbox's)."""
    return int(conn.execute(f"SELECT COALESCE(max(desk_seq), 0) FROM {CHANGES} WHERE desk_id = %s AND desk_seq > 0",
                            (desk_id,)).fetchone()[0])


def listen_for_changes(conn: Any) -> None:
    """On an autocommit connection: be told when a desk's push commits (`desks_that_pushed`)."""
    conn.execute(f"LISTEN {CHANGED_CHANNEL}")


def desks_that_pushed(conn: Any, timeout: float) -> set[str]:
    """The desks whose pushes committed since the last call: as soon as one is told, or after
    `timeout` seconds with none."""
    return {note.payload for note in conn.notifies(timeout=timeout, stop_after=1) if note.channel == CHANGED_CHANNEL}


def edits_since(conn: Any, seq: int, not_from: str, rows: list[tuple[str, str]]) -> list[tuple[str, str, dict[str, Any],
                                                                                            list[str] | None,
                                                                                            dict[str, Any] | None, Any]]:
    """Other desks' changes after a sequence number to the rows named (table, key JSON): (table,
    desk, key, cols, row, at) — what a desk that pulled only through `seq` had not seen."""
    if not rows:
        return []
    found = conn.execute(
        f"SELECT c.tbl, c.desk_id, c.pk, c.cols, c.row_data, c.at FROM {CHANGES} c"
        " JOIN (SELECT DISTINCT * FROM unnest(%s::text[], %s::jsonb[]) AS r(tbl, pk)) r ON c.tbl = r.tbl AND c.pk = r.pk"
        " WHERE c.seq > %s AND c.desk_id <> %s ORDER BY c.seq",
        ([t for t, _ in rows], [k for _, k in rows], seq, not_from)).fetchall()
    return [(str(r[0]), str(r[1]), dict(r[2]), r[3], r[4], r[5]) for r in found]


@dataclass(frozen=True)
class PulledChange:
    """A change another desk pushed, as a desk pulls it."""

    seq: int
    table: str
    key: dict[str, Any]
    op: str
    cols: list[str] | None
    row: dict[str, Any] | None
    later: list[Any]  # the cols of every later change of the same row on the hub ("*": the whole row)
    desk_id: str
    at: Any


def changes_after(conn: Any, seq: int, desk_id: str, limit: int = 1000) -> list[PulledChange]:
    """The changes other desks pushed after a sequence number, in the hub's order, each with
    what later changes of the same row set: those fields are not this change's to set any more.
    With them, the scans the hub recorded for this desk itself (a negative desk sequence,
    hub_scans_repo.record): a desk killed between the hub's commit and its own gets its scan back."""
    rows = conn.execute(
        f"SELECT c.seq, c.tbl, c.pk, c.op, c.cols, c.row_data, (SELECT COALESCE(jsonb_agg(COALESCE(l.cols,"
        f" to_jsonb('*'::text))), '[]') FROM {CHANGES} l WHERE l.tbl = c.tbl AND l.pk = c.pk AND l.seq > c.seq),"
        f" c.desk_id, c.at FROM {CHANGES} c WHERE c.seq > %s AND (c.desk_id <> %s OR c.desk_seq < 0)"
        " ORDER BY c.seq LIMIT %s",
        (seq, desk_id, limit)).fetchall()
    return [PulledChange(int(r[0]), str(r[1]), dict(r[2]), str(r[3]), r[4], dict(r[5]) if r[5] is not None else None,
                         list(r[6]), str(r[7]), r[8]) for r in rows]


def touch_desk(conn: Any, desk_id: str, waiting: int, desk_clock: str) -> None:
    """The desk was seen now, with so many changes waiting; its clock's offset from the hub's
    (`desk_clock` is the desk's UTC time as it connected), for *Desks…*."""
    conn.execute(f"UPDATE {DESKS} SET last_seen = now(), waiting = %s, clock_offset_ms ="
                 " round(extract(epoch FROM (%s::timestamptz - now())) * 1000) WHERE desk_id = %s",
                 (waiting, desk_clock, desk_id))


def desks(conn: Any) -> list[dict[str, Any]]:
    rows = conn.execute(f"SELECT desk_id, name, serial_slot, last_seen, waiting, clock_offset_ms FROM {DESKS}"
                        " ORDER BY serial_slot NULLS LAST, desk_id").fetchall()
    return [{"desk_id": r[0], "name": r[1], "serial_slot": r[2], "last_seen": r[3].isoformat(), "waiting": r[4],
             "clock_offset_ms": r[5]} for r in rows]


MAX_SLOT = 99  # badge serials carry the slot in two digits


def claim_slot(conn: Any, desk_id: str, slot: int) -> str | None:
    """Register a desk with the slot it has; the desk that holds the slot already, if another."""
    holder = conn.execute(f"SELECT desk_id FROM {DESKS} WHERE serial_slot = %s AND desk_id <> %s",
                          (slot, desk_id)).fetchone()
    if holder is not None:
        return str(holder[0])
    conn.execute(f"INSERT INTO {DESKS} (desk_id, serial_slot) VALUES (%s, %s) ON CONFLICT (desk_id)"
                 " DO UPDATE SET serial_slot = excluded.serial_slot", (desk_id, slot))
    return None


def lease_slot(conn: Any, desk_id: str) -> int:
    """The desk's slot on the hub: the one it has, else the smallest free one. The unique slot
    column decides between two desks leasing at the same moment: the loser takes the next."""
    import psycopg

    for _attempt in range(MAX_SLOT):
        held = conn.execute(f"SELECT serial_slot FROM {DESKS} WHERE desk_id = %s AND serial_slot IS NOT NULL",
                            (desk_id,)).fetchone()
        if held is not None:
            return int(held[0])
        free = conn.execute(f"SELECT min(s) FROM generate_series(1, {MAX_SLOT}) s WHERE s NOT IN"
                            f" (SELECT serial_slot FROM {DESKS} WHERE serial_slot IS NOT NULL)").fetchone()[0]
        if free is None:
            raise ValueError(f"All {MAX_SLOT} serial slots of this hub are leased.")
        try:
            with conn.transaction():
                conn.execute(f"INSERT INTO {DESKS} (desk_id, serial_slot) VALUES (%s, %s) ON CONFLICT (desk_id)"
                             " DO UPDATE SET serial_slot = excluded.serial_slot", (desk_id, int(free)))
            return int(free)
        except psycopg.errors.UniqueViolation:
            continue  # another desk took it a moment ago
    raise ValueError("No serial slot could be leased: too many desks joining at once. Try again.")


def take_lease(conn: Any, name: str, desk_id: str, *, take_over: bool) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """Give the lease `name` to a desk: when free, when the desk has it, or (`take_over`) from
    another desk. Returns (the lease now, the other desk's lease it replaced); a lease another
    desk holds is left and returned as (its lease, None) when not taken over."""
    with conn.transaction():
        # FOR UPDATE locks nothing while no desk holds the lease: two desks taking a free lease at
        # once would both be told they have it. This lock, per lease, until commit, orders them.
        conn.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (f"{LEASES}:{name}",))
        held = conn.execute(f"SELECT desk_id, desk_name, since FROM {LEASES} WHERE name = %s FOR UPDATE",
                            (name,)).fetchone()
        before = None if held is None else {"desk_id": held[0], "desk_name": held[1], "since": held[2].isoformat()}
        if before is not None and before["desk_id"] != desk_id and not take_over:
            return before, None
        if before is None or before["desk_id"] != desk_id:
            conn.execute(f"INSERT INTO {LEASES} (name, desk_id, desk_name, since) SELECT %s, %s,"
                         f" COALESCE((SELECT name FROM {DESKS} WHERE desk_id = %s), ''), now() ON CONFLICT (name)"
                         " DO UPDATE SET desk_id = excluded.desk_id, desk_name = excluded.desk_name,"
                         " since = excluded.since", (name, desk_id, desk_id))
        now = leases(conn)[name]
        return now, before if before is not None and before["desk_id"] != desk_id else None


def release_lease(conn: Any, name: str, desk_id: str) -> None:
    conn.execute(f"DELETE FROM {LEASES} WHERE name = %s AND desk_id = %s", (name, desk_id))


def leases(conn: Any) -> dict[str, dict[str, Any]]:
    """Every lease held: name → desk, its name, since when."""
    rows = conn.execute(f"SELECT name, desk_id, desk_name, since FROM {LEASES}").fetchall()
    return {str(r[0]): {"desk_id": r[1], "desk_name": r[2], "since": r[3].isoformat()} for r in rows}


def visitor_keys_between(conn: Any, after: int, through: int, not_from: str,
                         tables: list[str]) -> list[tuple[str, str, str | None, str | None]]:
    """(table, op, row id, the visitor it names) of other desks' changes to `tables` in the hub's
    sequence after `after` up to `through`: what a pull brought in, for the window to redraw."""
    rows = conn.execute(f"SELECT tbl, op, pk->>'id', row_data->>'visitor_id' FROM {CHANGES}"
                        " WHERE seq > %s AND seq <= %s AND desk_id <> %s AND tbl = ANY(%s) ORDER BY seq",
                        (after, through, not_from, tables)).fetchall()
    return [(str(r[0]), str(r[1]), r[2], r[3]) for r in rows]
