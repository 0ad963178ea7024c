"""A small consultation zone for tests (import as `from consultation_support import ...`): the demo
event's buyers and exhibitors, a session each day, tables in the zone, and requests made up from a
seed so that every test sees the same ones."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

from event_templates import EventTemplates

from expo_console.domain.consultations import Session
from expo_console.services.consultations import setup
from expo_console.storage.connection import EventStore, open_event_file
from support import TEST_STAMP

HOURS = (dt.time(10), dt.time(13))  # six 30-minute slots a day


@dataclass(frozen=True)
class Zone:
    store: EventStore
    days: tuple[dt.date, ...]
    buyers: tuple[setup.BuyerInfo, ...]
    exhibitors: tuple[setup.ExhibitorInfo, ...]


def consultation_zone(templates: EventTemplates, path: Path, *, buyers: int = 12, exhibitors: int = 8,
                      wishes: int = 3, tables: int = 4, seed: int = 7) -> Zone:
    """The demo event (300 visitors, without the demo's own consultation zone and bookings: the
    results' tests add a studio of their own, booking_outcomes.py) with `buyers` of its
    buyers each asking `wishes` of the first
    `exhibitors` exhibitors, ranked; sessions 10:00–13:00 every day; `tables` tables."""
    templates.demo(visitors=300, consultations=False, bookings=False).copy_to(path)
    store = open_event_file(path, TEST_STAMP)
    loaded = setup.load(store)
    chosen_buyers = loaded.buyers[:buyers]
    chosen_exhibitors = loaded.exhibitors[:exhibitors]
    for day in loaded.days:
        setup.set_session(store, Session(day, *HOURS))
    setup.place_tables(store, tables)
    rng = random.Random(seed)
    for buyer in chosen_buyers:
        for rank, exhibitor in enumerate(rng.sample(chosen_exhibitors, min(wishes, len(chosen_exhibitors))), 1):
            setup.put_request(store, buyer.id, exhibitor.id, buyer_rank=rank, source="test")
    return Zone(store, loaded.days, chosen_buyers, chosen_exhibitors)
