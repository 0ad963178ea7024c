"""The studio's and the photo corner's bookings in the event file: reading them, changing them by
hand, the waiting list, and a freed slot offered to it.

Hand edits check what the solver avoids (one booking per resource and slot, an exhibitor in one
place at a time, a slot of the sessions) and refuse a double booking with what collides; a moved
booking is fixed, so the next solve keeps it. A no-show or a cancellation frees its slot: the
waiting list's first request that fits is offered it, and taking the offer is one call.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from expo_console.domain.access import Action
from expo_console.domain.booking_records import BookingRecord, RequestRecord
from expo_console.domain.bookings import (
    Booking,
    BookingKind,
    WaitingReason,
    double_bookings,
)
from expo_console.domain.consultations import Slot
from expo_console.domain.ids import new_id
from expo_console.domain.meeting_records import Origin
from expo_console.services.access import require
from expo_console.services.bookings import setup as setup_service
from expo_console.services.bookings import waiting
from expo_console.services.bookings.setup import BookingSetup
from expo_console.services.changes import BookingsChanged
from expo_console.storage import audit_repo, bookings_repo
from expo_console.storage.connection import EventStore


class BookingError(ValueError):
    """A booking edit refused (a clash, a slot or resource that does not exist), with what to do."""


@dataclass(frozen=True)
class WaitingEntry:
    request: RequestRecord
    reason: WaitingReason


# Reading --------------------------------------------------------------------------------------

def record_of(row: dict[str, Any]) -> BookingRecord:
    return BookingRecord.from_row(row)


def bookings(store: EventStore, kind: BookingKind, *, day: dt.date | None = None,
             exhibitor_id: str | None = None) -> list[BookingRecord]:
    return [record_of(r) for r in bookings_repo.bookings(store.conn, kind.value, day=day.isoformat() if day else None,
                                                          exhibitor_id=exhibitor_id)]


def booking(store: EventStore, booking_id: str) -> BookingRecord:
    row = bookings_repo.booking(store.conn, booking_id)
    if row is None:
        raise BookingError("That booking was removed, perhaps on another desk: reload the schedule.")
    return record_of(row)


def waiting_list(store: EventStore, kind: BookingKind, setup: BookingSetup | None = None) -> list[WaitingEntry]:
    """Requests without a booking, in the order they are offered a slot, each with why it waits.
    A request whose booking was a no-show or cancelled has had its turn and does not wait again."""
    setup = setup or setup_service.load(store, kind)
    every = bookings(store, kind)
    spent = {b.request_id for b in every if not b.occupies}
    standing = [b.as_booking() for b in every if b.occupies]
    by_id = {r.id: r for r in setup.requests}
    return [WaitingEntry(by_id[w.request.id], w.reason) for w in waiting.waiting_list(setup.problem(), standing)
            if w.request.id not in spent]


def offer_for(store: EventStore, kind: BookingKind, slot: Slot, resource: int) -> RequestRecord | None:
    """Who the free (slot, resource) is offered to: the first on the waiting list whose preferred
    times hold the slot, whose exhibitor is under the limit and not booked elsewhere then."""
    setup = setup_service.load(store, kind)
    every = bookings(store, kind)
    standing = [b for b in every if b.occupies]
    if any(b.slot == slot and b.resource == resource for b in standing):
        return None
    spent = {b.request_id or "" for b in every if not b.occupies}
    taker = waiting.first_fit(setup.problem(), slot, [b.as_booking() for b in standing], exclude=spent)
    return setup.request(taker.id) if taker is not None else None


def clashes(store: EventStore, kind: BookingKind) -> list[str]:
    """Double bookings among the bookings that stand, described with the exhibitors' names. Each
    desk refuses them, but two desks working apart (offline, or in the same second) can each
    give the same freed slot away: after a sync the schedule shows what to resolve."""
    setup = setup_service.load(store, kind)
    standing = [b.as_booking() for b in bookings(store, kind) if b.occupies]
    return [_named(text, setup) for text in double_bookings(standing) if not text.startswith("Request ")]


# Hand edits -----------------------------------------------------------------------------------

def conflicts_at(store: EventStore, kind: BookingKind, exhibitor_id: str, slot: Slot, resource: int, *,
                 moving: str | None = None, setup: BookingSetup | None = None) -> list[str]:
    """What a booking of `exhibitor_id` would collide with at (slot, resource): empty when it
    fits. `moving` is the booking being moved (it does not collide with itself)."""
    setup = setup or setup_service.load(store, kind)
    found: list[str] = []
    if resource not in {r.number for r in setup.resources}:
        found.append(f"There is no number {resource} here: place it in Setup first.")
    if slot not in set(setup.slots_on(slot.day)):
        found.append(f"{slot.start:%H:%M} on {slot.day.isoformat()} is not a slot of the session.")
    others = [b.as_booking() for b in bookings(store, kind, day=slot.day) if b.occupies and b.id != moving]
    mine = set(double_bookings(others))
    found += [c for c in double_bookings([*others, Booking(moving or "new", exhibitor_id, slot, resource)])
              if c not in mine and not c.startswith("Request ")]
    return [_named(text, setup) for text in found]


def _named(text: str, setup: BookingSetup) -> str:
    for exhibitor_id, names in setup.exhibitors.items():
        text = text.replace(f"Exhibitor {exhibitor_id} ", f"{names.name} ")
    return text


def move_booking(store: EventStore, booking_id: str, slot: Slot, resource: int) -> BookingsChanged:
    """Move a booking to another slot or resource; it becomes fixed (a new solve keeps it there)."""
    require(store, Action.PLAN_MEETINGS)
    record = booking(store, booking_id)
    problems = conflicts_at(store, record.kind, record.exhibitor_id, slot, resource, moving=booking_id)
    if problems:
        raise BookingError(" ".join(problems))
    with store.write() as conn:
        bookings_repo.update(conn, booking_id, {**_placement(slot, resource), "fixed": 1,
                                                "origin": Origin.OPERATOR.value, **store.stamps(created=False)})
        audit_repo.append(conn, store.stamp, "booking_moved", "booking", booking_id,
                          {"kind": record.kind.value, "from": f"{record.day} {record.starts:%H:%M} #{record.resource}",
                           "to": f"{slot.day} {slot.start:%H:%M} #{resource}"})
    return BookingsChanged((record.kind.value,), bookings=(booking_id,))


def set_fixed(store: EventStore, booking_id: str, fixed: bool) -> BookingsChanged:
    """Lock a booking where it is (kept by a new solve) or let a solve move it again."""
    require(store, Action.PLAN_MEETINGS)
    record = booking(store, booking_id)
    with store.write() as conn:
        bookings_repo.update(conn, booking_id, {"fixed": int(fixed), **store.stamps(created=False)})
        audit_repo.append(conn, store.stamp, "booking_locked" if fixed else "booking_unlocked", "booking", booking_id)
    return BookingsChanged((record.kind.value,), bookings=(booking_id,))


def add_booking(store: EventStore, request_id: str, slot: Slot, resource: int, *, origin: Origin = Origin.OPERATOR,
                action: Action = Action.PLAN_MEETINGS) -> tuple[str, BookingsChanged]:
    """A request booked by hand (fixed). Taking a freed slot for the waiting list passes its
    origin and the coordinator's action."""
    require(store, action)
    row = bookings_repo.request(store.conn, request_id)
    if row is None:
        raise BookingError("That request was removed, perhaps on another desk: reload the list.")
    kind = BookingKind(row["kind"])
    setup = setup_service.load(store, kind)
    request = setup.request(request_id)
    assert request is not None
    if any(b.request_id == request_id and b.occupies for b in bookings(store, kind, exhibitor_id=row["exhibitor_id"])):
        raise BookingError("This request already has a slot: move that booking instead.")
    problems = conflicts_at(store, kind, request.exhibitor_id, slot, resource, setup=setup)
    if problems:
        raise BookingError(" ".join(problems))
    booking_id = new_id()
    with store.write() as conn:
        bookings_repo.insert(conn, new_row(store, kind, Booking(request_id, request.exhibitor_id, slot, resource, True),
                                        origin, booking_id))
        audit_repo.append(conn, store.stamp, "booking_added", "booking", booking_id,
                          {"kind": kind.value, "origin": origin.value, "at": f"{slot.day} {slot.start:%H:%M} #{resource}"})
    return booking_id, BookingsChanged((kind.value,), bookings=(booking_id,))


