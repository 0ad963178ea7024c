"""A studio solve on the event file: the solver's bookings saved without double booking, what
operators fixed and what happened kept, a no-show's request not booked again, nothing to book
explained."""

from __future__ import annotations

from pathlib import Path

import pytest
from booking_support import studio
from event_templates import EventTemplates

from expo_console.domain.booking_records import BookingStatus
from expo_console.domain.bookings import BookingKind, double_bookings
from expo_console.domain.consultations import Status
from expo_console.services.bookings import outcomes, schedule, setup
from expo_console.services.bookings.allocation import solve_bookings
from expo_console.services.bookings.greedy import solve_greedy


@pytest.fixture
def made(event_templates: EventTemplates, tmp_path: Path):  # type: ignore[no-untyped-def]
    result = studio(event_templates, tmp_path / "event.expo", exhibitors=8, resources=2, days=2, with_windows=True)
    yield result
    result.store.close()


def test_a_solve_saves_bookings_without_double_booking(made) -> None:  # type: ignore[no-untyped-def]
    report = solve_bookings(made.store, BookingKind.STUDIO, time_limit=5)
    saved = schedule.bookings(made.store, BookingKind.STUDIO)
    assert len(saved) == report.solution.placed > 0
    assert double_bookings([b.as_booking() for b in saved]) == []
    loaded = setup.load(made.store, BookingKind.STUDIO)
    for booking in saved:  # inside the preferred times, on a slot of the session
        request = loaded.request(booking.request_id or "")
        assert request is not None and booking.slot in loaded.slots
        assert any(w.holds(booking.slot) for w in request.windows)
    waiting = {w.request.id for w in schedule.waiting_list(made.store, BookingKind.STUDIO)}
    assert waiting == set(made.request_ids) - {b.request_id for b in saved}


def test_a_new_solve_keeps_locked_and_settled_bookings(made) -> None:  # type: ignore[no-untyped-def]
    solve_bookings(made.store, BookingKind.STUDIO, solver=solve_greedy)
    first, second, *_ = schedule.bookings(made.store, BookingKind.STUDIO)
    schedule.set_fixed(made.store, first.id, True)
    outcomes.set_status(made.store, second.id, BookingStatus.NO_SHOW)
    report = solve_bookings(made.store, BookingKind.STUDIO, time_limit=5)
    again = {b.id: b for b in schedule.bookings(made.store, BookingKind.STUDIO)}
    assert again[first.id].slot == first.slot and again[second.id].status == BookingStatus.NO_SHOW
    assert report.kept == 1  # the locked one; the no-show frees its slot and is not booked again
    assert [b for b in again.values() if b.request_id == second.request_id] == [again[second.id]]


def test_nothing_to_book_is_explained(event_templates, tmp_path) -> None:  # type: ignore[no-untyped-def]
    empty = studio(event_templates, tmp_path / "e.expo", kind=BookingKind.PHOTO, exhibitors=0)
    report = solve_bookings(empty.store, BookingKind.PHOTO, time_limit=2)
    assert report.solution.placed == 0
    assert any("import" in p for p in report.problems)
    empty.store.close()


def test_the_cp_sat_solve_serves_at_least_as_many_exhibitors_as_first_come(made) -> None:  # type: ignore[no-untyped-def]
    greedy = solve_bookings(made.store, BookingKind.STUDIO, solver=solve_greedy)
    solved = solve_bookings(made.store, BookingKind.STUDIO, time_limit=5)
    assert solved.solution.status in (Status.OPTIMAL, Status.FEASIBLE)
    assert solved.solution.exhibitors_served >= greedy.solution.exhibitors_served
