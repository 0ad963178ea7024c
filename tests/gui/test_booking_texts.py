"""The booking services' refusals reach a Korean desk in Korean: each service is made to refuse,
and its sentence must be one gui/bookings/service_text.py recognises (a reworded service fails
here instead of showing English)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from booking_support import Studio, studio
from event_templates import EventTemplates

from expo_console.domain.booking_records import BookingStatus
from expo_console.domain.bookings import BookingKind, Order, Window
from expo_console.domain.consultations import Session
from expo_console.gui.bookings.service_text import recognised, refusal_text
from expo_console.gui.i18n import install_language
from expo_console.services.bookings import outcomes, requests, schedule, setup
from expo_console.services.bookings.setup import Rules


@pytest.fixture
def made(event_templates: EventTemplates, tmp_path: Path) -> Iterator[Studio]:
    made = studio(event_templates, tmp_path / "event.expo", resources=1, days=1)
    yield made
    made.store.close()


def refusals(made: Studio) -> list[Callable[[], object]]:
    store, kind, day = made.store, BookingKind.STUDIO, made.days[0]
    exhibitor = made.exhibitors[0].id
    return [
        lambda: setup.set_rules(store, kind, Rules(0, Order.REQUEST_TIME)),
        lambda: setup.place_resources(store, kind, []),
        lambda: setup.place_resources(store, BookingKind.PHOTO, ["x"] * 21),
        lambda: setup.place_resources(store, kind, [f"Set {n}" for n in range(20)]),
        lambda: setup.set_session(store, kind, Session(dt.date(1999, 1, 1), dt.time(10), dt.time(11))),
        lambda: setup.set_session(store, kind, Session(day, dt.time(11), dt.time(10))),
        lambda: setup.set_session(store, kind, Session(day, dt.time(10), dt.time(11), slot_minutes=300)),
        lambda: setup.set_session(store, kind, Session(day, dt.time(10), dt.time(11), gap_minutes=200)),
        lambda: setup.set_session(store, kind, Session(day, dt.time(10), dt.time(10, 30), slot_minutes=40)),
        lambda: requests.put_request(store, kind, requests.RequestInput("nobody")),
        lambda: requests.put_request(store, kind, requests.RequestInput(exhibitor, priority=0)),
        lambda: requests.put_request(store, kind, requests.RequestInput(
            exhibitor, (Window(day, dt.time(12), dt.time(11)),))),
        lambda: requests.put_request(store, kind, requests.RequestInput(exhibitor, products="x" * 501)),
        lambda: requests.set_priority(store, "gone", 1),
        lambda: schedule.booking(store, "gone"),
        lambda: setup.set_session(store, kind, Session(day, dt.time(10), dt.time(13), 30)),  # strands the lock
        lambda: requests.put_request(store, kind, requests.RequestInput(made.exhibitors[1].id),
                                     request_id=made.request_ids[0]),  # another firm takes a booked request
        lambda: schedule.give_freed_slot(store, _no_show(made), made.request_ids[0]),  # no longer waiting
    ]


def _no_show(made: Studio) -> str:
    """A locked booking of the first request at 10:00 and a no-show of the second's at 10:50."""
    store, kind = made.store, made.kind
    slots = setup.load(store, kind).slots
    if not schedule.bookings(store, kind):
        schedule.add_booking(store, made.request_ids[0], slots[0], 1)
        missed, _ = schedule.add_booking(store, made.request_ids[1], slots[1], 1)
        outcomes.set_status(store, missed, BookingStatus.NO_SHOW)
    return next(b.id for b in schedule.bookings(store, kind) if b.status == BookingStatus.NO_SHOW)


def test_every_refusal_is_recognised_and_said_in_korean(made: Studio, qapp) -> None:  # type: ignore[no-untyped-def]
    _no_show(made)
    sentences = []
    for call in refusals(made):
        with pytest.raises(ValueError) as refused:
            call()
        sentences.append(str(refused.value))
        assert recognised(str(refused.value)), str(refused.value)
    try:
        install_language("ko")
        for call in refusals(made)[:3]:
            with pytest.raises(ValueError) as refused:
                call()
            text = refusal_text(refused.value)
            assert text != str(refused.value) and any("\uac00" <= ch <= "\ud7a3" for ch in text), text
    finally:
        install_language("en")
    assert len(set(sentences)) == len(sentences)
