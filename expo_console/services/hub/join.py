"""Joining a hub: this desk's own copy of the hub's event, made from the hub's tables.

The copy is a new event file of this console's schema. The hub's change sequence is read
first, so changes pushed while the rows are copied are pulled again later (a harmless upsert)
rather than missed. Capture is installed before the rows are written, and the rows are written
as applied from the hub, so they are not pushed back. The badge key is not on the hub in clear:
until it is imported (expo-console key import), the desk registers and scans, but cannot print.
"""

from __future__ import annotations

import platform
from pathlib import Path
from typing import Any

from expo_console.services.hub.common import HubError
from expo_console.services.hub.credentials import remember_dsn
from expo_console.services.hub.schema import check_hub, connect
from expo_console.services.progress import ProgressCallback, no_progress
from expo_console.storage import desks_repo, hub_repo, hub_tables_repo, sync_capture
from expo_console.storage.connection import EventStore, Stamp, open_event_file, utc_now


def join(dsn: str, path: Path | str, stamp: Stamp, *,
         progress: ProgressCallback = no_progress) -> tuple[EventStore, dict[str, int]]:
    """Make this desk's copy of the hub's event at `path` (a new file); returns it open, with the
    rows copied per table."""
    path = Path(path)
    if path.exists() and path.stat().st_size > 0:
        raise HubError(f"{path} exists already. Join into a new file name (this desk's copy is made there).")
    held = check_hub(dsn)
    if held["event_id"] is None:
        raise HubError("This hub holds no event yet: the organizer publishes one first (expo-console hub publish).")
    store = open_event_file(path, stamp, create=True)
    try:
        copied = _copy(store, dsn, held, progress)
    except BaseException:
        store.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        raise
    remember_dsn(str(held["event_id"]), dsn)  # sync finds the hub again without asking
    return store, copied


def _copy(store: EventStore, dsn: str, held: dict[str, Any], progress: ProgressCallback) -> dict[str, int]:
    copied: dict[str, int] = {}
    with connect(dsn) as pg, store.write() as conn:
        start = hub_repo.last_seq(pg)
        tables = sync_capture.install(conn)
        hub_tables_repo.defer_foreign_keys(conn)  # rows come table by table: checked at commit
        with sync_capture.applying(conn):
            for done, table in enumerate(tables):
                columns = [c[0] for c in hub_tables_repo.sqlite_columns(conn, table)]
                copied[table] = 0
                for rows in hub_tables_repo.hub_rows(pg, table, columns):
                    hub_tables_repo.insert_sqlite_rows(conn, table, columns, rows)
                    copied[table] += len(rows)
                progress(done + 1, len(tables))
        sync_capture.set_state(conn, "hub_event_id", str(held["event_id"]))
        sync_capture.set_state(conn, "pulled_through", str(start))
        # This desk's badge serials: a slot leased on the hub, so no other desk of the event has it.
        try:
            slot = hub_repo.lease_slot(pg, store.stamp.desk_id)
        except ValueError as error:
            raise HubError(str(error)) from error
        desks_repo.touch(conn, store.stamp.desk_id, utc_now())
        desks_repo.set_slot(conn, store.stamp.desk_id, slot)
        hub_repo.register_desk(pg, store.stamp.desk_id, platform.node())
        pg.commit()
    return copied
