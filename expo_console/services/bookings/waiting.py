"""Who holds which slot, the waiting list and its reasons, and who is offered a freed slot.

Shared by the greedy baseline, the CP-SAT solver and the schedule service's "a no-show freed
this slot" (`first_fit`): the same rules decide what fits everywhere. Pure, no I/O.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from expo_console.domain.bookings import (
    Booking,
    BookingProblem,
    BookingRequest,
    Waiting,
    WaitingReason,
    fits,
    order_key,
    overlap,
    slots_for,
)
from expo_console.domain.consultations import Slot


class Occupancy:
    """The resources held and the exhibitors busy over each day's time, each exhibitor's bookings
    and the requests already booked. Held time is compared by overlap, not by slot: a booking
    kept from before the day's slot length changed still holds its set against the new slots."""

    def __init__(self, resources: Iterable[int], bookings: Iterable[Booking] = ()) -> None:
        self.resources = sorted(set(resources))
        self.held: dict[date, list[tuple[Slot, int]]] = defaultdict(list)
        self.busy: dict[tuple[date, str], list[Slot]] = defaultdict(list)
        self.count: dict[str, int] = defaultdict(int)
        self.booked: set[str] = set()
        for booking in bookings:
            self.book(booking)

    def book(self, booking: Booking) -> None:
        self.held[booking.slot.day].append((booking.slot, booking.resource))
        self.busy[booking.slot.day, booking.exhibitor].append(booking.slot)
        self.count[booking.exhibitor] += 1
        self.booked.add(booking.request)

    def free_resources(self, slot: Slot) -> list[int]:
        """The resources free for the whole slot, lowest number first."""
        held = {resource for other, resource in self.held.get(slot.day, ()) if overlap(other, slot)}
        return [number for number in self.resources if number not in held]

    def may_take(self, request: BookingRequest, slot: Slot, limit: int) -> bool:
        """Whether the request may be booked at the slot, a free resource aside: not booked yet,
        its exhibitor under the limit and elsewhere free at that time, the slot in its windows."""
        return (request.id not in self.booked and self.count[request.exhibitor] < limit
                and not any(overlap(other, slot) for other in self.busy.get((slot.day, request.exhibitor), ()))
                and fits(request, slot))


def in_order(problem: BookingProblem, requests: Iterable[BookingRequest] | None = None) -> list[BookingRequest]:
    """The requests (the problem's by default) in the order they are served: the waiting list's."""
    chosen = problem.requests if requests is None else requests
    return sorted(chosen, key=lambda request: order_key(request, problem.order))


def waiting_list(problem: BookingProblem, bookings: Iterable[Booking]) -> tuple[Waiting, ...]:
    """Every request not booked, in the problem's order, with why it waits."""
    held = list(bookings)
    booked = {booking.request for booking in held}
    counts: dict[str, int] = defaultdict(int)
    for booking in held:
        counts[booking.exhibitor] += 1
    waiting = []
    for request in in_order(problem):
        if request.id in booked:
            continue
        if not slots_for(request, problem.slots):
            reason = WaitingReason.NO_SLOT_IN_WINDOWS
        elif counts[request.exhibitor] >= problem.max_per_exhibitor:
            reason = WaitingReason.LIMIT_REACHED
        else:
            reason = WaitingReason.NO_ROOM
        waiting.append(Waiting(request, reason))
    return tuple(waiting)


def first_fit(problem: BookingProblem, slot: Slot, bookings: Iterable[Booking],
              exclude: Iterable[str] = ()) -> BookingRequest | None:
    """A no-show (or a cancel) freed `slot`: the first request on the waiting list, in the
    problem's order, that may take it — the slot lies in its preferred times, its exhibitor is
    under the limit and not booked elsewhere at that time.

    `bookings` are those that still hold (the freed one left out); `exclude` names requests not
    to offer it to, such as the no-show's own. Whether a resource is free is the caller's to
    know: it has just been freed."""
    occupancy = Occupancy((), bookings)
    skipped = set(exclude)
    return next((request for request in in_order(problem)
                 if request.id not in skipped and occupancy.may_take(request, slot, problem.max_per_exhibitor)),
                None)


def served(bookings: Iterable[Booking]) -> int:
    """Exhibitors with at least one booking."""
    return len({booking.exhibitor for booking in bookings})
