"""The coordinator's live board: one slot of the consultation zone as it happens.

For a slot it gives every table of the zone, with the meeting that should be there (buyer,
exhibitor, interpreter), whether the buyer has arrived (the zone gate's scans mark it, or the
coordinator's key) and where the buyer was last let in today; the free tables; and how many
tables each slot of the day still has free. A walk-in ("this buyer wants to meet that exhibitor
now") is offered the first free table in the current slot, or in the next slot that has one, and
placed as a fixed meeting of origin walk_in.

Reads are a handful of statements (storage/zone_on_site_repo.py), so the board can be read
again on every change and on a timer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from expo_console.domain.access import Action
from expo_console.domain.consultations import Slot, build_slots
from expo_console.domain.meeting_records import MeetingRecord, MeetingStatus, Origin
from expo_console.domain.zone_on_site import current_or_last
from expo_console.services.access import require
from expo_console.services.changes import MeetingsChanged
from expo_console.services.consultations import outcomes, schedule
from expo_console.services.consultations import setup as setup_service
from expo_console.services.events import event_row
from expo_console.storage import consultations_repo, zone_on_site_repo
from expo_console.storage.connection import EventStore, parse_utc_stamp, utc_stamp


def event_zone(store: EventStore) -> ZoneInfo:
    return ZoneInfo(event_row(store)["timezone"] or "Asia/Seoul")


def now_local(store: EventStore, now: dt.datetime | None = None) -> dt.datetime:
    """The event's local time now (or at `now`, an aware moment)."""
    return (now or dt.datetime.now(dt.UTC)).astimezone(event_zone(store))


def session_slots(store: EventStore) -> tuple[Slot, ...]:
    """Every slot of every day with a session, in order."""
    return tuple(slot for session in setup_service.sessions(store) for slot in build_slots(session))


def slot_for(store: EventStore, now: dt.datetime | None = None) -> Slot | None:
    """The slot the board opens on: the one under way, else the next today, else today's last."""
    return current_or_last(session_slots(store), now_local(store, now).replace(tzinfo=None))


@dataclass(frozen=True)
class Seen:
    where: str  # 'consultation' (the zone's gate) or 'hall'
    at: dt.time  # local


@dataclass(frozen=True)
class BoardRow:
    """One table in the slot: its meeting (None: the table is free) and the names to show."""

    table: int
    meeting: MeetingRecord | None = None
    buyer: str = ""
    buyer_en: str = ""
    company: str = ""
    exhibitor: str = ""
    exhibitor_en: str = ""
    booth: str = ""
    interpreter: str = ""
    seen: Seen | None = None  # the buyer's latest admission today

    @property
    def free(self) -> bool:
        return self.meeting is None or self.meeting.status == MeetingStatus.CANCELLED


@dataclass(frozen=True)
class SlotBoard:
    slot: Slot
    slots: tuple[Slot, ...]  # the day's
    rows: tuple[BoardRow, ...]  # every table, then a meeting at a table the zone no longer has
    free_per_slot: dict[Slot, int]

    @property
    def free_tables(self) -> tuple[int, ...]:
        taken = {r.table for r in self.rows if not r.free}
        return tuple(r.table for r in self.rows if r.table not in taken and r.free)

    @property
    def meetings(self) -> tuple[MeetingRecord, ...]:
        return tuple(r.meeting for r in self.rows if r.meeting is not None)

    @property
    def arrived(self) -> int:
        return sum(1 for m in self.meetings if m.arrived_at is not None and m.status != MeetingStatus.CANCELLED)


def board(store: EventStore, slot: Slot) -> SlotBoard:
    conn = store.conn
    day = slot.day.isoformat()
    slots = tuple(s for s in session_slots(store) if s.day == slot.day) or (slot,)
    tables = [int(t["number"]) for t in consultations_repo.tables(conn)]
    rows = zone_on_site_repo.slot_rows(conn, day, f"{slot.start:%H:%M}")
    seen = _seen(store, slot.day, [r["buyer_id"] for r in rows])
    by_table: dict[int, list[BoardRow]] = {}
    for r in rows:
        record = schedule.record_of(r)
        by_table.setdefault(record.table, []).append(BoardRow(
            record.table, record, r["buyer"], r["buyer_en"], r["company"], r["exhibitor"], r["exhibitor_en"] or "",
            str(r["booth"] or ""), r["interpreter"], seen.get(r["buyer_id"])))
    shown: list[BoardRow] = []
    for number in sorted(set(tables) | set(by_table)):
        placed = by_table.get(number, [])
        live = [row for row in placed if not row.free]
        # a table shows its meeting; a cancelled one only while nothing else took the table
        shown.extend(live or placed or [BoardRow(number)])
    taken = zone_on_site_repo.taken_per_slot(conn, day)
    free = {s: max(0, len(tables) - taken.get(f"{s.start:%H:%M}", 0)) for s in slots}
    return SlotBoard(slot, slots, tuple(shown), free)


