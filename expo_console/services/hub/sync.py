"""Pushing this desk's changes to the hub and pulling the other desks' from it.

Push: each outbox change is sent with the row as the file holds it now (a row deleted since
goes as its tombstone), into the hub's change log and its copy of the table, in one hub
transaction per batch. The change log is unique on (desk, outbox seq): a batch pushed again after
a crash of either side stores nothing twice. The desk's cursor moves only after the hub committed.

Pull: the other desks' changes after this desk's cursor, in the hub's order, applied to the file
as rows from the hub (not captured again) with the cursor in the same transaction: a pull cut
short starts again where it stopped.

Conflicts merge per field, in the hub's order (the order pushes reached it, not the desks'
clocks, which may be minutes apart): an update carries the columns it changed, the hub's table
takes only those, and a pulled change leaves the fields a later change on the hub set, and those
this desk changed and has not pushed yet (they reach the hub later, so they are the later
writes). A delete wins over an edit of the row pushed after it. Both versions stay in the hub's
change log; for visitors and the event's settings both also go to the audit log (conflicts.py).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from expo_console.services.checkin import admission_conflicts
from expo_console.services.hub import derived, edit_lease, erased_traces, orphans
from expo_console.services.hub.common import HubError
from expo_console.services.hub.conflicts import AUDITED, conflicts
from expo_console.services.hub.credentials import remembered_dsn
from expo_console.services.hub.schema import check_hub, connect, hub_may_drop
from expo_console.services.progress import ProgressCallback, no_progress
from expo_console.storage import audit_repo, hub_repo, hub_tables_repo, sync_capture
from expo_console.storage.connection import EventStore, overwrite_wal, utc_now

BATCH = 2000  # changes per hub transaction: a desk back after an hour offline sends thousands
LAST_SYNCED = "last_synced_at"


@dataclass(frozen=True)
class SyncResult:
    pushed: int
    pulled: int
    waiting: int
    hub_seq: int
    tables: frozenset[str] = frozenset()  # the tables pulled changes touched (what a window redraws)
    conflicts: int = 0  # admission conflicts the pushed offline scans are part of (admission_conflicts)

    def as_json(self) -> dict[str, Any]:
        return {"pushed": self.pushed, "pulled": self.pulled, "waiting": self.waiting, "hub_sequence": self.hub_seq,
                "tables": sorted(self.tables), "conflicts": self.conflicts}


@hub_may_drop
def sync_once(store: EventStore, dsn: str, *, progress: ProgressCallback = no_progress) -> SyncResult:
    """Push and pull until both sides are even (as they were when this began). `progress` hears
    (done, total) over the changes to push and then to pull (a desk back after an hour offline
    has thousands)."""
    _check_event_hub(store, dsn)
    pushed, admission_conflicts_found = _push(store, dsn, progress)
    pulled, hub_seq, tables = _pull(store, dsn, progress)
    waiting = sync_capture.waiting(store.conn, int(sync_capture.state(store.conn, "pushed_through") or 0))
    with connect(dsn) as pg, store.write() as conn:
        hub_repo.touch_desk(pg, store.stamp.desk_id, waiting, utc_now())
        edit_lease.refresh(conn, pg)  # who edits the floor plan, known here even offline
        sync_capture.set_state(conn, LAST_SYNCED, utc_now())  # how fresh this copy is (the dashboard)
    return SyncResult(pushed, pulled, waiting, hub_seq, frozenset(tables), admission_conflicts_found)


def last_synced_at(store: EventStore) -> str | None:
    """When this desk last was even with the hub (UTC, ISO 8601); None if never."""
    return sync_capture.state(store.conn, LAST_SYNCED)


def last_change_here(store: EventStore) -> int:
    """The newest change this desk's file holds for the hub (its outbox's sequence): a cheap look
    for whether something was written since."""
    return sync_capture.last_seq(store.conn)


def hub_of(store: EventStore, dsn: str | None = None) -> str:
    """The hub to sync with: the one given, else the one this desk joined the event's hub with."""
    return dsn or remembered_dsn(sync_capture.state(store.conn, "hub_event_id"))


