"""What one desk at a time edits on a hub (the floor plan): a lease on the hub.

A desk takes the lease on the hub, in a transaction, so two desks cannot both have it; the
others learn who holds it at each sync and keep it in their file's sync state, so a desk that
is offline still knows. A file that is not on a hub has no lease: its floor plan is editable as
always. Taking the lease over from another desk (one that crashed, or was left editing) is
audited with whom it was taken from.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from expo_console.domain.access import Action
from expo_console.services.access import require
from expo_console.services.hub.common import HubError
from expo_console.services.hub.schema import connect, hub_may_drop
from expo_console.storage import audit_repo, hub_repo, sync_capture
from expo_console.storage.connection import EventStore

FLOOR_PLAN = "floor_plan"
_STATE = "lease:"


@dataclass(frozen=True)
class Lease:
    desk_id: str
    desk_name: str
    since: str  # ISO 8601, the hub's clock

    def since_local(self) -> str:
        """HH:MM on this computer's clock (the desks of an event are in one time zone)."""
        return dt.datetime.fromisoformat(self.since).astimezone().strftime("%H:%M")

    def desk_label(self) -> str:
        return self.desk_name or self.desk_id


class LeaseHeld(HubError):
    """Another desk holds the lease: take it over to edit here."""

    def __init__(self, lease: Lease) -> None:
        super().__init__(code="hub_lease_held", desk=lease.desk_label(), since=lease.since_local())
        self.lease = lease


def on_hub(store: EventStore) -> bool:
    return bool(sync_capture.state(store.conn, "hub_event_id"))


def holder(store: EventStore, name: str = FLOOR_PLAN) -> Lease | None:
    """Who holds the lease, as this desk last heard from the hub."""
    text = sync_capture.state(store.conn, _STATE + name)
    return Lease(**json.loads(text)) if text else None


def may_edit(store: EventStore, name: str = FLOOR_PLAN) -> bool:
    """Whether this desk may write what the lease guards: always off a hub; on one, with the lease."""
    if not on_hub(store):
        return True
    held = holder(store, name)
    return held is not None and held.desk_id == store.stamp.desk_id


@hub_may_drop
def take(store: EventStore, dsn: str, name: str = FLOOR_PLAN, *, take_over: bool = False) -> Lease:
    """The lease for this desk, from the hub; LeaseHeld when another desk has it and `take_over`
    is not asked for. A take-over is written to the audit log. The lease is for editing the floor
    plan, an organizer's: a role that may not edit it may not take it (from another desk least)."""
    require(store, Action.CHANGE_SETTINGS)
    with connect(dsn) as pg:
        now, replaced = hub_repo.take_lease(pg, name, store.stamp.desk_id, take_over=take_over)
    lease = Lease(**now)
    with store.write() as conn:
        _remember(conn, name, lease)
        if replaced is not None:
            audit_repo.append(conn, store.stamp, "lease_taken_over", name, None,
                              {"from_desk": replaced["desk_id"], "from_name": replaced["desk_name"],
                               "held_since": replaced["since"]})
    if lease.desk_id != store.stamp.desk_id:
        raise LeaseHeld(lease)
    return lease


@hub_may_drop
def release(store: EventStore, dsn: str, name: str = FLOOR_PLAN) -> None:
    """Give the lease back (done editing): another desk may take it without taking over."""
    with connect(dsn) as pg:
        hub_repo.release_lease(pg, name, store.stamp.desk_id)
    with store.write() as conn:
        _remember(conn, name, None)


def refresh(conn: Any, pg: Any) -> None:
    """At each sync: every lease as the hub has it now, kept in the desk's file."""
    held = hub_repo.leases(pg)
    for name in {FLOOR_PLAN, *held}:
        _remember(conn, name, Lease(**held[name]) if name in held else None)


def _remember(conn: Any, name: str, lease: Lease | None) -> None:
    sync_capture.set_state(conn, _STATE + name, "" if lease is None else json.dumps(lease.__dict__))