def _seen(store: EventStore, day: dt.date, buyers: list[str]) -> dict[str, Seen]:
    zone = event_zone(store)
    start = dt.datetime.combine(day, dt.time(), zone)
    found = zone_on_site_repo.latest_admissions(store.conn, buyers, utc_stamp(start),
                                                utc_stamp(start + dt.timedelta(days=1)))
    return {visitor: Seen(where, parse_utc_stamp(at).astimezone(zone).time()) for visitor, (where, at) in found.items()}


# Walk-ins -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class WalkInOffer:
    buyer_id: str
    exhibitor_id: str
    slot: Slot
    table: int
    interpreter_id: str | None
    now: bool  # the slot is under way: the buyer is marked arrived when it is placed


class NoPlaceToday(ValueError):
    """No slot left today has a table where both are free (and an interpreter, when needed)."""


def walk_in_offer(store: EventStore, buyer_id: str, exhibitor_id: str,
                  now: dt.datetime | None = None) -> WalkInOffer:
    """The first free table in the slot under way, or in the next slot of the day that has one,
    where the buyer and one of the exhibitor's seats are free (and an interpreter who speaks the
    buyer's language, when they need one)."""
    local = now_local(store, now).replace(tzinfo=None)
    setup = setup_service.load(store)
    buyer = setup.buyer_by_id.get(buyer_id)
    exhibitor = setup.exhibitor_by_id.get(exhibitor_id)
    if buyer is None or exhibitor is None:
        raise schedule.ScheduleError("Pick a buyer and an exhibitor of the event.")
    ahead = [s for s in session_slots(store) if s.day == local.date() and s.end > local.time()]
    if not ahead:
        raise NoPlaceToday("The zone has no slot left today: place the meeting on another day in the schedule.")
    day_meetings = [m for m in schedule.meetings(store, day=local.date()) if m.status != MeetingStatus.CANCELLED]
    tables = sorted(t.number for t in setup.tables)
    for slot in ahead:
        here = [m for m in day_meetings if m.starts == slot.start]
        if any(m.buyer_id == buyer_id for m in here):
            continue
        if sum(1 for m in here if m.exhibitor_id == exhibitor_id) >= exhibitor.seats:
            continue
        taken = {m.table for m in here}
        table = next((t for t in tables if t not in taken), None)
        if table is None:
            continue
        interpreter = None
        if buyer.record.needs_interpreter:
            busy = {m.interpreter_id for m in here}
            interpreter = next((i.id for i in setup.interpreters if buyer.language in i.languages
                                and slot.day in i.days and i.id not in busy), None)
            if interpreter is None:
                continue
        return WalkInOffer(buyer_id, exhibitor_id, slot, table, interpreter, now=slot.start <= local.time())
    raise NoPlaceToday("Every slot left today is full for this buyer or exhibitor (or has no interpreter free): "
                       "ask them to come back tomorrow, or place the meeting in the schedule.")


def place_walk_in(store: EventStore, offer: WalkInOffer) -> tuple[str, MeetingsChanged]:
    """Place the offered walk-in (a fixed meeting, origin walk_in); a buyer placed in the slot under
    way is at the coordinator's desk, so arrived."""
    require(store, Action.RECORD_OUTCOMES)
    meeting_id, change = schedule.add_meeting(store, offer.buyer_id, offer.exhibitor_id, offer.slot, offer.table,
                                              offer.interpreter_id, origin=Origin.WALK_IN,
                                              action=Action.RECORD_OUTCOMES)
    if offer.now:
        outcomes.mark_arrived(store, meeting_id)
    return meeting_id, change


def row_of(store: EventStore, meeting_id: str) -> BoardRow:
    """One meeting as the board shows it (the outcome entry's heading)."""
    record = schedule.meeting(store, meeting_id)
    shown = next((r for r in board(store, record.slot).rows if r.meeting is not None and r.meeting.id == meeting_id),
                 None)
    return shown or BoardRow(record.table, record)
