"""Allocating a kind's slots and saving them: the solver run on the event file's setup.

A solve keeps every booking an operator fixed or that something happened to (held, a no-show, a
cancellation, results) and replaces the rest of the days it solves with the solver's bookings.
Bookings on other days count toward each exhibitor's limit; a request whose booking was a
no-show or cancelled has had its turn and is not booked again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from expo_console.domain.access import Action
from expo_console.domain.booking_records import BookingRecord
from expo_console.domain.bookings import BookingKind, BookingProblem, BookingSolution
from expo_console.domain.consultations import Status
from expo_console.domain.meeting_records import Origin
from expo_console.services.access import require
from expo_console.services.bookings import setup as setup_service
from expo_console.services.bookings.schedule import bookings, new_row
from expo_console.services.bookings.solver import DEFAULT_TIME_LIMIT, ProgressCallback, solve
from expo_console.services.changes import BookingsChanged
from expo_console.services.progress import CancelFlag
from expo_console.storage import audit_repo, bookings_repo
from expo_console.storage.connection import EventStore


@dataclass(frozen=True)
class BookingSolveReport:
    kind: BookingKind
    days: tuple[dt.date, ...]
    solution: BookingSolution
    replaced: int  # the solver's earlier bookings of those days that gave way
    kept: int  # fixed or settled bookings kept as they were
    change: BookingsChanged
    problems: tuple[str, ...] = ()  # why nothing could be placed, or fixed bookings that clash


def solve_bookings(store: EventStore, kind: BookingKind, days: Sequence[dt.date] | None = None, *,
                   time_limit: float = DEFAULT_TIME_LIMIT, progress: ProgressCallback | None = None,
                   cancel: CancelFlag | None = None,
                   solver: Callable[[BookingProblem], BookingSolution] | None = None) -> BookingSolveReport:
    """Allocate the days given (every day with a session when None) and save the bookings. A
    cancelled solve still saves the best allocation found (at least first come, first served).
    `solver` replaces CP-SAT (`solve_greedy`: the baseline, for `--greedy` and the demo)."""
    require(store, Action.PLAN_MEETINGS)
    loaded = setup_service.load(store, kind)
    days = tuple(sorted(days)) if days else tuple(s.day for s in loaded.sessions)
    every = bookings(store, kind)
    kept = [b for b in every if b.day in days and b.occupies and not b.replaceable]
    elsewhere = [b for b in every if b.day not in days and b.occupies]
    spent = {b.request_id for b in every if not b.occupies}
    problem = loaded.problem(days, [b.as_booking() for b in kept + elsewhere])
    problem = replace(problem, requests=tuple(r for r in problem.requests if r.id not in spent))
    solution = solver(problem) if solver is not None else solve(problem, time_limit=time_limit, progress=progress,
                                                                cancel=cancel)
    if solution.status == Status.INVALID:
        return BookingSolveReport(kind, days, solution, 0, len(kept), BookingsChanged(), solution.problems)
    new = [b for b in solution.bookings if not b.fixed]
    with store.write() as conn:
        # read again inside the write: a result entered at another desk during the solve keeps its booking
        replaced = [b.id for day in days for b in map(BookingRecord.from_row, bookings_repo.bookings(
            conn, kind.value, day=day.isoformat())) if b.replaceable]
        bookings_repo.delete_many(conn, replaced)
        for placed in new:
            bookings_repo.insert(conn, new_row(store, kind, placed, Origin.SOLVER))
        audit_repo.append(conn, store.stamp, "bookings_solved", "schedule", None,
                          {"kind": kind.value, "days": [d.isoformat() for d in days], "placed": len(new),
                           "kept": len(kept), "status": solution.status.value,
                           "exhibitors_served": solution.exhibitors_served})
    shown = replace(solution, bookings=tuple(b for b in solution.bookings if b.slot.day in days))
    return BookingSolveReport(kind, days, shown, len(replaced), len(kept),
                              BookingsChanged((kind.value,), reload=True), solution.problems)
