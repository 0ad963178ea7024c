"""Putting an event on the hub: every table of the desk's file, the hub's event, and this desk.

Capture is installed first, in the desk's file: a write made while the rows are being copied
is in the outbox as well as (perhaps) in the copy, and pushing it again is a harmless upsert,
whereas a write between a copy and a later install would be lost. Publishing again (the same
event) upserts every row again; a hub that holds another event is refused.
"""

from __future__ import annotations

import platform
from typing import Any

from expo_console.services.events import event_row
from expo_console.services.hub.common import DESK_ROLE, HubError
from expo_console.services.hub.schema import check_hub, connect
from expo_console.services.progress import ProgressCallback, no_progress
from expo_console.storage import desks_repo, hub_repo, hub_tables_repo, sync_capture
from expo_console.storage.connection import EventStore


def publish(store: EventStore, dsn: str, *, desk_role: str = DESK_ROLE,
            progress: ProgressCallback = no_progress) -> dict[str, Any]:
    """Put the event on the hub (with the hub database owner's DSN); returns what was copied."""
    event = event_row(store)
    held = check_hub(dsn)
    if held["event_id"] not in (None, event["id"]):
        raise HubError(f"This hub holds another event, '{held['event_name']}'. Make a hub for "
                       f"'{event['name']}' in another folder (expo-console hub start --dir …).")
    with store.write() as conn:
        tables = sync_capture.install(conn)
        sync_capture.set_state(conn, "hub_event_id", str(event["id"]))
    copied: dict[str, int] = {}
    with connect(dsn) as pg, pg.transaction():
        for done, table in enumerate(tables):
            columns = hub_tables_repo.sqlite_columns(store.conn, table)
            hub_tables_repo.ensure_table(pg, table, columns, desk_role)
            copied[table] = sum(hub_tables_repo.upsert_rows(pg, table, columns, rows) for rows in
                                hub_tables_repo.sqlite_rows(store.conn, table, [c[0] for c in columns]))
            progress(done + 1, len(tables))
        hub_repo.put_meta(pg, "event_id", str(event["id"]))
        hub_repo.put_meta(pg, "event_name", str(event["name"]))
        for desk_id, slot in desks_repo.slots(store.conn).items():  # the file's desks keep their slots
            holder = hub_repo.claim_slot(pg, desk_id, slot)
            if holder is not None:
                raise HubError(f"Serial slot {slot} of desk {desk_id} belongs to desk {holder} on this hub: badge "
                               f"serials would clash. Publish to a new hub.")
        hub_repo.register_desk(pg, store.stamp.desk_id, platform.node())
    return {"event": event["name"], "event_id": event["id"], "tables": len(copied), "rows": sum(copied.values()),
            "copied": copied}
