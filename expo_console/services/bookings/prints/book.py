"""What every print of a kind's bookings reads, read once: the event (the print's context, with the
studio's zone on the floor plan and its sets, or the photo corner), the kind's setup and its
bookings in time order.

The confirmations, the running orders and the workbook are made from this one read, so they say
the same thing. Cancelled bookings are not printed: nobody comes for them. A no-show stays on the
running order (it says so); its slot given to the waiting list is listed beside it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from expo_console.domain.booking_records import BookingRecord, BookingStatus, RequestRecord
from expo_console.domain.bookings import BookingKind
from expo_console.domain.consultations import Slot
from expo_console.services.bookings import schedule
from expo_console.services.bookings import setup as setup_service
from expo_console.services.bookings.prints.labels import WORDS
from expo_console.services.bookings.setup import BookingSetup, ExhibitorNames, Resource
from expo_console.services.consultations.prints.context import (
    PrintContext,
    context_fields,
    load_zone_map,
)
from expo_console.storage.connection import EventStore


@dataclass(frozen=True)
class BookingBook(PrintContext):
    kind: BookingKind
    setup: BookingSetup
    bookings: tuple[BookingRecord, ...]  # not cancelled, by day, start and resource
    only_day: dt.date | None = None
    by_exhibitor: dict[str, list[BookingRecord]] = field(default_factory=dict)
    by_day: dict[dt.date, list[BookingRecord]] = field(default_factory=dict)
    requests: dict[str, RequestRecord] = field(default_factory=dict)
    resources: dict[int, Resource] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.requests.update({r.id: r for r in self.setup.requests})  # every row asks: looked up, not searched
        self.resources.update({r.number: r for r in self.setup.resources})
        exhibitors: dict[str, list[BookingRecord]] = defaultdict(list)
        days: dict[dt.date, list[BookingRecord]] = defaultdict(list)
        for booking in self.bookings:
            exhibitors[booking.exhibitor_id].append(booking)
            days[booking.day].append(booking)
        self.by_exhibitor.update(exhibitors)
        self.by_day.update(days)

    def days(self) -> tuple[dt.date, ...]:
        """The days with a session (or a booking), the one day asked for when printing one day."""
        found = {s.day for s in self.setup.sessions} | set(self.by_day)
        return tuple(sorted(d for d in found if self.only_day is None or d == self.only_day))

    def slots(self, day: dt.date) -> tuple[Slot, ...]:
        return self.setup.slots_on(day)

    def breaks(self, day: dt.date) -> tuple[tuple[dt.time, dt.time], ...]:
        return tuple(b for s in self.setup.sessions if s.day == day for b in s.breaks)

    def exhibitor(self, exhibitor_id: str) -> ExhibitorNames | None:
        return self.setup.exhibitors.get(exhibitor_id)

    def request(self, booking: BookingRecord) -> RequestRecord | None:
        return self.requests.get(booking.request_id) if booking.request_id else None

    def resource(self, number: int) -> Resource | None:
        return self.resources.get(number)

    def resource_numbers(self, day: dt.date) -> tuple[int, ...]:
        """The sets (corners) placed, and any a booking of the day still names."""
        return tuple(sorted({r.number for r in self.setup.resources}
                            | {b.resource for b in self.by_day.get(day, [])}))


def load_booking_book(store: EventStore, kind: BookingKind, day: dt.date | None = None,
                      now: dt.datetime | None = None) -> BookingBook:
    setup = setup_service.load(store, kind)
    bookings = sorted((b for b in schedule.bookings(store, kind, day=day) if b.status != BookingStatus.CANCELLED),
                      key=lambda b: (b.day, b.starts, b.resource, not b.occupies))
    first = day or (setup.sessions[0].day if setup.sessions else None)
    context = context_fields(store, load_zone_map(store, setup.resources, WORDS[kind].zone), first, now)
    return BookingBook(**context, kind=kind, setup=setup, bookings=tuple(bookings), only_day=day)
