"""This desk's link to the event hub, as the window needs it: whether the open file is on a hub,
connecting to one, a sync round that never raises for a hub out of reach, and what the rows a
pull brought in mean for the views.

A round runs on a worker with a store of its own (storage's reopen): it must not touch the GUI
thread's connection. What a pull changed is told to the views as change objects, built here
because views never make up a change (services/changes.py). The sync knows the tables it
wrote, so most kinds get a whole refresh (the plan read again, the dashboard's new scans read,
the gates' rules shown again). Visitors are named when a pull touched few of them (the hub's
change log says which), so another desk's walk-in updates one row of the list instead of
reading a hundred thousand visitors again at every desk; a large pull reloads the list.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from expo_console.services.changes import (
    BookingsChanged,
    GatesChanged,
    LayoutChanged,
    MeetingsChanged,
    TrafficChanged,
    VisitorsChanged,
)
from expo_console.services.hub.common import HubError
from expo_console.services.hub.credentials import remember_dsn, remembered_dsn
from expo_console.services.hub.schema import check_hub, connect
from expo_console.services.hub.sync import SyncResult, last_synced_at, sync_once
from expo_console.services.progress import ProgressCallback, no_progress
from expo_console.storage import hub_repo, sync_capture
from expo_console.storage.connection import EventStore

# Which views a pulled table concerns. The event row holds the event settings (gate rules,
# counting settings, layout rules and lock), so it concerns three kinds.
VISITOR_TABLES = frozenset({"visitors", "badges", "print_log", "removed_visitors", "cancelled_badges"})
LAYOUT_TABLES = frozenset({"halls", "sections", "zones", "exhibitors", "booths", "hall_backgrounds"})
TRAFFIC_TABLES = frozenset({"scans", "scan_annulments", "occupancy_corrections"})
GATE_TABLES = frozenset({"gates"})
MEETING_TABLES = frozenset({"consultation_buyers", "consultation_exhibitors", "interpreters", "consultation_tables",
                            "consultation_sessions", "consultation_requests", "meetings"})
BOOKING_TABLES = frozenset({"booking_resources", "booking_sessions", "booking_requests", "bookings"})


def hub_event_of(store: EventStore) -> str | None:
    """The hub event this file is a copy of (it was published or joined); None for a file on its own."""
    return sync_capture.state(store.conn, "hub_event_id")


def known_dsn(store: EventStore) -> str | None:
    """The hub this desk syncs the file with, if it was told one (joined or connected)."""
    try:
        return remembered_dsn(hub_event_of(store))
    except HubError:
        return None


def waiting_changes(store: EventStore) -> int:
    """This desk's changes not yet on the hub (counted in the file: no hub needed)."""
    if not sync_capture.is_installed(store.conn):
        return 0
    return sync_capture.waiting(store.conn, int(sync_capture.state(store.conn, "pushed_through") or 0))


@dataclass(frozen=True)
class HubEvent:
    """What a hub holds, seen from the open file: `linked` when it is this file's event (the DSN
    is then remembered and the desk named on the hub); otherwise the desk joins to work on it."""

    event_id: str
    event_name: str
    linked: bool


def link(dsn: str, file_event: str | None, desk_id: str, desk_name: str) -> HubEvent:
    """Check the hub at `dsn`; when it holds the open file's event (`file_event`, from
    hub_event_of), remember it for this event and give the desk its name there."""
    held = check_hub(dsn)
    if held["event_id"] is None:
        raise HubError(code="hub_no_event")
    found = HubEvent(str(held["event_id"]), str(held["event_name"] or ""), held["event_id"] == file_event)
    if found.linked:
        with connect(dsn) as pg:
            hub_repo.register_desk(pg, desk_id, desk_name)
            pg.commit()
        remember_dsn(found.event_id, dsn)
    return found


def desks_of_hub(dsn: str) -> list[dict[str, Any]]:
    """Every desk of the event as the hub knows it (name, slot, last seen, waiting, clock offset)."""
    with connect(dsn) as pg:
        return hub_repo.desks(pg)


