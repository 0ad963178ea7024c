"""Every hand edit of a slot grid is an undo command that writes through its user's service.

A command keeps what it needs to go back: a move keeps where the item was and whether it was
locked (a move locks it), a removal keeps the whole record (restore puts it back with its id).
The writes go through the op-runner, so every view hears of them. A write the service refuses
(a clash another desk made meanwhile, an item removed elsewhere) is said in the status line and
the command drops out of the stack, as the floor plan's do; the steps left keep working across
another desk's changes, each one refused in words if it no longer applies.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, Protocol

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand

from expo_console.domain.consultations import Slot
from expo_console.gui.hub import Hub
from expo_console.gui.ops import run_op
from expo_console.gui.slot_grid.look import Item, Item_contra


class GridWrites(Protocol[Item_contra]):
    """The service calls behind the grid's edits (each returns what run_op broadcasts)."""

    refusals: tuple[type[BaseException], ...]  # what the service raises to refuse an edit

    def move(self, item_id: str, slot: Slot, column: int) -> object: ...
    def set_fixed(self, item_id: str, fixed: bool) -> object: ...
    def remove(self, item_id: str) -> object: ...
    def restore(self, item: Item_contra) -> object: ...
    def refusal_text(self, error: BaseException) -> str: ...


class GridEditor(QObject, Generic[Item]):
    """Writes the commands ask for; says a refusal instead of raising it."""

    refused = Signal(str)

    def __init__(self, hub: Hub, writes: GridWrites[Item], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.hub, self.writes = hub, writes

    def write(self, call: Callable[[], object]) -> bool:
        try:
            run_op(self.hub, call)
        except self.writes.refusals as error:
            self.refused.emit(self.writes.refusal_text(error))
            return False
        return True

    def move(self, item_id: str, slot: Slot, column: int) -> bool:
        return self.write(lambda: self.writes.move(item_id, slot, column))

    def set_fixed(self, item_id: str, fixed: bool) -> bool:
        return self.write(lambda: self.writes.set_fixed(item_id, fixed))

    def remove(self, item_id: str) -> bool:
        return self.write(lambda: self.writes.remove(item_id))

    def restore(self, item: Item) -> bool:
        return self.write(lambda: self.writes.restore(item))


@dataclass(frozen=True)
class Place:
    slot: Slot
    column: int
    fixed: bool = False


class MoveCommand(QUndoCommand):
    def __init__(self, editor: GridEditor[Any], item_id: str, before: Place, to: Place, text: str) -> None:
        super().__init__(text)
        self.editor, self.item_id, self.before, self.to = editor, item_id, before, to

    def redo(self) -> None:
        if not self.editor.move(self.item_id, self.to.slot, self.to.column):
            self.setObsolete(True)

    def undo(self) -> None:
        back = self.editor.move(self.item_id, self.before.slot, self.before.column)
        if back and not self.before.fixed:  # the move locked it; it was free to move before
            back = self.editor.set_fixed(self.item_id, False)
        if not back:
            self.setObsolete(True)


class LockCommand(QUndoCommand):
    def __init__(self, editor: GridEditor[Any], item_id: str, fixed: bool, text: str) -> None:
        super().__init__(text)
        self.editor, self.item_id, self.fixed = editor, item_id, fixed

    def redo(self) -> None:
        if not self.editor.set_fixed(self.item_id, self.fixed):
            self.setObsolete(True)

    def undo(self) -> None:
        if not self.editor.set_fixed(self.item_id, not self.fixed):
            self.setObsolete(True)


class RemoveCommand(QUndoCommand, Generic[Item]):
    def __init__(self, editor: GridEditor[Item], item_id: str, record: Item, text: str) -> None:
        super().__init__(text)
        self.editor, self.item_id, self.record = editor, item_id, record

    def redo(self) -> None:
        if not self.editor.remove(self.item_id):
            self.setObsolete(True)

    def undo(self) -> None:
        if not self.editor.restore(self.record):
            self.setObsolete(True)
