"""Every hand edit of the schedule is an undo command that writes through the schedule service.

A command keeps what it needs to go back: a move keeps where the meeting was and whether it
was locked (a move locks it), a removal keeps the whole record (restore_meeting puts it back
with its id). The writes go through the op-runner, so every view hears of them. A write the
service refuses (a clash another desk made meanwhile, a meeting removed elsewhere) is said in
the status line and the command drops out of the stack, as the floor plan's do.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QUndoCommand

from expo_console.domain.consultations import Slot
from expo_console.domain.meeting_records import MeetingRecord
from expo_console.gui.consultations.service_text import refusal_text
from expo_console.gui.hub import Hub
from expo_console.gui.ops import run_op
from expo_console.services.access import AccessDenied
from expo_console.services.consultations import schedule
from expo_console.services.store import EventFileError, EventStore


class ScheduleEditor(QObject):
    """Writes the commands ask for; says a refusal instead of raising it."""

    refused = Signal(str)

    def __init__(self, store: EventStore, hub: Hub, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store, self.hub = store, hub

    def write(self, call: Callable[[], object]) -> bool:
        try:
            run_op(self.hub, call)
        except (schedule.ScheduleError, AccessDenied, EventFileError) as error:
            self.refused.emit(refusal_text(error))
            return False
        return True

    def move(self, meeting_id: str, slot: Slot, table: int) -> bool:
        return self.write(lambda: schedule.move_meeting(self.store, meeting_id, slot, table))

    def set_fixed(self, meeting_id: str, fixed: bool) -> bool:
        return self.write(lambda: schedule.set_fixed(self.store, meeting_id, fixed))

    def remove(self, meeting_id: str) -> bool:
        return self.write(lambda: schedule.remove_meeting(self.store, meeting_id))

    def restore(self, record: MeetingRecord) -> bool:
        return self.write(lambda: schedule.restore_meeting(self.store, record))


class MoveCommand(QUndoCommand):
    def __init__(self, editor: ScheduleEditor, before: MeetingRecord, slot: Slot, table: int, text: str) -> None:
        super().__init__(text)
        self.editor, self.before, self.slot, self.table = editor, before, slot, table
        self.meeting_id = before.id

    def redo(self) -> None:
        if not self.editor.move(self.before.id, self.slot, self.table):
            self.setObsolete(True)

    def undo(self) -> None:
        back = self.editor.move(self.before.id, self.before.slot, self.before.table)
        if back and not self.before.fixed:  # the move locked it; it was free to move before
            back = self.editor.set_fixed(self.before.id, False)
        if not back:
            self.setObsolete(True)


class LockCommand(QUndoCommand):
    def __init__(self, editor: ScheduleEditor, meeting_id: str, fixed: bool, text: str) -> None:
        super().__init__(text)
        self.editor, self.meeting_id, self.fixed = editor, meeting_id, fixed

    def redo(self) -> None:
        if not self.editor.set_fixed(self.meeting_id, self.fixed):
            self.setObsolete(True)

    def undo(self) -> None:
        if not self.editor.set_fixed(self.meeting_id, not self.fixed):
            self.setObsolete(True)


class RemoveCommand(QUndoCommand):
    def __init__(self, editor: ScheduleEditor, record: MeetingRecord, text: str) -> None:
        super().__init__(text)
        self.editor, self.record = editor, record
        self.meeting_id = record.id

    def redo(self) -> None:
        if not self.editor.remove(self.record.id):
            self.setObsolete(True)

    def undo(self) -> None:
        if not self.editor.restore(self.record):
            self.setObsolete(True)


def command_text(kind: str, who: str) -> str:
    """The undo stack's words for a step (shown in the Undo action's tooltip)."""
    texts = {"move": QCoreApplication.translate("ScheduleCommands", "Move the meeting of %1"),
             "lock": QCoreApplication.translate("ScheduleCommands", "Lock the meeting of %1"),
             "unlock": QCoreApplication.translate("ScheduleCommands", "Unlock the meeting of %1"),
             "remove": QCoreApplication.translate("ScheduleCommands", "Remove the meeting of %1")}
    return texts[kind].replace("%1", who)
