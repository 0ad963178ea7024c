"""The consultation zone on the day: which slot is under way, and when a buyer seen at the zone's
gate counts as arrived for a meeting.

A buyer who comes through the zone's gate up to ARRIVAL_EARLY before a meeting, or while it is
under way, has arrived for it: the coordinator's board shows them at their table without a key
pressed. Earlier than that they are only in the zone (a buyer who walks in at 09:20 for 11:00
may well leave again); the gate still shows them the meeting, and the board shows when they
were seen.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from expo_console.domain.consultations import Slot

ARRIVAL_EARLY = dt.timedelta(minutes=15)


def counts_as_arrival(starts: dt.time, ends: dt.time, at: dt.time) -> bool:
    """A buyer seen at `at` (the event's local time, the meeting's day) has arrived for the
    meeting from `starts` to `ends`: from ARRIVAL_EARLY before it until it ends."""
    day = dt.date(2000, 1, 2)
    opens = max(dt.datetime.combine(day, starts) - ARRIVAL_EARLY, dt.datetime.combine(day, dt.time()))
    return opens.time() <= at < ends


def slot_at(slots: Sequence[Slot], at: dt.datetime) -> Slot | None:
    """The slot under way at `at` (local, naive or aware: only its date and time are read), else
    the next one that day; None once the day's last slot is over, or on a day without slots."""
    day, time = at.date(), at.time()
    ahead = sorted(s for s in slots if s.day == day and s.end > time)
    return ahead[0] if ahead else None


def current_or_last(slots: Sequence[Slot], at: dt.datetime) -> Slot | None:
    """What the board shows for `at`: the slot under way or the next one; after the last slot of
    the day, that last slot (its outcomes are still being entered); before the event or on a day
    without a session, the first slot of the first day."""
    found = slot_at(slots, at)
    if found is not None:
        return found
    today = sorted(s for s in slots if s.day == at.date())
    if today:
        return today[-1]
    ordered = sorted(slots)
    later = [s for s in ordered if s.day > at.date()]
    return later[0] if later else (ordered[-1] if ordered else None)
