"""Studio and photo bookings in the event file: setup refused with what to do, requests, hand
edits that refuse double bookings, a no-show's slot offered to the waiting list, results."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from booking_support import studio
from event_templates import EventTemplates

from expo_console.domain.booking_records import BookingStatus
from expo_console.domain.bookings import BookingKind, WaitingReason, Window
from expo_console.domain.consultations import Session
from expo_console.domain.meeting_records import Origin
from expo_console.services.bookings import outcomes, requests, schedule, setup
from expo_console.services.bookings.outcomes import ResultError, Results
from expo_console.services.bookings.schedule import BookingError
from expo_console.services.bookings.setup import SetupError
from expo_console.storage import audit_repo


@pytest.fixture
def booked(event_templates: EventTemplates, tmp_path: Path):  # type: ignore[no-untyped-def]
    made = studio(event_templates, tmp_path / "event.expo", exhibitors=5, resources=1)
    yield made
    made.store.close()


def _book_first_three(made):  # type: ignore[no-untyped-def]
    loaded = setup.load(made.store, made.kind)
    slots = loaded.slots
    ids = [schedule.add_booking(made.store, request_id, slot, 1)[0]
           for request_id, slot in zip(made.request_ids[:3], slots, strict=False)]
    return loaded, slots, ids


def test_studio_sessions_give_40_minute_slots_with_a_changeover(booked) -> None:  # type: ignore[no-untyped-def]
    loaded = setup.load(booked.store, BookingKind.STUDIO)
    assert [f"{s.start:%H:%M}-{s.end:%H:%M}" for s in loaded.slots] == ["10:00-10:40", "10:50-11:30", "11:40-12:20"]
    assert [r.number for r in loaded.resources] == [1]
    assert loaded.resources[0].zone_id is not None  # placed in the studio zone like the consultation tables


def test_setup_refuses_what_cannot_hold_and_says_what_to_do(booked) -> None:  # type: ignore[no-untyped-def]
    day = booked.days[0]
    with pytest.raises(SetupError, match="end after it starts"):
        setup.set_session(booked.store, BookingKind.STUDIO, Session(day, dt.time(13), dt.time(10)))
    with pytest.raises(SetupError, match="Not one slot fits"):
        setup.set_session(booked.store, BookingKind.STUDIO, Session(day, dt.time(10), dt.time(10, 30), 40))
    with pytest.raises(SetupError, match="between 1 and 20"):
        setup.set_rules(booked.store, BookingKind.STUDIO, setup.Rules(0, setup.Order.PRIORITY))
    with pytest.raises(SetupError, match="No such exhibitor"):
        requests.put_request(booked.store, BookingKind.STUDIO, requests.RequestInput("nobody"))


def test_a_hand_booking_refuses_a_taken_slot_and_an_exhibitor_in_two_places(event_templates, tmp_path) -> None:  # type: ignore[no-untyped-def]
    made = studio(event_templates, tmp_path / "e.expo", exhibitors=3, resources=2)
    slot = setup.load(made.store, made.kind).slots[0]
    schedule.add_booking(made.store, made.request_ids[0], slot, 1)
    with pytest.raises(BookingError, match="booked 2 times"):
        schedule.add_booking(made.store, made.request_ids[1], slot, 1)
    # the same exhibitor's second request at the same time on the other set
    second, _ = requests.put_request(made.store, made.kind, requests.RequestInput(made.exhibitors[0].id))
    with pytest.raises(BookingError, match=re.escape(made.exhibitors[0].name)):
        schedule.add_booking(made.store, second, slot, 2)
    schedule.add_booking(made.store, made.request_ids[1], slot, 2)
    made.store.close()


def test_a_moved_booking_is_locked_and_a_clash_is_refused(booked) -> None:  # type: ignore[no-untyped-def]
    _, slots, ids = _book_first_three(booked)
    with pytest.raises(BookingError, match="booked 2 times"):
        schedule.move_booking(booked.store, ids[0], slots[1], 1)
    schedule.remove_booking(booked.store, ids[2])
    schedule.move_booking(booked.store, ids[0], slots[2], 1)
    moved = schedule.booking(booked.store, ids[0])
    assert moved.slot == slots[2] and moved.fixed and moved.origin == Origin.OPERATOR


def test_a_no_show_frees_the_slot_for_the_first_waiting_request_that_fits(booked) -> None:  # type: ignore[no-untyped-def]
    _, slots, ids = _book_first_three(booked)
    waiting = schedule.waiting_list(booked.store, BookingKind.STUDIO)
    assert [w.request.id for w in waiting] == list(booked.request_ids[3:])  # first come, first served
    assert all(w.reason == WaitingReason.NO_ROOM for w in waiting)
    with pytest.raises(BookingError, match="not free"):
        schedule.give_freed_slot(booked.store, ids[1])
    outcomes.set_status(booked.store, ids[1], BookingStatus.NO_SHOW)
    given = schedule.give_freed_slot(booked.store, ids[1])
    assert given is not None
    taken = schedule.booking(booked.store, given[0])
    assert taken.request_id == booked.request_ids[3] and taken.slot == slots[1]
    assert taken.origin == Origin.WAITING_LIST
    assert [w.request.id for w in schedule.waiting_list(booked.store, BookingKind.STUDIO)] == [booked.request_ids[4]]
    # the no-show cannot come back: their slot went to the waiting list
    with pytest.raises(BookingError, match="someone else"):
        outcomes.set_status(booked.store, ids[1], BookingStatus.BOOKED)


def test_the_waiting_list_follows_the_organizers_priority_when_the_rules_say_so(booked) -> None:  # type: ignore[no-untyped-def]
    last = booked.request_ids[-1]
    requests.set_priority(booked.store, last, 1)
    setup.set_rules(booked.store, BookingKind.STUDIO, setup.Rules(1, setup.Order.PRIORITY))
    assert schedule.waiting_list(booked.store, BookingKind.STUDIO)[0].request.id == last
    setup.set_rules(booked.store, BookingKind.STUDIO, setup.Rules(1, setup.Order.REQUEST_TIME))
    assert schedule.waiting_list(booked.store, BookingKind.STUDIO)[0].request.id == booked.request_ids[0]


def test_preferred_times_outside_every_session_are_explained(booked) -> None:  # type: ignore[no-untyped-def]
    late = Window(booked.days[0], dt.time(15), dt.time(17))
    request_id, _ = requests.put_request(booked.store, BookingKind.STUDIO,
                                         requests.RequestInput(booked.exhibitors[0].id, (late,)))
    reasons = {w.request.id: w.reason for w in schedule.waiting_list(booked.store, BookingKind.STUDIO)}
    assert reasons[request_id] == WaitingReason.NO_SLOT_IN_WINDOWS


def test_broadcast_results_are_recorded_audited_and_a_typo_refused(booked) -> None:  # type: ignore[no-untyped-def]
    _, _, ids = _book_first_three(booked)
    outcomes.record_results(booked.store, ids[0], Results(viewers="12,400", peak_viewers="830", orders="57",
                                                          sales="320만"))
    done = schedule.booking(booked.store, ids[0])
    assert (done.viewers, done.peak_viewers, done.orders, done.sales_krw) == (12400, 830, 57, 3_200_000)
    assert done.status == BookingStatus.HELD
    with pytest.raises(ResultError, match="not a count") as refused:
        outcomes.record_results(booked.store, ids[1], Results(viewers="many"))
    assert refused.value.field == "viewers"
    with pytest.raises(ResultError, match="cannot exceed"):
        outcomes.record_results(booked.store, ids[1], Results(viewers="10", peak_viewers="20"))
    assert schedule.booking(booked.store, ids[1]).viewers is None  # nothing written
    entries = [e for e in audit_repo.entries(booked.store.conn) if e["action"] == "booking_results"]
    assert entries and "12400" in str(entries[-1]["detail"])
    # a booking with results stays: removing it is refused
    with pytest.raises(BookingError, match="cancelled instead"):
        schedule.remove_booking(booked.store, ids[0])


def test_photos_delivered_are_recorded_for_a_shoot(event_templates, tmp_path) -> None:  # type: ignore[no-untyped-def]
    made = studio(event_templates, tmp_path / "p.expo", kind=BookingKind.PHOTO, exhibitors=2)
    loaded = setup.load(made.store, BookingKind.PHOTO)
    assert len(loaded.slots) == 9  # 20-minute shoots back to back, 10:00–13:00
    booking_id, _ = schedule.add_booking(made.store, made.request_ids[0], loaded.slots[0], 1)
    outcomes.record_results(made.store, booking_id, Results(photos_delivered="24장"))
    assert schedule.booking(made.store, booking_id).photos_delivered == 24
    made.store.close()


def test_withdrawing_a_request_removes_its_booking_to_come(booked) -> None:  # type: ignore[no-untyped-def]
    _, _, ids = _book_first_three(booked)
    requests.remove_requests(booked.store, [booked.request_ids[0]])
    with pytest.raises(BookingError, match="removed"):
        schedule.booking(booked.store, ids[0])
    outcomes.set_status(booked.store, ids[1], BookingStatus.HELD)
    with pytest.raises(SetupError, match="cancel its booking"):
        requests.remove_requests(booked.store, [booked.request_ids[1]])
