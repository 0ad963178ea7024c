"""The schedule service calls behind the consultation grid's undo steps (slot_grid/commands.py).

A move locks the meeting; removing keeps the whole record, and restore_meeting puts it back
with its id. A refusal (a clash another desk made meanwhile, a meeting removed elsewhere) comes
back as the service's sentence, said again in the UI's language by service_text.
"""

from __future__ import annotations

from expo_console.domain.consultations import Slot
from expo_console.domain.meeting_records import MeetingRecord
from expo_console.gui.consultations.service_text import refusal_text
from expo_console.services.access import AccessDenied
from expo_console.services.consultations import schedule
from expo_console.services.store import EventFileError, EventStore


class MeetingWrites:
    refusals = (schedule.ScheduleError, AccessDenied, EventFileError)

    def __init__(self, store: EventStore) -> None:
        self.store = store

    def move(self, meeting_id: str, slot: Slot, table: int) -> object:
        return schedule.move_meeting(self.store, meeting_id, slot, table)

    def set_fixed(self, meeting_id: str, fixed: bool) -> object:
        return schedule.set_fixed(self.store, meeting_id, fixed)

    def remove(self, meeting_id: str) -> object:
        return schedule.remove_meeting(self.store, meeting_id)

    def restore(self, record: MeetingRecord) -> object:
        return schedule.restore_meeting(self.store, record)

    @staticmethod
    def refusal_text(error: BaseException) -> str:
        return refusal_text(error)