@hub_may_drop
def list_desks(store: EventStore, dsn: str | None = None) -> list[dict[str, Any]]:
    """Every desk of the event as the hub knows it: slot, last seen, changes waiting, clock offset."""
    dsn = hub_of(store, dsn)
    _check_event_hub(store, dsn)  # not another event's desks, nor a database that is no hub
    with connect(dsn) as pg:
        return hub_repo.desks(pg)


def _check_event_hub(store: EventStore, dsn: str) -> None:
    """The file is on a hub, and `dsn` is an Expo Console hub this console knows, holding its event."""
    if not sync_capture.is_installed(store.conn):
        raise HubError("This event file is not on a hub: publish it (expo-console hub publish) or join one "
                       "(expo-console join) first.")
    held = check_hub(dsn)
    if held["event_id"] != sync_capture.state(store.conn, "hub_event_id"):
        raise HubError(f"This hub holds another event, '{held['event_name']}': check the connection string.")


def _push(store: EventStore, dsn: str, progress: ProgressCallback) -> tuple[int, int]:
    """(changes pushed, admission conflicts found among the scans pushed). Scans in the outbox
    are the gates' offline decisions (those taken on the hub are there already): each admission
    among them is checked against every desk's scans on the hub once it is there."""
    pushed = found = 0
    total = sync_capture.waiting(store.conn, int(sync_capture.state(store.conn, "pushed_through") or 0))
    keys = sync_capture.captured_tables(store.conn)
    on_hub: dict[str, set[str]] = {}
    with connect(dsn) as pg:
        while True:
            after = int(sync_capture.state(store.conn, "pushed_through") or 0)
            changes = sync_capture.pending(store.conn, after, BATCH)
            if not changes:
                return pushed, found
            progress(min(total, total - sync_capture.waiting(store.conn, after)), total)
            items = _with_rows(store, changes)
            seen_through = int(sync_capture.state(store.conn, "pulled_through") or 0)
            with pg.transaction():
                stored = _record(pg, store.stamp.desk_id, items) if items else set()
                for table, merged in _merged([(c, row) for c, row in items if c.seq in stored]).items():
                    if table not in on_hub:
                        on_hub[table] = hub_tables_repo.hub_columns(pg, table)
                    if on_hub[table] and table in keys:
                        hub_tables_repo.apply_to_hub(pg, table, keys[table], on_hub[table], merged)
                erased_traces.forget_on_hub(pg, [(c.table, c.op, c.key, row) for c, row in items if c.seq in stored])
                theirs = hub_repo.edits_since(pg, seen_through, store.stamp.desk_id, [
                    (c.table, json.dumps(c.key, ensure_ascii=False)) for c, _row in items if c.table in AUDITED])
            with store.write() as conn:  # only once the hub has them
                for entity, entity_id, detail in conflicts([(c.table, c.key, c.cols, row) for c, row in items], theirs):
                    audit_repo.append(conn, store.stamp, "sync_conflict", entity, entity_id, detail)
                sync_capture.set_state(conn, "pushed_through", str(changes[-1].seq))
            pushed += len(stored)
            found += len(admission_conflicts.check_on_hub(
                pg, store, [row for c, row in items if c.table == "scans" and c.seq in stored and row is not None]))


def _record(pg: Any, desk_id: str, items: list[tuple[sync_capture.Change, dict[str, Any] | None]]) -> set[int]:
    try:
        return hub_repo.record_changes(pg, desk_id, [
            {"desk_seq": c.seq, "tbl": c.table, "pk": c.key, "op": c.op, "cols": c.cols, "row_data": row}
            for c, row in items])
    except hub_repo.DeskIdTaken as error:
        raise HubError(f"Another event file on this hub sends changes as desk '{desk_id}', and the hub cannot "
                       f"tell them apart: nothing was sent. Work on the file this desk joined with, or give this "
                       f"computer a desk id of its own (EXPO_CONSOLE_DESK_ID) and join again.") from error


