"""Pushing this desk's changes to the hub and pulling the other desks' from it.

Push: each outbox change is sent with the row as the file holds it now (a row deleted since
goes as its tombstone), into the hub's change log and its copy of the table, in one hub
transaction per batch. The change log is unique on (desk, outbox seq): a batch pushed again after
a crash of either side stores nothing twice. The desk's cursor moves only after the hub committed.

Pull: the other desks' changes after this desk's cursor, in the hub's order, applied to the file
as rows from the hub (not captured again) with the cursor in the same transaction: a pull cut
short starts again where it stopped.

A row both sides changed: the later write wins (the hub's order); both versions stay in the
hub's change log.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from expo_console.services.hub.common import HubError
from expo_console.services.hub.credentials import remembered_dsn
from expo_console.services.hub.schema import check_hub, connect
from expo_console.services.progress import ProgressCallback, no_progress
from expo_console.storage import hub_repo, hub_tables_repo, sync_capture
from expo_console.storage.connection import EventStore, utc_now

BATCH = 500
LAST_SYNCED = "last_synced_at"


@dataclass(frozen=True)
class SyncResult:
    pushed: int
    pulled: int
    waiting: int
    hub_seq: int
    tables: frozenset[str] = frozenset()  # the tables pulled changes touched (what a window redraws)

    def as_json(self) -> dict[str, Any]:
        return {"pushed": self.pushed, "pulled": self.pulled, "waiting": self.waiting, "hub_sequence": self.hub_seq,
                "tables": sorted(self.tables)}


def sync_once(store: EventStore, dsn: str, *, progress: ProgressCallback = no_progress) -> SyncResult:
    """Push and pull until both sides are even (as they were when this began). `progress` hears
    (done, total) over the changes to push and then to pull (a desk back after an hour offline
    has thousands)."""
    if not sync_capture.is_installed(store.conn):
        raise HubError("This event file is not on a hub: publish it (expo-console hub publish) or join one "
                       "(expo-console join) first.")
    held = check_hub(dsn)
    if held["event_id"] != sync_capture.state(store.conn, "hub_event_id"):
        raise HubError(f"This hub holds another event, '{held['event_name']}': check the connection string.")
    pushed = _push(store, dsn, progress)
    pulled, hub_seq, tables = _pull(store, dsn, progress)
    waiting = sync_capture.waiting(store.conn, int(sync_capture.state(store.conn, "pushed_through") or 0))
    with connect(dsn) as pg:
        hub_repo.touch_desk(pg, store.stamp.desk_id, waiting, utc_now())
    with store.write() as conn:  # how fresh this desk's copy is (the dashboard says so)
        sync_capture.set_state(conn, LAST_SYNCED, utc_now())
    return SyncResult(pushed, pulled, waiting, hub_seq, frozenset(tables))


def last_synced_at(store: EventStore) -> str | None:
    """When this desk last was even with the hub (UTC, ISO 8601); None if never."""
    return sync_capture.state(store.conn, LAST_SYNCED)


def hub_of(store: EventStore, dsn: str | None = None) -> str:
    """The hub to sync with: the one given, else the one this desk joined the event's hub with."""
    return dsn or remembered_dsn(sync_capture.state(store.conn, "hub_event_id"))


def list_desks(store: EventStore, dsn: str | None = None) -> list[dict[str, Any]]:
    """Every desk of the event as the hub knows it: slot, last seen, changes waiting, clock offset."""
    with connect(hub_of(store, dsn)) as pg:
        return hub_repo.desks(pg)


def _push(store: EventStore, dsn: str, progress: ProgressCallback) -> int:
    pushed = 0
    total = sync_capture.waiting(store.conn, int(sync_capture.state(store.conn, "pushed_through") or 0))
    with connect(dsn) as pg:
        while True:
            after = int(sync_capture.state(store.conn, "pushed_through") or 0)
            changes = sync_capture.pending(store.conn, after, BATCH)
            if not changes:
                return pushed
            progress(min(total, total - sync_capture.waiting(store.conn, after)), total)
            with pg.transaction():
                for change in changes:
                    row = None if change.op == "delete" else hub_tables_repo.sqlite_row(store.conn, change.table,
                                                                                       change.key)
                    if change.op == "upsert" and row is None:
                        continue  # deleted since: its tombstone is further down the outbox
                    if hub_repo.record_change(pg, store.stamp.desk_id, change.seq, change.table, change.key,
                                              change.op, row):
                        hub_tables_repo.apply_to_hub(pg, change.table, change.key, row)
                        pushed += 1
            with store.write() as conn:  # only once the hub has them
                sync_capture.set_state(conn, "pushed_through", str(changes[-1].seq))


def _pull(store: EventStore, dsn: str, progress: ProgressCallback) -> tuple[int, int, set[str]]:
    pulled = 0
    tables: set[str] = set()
    with connect(dsn) as pg:
        start = int(sync_capture.state(store.conn, "pulled_through") or 0)
        total = max(0, hub_repo.last_seq(pg) - start)  # the hub's sequence numbers still to read
        while True:
            after = int(sync_capture.state(store.conn, "pulled_through") or 0)
            progress(min(after - start, total), total)
            changes = hub_repo.changes_after(pg, after, store.stamp.desk_id, BATCH)
            if not changes:
                progress(total, total)
                return pulled, max(after, hub_repo.last_seq(pg)), tables
            with store.write() as conn:
                hub_tables_repo.defer_foreign_keys(conn)
                with sync_capture.applying(conn):
                    for _seq, table, key, _op, row in changes:
                        hub_tables_repo.apply_to_sqlite(conn, table, key, row)
                        tables.add(table)
                sync_capture.set_state(conn, "pulled_through", str(changes[-1][0]))
            pulled += len(changes)