def give_freed_slot(store: EventStore, booking_id: str, request_id: str | None = None
                    ) -> tuple[str, BookingsChanged] | None:
    """The slot a no-show or a cancellation freed, to the request the desk named (`request_id`,
    the one it was shown and may have told), or else to the waiting list's first request that
    fits. None when nobody waiting fits. A named request that can no longer take it (booked
    meanwhile, its exhibitor busy or at the limit) is refused, so the desk looks again."""
    require(store, Action.RECORD_OUTCOMES)
    freed = booking(store, booking_id)
    if freed.occupies:
        raise BookingError("This slot is not free: mark the booking a no-show or cancel it first.")
    if request_id is None:
        taker = offer_for(store, freed.kind, freed.slot, freed.resource)
        if taker is None:
            return None
        request_id = taker.id
    elif request_id not in {entry.request.id for entry in waiting_list(store, freed.kind)}:
        raise BookingError("The request offered this slot is no longer waiting (it was booked or withdrawn, perhaps "
                           "at another desk): look at the offer again.")
    return add_booking(store, request_id, freed.slot, freed.resource, origin=Origin.WAITING_LIST,
                       action=Action.RECORD_OUTCOMES)


def remove_booking(store: EventStore, booking_id: str) -> BookingsChanged:
    """Take a booking out. One that took place or has results is refused: cancel it instead."""
    require(store, Action.PLAN_MEETINGS)
    record = booking(store, booking_id)
    if record.settled:
        raise BookingError("This booking took place or has results: mark it cancelled instead of removing it.")
    with store.write() as conn:
        bookings_repo.delete(conn, booking_id)
        audit_repo.append(conn, store.stamp, "booking_removed", "booking", booking_id,
                          {"kind": record.kind.value, "at": f"{record.day} {record.starts:%H:%M} #{record.resource}"})
    return BookingsChanged((record.kind.value,), bookings=(booking_id,))