def _with_rows(store: EventStore, changes: list[sync_capture.Change]) -> list[tuple[sync_capture.Change,
                                                                                     dict[str, Any] | None]]:
    """Each change with the row as the file holds it now (None for a tombstone). An insert or
    update of a row deleted since is left: its tombstone is further down the outbox. An update
    that changed nothing is left too."""
    changes = [c for c in changes if c.cols != []]
    rows: dict[str, dict[tuple[Any, ...], dict[str, Any]]] = {}
    for table in {c.table for c in changes}:
        rows[table] = hub_tables_repo.sqlite_rows_by_key(store.conn, table, [
            c.key for c in changes if c.table == table and c.op == "upsert"])
    items = []
    for change in changes:
        row = None if change.op == "delete" else rows[change.table].get(tuple(change.key.values()))
        if change.op == "upsert" and row is None:
            continue
        items.append((change, None if row is None else hub_tables_repo.as_json_row(row)))
    return items


def _merged(items: list[tuple[sync_capture.Change, dict[str, Any] | None]]
            ) -> dict[str, list[tuple[dict[str, Any], dict[str, Any] | None, list[str] | None]]]:
    """A batch's changes per table, one per row: the last op, with the columns every update of it
    since its last insert or delete changed (None: the whole row)."""
    rows: dict[Any, tuple[dict[str, Any], dict[str, Any] | None, list[str] | None]] = {}
    for change, row in items:
        name = sync_capture.row_name(change.table, change.key)
        before = rows.get(name)
        cols = change.cols
        if cols is not None and before is not None:
            cols = None if before[1] is None or before[2] is None else sorted(set(before[2]) | set(cols))
        rows[name] = (change.key, row, None if row is None else cols)
    by_table: dict[str, list[tuple[dict[str, Any], dict[str, Any] | None, list[str] | None]]] = {}
    for (table, _key), merged in rows.items():
        by_table.setdefault(table, []).append(merged)
    return by_table


def _pull(store: EventStore, dsn: str, progress: ProgressCallback) -> tuple[int, int, set[str]]:
    pulled = 0
    erased_here: set[str] = set()
    tables: set[str] = set()
    local = sync_capture.captured_tables(store.conn)
    blobs = {table: hub_tables_repo.blob_columns(store.conn, table) for table in local}
    with connect(dsn) as pg:
        start = int(sync_capture.state(store.conn, "pulled_through") or 0)
        total = max(0, hub_repo.last_seq(pg) - start)  # the hub's sequence numbers still to read
        while True:
            after = int(sync_capture.state(store.conn, "pulled_through") or 0)
            progress(min(after - start, total), total)
            changes = hub_repo.changes_after(pg, after, store.stamp.desk_id, BATCH)
            if not changes:
                progress(total, total)
                if erased_here:
                    overwrite_wal(store)  # the WAL's older copies of their pages go too
                    tables.update({"scans", "audit_log"})
                return pulled, max(after, hub_repo.last_seq(pg)), tables
            with store.write() as conn:
                unpushed = sync_capture.pending_columns(conn, int(sync_capture.state(conn, "pushed_through") or 0))
                hub_tables_repo.defer_foreign_keys(conn)
                applier = hub_tables_repo.SqliteApplier(conn)
                merged_visitors: list[str] = []
                named = erased_traces.visitors_named([(c.table, c.op, c.key, c.row) for c in changes])
                overridden: list[tuple[str, str, dict[str, Any]]] = []
                with sync_capture.applying(conn):
                    for change in changes:
                        if change.table not in local:
                            continue  # a table a newer desk made: its changes stay on the hub for it
                        overridden.extend(_overridden_here(store, change, unpushed))
                        outcome = _apply(applier, change.table, change.key, change.cols, change.row, change.later,
                                         unpushed, blobs[change.table])
                        if outcome == ORPHAN:
                            orphans.refuse_orphan(conn, store.stamp, applier, change.table, change.key,
                                                  hub_tables_repo.from_json_row(change.row or {}, blobs[change.table]))
                            tables.add("audit_log")
                        elif outcome == APPLIED:
                            tables.add(change.table)
                            if change.table == "visitors" and change.cols is not None \
                                    and derived.SOURCES & set(change.cols):
                                merged_visitors.append(str(change.key.get("id")))
                # after the merge, as this desk's own change: the hub's row is made true too
                derived.make_true(conn, merged_visitors)
                # a visitor erased on another desk: the traces this file holds of them go as well
                # (a scan taken here offline before the erasure arrived), as this desk's changes
                erased_here |= erased_traces.erase_here(conn, named)
                for entity, entity_id, detail in overridden:
                    audit_repo.append(conn, store.stamp, "sync_conflict", entity, entity_id, detail)
                sync_capture.set_state(conn, "pulled_through", str(changes[-1].seq))
            pulled += len(changes)


