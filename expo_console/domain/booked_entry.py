"""Entry to a booked place (the studio, the photo corner) for an exhibitor's staff: they come in
for their company's slot, from ENTRY_BEFORE_MINUTES before it until it ends, and at no other time.

Pure: the gate's service reads the company's slots of the day that still stand (a no-show's or a
cancelled booking does not: services/bookings/gate.py), and `check` says whether the moment
falls in one and, when it does not, which slot to name: the next one, or the last one already
over. domain/checkin.decide applies it after the gate's classes and hours.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from expo_console.domain.booking_records import ENTRY_BEFORE_MINUTES

BOOKED_CLASS = "exhibitor_staff"  # the class the booking rule holds for; other classes pass as before
BOTH = "both"  # a rule's booking for a zone holding the studio's sets and the photo corner: either slot
KINDS_OF = {BOTH: ("studio", "photo")}  # a rule's booking → the kinds whose slots let staff in
_EARLY = dt.timedelta(minutes=ENTRY_BEFORE_MINUTES)


@dataclass(frozen=True, slots=True)
class BookedSlot:
    """One booked slot of the company on the day, the event's local time."""

    starts: dt.time
    ends: dt.time
    kind: str = ""  # 'studio' or 'photo': what the gate calls it when a rule admits both

    @property
    def entry_from(self) -> dt.time:
        """ENTRY_BEFORE_MINUTES before the start (never before midnight)."""
        start = dt.datetime.combine(dt.date.min, self.starts)
        return dt.time() if start - dt.datetime.min < _EARLY else (start - _EARLY).time()

    def lets_in(self, moment: dt.time) -> bool:
        return self.entry_from <= moment < self.ends

    def __str__(self) -> str:
        return f"{self.starts:%H:%M}–{self.ends:%H:%M}"


@dataclass(frozen=True, slots=True)
class BookingCheck:
    """What the booking rule says at a moment: `admits`, and the slot it is about (the one under
    way; else the next one; else the last one, `over`); no slot when nothing is booked."""

    admits: bool
    slot: BookedSlot | None = None
    over: bool = False


def check(slots: Sequence[BookedSlot], moment: dt.time) -> BookingCheck:
    """Whether `moment` falls in one of the company's slots' entry windows, and which slot to name."""
    ordered = sorted(slots, key=lambda s: (s.starts, s.ends))
    for slot in ordered:
        if slot.lets_in(moment):
            return BookingCheck(True, slot)
    upcoming = [s for s in ordered if moment < s.entry_from]
    if upcoming:
        return BookingCheck(False, upcoming[0])
    if ordered:
        return BookingCheck(False, ordered[-1], over=True)
    return BookingCheck(False)
