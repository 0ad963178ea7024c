"""The consultation services' refusals and problems reach a Korean desk in Korean: each sentence
the setup and schedule services can say is made to happen here, and the window recognises it
(gui/consultations/service_text.py). A service reworded without the window fails this test
instead of reaching the desk in English."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from consultation_support import Zone, consultation_zone
from event_templates import EventTemplates

from expo_console.domain.consultations import Session, Slot
from expo_console.gui.consultations.service_text import recognised, refusal_text, translated
from expo_console.gui.i18n import install_language
from expo_console.services.consultations import outcomes, schedule, setup
from expo_console.services.events import EventDetails, create_event
from support import TEST_STAMP


@pytest.fixture
def zone(event_templates: EventTemplates, tmp_path: Path) -> Iterator[Zone]:
    made = consultation_zone(event_templates, tmp_path / "event.expo", buyers=4, exhibitors=3, tables=2)
    yield made
    made.store.close()


def refusal(call: Callable[[], object]) -> str:
    with pytest.raises(ValueError) as raised:
        call()
    return str(raised.value)


def test_every_refusal_of_the_setup_and_schedule_services_is_recognised(zone: Zone, tmp_path: Path) -> None:
    store, day = zone.store, zone.days[0]
    buyer, firm = zone.buyers[0], zone.exhibitors[0]
    schedule.solve_schedule(store, time_limit=3)
    held, *_rest = schedule.meetings(store)
    outcomes.mark_arrived(store, held.id)
    bare = create_event(tmp_path / "bare.expo", EventDetails("빈 행사", "2022-10-04", "2022-10-05"), TEST_STAMP)
    try:
        said = [
            refusal(lambda: setup.set_buyer(store, buyer.id, language="korean!")),
            refusal(lambda: setup.set_exhibitor(store, firm.id, seats=0)),
            refusal(lambda: setup.put_interpreter(store, " ", ["zh"])),
            refusal(lambda: setup.put_interpreter(store, "왕리", [" "])),
            refusal(lambda: setup.set_session(store, Session(dt.date(2030, 1, 1), dt.time(10), dt.time(12)))),
            refusal(lambda: setup.set_session(store, Session(day, dt.time(12), dt.time(10)))),
            refusal(lambda: setup.set_session(store, Session(day, dt.time(10), dt.time(12), 3))),
            refusal(lambda: setup.set_session(store, Session(day, dt.time(10), dt.time(12), 30,
                                                             ((dt.time(11), dt.time(11)),)))),
            refusal(lambda: setup.place_tables(bare, 4)),
            refusal(lambda: setup.place_tables(store, 10_000)),
            refusal(lambda: setup.place_tables(store, 0)),  # tables still holding meetings
            refusal(lambda: setup.put_request(store, buyer.id, firm.id, buyer_rank=0)),
            refusal(lambda: schedule.meeting(store, "gone")),
            refusal(lambda: schedule.remove_meeting(store, held.id)),
        ]
        empty = schedule.solve_schedule(bare, time_limit=1).problems
        crowded = _crowded_problems(zone)
    finally:
        bare.close()
    assert len(empty) == 3 and crowded
    unknown = [text for text in said + list(empty) + list(crowded) if not recognised(text)]
    assert unknown == []


def _crowded_problems(zone: Zone) -> tuple[str, ...]:
    """More requests than table-slots, and a language nobody interprets."""
    store = zone.store
    setup.set_buyer(store, zone.buyers[1].id, language="vi")
    for session in setup.sessions(store):
        setup.set_session(store, Session(session.day, dt.time(10), dt.time(10, 30)))
    return schedule.solve_schedule(store, time_limit=1).problems


def test_a_clash_the_service_refuses_is_said_without_ids(zone: Zone) -> None:
    store = zone.store
    schedule.solve_schedule(store, time_limit=3)
    first, second = schedule.meetings(store)[:2]
    with pytest.raises(schedule.ScheduleError) as raised:
        schedule.move_meeting(store, first.id, Slot(second.day, second.starts, second.ends), second.table)
    text = refusal_text(raised.value)
    assert first.buyer_id not in text and "clash with another meeting" in text


def test_the_korean_desk_reads_them_in_korean(zone: Zone, qapp) -> None:  # type: ignore[no-untyped-def]
    try:
        install_language("ko")
        text = translated("There are 40 requests but only 24 table-slots (4 tables × 6 slots): add tables or "
                          "hours, or some requests stay unmet.")
        assert "40" in text and "24" in text and "요청" in text
        assert "베트남어" in translated("No interpreter speaks 'vi': buyers who speak it cannot be placed. Add an "
                                     "interpreter for it.")
    finally:
        install_language("en")
