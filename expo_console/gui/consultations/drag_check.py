"""What a dragged meeting would collide with, asked at every cell the mouse enters.

The day's meetings are copied once when the drag starts; each cell then costs one
`schedule.clash_list` over that copy (about a millisecond for a full day of 20 tables), never a
read of the event file. clash_list decides, so the grid refuses exactly what the service would;
the sentences shown are written here, with names instead of ids, in the UI's language.
"""

from __future__ import annotations

from collections import defaultdict

from PySide6.QtCore import QCoreApplication

from expo_console.domain.consultations import Meeting, Slot
from expo_console.domain.meeting_records import MeetingRecord, MeetingStatus
from expo_console.gui.consultations import names
from expo_console.gui.consultations.names import fill
from expo_console.services.consultations import schedule
from expo_console.services.consultations.setup import Setup


class DragCheck:
    def __init__(self, setup: Setup, day_meetings: list[MeetingRecord], moved: MeetingRecord) -> None:
        self.setup = setup
        self.moved = moved
        active = [m for m in day_meetings if m.id != moved.id and m.status != MeetingStatus.CANCELLED]
        self.at: dict[Slot, list[MeetingRecord]] = defaultdict(list)
        # Every clash is within one slot (a buyer, table, interpreter or seat twice at the same
        # time), so the meetings of the target's slot are all clash_list needs: 20 at a full
        # table row instead of the day's 280, and the same answer.
        self.placements_at: dict[Slot, list[Meeting]] = defaultdict(list)
        for m in active:
            self.at[m.slot].append(m)
            self.placements_at[m.slot].append(m.as_placement())

    def problems(self, slot: Slot, table: int) -> list[str]:
        """Empty when the meeting may go to (slot, table); else each clash as a sentence."""
        if slot == self.moved.slot and table == self.moved.table:
            return []
        moved = self.moved
        placement = Meeting(moved.buyer_id, moved.exhibitor_id, slot, table, moved.interpreter_id)
        found = schedule.clash_list(self.setup, self.placements_at.get(slot, []), placement)
        if not found:
            return []
        return self.describe(slot, table) or found  # the service's own words if ours missed one

    def describe(self, slot: Slot, table: int) -> list[str]:
        moved, setup = self.moved, self.setup
        buyer = lambda m: names.buyer_label(setup.buyer_by_id.get(m.buyer_id))  # noqa: E731
        exhibitor = lambda m: names.exhibitor_name(setup.exhibitor_by_id.get(m.exhibitor_id))  # noqa: E731
        here = self.at.get(slot, [])
        found = [fill(QCoreApplication.translate("DragCheck", "%1 already has a meeting at this time, with %2 at "
                                                 "table %3."), buyer(m), exhibitor(m), m.table)
                 for m in here if m.buyer_id == moved.buyer_id]
        found += [fill(QCoreApplication.translate("DragCheck", "Table %1 is taken at this time (%2 meets %3)."),
                       table, buyer(m), exhibitor(m)) for m in here if m.table == table]
        if moved.interpreter_id is not None:
            found += [fill(QCoreApplication.translate("DragCheck", "Interpreter %1 is at table %2 at this time."),
                           names.interpreter_name(setup.interpreter_by_id.get(moved.interpreter_id)), m.table)
                      for m in here if m.interpreter_id == moved.interpreter_id]
        firm = setup.exhibitor_by_id.get(moved.exhibitor_id)
        busy = sorted(m.table for m in here if m.exhibitor_id == moved.exhibitor_id)
        if len(busy) >= (firm.seats if firm is not None else 1):
            found.append(fill(QCoreApplication.translate("DragCheck", "Every representative of %1 is in another "
                                                         "meeting at this time (table %2)."),
                              names.exhibitor_name(firm), ", ".join(map(str, busy))))
        if table not in {t.number for t in setup.tables}:
            found.append(fill(QCoreApplication.translate("DragCheck", "There is no table %1 in the zone."), table))
        return found

