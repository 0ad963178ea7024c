"""Every floor-plan edit is an undo command that writes through the layout service.

A command holds the state before and after (booth id → Booth, or None for "not there"), so
move, rotate, resize, assign, paste, delete and renumber are all the same command with a
different text. A drag is one command pushed on release; arrow-key nudges of the same booths
merge into one step; multi-item edits go in one command or a macro.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from PySide6.QtGui import QUndoCommand

from expo_console.domain.floor_plan import Booth, Hall, Zone

NUDGE_ID = 1001


class Editor(Protocol):
    def write_booths(self, state: Mapping[str, Booth | None]) -> bool: ...
    def write_zones(self, state: Mapping[str, Zone | None]) -> bool: ...
    def write_hall(self, hall: Hall) -> bool: ...
    def write_background(self, values: Mapping[str, object] | None) -> bool: ...


class BoothsCommand(QUndoCommand):
    def __init__(self, editor: Editor, before: Mapping[str, Booth | None], after: Mapping[str, Booth | None],
                 text: str, nudge: bool = False) -> None:
        super().__init__(text)
        self.editor = editor
        self.before = dict(before)
        self.after = dict(after)
        self.nudge = nudge

    def redo(self) -> None:
        if not self.editor.write_booths(self.after):
            self.setObsolete(True)  # refused (locked, or another desk holds the number): drop the step

    def undo(self) -> None:
        self.editor.write_booths(self.before)

    def id(self) -> int:
        return NUDGE_ID if self.nudge else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802
        if not isinstance(other, BoothsCommand) or not other.nudge or set(other.after) != set(self.after):
            return False
        self.after = dict(other.after)
        return True


class ZonesCommand(QUndoCommand):
    def __init__(self, editor: Editor, before: Mapping[str, Zone | None], after: Mapping[str, Zone | None],
                 text: str) -> None:
        super().__init__(text)
        self.editor = editor
        self.before = dict(before)
        self.after = dict(after)

    def redo(self) -> None:
        if not self.editor.write_zones(self.after):
            self.setObsolete(True)

    def undo(self) -> None:
        self.editor.write_zones(self.before)


class HallCommand(QUndoCommand):
    """The outline, doors or obstacles traced over the venue's drawing."""

    def __init__(self, editor: Editor, before: Hall, after: Hall, text: str) -> None:
        super().__init__(text)
        self.editor = editor
        self.before = before
        self.after = after

    def redo(self) -> None:
        if not self.editor.write_hall(self.after):
            self.setObsolete(True)

    def undo(self) -> None:
        self.editor.write_hall(self.before)


class BackgroundCommand(QUndoCommand):
    def __init__(self, editor: Editor, before: Mapping[str, object] | None, after: Mapping[str, object] | None,
                 text: str) -> None:
        super().__init__(text)
        self.editor = editor
        self.before = dict(before) if before else None
        self.after = dict(after) if after else None

    def redo(self) -> None:
        if not self.editor.write_background(self.after):
            self.setObsolete(True)

    def undo(self) -> None:
        self.editor.write_background(self.before)
