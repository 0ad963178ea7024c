"""The exhibitors' requests for a studio slot or a photo shoot, entered at the desk or imported.

A request names the exhibitor, the times they prefer (none: any slot), the products to show, and
for a broadcast the host and the channel (네이버 쇼핑라이브, 쿠팡라이브 …). Its time of arrival
orders the waiting list first come, first served; the organizer's priority (1 first) orders it
when the rules say so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from expo_console.domain.access import Action
from expo_console.domain.booking_records import BookingRecord
from expo_console.domain.bookings import BookingKind, Window
from expo_console.domain.ids import new_id
from expo_console.services.access import require
from expo_console.services.bookings.setup import SetupError, windows_to_json
from expo_console.services.changes import BookingsChanged
from expo_console.storage import audit_repo, bookings_repo
from expo_console.storage.connection import EventStore

TEXT_LIMIT = 500  # products, host, channel, note: what a cell or a confirmation can hold


@dataclass(frozen=True)
class RequestInput:
    exhibitor_id: str
    windows: tuple[Window, ...] = ()
    products: str = ""
    host: str = ""
    channel: str = ""
    priority: int | None = None
    requested_at: dt.datetime | None = None  # None: now
    note: str = ""


def put_request(store: EventStore, kind: BookingKind, given: RequestInput, *, request_id: str | None = None,
                source: str = "desk") -> tuple[str, BookingsChanged]:
    """Add a request, or change one (its id given); refused with what to fix."""
    require(store, Action.PLAN_MEETINGS)
    check(store, given)
    request_id = request_id or new_id()
    with store.write() as conn:
        before = bookings_repo.request(conn, request_id)
        # an edit keeps the request's place in the queue unless it names another time
        at = given.requested_at or (dt.datetime.fromisoformat(before["requested_at"]) if before is not None
                                    else dt.datetime.now(dt.UTC))
        if (before is not None and before["exhibitor_id"] != given.exhibitor_id
                and bookings_repo.bookings(conn, before["kind"], request_id=request_id)):
            raise SetupError("This request has a booking under its exhibitor: another exhibitor cannot take it over. "
                             "Add a request for the other exhibitor instead (or remove this one's booking first).")
        bookings_repo.put_request(conn, {
            "id": request_id, "kind": kind.value, "exhibitor_id": given.exhibitor_id,
            "windows_json": windows_to_json(given.windows), "products": given.products.strip(),
            "host": given.host.strip(), "channel": given.channel.strip(), "priority": given.priority,
            "requested_at": at.isoformat(timespec="seconds"), "note": given.note.strip(), "source": source},
            store.stamps())
    return request_id, BookingsChanged((kind.value,), setup=True)


def check(store: EventStore, given: RequestInput) -> None:
    if not bookings_repo.exhibitor_exists(store.conn, given.exhibitor_id):
        raise SetupError("No such exhibitor in the event: choose one from the list.")
    if given.priority is not None and given.priority < 1:
        raise SetupError("A priority is 1 (first) or more; leave it empty for no priority.")
    for window in given.windows:
        if window.end <= window.start:
            raise SetupError(f"The preferred time on {window.day.isoformat()} must end after it starts.")
    for name, text in (("products", given.products), ("host", given.host), ("channel", given.channel),
                       ("note", given.note)):
        if len(text) > TEXT_LIMIT:
            raise SetupError(f"The {name} is longer than {TEXT_LIMIT} characters: shorten it.")


def set_priority(store: EventStore, request_id: str, priority: int | None) -> BookingsChanged:
    require(store, Action.PLAN_MEETINGS)
    if priority is not None and priority < 1:
        raise SetupError("A priority is 1 (first) or more; leave it empty for no priority.")
    with store.write() as conn:
        row = bookings_repo.request(conn, request_id)
        if row is None:
            raise SetupError("That request was removed, perhaps on another desk: reload the list.")
        bookings_repo.update_request(conn, request_id, {"priority": priority, **store.stamps(created=False)})
    return BookingsChanged((row["kind"],), setup=True)


def remove_requests(store: EventStore, request_ids: Sequence[str]) -> BookingsChanged:
    """Withdraw requests; their bookings still to come go too. A booking with a result stays
    (the report counts it): such a request is refused with what to do."""
    require(store, Action.PLAN_MEETINGS)
    kinds: set[str] = set()
    removed: list[str] = []
    with store.write() as conn:
        for request_id in request_ids:
            row = bookings_repo.request(conn, request_id)
            if row is None:
                continue
            kinds.add(row["kind"])
            held = bookings_repo.bookings(conn, row["kind"], request_id=request_id)
            if any(BookingRecord.from_row(b).settled for b in held):
                raise SetupError("A request whose slot already took place (or was marked) cannot be withdrawn: "
                                 "cancel its booking instead.")
            for booking in held:
                bookings_repo.delete(conn, booking["id"])
                removed.append(booking["id"])
            bookings_repo.delete_request(conn, request_id)
            audit_repo.append(conn, store.stamp, "booking_request_removed", "exhibitor", row["exhibitor_id"],
                              {"kind": row["kind"], "bookings_removed": len(held)})
    return BookingsChanged(tuple(sorted(kinds)), bookings=tuple(removed), setup=True)
