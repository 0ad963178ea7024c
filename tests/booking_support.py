"""A small studio and photo corner for tests (import as `from booking_support import ...`): the demo
event's exhibitors, a session each day, resources placed in the studio zone, and requests made up
from a seed so that every test sees the same ones."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

from event_templates import EventTemplates

from expo_console.domain.bookings import KIND_DEFAULTS, BookingKind, Window
from expo_console.domain.consultations import Session
from expo_console.services.bookings import requests, setup
from expo_console.storage.connection import EventStore, open_event_file
from support import TEST_STAMP

HOURS = (dt.time(10), dt.time(13))  # studio: 10:00, 10:50, 11:40 (40 min + 10); photo: nine 20-minute shoots


@dataclass(frozen=True)
class Studio:
    store: EventStore
    kind: BookingKind
    days: tuple[dt.date, ...]
    exhibitors: tuple[setup.ExhibitorNames, ...]
    request_ids: tuple[str, ...]


def studio(templates: EventTemplates, path: Path, *, kind: BookingKind = BookingKind.STUDIO, exhibitors: int = 6,
           resources: int = 1, days: int = 1, seed: int = 3, with_windows: bool = False) -> Studio:
    """The demo event (300 visitors, no consultation zone, no bookings of its own) with `exhibitors` of its exhibitors each
    asking one slot of `kind` (requested a minute apart, in list order), sessions 10:00–13:00 on the
    first `days` days with the kind's default slot and gap, and `resources` resources."""
    templates.demo(visitors=300, consultations=False, bookings=False).copy_to(path)
    return studio_in(open_event_file(path, TEST_STAMP), kind=kind, exhibitors=exhibitors, resources=resources,
                     days=days, seed=seed, with_windows=with_windows)


def studio_in(store: EventStore, *, kind: BookingKind = BookingKind.STUDIO, exhibitors: int = 6, resources: int = 1,
              days: int = 1, seed: int = 3, with_windows: bool = False) -> Studio:
    """`studio`'s setup and requests in an event already open (one with a consultation zone too)."""
    loaded = setup.load(store, kind)
    defaults = KIND_DEFAULTS[kind]
    for day in loaded.days[:days]:
        setup.set_session(store, kind, Session(day, *HOURS, slot_minutes=defaults.slot_minutes,
                                               gap_minutes=defaults.gap_minutes))
    setup.place_resources(store, kind, [f"Set {n}" for n in range(1, resources + 1)])
    chosen = tuple(sorted(loaded.exhibitors.values(), key=lambda e: e.id)[:exhibitors])
    rng = random.Random(seed)
    start = dt.datetime(2022, 10, 1, 9, tzinfo=dt.UTC)
    made = []
    for n, exhibitor in enumerate(chosen):
        windows = ()
        if with_windows:
            day = rng.choice(loaded.days[:days])
            windows = (Window(day, dt.time(10), dt.time(rng.choice((11, 12, 13)))),)
        request_id, _ = requests.put_request(store, kind, requests.RequestInput(
            exhibitor.id, windows, products=f"Product {n}", host="Host", channel="네이버 쇼핑라이브",
            requested_at=start + dt.timedelta(minutes=n)), source="test")
        made.append(request_id)
    return Studio(store, kind, loaded.days, chosen, tuple(made))
