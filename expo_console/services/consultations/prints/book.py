"""What every printed schedule reads, read once: the event, the setup, the meetings in time order,
and the consultation zone on the floor plan (its outline, its tables, the booths around it).

The schedules and the XLSX export are built from this one read, so a PDF and the workbook made
from the same file say the same thing. Cancelled meetings are not printed: nobody goes to them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from expo_console.domain.consultations import Slot, build_slots
from expo_console.domain.meeting_records import MeetingRecord, MeetingStatus
from expo_console.services.consultations import schedule
from expo_console.services.consultations import setup as setup_service
from expo_console.services.consultations.prints import labels
from expo_console.services.consultations.prints.context import (
    PrintContext,
    ZoneMap,
    context_fields,
    load_zone_map,
)
from expo_console.services.consultations.setup import (
    BuyerInfo,
    ExhibitorInfo,
    InterpreterInfo,
    Setup,
)
from expo_console.storage.connection import EventStore

__all__ = ["Book", "ZoneMap", "in_order", "load_book"]


@dataclass(frozen=True)
class Book(PrintContext):
    """The consultations' schedule as printed: the print's context (the event, the zone's map with
    its tables) and the setup and meetings."""

    setup: Setup
    meetings: tuple[MeetingRecord, ...]  # not cancelled, by day, start and table
    only_day: dt.date | None = None
    by_buyer: dict[str, list[MeetingRecord]] = field(default_factory=dict)
    by_exhibitor: dict[str, list[MeetingRecord]] = field(default_factory=dict)
    by_interpreter: dict[str, list[MeetingRecord]] = field(default_factory=dict)
    by_table_day: dict[tuple[int, dt.date], list[MeetingRecord]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        buyers: dict[str, list[MeetingRecord]] = defaultdict(list)
        exhibitors: dict[str, list[MeetingRecord]] = defaultdict(list)
        interpreters: dict[str, list[MeetingRecord]] = defaultdict(list)
        tables: dict[tuple[int, dt.date], list[MeetingRecord]] = defaultdict(list)
        for meeting in self.meetings:
            buyers[meeting.buyer_id].append(meeting)
            exhibitors[meeting.exhibitor_id].append(meeting)
            if meeting.interpreter_id is not None:
                interpreters[meeting.interpreter_id].append(meeting)
            tables[(meeting.table, meeting.day)].append(meeting)
        self.by_buyer.update(buyers)
        self.by_exhibitor.update(exhibitors)
        self.by_interpreter.update(interpreters)
        self.by_table_day.update(tables)

    def days(self) -> tuple[dt.date, ...]:
        """The days with a session (or a meeting), the one day asked for when printing one day."""
        found = {s.day for s in self.setup.sessions} | {m.day for m in self.meetings}
        return tuple(sorted(d for d in found if self.only_day is None or d == self.only_day))

    def slots(self, day: dt.date) -> tuple[Slot, ...]:
        return tuple(slot for s in self.setup.sessions if s.day == day for slot in build_slots(s))

    def breaks(self, day: dt.date) -> tuple[tuple[dt.time, dt.time], ...]:
        return tuple(b for s in self.setup.sessions if s.day == day for b in s.breaks)

    def buyer(self, buyer_id: str) -> BuyerInfo | None:
        return self.setup.buyer_by_id.get(buyer_id)

    def exhibitor(self, exhibitor_id: str) -> ExhibitorInfo | None:
        return self.setup.exhibitor_by_id.get(exhibitor_id)

    def interpreter(self, interpreter_id: str | None) -> InterpreterInfo | None:
        return self.setup.interpreter_by_id.get(interpreter_id) if interpreter_id else None

    def interpreter_text(self, meeting: MeetingRecord) -> str:
        """Who interprets: their name, a dash when the buyer needs nobody, 'not assigned' when
        they do and nobody is."""
        interpreter = self.interpreter(meeting.interpreter_id)
        if interpreter is not None:
            return interpreter.name
        buyer = self.buyer(meeting.buyer_id)
        if buyer is not None and buyer.record.needs_interpreter:
            return labels.NOT_ASSIGNED
        return labels.NO_INTERPRETER_NEEDED


def load_book(store: EventStore, day: dt.date | None = None, now: dt.datetime | None = None) -> Book:
    setup = setup_service.load(store)
    meetings = sorted((m for m in schedule.meetings(store, day=day) if m.status != MeetingStatus.CANCELLED),
                      key=lambda m: (m.day, m.starts, m.table))
    context = context_fields(store, load_zone_map(store, setup.tables), day or (setup.days[0] if setup.days else None),
                             now)
    return Book(**context, setup=setup, meetings=tuple(meetings), only_day=day)


def in_order(meetings: Iterable[MeetingRecord]) -> list[MeetingRecord]:
    return sorted(meetings, key=lambda m: (m.day, m.starts, m.table))
