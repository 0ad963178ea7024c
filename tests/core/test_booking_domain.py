"""Bookings' shared rules: slots with a changeover, preferred times, the waiting list's order."""

import datetime as dt

from expo_console.domain.bookings import (
    Booking,
    BookingProblem,
    BookingRequest,
    Order,
    Window,
    double_bookings,
    fits,
    order_key,
    reasons_nothing_fits,
)
from expo_console.domain.consultations import Session, Slot, build_slots

DAY = dt.date(2022, 11, 2)


def test_studio_slots_leave_the_changeover_gap_and_skip_lunch():
    session = Session(DAY, dt.time(10), dt.time(17), slot_minutes=40, breaks=((dt.time(12), dt.time(13)),),
                      gap_minutes=10)
    starts = [f"{slot.start:%H:%M}" for slot in build_slots(session)]
    assert starts == ["10:00", "10:50", "13:00", "13:50", "14:40", "15:30", "16:20"]


def test_a_slot_fits_only_wholly_inside_a_preferred_window():
    request = BookingRequest("r1", "e1", windows=(Window(DAY, dt.time(10), dt.time(11)),))
    assert fits(request, Slot(DAY, dt.time(10), dt.time(10, 40)))
    assert not fits(request, Slot(DAY, dt.time(10, 50), dt.time(11, 30)))
    assert not fits(request, Slot(DAY + dt.timedelta(days=1), dt.time(10), dt.time(10, 40)))
    assert fits(BookingRequest("r2", "e1"), Slot(DAY, dt.time(16), dt.time(16, 40)))


def test_priority_order_puts_unranked_requests_after_ranked_ones_then_by_time():
    early = dt.datetime(2022, 10, 1, 9)
    late = dt.datetime(2022, 10, 5, 9)
    requests = [BookingRequest("a", "e1", priority=None, requested_at=early),
                BookingRequest("b", "e2", priority=2, requested_at=early),
                BookingRequest("c", "e3", priority=1, requested_at=late)]
    by_priority = sorted(requests, key=lambda r: order_key(r, Order.PRIORITY))
    by_time = sorted(requests, key=lambda r: order_key(r, Order.REQUEST_TIME))
    assert [r.id for r in by_priority] == ["c", "b", "a"]
    assert [r.id for r in by_time] == ["a", "b", "c"]


def test_double_bookings_are_described():
    slot = Slot(DAY, dt.time(10), dt.time(10, 40))
    clash = [Booking("r1", "e1", slot, 1), Booking("r2", "e2", slot, 1), Booking("r3", "e1", slot, 2)]
    problems = double_bookings(clash)
    assert any("Resource 1" in p for p in problems)
    assert any("Exhibitor e1" in p for p in problems)
    assert double_bookings([Booking("r1", "e1", slot, 1), Booking("r2", "e2", slot, 2)]) == []


def test_an_empty_problem_says_what_to_add():
    reasons = reasons_nothing_fits(BookingProblem(slots=(), resources=(), requests=()))
    assert len(reasons) == 3 and all("add" in r.lower() or "import" in r.lower() for r in reasons)
