"""What every printed schedule reads, read once: the event, the setup, the meetings in time order,
and the consultation zone on the floor plan (its outline, its tables, the booths around it).

The schedules and the XLSX export are built from this one read, so a PDF and the workbook made
from the same file say the same thing. Cancelled meetings are not printed: nobody goes to them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from expo_console.domain.consultations import Slot, build_slots
from expo_console.domain.floor_plan import Booth, Door, Zone
from expo_console.domain.layout_geometry import Point
from expo_console.domain.meeting_records import MeetingRecord, MeetingStatus
from expo_console.services.consultations import schedule
from expo_console.services.consultations import setup as setup_service
from expo_console.services.consultations.prints import labels
from expo_console.services.consultations.setup import (
    BuyerInfo,
    ExhibitorInfo,
    InterpreterInfo,
    Setup,
    ZoneTable,
)
from expo_console.services.events import event_row
from expo_console.services.layout.floor_plan import load_plan
from expo_console.storage.connection import EventStore

CONTEXT_METRES = 3.0  # how much of the hall around the zone its map shows


@dataclass(frozen=True)
class ZoneMap:
    """The consultation zone as its small map draws it, in hall metres (y up from the lobby)."""

    name: str
    name_en: str
    colour: str
    outline: tuple[Point, ...]  # empty when the tables' zone is no longer on the plan
    tables: tuple[ZoneTable, ...]
    booths: tuple[Booth, ...]  # the booths around it, for bearings
    hall_outline: tuple[Point, ...]
    doors: tuple[Door, ...] = ()  # the hall's doors near it (an exit beside the zone)

    @property
    def view(self) -> tuple[float, float, float, float]:
        """(left, bottom, width, height) of what the map shows: the zone and its tables, with a
        margin of the hall around them."""
        points = list(self.outline) + [(t.x, t.y) for t in self.tables]
        if not points:
            return 0.0, 0.0, 1.0, 1.0
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        left, bottom = min(xs) - CONTEXT_METRES, min(ys) - CONTEXT_METRES
        return left, bottom, max(xs) + CONTEXT_METRES - left, max(ys) + CONTEXT_METRES - bottom


@dataclass(frozen=True)
class Book:
    event_name: str
    event_name_en: str
    time_zone: str  # 'Asia/Seoul'
    zone_abbreviation: str  # 'KST'
    made_at: str  # when the file was made, in the event's time: '2022-10-04 08:30 KST'
    setup: Setup
    meetings: tuple[MeetingRecord, ...]  # not cancelled, by day, start and table
    zone: ZoneMap | None
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

    @property
    def times_note(self) -> str:
        return (f"시각은 행사 현지 시각 ({self.zone_abbreviation}) · Times are local to the event "
                f"({self.time_zone}, {self.zone_abbreviation})")

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
    event = event_row(store)
    zone_name = str(event.get("timezone") or "Asia/Seoul")
    try:
        tz = ZoneInfo(zone_name)
    except (ZoneInfoNotFoundError, ValueError):
        zone_name, tz = "Asia/Seoul", ZoneInfo("Asia/Seoul")
    setup = setup_service.load(store)
    meetings = sorted((m for m in schedule.meetings(store, day=day) if m.status != MeetingStatus.CANCELLED),
                      key=lambda m: (m.day, m.starts, m.table))
    moment = (now or dt.datetime.now(dt.UTC)).astimezone(tz)
    reference = dt.datetime.combine(day or (setup.days[0] if setup.days else moment.date()), dt.time(12), tz)
    return Book(str(event.get("name") or ""), str(event.get("name_en") or ""), zone_name,
                reference.tzname() or zone_name, f"{moment:%Y-%m-%d %H:%M} {moment.tzname()}", setup,
                tuple(meetings), _zone_map(store, setup.tables), day)


def _zone_map(store: EventStore, tables: Sequence[ZoneTable]) -> ZoneMap | None:
    plan = load_plan(store)
    zone: Zone | None = None
    wanted = next((t.zone_id for t in tables if t.zone_id), None)
    if wanted is not None:
        zone = next((z for z in plan.zones if z.id == wanted), None)
    if zone is None:
        zone = next((z for z in plan.zones if z.kind == "consultation"), None)
    if zone is None and not tables:
        return None
    outline = zone.polygon if zone is not None else ()
    draft = ZoneMap(zone.name if zone else "구매상담존", zone.name_en if zone else "Consultation zone",
                    zone.colour if zone else "#8e44ad", tuple(outline), tuple(tables), (), plan.hall.outline)
    left, bottom, width, height = draft.view
    near = tuple(b for b in plan.booths if _overlaps(b, left, bottom, width, height))
    doors = tuple(d for d in plan.hall.doors
                  if left <= max(d.start[0], d.end[0]) and min(d.start[0], d.end[0]) <= left + width
                  and bottom <= max(d.start[1], d.end[1]) and min(d.start[1], d.end[1]) <= bottom + height)
    return ZoneMap(draft.name, draft.name_en, draft.colour, draft.outline, draft.tables, near, draft.hall_outline,
                   doors)


def _overlaps(booth: Booth, left: float, bottom: float, width: float, height: float) -> bool:
    return (booth.x < left + width and booth.x + booth.width > left
            and booth.y < bottom + height and booth.y + booth.depth > bottom)


def in_order(meetings: Iterable[MeetingRecord]) -> list[MeetingRecord]:
    return sorted(meetings, key=lambda m: (m.day, m.starts, m.table))
