"""A studio broadcast or a photo shoot as the event keeps it, and a request as the desk shows it.

`domain/bookings.py` is what the solver reads and writes (a `Booking` is a placement); this is
the booking as a record with its id, its state on the day and its results as the channel
reported them (viewers, peak concurrent viewers, orders, sales in KRW) or the photos delivered.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum
from typing import Any

from expo_console.domain.bookings import Booking, BookingKind, BookingRequest, Window
from expo_console.domain.consultations import Slot
from expo_console.domain.meeting_records import Origin

# How early the exhibitor's staff may enter the studio before their slot (the issue: 15 minutes).
ENTRY_BEFORE_MINUTES = 15


class BookingStatus(StrEnum):
    BOOKED = "booked"
    HELD = "held"  # the broadcast went out, the shoot took place
    NO_SHOW = "no_show"  # nobody came: the slot is free for the waiting list
    CANCELLED = "cancelled"


# What a booking's place in time still takes: a no-show or a cancellation frees its slot.
OCCUPYING = frozenset({BookingStatus.BOOKED, BookingStatus.HELD})


@dataclass(frozen=True)
class BookingRecord:
    id: str
    kind: BookingKind
    request_id: str | None
    exhibitor_id: str
    day: date
    starts: time
    ends: time
    resource: int
    origin: Origin = Origin.SOLVER
    fixed: bool = False
    status: BookingStatus = BookingStatus.BOOKED
    viewers: int | None = None
    peak_viewers: int | None = None
    orders: int | None = None
    sales_krw: int | None = None
    photos_delivered: int | None = None
    note: str = ""

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> BookingRecord:
        """A `bookings` row as storage/bookings_repo reads it."""
        return cls(row["id"], BookingKind(row["kind"]), row["request_id"], row["exhibitor_id"],
                   date.fromisoformat(row["day"]), time.fromisoformat(row["starts"]), time.fromisoformat(row["ends"]),
                   int(row["resource_number"]), Origin(row["origin"]), bool(row["fixed"]), BookingStatus(row["status"]),
                   row["viewers"], row["peak_viewers"], row["orders"], row["sales_krw"], row["photos_delivered"],
                   row["note"])

    @property
    def slot(self) -> Slot:
        return Slot(self.day, self.starts, self.ends)

    @property
    def occupies(self) -> bool:
        return self.status in OCCUPYING

    @property
    def has_results(self) -> bool:
        return any(v is not None for v in (self.viewers, self.peak_viewers, self.orders, self.sales_krw,
                                           self.photos_delivered))

    @property
    def settled(self) -> bool:
        """Something happened to it, or someone wrote on it: a new solve keeps it where it is, and
        it is cancelled rather than removed."""
        return self.status != BookingStatus.BOOKED or self.has_results or bool(self.note)

    @property
    def replaceable(self) -> bool:
        """The solver's own booking that nothing holds: a new solve, or new hours for its day, may
        put another in its place."""
        return self.status == BookingStatus.BOOKED and not self.fixed and not self.settled

    def as_booking(self) -> Booking:
        return Booking(self.request_id or self.id, self.exhibitor_id, self.slot, self.resource,
                       fixed=self.fixed or self.settled)


@dataclass(frozen=True)
class RequestRecord:
    """An exhibitor's request with what the desk shows beside it."""

    id: str
    kind: BookingKind
    exhibitor_id: str
    exhibitor_name: str
    windows: tuple[Window, ...]
    products: str = ""
    host: str = ""
    channel: str = ""
    priority: int | None = None
    requested_at: datetime | None = None
    note: str = ""
    source: str = "desk"
    booth: str = ""
    sector: str = ""

    @property
    def record(self) -> BookingRequest:
        return BookingRequest(self.id, self.exhibitor_id, self.windows, self.priority, self.requested_at)
