"""The consultation results (성과) of a day or of the whole event, read from the event file and
summed up by domain/consultation_results.py: the one source of the Results page, the PDF and
XLSX report, the daily traffic report's section and `expo-console meetings report`. The report
(`report_results`) adds the studio's and the photo corner's results when the event has bookings
(services/bookings/results.py).

Viewing them is VIEW_TRAFFIC (every role): they name companies and countries, never a person.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import replace

from expo_console.domain.access import Action
from expo_console.domain.bookings import BookingKind
from expo_console.domain.consultation_results import BuyerCompany, ExhibitorName, Results, summarise
from expo_console.services.access import require
from expo_console.services.bookings.results import booking_results, session_days
from expo_console.services.consultations import schedule
from expo_console.services.consultations import setup as setup_service
from expo_console.services.consultations.outcomes import usd_rate
from expo_console.services.traffic.counting import event_days
from expo_console.storage import meetings_repo
from expo_console.storage.connection import EventStore


class ResultsError(ValueError):
    """The results cannot be made as asked; the message says what to do."""


def consultation_results(store: EventStore, day: dt.date | None = None) -> Results:
    """The results of `day`, or of the whole event when None."""
    require(store, Action.VIEW_TRAFFIC)
    loaded = setup_service.load(store)
    if day is not None and day not in loaded.days:
        raise ResultsError(f"{day.isoformat()} is not a day of this event. Choose one of: "
                           f"{', '.join(d.isoformat() for d in loaded.days)}.")
    exhibitors = [ExhibitorName(e.id, e.name, e.name_en, e.booth,
                                e.section_code or (e.categories[0] if e.categories else ""),
                                e.section_name, e.section_name_en, frozenset(e.days))
                  for e in loaded.exhibitors]
    buyers = [BuyerCompany(b.id, b.company, b.country) for b in loaded.buyers]
    requests = Counter(r.exhibitor for r in loaded.requests)
    return summarise(schedule.meetings(store), exhibitors, buyers, requests,
                     [s.day for s in loaded.sessions], usd_rate(store), day)


def report_results(store: EventStore, day: dt.date | None = None) -> Results:
    """What the results report prints: the consultations' results, with the studio's and the
    photo corner's when the event has bookings of the kind (None otherwise: the report of an
    event without bookings is the consultations' alone)."""
    results = consultation_results(store, day)
    return replace(results, studio=booking_results(store, BookingKind.STUDIO, day),
                   photo=booking_results(store, BookingKind.PHOTO, day))


def has_schedule(store: EventStore) -> bool:
    """Whether the event has consultation meetings at all (the daily report's section shows then)."""
    return meetings_repo.count(store.conn) > 0


def report_days(store: EventStore) -> tuple[dt.date, ...]:
    """The days a results report can be made for: those with a consultation, studio or photo
    session, else every day of the event."""
    with_session = tuple(sorted({s.day for s in setup_service.sessions(store)} | session_days(store)))
    return with_session or tuple(event_days(store))
