"""Joining a hub: this desk's own copy of the hub's event, made from the hub's tables.

The copy is a new event file of this console's schema. The hub's change sequence is read
first, so changes pushed while the rows are copied are pulled again later (a harmless upsert)
rather than missed. Capture is installed before the rows are written, and the rows are written
as applied from the hub, so they are not pushed back.

The event's badge key is on the hub sealed with the event passphrase (services/hub/sealed_key.py).
It is opened and checked before the new file is made, so a wrong passphrase leaves nothing behind,
and it is kept as `key import` keeps a key file once the copy is complete: the desk prints and
checks badges at once. A hub published by an older console has no sealed key: the desk joins, and
imports the key by hand (expo-console key import) before it can print or check badges.
"""

from __future__ import annotations

import platform
from pathlib import Path
from typing import Any

from expo_console.services.badges import keys as badge_keys
from expo_console.services.hub import edit_lease, orphans, sealed_key
from expo_console.services.hub.common import HubError
from expo_console.services.hub.credentials import remember_dsn
from expo_console.services.hub.schema import check_hub, connect
from expo_console.services.progress import ProgressCallback, no_progress
from expo_console.storage import desks_repo, hub_repo, hub_tables_repo, sync_capture
from expo_console.storage.connection import EventStore, Stamp, open_event_file, utc_now


def join(dsn: str, path: Path | str, stamp: Stamp, *, desk_name: str | None = None, passphrase: str | None = None,
         progress: ProgressCallback = no_progress) -> tuple[EventStore, dict[str, int]]:
    """Make this desk's copy of the hub's event at `path` (a new file); returns it open, with the
    rows copied per table. `desk_name` is how *Desks…* names this desk (default: the computer's
    name). `passphrase` opens the event's badge key on the hub: PassphraseNeeded without one when
    the hub has the key, WrongPassphrase when it does not open it (both HubErrors, raised before
    anything is made). Whether the desk has the key afterwards: keys.has_keys(event id)."""
    path = Path(path)
    if path.exists() and path.stat().st_size > 0:
        raise HubError(f"{path} exists already. Join into a new file name (this desk's copy is made there).")
    held = check_hub(dsn)
    if held["event_id"] is None:
        raise HubError("This hub holds no event yet: the organizer publishes one first (expo-console hub publish).")
    keys = _badge_keys(dsn, str(held["event_id"]), passphrase)
    store = open_event_file(path, stamp, create=True)
    try:
        copied = _copy(store, dsn, held, desk_name or platform.node(), progress)
        if keys is not None:
            badge_keys.keep_keys(*keys)
    except BaseException:
        store.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        raise
    remember_dsn(str(held["event_id"]), dsn)  # sync finds the hub again without asking
    return store, copied


def _badge_keys(dsn: str, event_id: str, passphrase: str | None) -> tuple[badge_keys.EventKeys, str] | None:
    """The keys to keep once the copy is made (None: the hub has no sealed key)."""
    sealed = sealed_key.sealed_on_hub(dsn)
    if sealed is None:
        return None
    if passphrase is None:
        raise sealed_key.PassphraseNeeded(code="hub_passphrase_needed")
    return sealed_key.open_event_key(sealed, passphrase, event_id)


def _copy(store: EventStore, dsn: str, held: dict[str, Any], desk_name: str,
          progress: ProgressCallback) -> dict[str, int]:
    copied: dict[str, int] = {}
    with connect(dsn) as pg, store.write() as conn:
        start = hub_repo.last_seq(pg)
        tables = sync_capture.install(conn)
        sync_capture.number_changes_after(conn, hub_repo.last_desk_seq(pg, store.stamp.desk_id))
        hub_tables_repo.defer_foreign_keys(conn)  # rows come table by table: checked at commit
        with sync_capture.applying(conn):
            for done, table in enumerate(tables):
                columns = [c[0] for c in hub_tables_repo.sqlite_columns(conn, table)]
                copied[table] = 0
                for rows in hub_tables_repo.hub_rows(pg, table, columns):
                    hub_tables_repo.insert_sqlite_rows(conn, table, columns, rows)
                    copied[table] += len(rows)
                progress(done + 1, len(tables))
        orphans.drop_orphans(conn, store.stamp, {t: k for t, k in sync_capture.captured_tables(conn).items()})
        sync_capture.set_state(conn, "hub_event_id", str(held["event_id"]))
        sync_capture.set_state(conn, "pulled_through", str(start))
        # This desk's badge serials: a slot leased on the hub, so no other desk of the event has it.
        try:
            slot = hub_repo.lease_slot(pg, store.stamp.desk_id)
        except ValueError as error:
            raise HubError(str(error)) from error
        desks_repo.touch(conn, store.stamp.desk_id, utc_now())
        desks_repo.set_slot(conn, store.stamp.desk_id, slot)
        hub_repo.register_desk(pg, store.stamp.desk_id, desk_name)
        edit_lease.refresh(conn, pg)  # who edits the floor plan, known from the start
        pg.commit()
    return copied