@dataclass(frozen=True)
class Round:
    """One sync round as the window sees it. `result` is None when the hub could not be reached
    (`error` says why); `waiting` is counted in the file either way."""

    result: SyncResult | None
    waiting: int
    synced_at: str | None  # when the file was last even with the hub (UTC ISO), this round or before
    error: HubError | None = None
    changes: tuple[object, ...] = field(default=())  # for the views: what the pull brought in


def sync_round(store: EventStore, dsn: str, *, progress: ProgressCallback = no_progress) -> Round:
    """Push and pull once; a hub out of reach (or refusing) is an answer, not an exception."""
    import psycopg

    before = _pulled_through(store)
    try:
        result = sync_once(store, dsn, progress=progress)
    except HubError as error:
        return Round(None, waiting_changes(store), last_synced_at(store), error)
    except psycopg.OperationalError as error:  # the hub went away in the middle (stopped, cable out)
        lost = HubError(code="hub_lost", detail=(str(error).strip().splitlines() or ["?"])[-1])
        return Round(None, waiting_changes(store), last_synced_at(store), lost)
    visitors = None
    if result.tables & (VISITOR_TABLES | {"scans"}):
        visitors = _visitors_pulled(store, dsn, before)
    return Round(result, result.waiting, last_synced_at(store), changes=pulled_changes(result.tables, visitors))


# A pull that touched at most this many visitors names them, so the list updates those rows in
# place; more (a desk's import, a long catch-up) make it read every visitor again, on a worker.
NAMED_VISITORS_MAX = 100
_NAMED_CHANGES_MAX = 1_000  # hub changes to look through for them (a walk-in is a few)


def _pulled_through(store: EventStore) -> int:
    return int(sync_capture.state(store.conn, "pulled_through") or 0)


def _visitors_pulled(store: EventStore, dsn: str, before: int) -> VisitorsChanged | None:
    """The visitors the last pull wrote (a scan or a badge names its visitor: their check-in and
    print state change); None when there were too many to name, or the hub did not say."""
    import psycopg

    through = _pulled_through(store)
    if through - before > _NAMED_CHANGES_MAX:
        return None
    tables = sorted(VISITOR_TABLES | {"scans"})
    try:
        with connect(dsn) as pg:
            rows = hub_repo.visitor_keys_between(pg, before, through, store.stamp.desk_id, tables)
    except (HubError, psycopg.Error):
        return None
    upserted: dict[str, None] = {}
    deleted: dict[str, None] = {}
    for table, op, row_id, visitor_id in rows:
        named = row_id if table == "visitors" else visitor_id
        if not named:
            continue
        if table == "visitors" and op == "delete":
            deleted[named] = None
            upserted.pop(named, None)
        elif table != "removed_visitors":
            upserted[named] = None
            deleted.pop(named, None)
    if len(upserted) + len(deleted) > NAMED_VISITORS_MAX:
        return None
    return VisitorsChanged(upserted=tuple(upserted), deleted=tuple(deleted))


def pulled_changes(tables: frozenset[str] | set[str], visitors: VisitorsChanged | None = None) -> tuple[object, ...]:
    """The change objects that make every view read again what the pulled tables hold.
    `visitors` names the visitors the pull wrote, when it could; otherwise the list reloads."""
    changes: list[object] = []
    if visitors is not None:
        if visitors.upserted or visitors.deleted:
            changes.append(visitors)
    elif tables & VISITOR_TABLES:
        changes.append(VisitorsChanged(reload=True))
    if tables & LAYOUT_TABLES:
        changes.append(LayoutChanged(reload=True))
    elif "event" in tables:
        changes.append(LayoutChanged(rules=True))
    if "event" in tables:
        changes.append(TrafficChanged(settings=True))
    elif tables & TRAFFIC_TABLES:
        changes.append(TrafficChanged(counts=True))  # the dashboard reads the new scans as a desk's own
    if tables & GATE_TABLES or "event" in tables:
        changes.append(GatesChanged())
    if tables & MEETING_TABLES:
        changes.append(MeetingsChanged(reload=True, setup=bool((tables & MEETING_TABLES) - {"meetings"})))
    if tables & BOOKING_TABLES or "event" in tables:  # the kinds' rules are event settings
        changes.append(BookingsChanged(("studio", "photo"), reload=True,
                                       setup=bool((tables & BOOKING_TABLES) - {"bookings"}) or "event" in tables))
    return tuple(changes)
