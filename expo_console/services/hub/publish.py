"""Putting an event on the hub: every table of the desk's file, the hub's event, and this desk.

Capture is installed first, in the desk's file: a write made while the rows are being copied
is in the outbox as well as (perhaps) in the copy, and pushing it again is a harmless upsert,
whereas a write between a copy and a later install would be lost. Publishing again (the same
event) upserts every row again; a hub that holds another event is refused.

The event's badge key goes with it, sealed with the event passphrase the organizer gives
(services/hub/sealed_key.py): the desks that join open it and can print at once. A desk without
the key cannot publish (the desks would join unable to print): it imports the key first. Publishing
again reseals the key (a rotated key reaches the desks that join later) with the same passphrase:
a different one is refused unless `new_passphrase` says it replaces the old one, so a typo cannot
lock out the desks that were told the first. Everything is checked before anything is written.
"""

from __future__ import annotations

import platform
from typing import Any

from expo_console.services.badges import keys as badge_keys
from expo_console.services.events import event_row
from expo_console.services.hub import sealed_key
from expo_console.services.hub.common import DESK_ROLE, HubError
from expo_console.services.hub.credentials import remember_dsn
from expo_console.services.hub.schema import check_hub, connect
from expo_console.services.progress import ProgressCallback, no_progress
from expo_console.storage import desks_repo, hub_repo, hub_scans_repo, hub_tables_repo, sync_capture
from expo_console.storage.connection import EventStore


def publish(store: EventStore, dsn: str, *, passphrase: str | None = None, new_passphrase: bool = False,
            desk_role: str = DESK_ROLE, progress: ProgressCallback = no_progress) -> dict[str, Any]:
    """Put the event on the hub (with the hub database owner's DSN) and its badge key sealed with
    `passphrase`; returns what was copied."""
    event = event_row(store)
    held = check_hub(dsn)
    if held["event_id"] not in (None, event["id"]):
        raise HubError(f"This hub holds another event, '{held['event_name']}'. Make a hub for "
                       f"'{event['name']}' in another folder (expo-console hub start --dir …).")
    sealed = _sealed_key(dsn, str(event["id"]), str(event["name"]), passphrase, new_passphrase)
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
        hub_scans_repo.index_scans(pg)  # a gate's decision reads one badge's scans, not the table
        hub_repo.put_meta(pg, "event_id", str(event["id"]))
        hub_repo.put_meta(pg, "event_name", str(event["name"]))
        hub_repo.put_meta(pg, sealed_key.META_KEY, sealed)
        for desk_id, slot in desks_repo.slots(store.conn).items():  # the file's desks keep their slots
            holder = hub_repo.claim_slot(pg, desk_id, slot)
            if holder is not None:
                raise HubError(f"Serial slot {slot} of desk {desk_id} belongs to desk {holder} on this hub: badge "
                               f"serials would clash. Publish to a new hub.")
        hub_repo.register_desk(pg, store.stamp.desk_id, platform.node())
    # The publishing desk is one of the event's desks: it syncs, and its gates decide on the hub,
    # without being told the address again (kept owner-only in its config folder, as a join does).
    remember_dsn(str(event["id"]), dsn)
    return {"event": event["name"], "event_id": event["id"], "tables": len(copied), "rows": sum(copied.values()),
            "copied": copied, "badge_key": "sealed"}


def _sealed_key(dsn: str, event_id: str, event_name: str, passphrase: str | None, new_passphrase: bool) -> str:
    if passphrase is None:
        raise HubError("Publishing puts the event's badge key on the hub, locked with an event passphrase: give one "
                       f"(at least {sealed_key.MIN_PASSPHRASE} characters), and tell it to the desks that join.")
    problem = sealed_key.passphrase_problem(passphrase)
    if problem:
        raise HubError(problem)
    if not badge_keys.has_keys(event_id):
        raise HubError(f"This desk has no badge key for '{event_name}', so the desks that join could not print "
                       f"badges: import the key here first (expo-console key import), then publish.")
    earlier = sealed_key.sealed_on_hub(dsn)
    if earlier is not None and not new_passphrase:
        try:
            sealed_key.unseal(earlier, passphrase, event_id)
        except sealed_key.WrongPassphrase:
            raise HubError("The event's badge key is on this hub under another passphrase. Give that passphrase "
                           "again, or replace it (--new-passphrase): desks that join from then on need the new one; "
                           "desks that joined keep their key.") from None
    try:
        return sealed_key.seal_event_key(event_id, event_name, passphrase)
    except badge_keys.MissingKey as error:  # a key file this desk cannot read
        raise HubError(str(error)) from error
