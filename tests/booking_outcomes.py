"""Broadcasts and shoots allocated first come, first served, and their results entered as the desk
enters them from the channels' reports, with the totals worked out by hand, for the results
report's tests (import as `from booking_outcomes import ...`)."""

from __future__ import annotations

from dataclasses import dataclass

from booking_support import studio_in

from expo_console.domain.booking_records import BookingRecord, BookingStatus
from expo_console.domain.bookings import BookingKind
from expo_console.services.bookings import allocation, greedy, outcomes, schedule
from expo_console.services.bookings.outcomes import Results
from expo_console.storage.connection import EventStore


@dataclass
class Booked:
    """What the desk typed, and what it comes to: the test's own arithmetic."""

    kind: BookingKind
    every: list[BookingRecord]  # in time order, as allocated
    held: list[BookingRecord]
    no_show: list[BookingRecord]
    cancelled: list[BookingRecord]
    booked: list[BookingRecord]
    waiting: list[str]  # exhibitors who asked and were given no slot
    viewers: dict[str, int]  # booking id -> figure, held ones only
    peak: dict[str, int]
    orders: dict[str, int]
    sales: dict[str, int]
    photos: dict[str, int]


def _in_order(store: EventStore, kind: BookingKind) -> list[BookingRecord]:
    return sorted(schedule.bookings(store, kind), key=lambda b: (b.day, b.starts, b.resource))


def enter_broadcasts(store: EventStore) -> Booked:
    """Ten exhibitors ask for one broadcast; one set on three days has nine slots, so one waits.
    Three broadcasts report their figures (typed as the desk types them), one is a no-show, one
    cancelled, one reported and then found a no-show (its figures no longer count); three are
    still to come."""
    made = studio_in(store, kind=BookingKind.STUDIO, exhibitors=10, resources=1, days=3)
    allocation.solve_bookings(store, BookingKind.STUDIO, solver=greedy.solve_greedy)
    every = _in_order(store, BookingKind.STUDIO)
    a, b, c, d, e, f, *rest = every
    outcomes.record_results(store, a.id, Results(viewers="1,200명", peak_viewers="350", orders="42건", sales="320만"))
    outcomes.record_results(store, b.id, Results(viewers=800, peak_viewers=500, orders=10, sales="1500000"))
    outcomes.record_results(store, c.id, Results(viewers="5000", peak_viewers="900", orders="120", sales="1,250만"))
    outcomes.set_status(store, d.id, BookingStatus.NO_SHOW)
    outcomes.set_status(store, e.id, BookingStatus.CANCELLED)
    outcomes.record_results(store, f.id, Results(viewers="300", peak_viewers="90", orders="3", sales="100000"))
    outcomes.set_status(store, f.id, BookingStatus.NO_SHOW)
    served = {x.exhibitor_id for x in every}
    return Booked(BookingKind.STUDIO, every, [a, b, c], [d, f], [e], rest,
                  [x.id for x in made.exhibitors if x.id not in served],
                  {a.id: 1200, b.id: 800, c.id: 5000}, {a.id: 350, b.id: 500, c.id: 900},
                  {a.id: 42, b.id: 10, c.id: 120}, {a.id: 3_200_000, b.id: 1_500_000, c.id: 12_500_000}, {})


def enter_shoots(store: EventStore) -> Booked:
    """Five exhibitors ask for a shoot on day one: three deliver photos, one is a no-show, one to come."""
    studio_in(store, kind=BookingKind.PHOTO, exhibitors=5, resources=1, days=1)
    allocation.solve_bookings(store, BookingKind.PHOTO, solver=greedy.solve_greedy)
    every = _in_order(store, BookingKind.PHOTO)
    a, b, c, d, e = every
    outcomes.record_results(store, a.id, Results(photos_delivered="24장"))
    outcomes.record_results(store, b.id, Results(photos_delivered=30))
    outcomes.set_status(store, c.id, BookingStatus.NO_SHOW)
    outcomes.record_results(store, d.id, Results(photos_delivered="12"))
    return Booked(BookingKind.PHOTO, every, [a, b, d], [c], [], [e], [], {}, {}, {}, {},
                  {a.id: 24, b.id: 30, d.id: 12})
