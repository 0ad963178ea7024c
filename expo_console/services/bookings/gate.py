"""The studio's gate (or the photo corner's): an exhibitor's staff come in for their company's slot.

A gate rule with "booking": "studio" (services/checkin/gate_rules.py) makes the scan ask this
module, inside its write transaction, for the slots that the badge's company has there today;
domain/booked_entry decides from them (from 15 minutes before a slot until its end), after the
rule's classes and hours, and only for the class exhibitor_staff: staff, press and the rest pass
as the rule's classes and hours say. A booking edited on one desk (moved, a no-show, a waiting
exhibitor given the slot) holds at every gate from the next scan, as a rule does.

How a badge belongs to an exhibitor: a visitor has no exhibitor id, only the company they
registered with, so the company is matched with the booked exhibitors' names, Korean or English,
by domain/name_match.company_key ('(주)한빛메디칼', '한빛메디칼 주식회사' and 'Hanbit Medical Co., Ltd.'
are one company). Only the day's bookings that still stand are read (one indexed statement, a
few rows), and the keys are memoised, so the gate does not read the exhibitors' list per scan.
Like the consultation gate (services/consultations/gate.py) it imports nothing of the solver.

What the refusal says comes in Korean and English together, naming the slot: the person in front
of the gate may read either.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from functools import lru_cache
from typing import Any

from expo_console.domain.booked_entry import BOOKED_CLASS, BOTH, KINDS_OF, BookedSlot
from expo_console.domain.checkin import Decision, GateRule
from expo_console.domain.name_match import company_key
from expo_console.storage import bookings_repo

# what a slot of each kind is called at the gate: (Korean, English)
WORDS = {"studio": ("방송", "Broadcast"), "photo": ("촬영", "Shoot"), BOTH: ("방송·촬영", "Broadcast or shoot")}
_key = lru_cache(maxsize=4096)(company_key)


def booked_slots(conn: sqlite3.Connection, gate: GateRule, visitor: dict[str, Any] | None, visitor_class: str,
                 day: dt.date) -> tuple[BookedSlot, ...] | None:
    """The slots the visitor's company has today at a gate with a booking rule; () elsewhere, for
    another class, or for a company that has none; None for a genuine badge this desk does not
    know yet (offline, before the registration reached it): its company cannot be told."""
    if gate.booking is None or visitor_class != BOOKED_CLASS:
        return ()
    if visitor is None:
        return None
    company = _key(str(visitor.get("company") or ""))
    if not company:
        return ()
    return tuple(BookedSlot(dt.time.fromisoformat(starts), dt.time.fromisoformat(ends), kind)
                 for kind in KINDS_OF.get(gate.booking, (gate.booking,))
                 for name, name_en, starts, ends in bookings_repo.standing_on(conn, kind, day.isoformat())
                 if company in (_key(name), _key(name_en)))


def booking_facts(decision: Decision, kind: str | None) -> dict[str, str]:
    """What a refusal at a booked place names, in both languages (checkin/messages.FACTS)."""
    check = decision.booking
    if check is None or check.admits or kind is None:
        return {}
    slot = check.slot
    ko, en = WORDS.get(slot.kind if slot is not None and slot.kind else kind, ("예약", "Booking"))
    if slot is None:
        return {"booking_ko": f"오늘 예약된 {ko}이 없습니다.", "booking_en": f"No {en.lower()} booked today."}
    if check.over:
        return {"booking_ko": f"{ko} 시간 {slot} — 이미 끝났습니다.", "booking_en": f"{en} {slot}: already over.",
                "slot": str(slot)}
    entry = f"{slot.entry_from:%H:%M}"
    return {"booking_ko": f"{ko} 시간 {slot} — {entry}부터 입장.", "booking_en": f"{en} {slot}: entry from {entry}.",
            "slot": str(slot), "entry_from": entry}
