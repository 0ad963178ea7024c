"""The baseline: first come, first served, as a coordinator with a spreadsheet books.

In the problem's order (request time, or the organizer's priority), each request takes the
earliest free slot in its preferred times on the lowest-numbered free resource, unless its
exhibitor already has as many bookings as one may, or a booking at that time. Fixed bookings
are placed first and kept. It is the floor the solver must never fall below, its start, and
the benchmark's baseline.
"""

from __future__ import annotations

import time as clock

from expo_console.domain.bookings import (
    Booking,
    BookingProblem,
    BookingSolution,
    double_bookings,
    reasons_nothing_fits,
    slots_for,
)
from expo_console.domain.consultations import Status
from expo_console.services.bookings.waiting import Occupancy, in_order, served, waiting_list


def solve_greedy(problem: BookingProblem) -> BookingSolution:
    """First come, first served; status GREEDY, or INVALID when fixed bookings clash."""
    return _in_rounds(problem, rounds=(problem.max_per_exhibitor,))


def solve_rounds(problem: BookingProblem) -> BookingSolution:
    """First come, first served in rounds: every exhibitor's first booking, in the problem's
    order, before anyone's second, and so on up to the limit. The solver's start when it is
    fairer than the plain greedy (a cancelled solve then still hands out fair slots)."""
    return _in_rounds(problem, rounds=tuple(range(1, problem.max_per_exhibitor + 1)))


def _in_rounds(problem: BookingProblem, rounds: tuple[int, ...]) -> BookingSolution:
    """In each round, each request in the problem's order whose exhibitor has fewer bookings than
    the round allows takes the earliest free slot in its windows on the lowest free resource."""
    started = clock.perf_counter()
    clashes = double_bookings(problem.fixed)
    if clashes:
        return invalid(problem, clashes, clock.perf_counter() - started)
    occupancy = Occupancy(problem.resources, problem.fixed)
    bookings = list(problem.fixed)
    slots = sorted(problem.slots, key=lambda slot: (slot.day, slot.start))
    ordered = in_order(problem)
    for allowed in rounds:
        for request in ordered:
            slot = next((slot for slot in slots if occupancy.may_take(request, slot, allowed)
                         and occupancy.free_resources(slot)), None)
            if slot is None:
                continue
            booking = Booking(request.id, request.exhibitor, slot, occupancy.free_resources(slot)[0])
            occupancy.book(booking)
            bookings.append(booking)
    return finished(problem, Status.GREEDY, bookings, clock.perf_counter() - started)


def finished(problem: BookingProblem, status: Status, bookings: list[Booking], seconds: float,
             details: dict[str, object] | None = None) -> BookingSolution:
    """The solution of these bookings: its waiting list, the exhibitors served, and why nothing
    could be placed when that is so."""
    return BookingSolution(status, tuple(bookings), waiting_list(problem, bookings), served(bookings),
                           problems=why_nothing_fits(problem), seconds=seconds, details=details or {})


def invalid(problem: BookingProblem, clashes: list[str], seconds: float) -> BookingSolution:
    """Fixed bookings that clash: nothing is solved, they come back as they are, described."""
    return BookingSolution(Status.INVALID, problem.fixed, waiting_list(problem, problem.fixed),
                           served(problem.fixed), problems=tuple(clashes), seconds=seconds)


def why_nothing_fits(problem: BookingProblem) -> tuple[str, ...]:
    """The domain's reasons, and one more: requests there are, but none of their preferred
    times holds a slot of the sessions."""
    reasons = reasons_nothing_fits(problem)
    if reasons or not problem.slots:
        return reasons
    if not any(slots_for(request, problem.slots) for request in problem.requests):
        return ("No request's preferred times hold a slot of the sessions: widen the preferred times, "
                "or add sessions on those days and hours.",)
    return ()
