"""The admission decision at a gate: pure, so the whole table of cases is tested without a file.

The service gathers the facts (what the code is, the visitor, the gate, this visitor's earlier
scans today, this station's last read) inside the write transaction that will record the scan,
so two stations scanning the same badge at once see each other's result.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from expo_console.domain.booked_entry import BOOKED_CLASS, BookedSlot, BookingCheck
from expo_console.domain.booked_entry import check as check_booking

DOUBLE_READ_WINDOW = dt.timedelta(seconds=1)


class Verdict(StrEnum):
    ADMITTED = "admitted"
    ADMITTED_UNKNOWN = "admitted_unknown_serial"  # genuine code from another desk: let in, flag it
    ALREADY_ADMITTED = "already_admitted"
    EXIT_RECORDED = "exit_recorded"
    REVOKED = "revoked"
    BLOCKED = "blocked"
    NOT_REGISTERED = "not_registered"  # the organiser's list says waiting, cancelled or rejected
    CANCELLED = "cancelled"  # the visitor was deleted: their badge's serial is kept as cancelled
    NOT_ALLOWED_HERE = "not_allowed_here"  # the gate's rule does not let this class through
    GATE_CLOSED = "gate_closed"  # outside the gate's hours for this class
    ENTRY_LIMIT = "entry_limit"  # the gate's most entries a day are used up
    NOT_BOOKED_NOW = "not_booked_now"  # a booked place (the studio): not the time of their company's slot
    NO_BOOKING = "no_booking"  # a booked place: their company has no slot there today
    NOT_VALID_TODAY = "not_valid_today"
    WRONG_EVENT = "wrong_event"
    FORGED = "forged"
    MALFORMED = "malformed"
    IME_ON = "ime_on"
    DOUBLE_READ = "double_read"  # the same scanner read the same badge again within a second
    NOT_RECORDED = "not_recorded"  # the file could not take the scan: never shown green


class Light(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"


LIGHT = {
    Verdict.ADMITTED: Light.GREEN, Verdict.EXIT_RECORDED: Light.GREEN,
    # The service shows a double read as the verdict it repeats; on its own it is never green.
    Verdict.DOUBLE_READ: Light.AMBER,
    Verdict.ADMITTED_UNKNOWN: Light.AMBER, Verdict.ALREADY_ADMITTED: Light.AMBER,
    Verdict.NOT_VALID_TODAY: Light.AMBER, Verdict.IME_ON: Light.AMBER, Verdict.NOT_RECORDED: Light.RED,
    Verdict.NOT_ALLOWED_HERE: Light.RED, Verdict.GATE_CLOSED: Light.AMBER, Verdict.ENTRY_LIMIT: Light.AMBER,
    Verdict.NOT_BOOKED_NOW: Light.AMBER, Verdict.NO_BOOKING: Light.RED,
    Verdict.CANCELLED: Light.RED, Verdict.REVOKED: Light.RED, Verdict.BLOCKED: Light.RED, Verdict.NOT_REGISTERED: Light.RED, Verdict.WRONG_EVENT: Light.RED,
    Verdict.FORGED: Light.RED, Verdict.MALFORMED: Light.RED,
}
# Verdicts that let the visitor through (the occupancy counts them as an entry).
ENTRIES = frozenset({Verdict.ADMITTED, Verdict.ADMITTED_UNKNOWN})


class CodeStatus(StrEnum):
    """What the badge code itself is (from services.badges.verify_code)."""

    ACTIVE = "active"
    UNKNOWN = "unknown"  # valid tag, not in this file (issued on another desk)
    REVOKED = "revoked"
    CANCELLED = "cancelled"  # a deleted visitor's badge
    FORGED = "forged"
    WRONG_EVENT = "wrong_event"
    MALFORMED = "malformed"


@dataclass(frozen=True, slots=True)
class Hours:
    """Opening hours on an event day, local time: open from `opens` until just before `closes`."""

    opens: dt.time
    closes: dt.time

    def __contains__(self, moment: object) -> bool:
        return isinstance(moment, dt.time) and self.opens <= moment < self.closes

    def __str__(self) -> str:
        return f"{self.opens:%H:%M}-{self.closes:%H:%M}"

    @classmethod
    def parse(cls, text: str) -> Hours:
        """'10:00-17:00' (a dash or en dash); ValueError with what to write otherwise."""
        parts = text.replace("–", "-").replace(" ", "").split("-")
        try:
            opens, closes = (dt.time.fromisoformat(part) for part in parts)
        except ValueError:
            raise ValueError(f"'{text}' is not opening hours: write them like 10:00-17:00.") from None
        if closes <= opens:
            raise ValueError(f"'{text}': the gate must close after it opens (hours end on the same day).")
        return cls(opens, closes)


@dataclass(frozen=True, slots=True)
class GateRule:
    """What a gate lets through: how often (the hall's admission rule or the gate's own), who
    (`classes`; None lets every class with a badge through) and when (`hours`, with earlier or
    later hours for some classes in `hours_for`), and at most `max_entries` entries a day. With
    `booking` (a booking kind: 'studio', 'photo'), an exhibitor's staff pass only for their company's
    slot of that kind (domain/booked_entry)."""

    id: str
    kind: str  # hall_entrance, hall_exit, zone_gate
    once_per_day: bool = False
    reentry_after_exit: bool = True
    classes: frozenset[str] | None = None
    hours: Hours | None = None
    hours_for: tuple[tuple[str, Hours], ...] = ()
    max_entries: int | None = None
    booking: str | None = None

    def hours_of(self, visitor_class: str) -> Hours | None:
        return dict(self.hours_for).get(visitor_class, self.hours)


@dataclass(frozen=True, slots=True)
class PriorScan:
    at: dt.datetime
    gate_id: str
    gate_kind: str
    direction: str  # in / out
    verdict: str
    station: str = ""  # where it was scanned, and on which desk: "already admitted" names them
    desk_id: str = ""


@dataclass(frozen=True, slots=True)
class Decision:
    verdict: Verdict
    first: PriorScan | None = None  # the visitor's first admission today (the counting gates')
    hours: Hours | None = None  # GATE_CLOSED: the hours that apply to this visitor
    booking: BookingCheck | None = None  # at a booked place, for an exhibitor's staff: their slot

    @property
    def first_admitted_at(self) -> dt.datetime | None:
        return self.first.at if self.first else None

    @property
    def first_gate_id(self) -> str | None:
        return self.first.gate_id if self.first else None

    @property
    def light(self) -> Light:
        return LIGHT[self.verdict]

    @property
    def records_scan(self) -> bool:
        return self.verdict is not Verdict.DOUBLE_READ


def counted_at(gate: GateRule, history: Sequence[PriorScan]) -> list[PriorScan]:
    """The scans a gate's admission rule counts: hall entrances and exits count together; a zone
    gate counts only its own scans."""
    if gate.kind == "zone_gate":
        return [s for s in history if s.gate_id == gate.id]
    return [s for s in history if s.gate_kind != "zone_gate"]


def decide(*, status: CodeStatus, blocked: bool, valid_today: bool, gate: GateRule, direction: str,
           history: Sequence[PriorScan], now: dt.datetime, same_code_last_read_at: dt.datetime | None,
           registered: bool = True, visitor_class: str = "", local_time: dt.time | None = None,
           booked: Sequence[BookedSlot] | None = ()) -> Decision:
    """The verdict for one scan. `history` is this visitor's recorded scans today, oldest first
    (annulled scans left out); `registered` is False when the visitor's registration is waiting,
    cancelled or rejected; `local_time` is the time of day at the event, for the gate's hours.
    An exit is always let through, except a blocked badge (a supervisor lets them out) and a
    code that is not a genuine badge of this event."""
    if same_code_last_read_at is not None and now - same_code_last_read_at <= DOUBLE_READ_WINDOW:
        return Decision(Verdict.DOUBLE_READ)
    simple = {CodeStatus.MALFORMED: Verdict.MALFORMED, CodeStatus.WRONG_EVENT: Verdict.WRONG_EVENT,
              CodeStatus.FORGED: Verdict.FORGED, CodeStatus.REVOKED: Verdict.REVOKED}
    if status in simple:
        return Decision(simple[status])
    if blocked:
        return Decision(Verdict.BLOCKED)
    leaving = direction == "out" or gate.kind == "hall_exit"
    if leaving:  # someone inside whose registration was cancelled meanwhile still goes out
        return Decision(Verdict.EXIT_RECORDED)
    if status is CodeStatus.CANCELLED:
        return Decision(Verdict.CANCELLED)
    if not registered:
        return Decision(Verdict.NOT_REGISTERED)
    if not valid_today:
        return Decision(Verdict.NOT_VALID_TODAY)
    if gate.classes is not None and visitor_class not in gate.classes:
        return Decision(Verdict.NOT_ALLOWED_HERE)
    hours = gate.hours_of(visitor_class)
    if hours is not None and local_time is not None and local_time not in hours:
        return Decision(Verdict.GATE_CLOSED, hours=hours)
    booking = None
    # booked None: the badge is genuine but this desk does not know whose it is yet (offline, not
    # synced): its company's slots cannot be known, so the rule's classes and hours decide
    if gate.booking is not None and visitor_class == BOOKED_CLASS and local_time is not None and booked is not None:
        booking = check_booking(booked, local_time)
        if not booking.admits:
            return Decision(Verdict.NOT_BOOKED_NOW if booking.slot else Verdict.NO_BOOKING, booking=booking)
    relevant = counted_at(gate, history)
    admissions = [s for s in relevant if s.verdict in ENTRIES]
    first = admissions[0] if admissions else None
    if first is not None:
        if gate.once_per_day:
            return Decision(Verdict.ALREADY_ADMITTED, first)
        last = next((s for s in reversed(relevant) if s.verdict in ENTRIES or s.verdict == Verdict.EXIT_RECORDED), None)
        if gate.reentry_after_exit and last is not None and last.verdict in ENTRIES:
            return Decision(Verdict.ALREADY_ADMITTED, first)
    if gate.max_entries is not None and len(admissions) >= gate.max_entries:
        return Decision(Verdict.ENTRY_LIMIT, first, booking=booking)
    admitted = Verdict.ADMITTED_UNKNOWN if status is CodeStatus.UNKNOWN else Verdict.ADMITTED
    return Decision(admitted, first, booking=booking)

