"""The studio's and the photo corner's results (성과) of a day or of the whole event, read from the
event file and summed up by domain/booking_results.py. They join the consultations' results in
the results report (services/consultations/results.report_results) and have a section of their
own in the daily traffic report.

Viewing them is VIEW_TRAFFIC (every role), as the consultations' results: they name companies,
sets and channels, never a person (the host's name is not in them).
"""

from __future__ import annotations

import datetime as dt

from expo_console.domain.access import Action
from expo_console.domain.booking_results import BookingResults, summarise_bookings
from expo_console.domain.bookings import BookingKind
from expo_console.domain.consultation_results import ExhibitorName
from expo_console.services.access import require
from expo_console.services.bookings import schedule
from expo_console.services.bookings import setup as setup_service
from expo_console.storage.connection import EventStore


def booking_results(store: EventStore, kind: BookingKind, day: dt.date | None = None) -> BookingResults | None:
    """The kind's results of `day`, or of the whole event when None; None when the event has no
    booking of the kind at all (its sections are not printed then). A day without one has its
    empty figures: the report says nothing went on air that day."""
    require(store, Action.VIEW_TRAFFIC)
    every = schedule.bookings(store, kind)
    if not every:
        return None
    loaded = setup_service.load(store, kind)
    exhibitors = [ExhibitorName(e.id, e.name, e.name_en, e.booth, e.sector, e.sector, e.sector_en)
                  for e in loaded.exhibitors.values()]
    return summarise_bookings(kind, every, loaded.requests, exhibitors, [s.day for s in loaded.sessions], day,
                              resource_names={r.number: r.name for r in loaded.resources})


def session_days(store: EventStore) -> set[dt.date]:
    """The days the studio or the photo corner has a session."""
    return {s.day for kind in BookingKind for s in setup_service.sessions(store, kind)}
