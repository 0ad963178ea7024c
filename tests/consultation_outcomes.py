"""Outcomes entered on a solved consultation zone as a coordinator enters them, with the won each
comes to worked out by hand, for the results report's tests (import as `from consultation_outcomes
import ...`)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from consultation_support import Zone

from expo_console.domain.meeting_records import MeetingRecord, MeetingStatus
from expo_console.services import event_settings
from expo_console.services.consultations import outcomes, schedule
from expo_console.services.consultations.outcomes import Outcome


@dataclass
class Entered:
    """What the coordinator typed, and the won each comes to: the test's own arithmetic."""

    held: list[MeetingRecord]
    no_show: list[MeetingRecord]
    cancelled: list[MeetingRecord]
    amount: dict[str, int]  # meeting id -> won
    contract: dict[str, int]
    every: list[MeetingRecord]

    @property
    def amount_total(self) -> int:
        return sum(self.amount.values())

    @property
    def contract_total(self) -> int:
        return sum(self.contract.values())


def enter_outcomes(zone: Zone) -> Entered:
    """Six meetings on different days where the schedule allows: two in won, one in dollars (at
    1,400 won), one held without an amount, a no-show and a cancellation."""
    event_settings.put(zone.store, event_settings.CONSULT_USD_RATE, 1400.0)
    every = schedule.meetings(zone.store)
    by_day: dict[dt.date, list[MeetingRecord]] = defaultdict(list)
    for m in every:
        by_day[m.day].append(m)
    spread = [v[i] for i in range(max(len(v) for v in by_day.values())) for v in by_day.values() if i < len(v)]
    a, b, c, d, e, f = spread[:6]
    outcomes.record_outcome(zone.store, a.id, Outcome(amount="1,500만", contract="5000만"))
    outcomes.record_outcome(zone.store, b.id, Outcome(amount="12,000", currency="USD", contract="$5,000"))
    outcomes.record_outcome(zone.store, c.id, Outcome(amount="3000000"))
    outcomes.record_outcome(zone.store, f.id, Outcome(status=MeetingStatus.HELD))
    outcomes.mark_no_show(zone.store, d.id)
    outcomes.record_outcome(zone.store, e.id, Outcome(status=MeetingStatus.CANCELLED))
    return Entered([a, b, c, f], [d], [e], {a.id: 15_000_000, b.id: 16_800_000, c.id: 3_000_000},
                   {a.id: 50_000_000, b.id: 7_000_000}, every)
