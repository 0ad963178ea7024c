"""The studio on several desks: the allocation made at one desk is the one every desk shows,
results entered at another reach the first, and a freed slot given away at two desks at once
shows as a clash on both until one is taken back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

from expo_console.domain.booking_records import BookingStatus
from expo_console.domain.bookings import BookingKind
from expo_console.domain.consultations import Session
from expo_console.services.bookings import outcomes, requests, schedule, setup
from expo_console.services.bookings.allocation import solve_bookings
from expo_console.services.bookings.greedy import solve_greedy
from expo_console.services.hub.sync import sync_once
from expo_console.storage.connection import EventStore
from hub_support import published_and_joined

DAY = dt.date(2022, 10, 5)
STUDIO = BookingKind.STUDIO


@pytest.fixture(scope="module")
def desks(tmp_path_factory: pytest.TempPathFactory, event_templates) -> Iterator[dict[str, Any]]:  # type: ignore[no-untyped-def]
    with published_and_joined(event_templates.demo(visitors=300, consultations=False, bookings=False),
                              tmp_path_factory.mktemp("desks")) as desks:
        yield desks


def even(dsn: str, *stores: EventStore) -> None:
    for _round in range(2):
        for store in stores:
            sync_once(store, dsn)


def test_bookings_results_and_a_clash_made_apart_reach_every_desk(desks: dict[str, Any]) -> None:
    a, b = desks["a"], desks["b"]
    setup.set_session(a, STUDIO, Session(DAY, dt.time(10), dt.time(12), 40, gap_minutes=10))
    setup.place_resources(a, STUDIO, ["A"])
    firms = sorted(setup.exhibitor_names(a))[:4]
    for firm in firms:
        requests.put_request(a, STUDIO, requests.RequestInput(firm))
    solve_bookings(a, STUDIO, solver=solve_greedy)
    even(desks["dsn"], a, b)
    made = {(x.id, x.slot, x.resource, x.exhibitor_id) for x in schedule.bookings(a, STUDIO)}
    assert len(made) == 2 and {(x.id, x.slot, x.resource, x.exhibitor_id) for x in schedule.bookings(b, STUDIO)} == made
    first, second = schedule.bookings(b, STUDIO)
    outcomes.record_results(b, first.id, outcomes.Results(viewers="5000", peak_viewers="310", orders="41",
                                                          sales="270만"))
    outcomes.set_status(b, second.id, BookingStatus.NO_SHOW)
    even(desks["dsn"], b, a)
    seen = schedule.booking(a, first.id)
    assert (seen.status, seen.viewers, seen.sales_krw) == (BookingStatus.HELD, 5000, 2_700_000)
    # both desks give the freed slot away before they hear of each other: each offers the next in line,
    # then desk b takes it back for the request after
    given_a = schedule.give_freed_slot(a, second.id)
    given_b = schedule.give_freed_slot(b, second.id)
    assert given_a is not None and given_b is not None
    even(desks["dsn"], a, b)
    for store in (a, b):
        assert any("booked 2 times" in text for text in schedule.clashes(store, STUDIO))
    schedule.remove_booking(b, given_b[0])
    even(desks["dsn"], b, a)
    assert schedule.clashes(a, STUDIO) == [] and schedule.clashes(b, STUDIO) == []