APPLIED, SKIPPED, ORPHAN = "applied", "skipped", "orphan"


def _overridden_here(store: EventStore, change: hub_repo.PulledChange,
                     unpushed: dict[Any, set[str] | None]) -> list[tuple[str, str, dict[str, Any]]]:
    """A pulled change to fields this desk changed and has not pushed yet: this desk's values
    win (they reach the hub later), and the conflict is audited now, since its push will not
    see the other desk's change as unseen any more (the pull cursor has moved past it)."""
    mine = unpushed.get(sync_capture.row_name(change.table, change.key), set())
    if change.table not in AUDITED or not mine or change.row is None:
        return []
    here = hub_tables_repo.sqlite_rows_by_key(store.conn, change.table, [change.key]).get(tuple(change.key.values()))
    if here is None:
        return []
    return conflicts([(change.table, change.key, sorted(mine), here)],
                     [(change.table, change.desk_id, change.key, change.cols, change.row, change.at)])



def _apply(applier: hub_tables_repo.SqliteApplier, table: str, key: dict[str, Any], cols: list[str] | None,
           row: dict[str, Any] | None, later: list[Any], unpushed: dict[Any, set[str] | None], blobs: set[str]) -> str:
    """One pulled change, per field: what a later change on the hub set, or this desk's own edit
    not pushed yet, is not this change's to set. APPLIED, SKIPPED, or ORPHAN: a row whose parent
    this file no longer has (the caller refuses it)."""
    name = sync_capture.row_name(table, key)
    mine = unpushed.get(name, set())
    if "*" in later or mine is None:
        return SKIPPED  # a later insert or delete of the row (here or on the hub) decides it
    taken = set(mine).union(*(set(cols_) for cols_ in later))
    if row is None:
        applier.apply(table, key, None)
        return APPLIED
    row = hub_tables_repo.from_json_row(row, blobs)
    fields = set(row if cols is None else cols) - taken
    keyed = hub_tables_repo.keyed_columns(sorted(fields))
    for column, keys in keyed.items():  # a JSON object merged per key: the keys this change set
        applier.patch_json(table, key, column, row.get(column), keys)
    by_key = set(hub_tables_repo.keyed_columns(cols)) if cols is not None else set()
    fields = {name for name in fields if name.partition(".")[0] not in by_key}  # never the object whole
    if cols is not None and not fields:
        return APPLIED if keyed else SKIPPED
    if cols is None and applier.missing_parent(table, row) is not None:
        return ORPHAN
    applier.apply(table, key, row, whole=cols is None, only=None if cols is None and not taken else fields)
    return APPLIED
