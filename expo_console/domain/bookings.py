"""Scarce slots exhibitors book: the live-commerce studio's broadcasts and the free photo shoots.

Pure data and the checks every allocator and test agrees on, no I/O. Both kinds work alike:
a day's session is cut into slots (the consultations' `Session` and `build_slots`, with a
changeover gap for the studio), each slot can be held once per resource (a studio set, a photo
corner), and each exhibitor's requests name the times they prefer (none: any time). The solver
in `services/bookings/solver.py` reads a `BookingProblem` and returns a `BookingSolution`.

Who goes first when slots run short is the organizer's choice: by when the request came in, or
by a priority they set (1 first; no priority after every ranked one, then by time).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import StrEnum

from expo_console.domain.consultations import Slot, Status


class BookingKind(StrEnum):
    STUDIO = "studio"  # 라이브커머스 스튜디오: a broadcast on a set
    PHOTO = "photo"  # 무료 제품 사진촬영: a shoot at the photo corner


@dataclass(frozen=True)
class KindDefaults:
    slot_minutes: int
    gap_minutes: int
    max_per_exhibitor: int


KIND_DEFAULTS = {
    BookingKind.STUDIO: KindDefaults(slot_minutes=40, gap_minutes=10, max_per_exhibitor=1),
    BookingKind.PHOTO: KindDefaults(slot_minutes=20, gap_minutes=0, max_per_exhibitor=2),
}


class Order(StrEnum):
    REQUEST_TIME = "request_time"  # first come, first served
    PRIORITY = "priority"  # the organizer's priority (1 first), then request time


@dataclass(frozen=True, order=True)
class Window:
    """A time the exhibitor prefers: a slot fits when it lies wholly inside."""

    day: date
    start: time = time(0, 0)
    end: time = time(23, 59)

    def holds(self, slot: Slot) -> bool:
        return slot.day == self.day and self.start <= slot.start and slot.end <= self.end


@dataclass(frozen=True)
class BookingRequest:
    id: str
    exhibitor: str
    windows: tuple[Window, ...] = ()  # none: any slot will do
    priority: int | None = None
    requested_at: datetime | None = None


@dataclass(frozen=True)
class Booking:
    request: str  # the request's id
    exhibitor: str
    slot: Slot
    resource: int  # the set's or the corner's number
    fixed: bool = False  # placed or locked by an operator, or settled: a new solve keeps it


@dataclass(frozen=True)
class BookingProblem:
    slots: tuple[Slot, ...]
    resources: tuple[int, ...]
    requests: tuple[BookingRequest, ...]
    max_per_exhibitor: int = 1
    order: Order = Order.REQUEST_TIME
    fixed: tuple[Booking, ...] = ()


class WaitingReason(StrEnum):
    NO_SLOT_IN_WINDOWS = "no_slot_in_windows"  # no slot of the sessions lies in the preferred times
    LIMIT_REACHED = "limit_reached"  # the exhibitor already has as many as one may
    NO_ROOM = "no_room"  # every slot in the preferred times went to others


@dataclass(frozen=True)
class Waiting:
    request: BookingRequest
    reason: WaitingReason


@dataclass(frozen=True)
class BookingSolution:
    status: Status
    bookings: tuple[Booking, ...]  # fixed ones included
    waiting: tuple[Waiting, ...]  # in the problem's order: the waiting list
    exhibitors_served: int  # exhibitors with at least one booking
    problems: tuple[str, ...] = ()  # why nothing could be placed, or fixed bookings that clash
    seconds: float = 0.0
    details: Mapping[str, object] = field(default_factory=dict)

    @property
    def placed(self) -> int:
        return len(self.bookings)


def order_key(request: BookingRequest, order: Order) -> tuple[object, ...]:
    """Sort key of the waiting list: who is offered a slot first."""
    at = request.requested_at or datetime.max
    if order == Order.PRIORITY:
        return (request.priority is None, request.priority or 0, at, request.id)
    return (at, request.id)


def fits(request: BookingRequest, slot: Slot) -> bool:
    return not request.windows or any(window.holds(slot) for window in request.windows)


def slots_for(request: BookingRequest, slots: Iterable[Slot]) -> tuple[Slot, ...]:
    return tuple(slot for slot in slots if fits(request, slot))


def overlap(a: Slot, b: Slot) -> bool:
    """Two slots share time: a slot made before its day's hours or length changed still holds its
    set and its exhibitor against the new grid's slots."""
    return a.day == b.day and a.start < b.end and b.start < a.end


def double_bookings(bookings: Iterable[Booking]) -> list[str]:
    """Each resource holds one booking at a time, an exhibitor is in one place at a time, and a
    request is booked once: what breaks that, described (bookings that overlap in time clash,
    not only those of the very same slot)."""
    by_place: dict[tuple[date, int], list[Booking]] = defaultdict(list)
    by_exhibitor: dict[tuple[date, str], list[Booking]] = defaultdict(list)
    by_request: dict[str, list[Booking]] = defaultdict(list)
    for booking in bookings:
        by_place[booking.slot.day, booking.resource].append(booking)
        by_exhibitor[booking.slot.day, booking.exhibitor].append(booking)
        by_request[booking.request].append(booking)
    problems = [f"Resource {resource} is booked {len(held)} times at {_when(held[0].slot)}."
                for (_day, resource), group in by_place.items() for held in _overlapping(group)]
    problems += [f"Exhibitor {exhibitor} is booked {len(held)} times at {_when(held[0].slot)}."
                 for (_day, exhibitor), group in by_exhibitor.items() for held in _overlapping(group)]
    problems += [f"Request {request} is booked {len(held)} times."
                 for request, held in by_request.items() if len(held) > 1]
    return problems


def _overlapping(group: list[Booking]) -> list[list[Booking]]:
    """The runs of bookings (one day's, of one resource or exhibitor) that overlap in time."""
    runs: list[list[Booking]] = []
    run: list[Booking] = []
    ends = None
    for booking in sorted(group, key=lambda b: (b.slot.start, b.slot.end)):
        if run and ends is not None and booking.slot.start < ends:
            run.append(booking)
            ends = max(ends, booking.slot.end)
            continue
        if len(run) > 1:
            runs.append(run)
        run, ends = [booking], booking.slot.end
    if len(run) > 1:
        runs.append(run)
    return runs


def per_exhibitor(bookings: Iterable[Booking]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for booking in bookings:
        counts[booking.exhibitor] += 1
    return dict(counts)


def _when(slot: Slot) -> str:
    return f"{slot.day.isoformat()} {slot.start:%H:%M}"


def reasons_nothing_fits(problem: BookingProblem) -> tuple[str, ...]:
    """Why no request can be placed at all, in sentences that say what to do."""
    reasons = []
    if not problem.slots:
        reasons.append("No sessions: add the days' hours in Setup so that there are slots to book.")
    if not problem.resources:
        reasons.append("No sets or corners: add at least one in Setup.")
    if not problem.requests:
        reasons.append("No requests: import the exhibitors' requests or add them.")
    if problem.max_per_exhibitor < 1:
        reasons.append("The limit per exhibitor is 0: raise it to at least 1 in Setup.")
    return tuple(reasons)


def window_text(windows: Iterable[Window]) -> str:
    """'2022-11-02 10:00–12:00, 2022-11-03' — the preferred times as a list shows them."""
    parts = []
    for window in windows:
        whole_day = window.start == time(0, 0) and window.end == time(23, 59)
        parts.append(window.day.isoformat() if whole_day
                     else f"{window.day.isoformat()} {window.start:%H:%M}–{window.end:%H:%M}")
    return ", ".join(parts)