def restore_booking(store: EventStore, record: BookingRecord) -> BookingsChanged:
    """Put a removed booking back as it was (the grid's undo of a removal)."""
    require(store, Action.PLAN_MEETINGS)
    problems = conflicts_at(store, record.kind, record.exhibitor_id, record.slot, record.resource)
    if problems:
        raise BookingError(" ".join(problems))
    with store.write() as conn:
        row = new_row(store, record.kind, record.as_booking(), record.origin, record.id)
        row.update(request_id=record.request_id, fixed=int(record.fixed))
        bookings_repo.insert(conn, row)
        audit_repo.append(conn, store.stamp, "booking_added", "booking", record.id, {"origin": "undo"})
    return BookingsChanged((record.kind.value,), bookings=(record.id,))


def _placement(slot: Slot, resource: int) -> dict[str, object]:
    return {"day": slot.day.isoformat(), "starts": slot.start.strftime("%H:%M"), "ends": slot.end.strftime("%H:%M"),
            "resource_number": resource}


def new_row(store: EventStore, kind: BookingKind, placed: Booking, origin: Origin, booking_id: str | None = None
         ) -> dict[str, object]:
    return {"id": booking_id or new_id(), "kind": kind.value, "request_id": placed.request,
            "exhibitor_id": placed.exhibitor, **_placement(placed.slot, placed.resource), "origin": origin.value,
            "fixed": int(placed.fixed or origin != Origin.SOLVER), **store.stamps()}
