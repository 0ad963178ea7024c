"""The consultation zone on several desks: the schedule solved at one desk is the one every desk
shows, an outcome entered at the coordinator's desk reaches the organizer's, and a buyer's wish
entered at one desk and the exhibitor's at another make one mutual request."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

from expo_console.domain.consultations import Session
from expo_console.domain.meeting_records import MeetingStatus
from expo_console.services.consultations import outcomes, schedule, setup
from expo_console.services.hub.sync import sync_once
from expo_console.storage.connection import EventStore
from hub_support import published_and_joined

DAY = dt.date(2022, 10, 5)


@pytest.fixture(scope="module")
def desks(tmp_path_factory: pytest.TempPathFactory, event_templates) -> Iterator[dict[str, Any]]:  # type: ignore[no-untyped-def]
    with published_and_joined(event_templates.demo(visitors=300, consultations=False), tmp_path_factory.mktemp("desks")) as desks:
        yield desks


def even(dsn: str, *stores: EventStore) -> None:
    for _round in range(2):
        for store in stores:
            sync_once(store, dsn)


def test_the_schedule_and_its_outcomes_are_the_same_on_every_desk(desks: dict[str, Any]) -> None:
    a, b = desks["a"], desks["b"]
    loaded = setup.load(a)
    setup.set_session(a, Session(DAY, dt.time(10), dt.time(12)))
    setup.place_tables(a, 3)
    buyers = [x for x in loaded.buyers if x.language == "ko"][:4]
    for n, buyer in enumerate(buyers):
        setup.put_request(a, buyer.id, loaded.exhibitors[n % 2].id, buyer_rank=1)
    schedule.solve_schedule(a, time_limit=3)
    even(desks["dsn"], a, b)
    made = {(m.id, m.slot, m.table, m.buyer_id) for m in schedule.meetings(a)}
    assert made and {(m.id, m.slot, m.table, m.buyer_id) for m in schedule.meetings(b)} == made
    assert [t.number for t in setup.tables(b)] == [1, 2, 3]
    held = schedule.meetings(b)[0]
    outcomes.record_outcome(b, held.id, outcomes.Outcome(amount="3000만", contract="1억"))
    even(desks["dsn"], b, a)
    seen = schedule.meeting(a, held.id)
    assert (seen.status, seen.amount_krw, seen.contract_krw) == (MeetingStatus.HELD, 30_000_000, 100_000_000)


def test_a_wish_from_each_side_entered_at_two_desks_is_one_mutual_request(desks: dict[str, Any]) -> None:
    a, b = desks["a"], desks["b"]
    loaded = setup.load(a)
    buyer, exhibitor = loaded.buyers[-1].id, loaded.exhibitors[-1].id
    even(desks["dsn"], a, b)
    setup.put_request(a, buyer, exhibitor, buyer_rank=2)
    setup.put_request(b, buyer, exhibitor, exhibitor_rank=1)
    even(desks["dsn"], a, b)
    for store in (a, b):
        [request] = [r for r in setup.load(store).requests if r.pair == (buyer, exhibitor)]
        assert (request.buyer_rank, request.exhibitor_rank, request.mutual) == (2, 1, True)
