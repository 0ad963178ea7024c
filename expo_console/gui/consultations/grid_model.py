"""One day of the schedule as a table: a row per slot, a column per table, a meeting per cell.

The model keeps the day's meetings in memory; a change named by the hub patches the cells it
touches, a solve or a setup change reloads the day. While a meeting is dragged the model holds
the drag (where from, the cell under the mouse, what it would collide with there), so the
delegate paints the target cell red or green without asking anything else.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from expo_console.domain.consultations import Slot
from expo_console.domain.meeting_records import MeetingRecord, MeetingStatus
from expo_console.gui.consultations import names
from expo_console.gui.consultations.drag_check import DragCheck
from expo_console.gui.consultations.names import fill
from expo_console.gui.consultations.zone_data import ZoneData

MEETING_ROLE = Qt.ItemDataRole.UserRole + 1  # the cell's MeetingRecord, or None
Index = QModelIndex | QPersistentModelIndex


@dataclass
class Drag:
    meeting: MeetingRecord
    check: DragCheck
    target: tuple[int, int] | None = None  # (row, column) under the mouse or the keyboard
    problems: list[str] = field(default_factory=list)

    @property
    def refused(self) -> bool:
        return bool(self.problems)


class ScheduleModel(QAbstractTableModel):
    def __init__(self, data: ZoneData, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data_ = data
        self.day: dt.date | None = None
        self.slots: tuple[Slot, ...] = ()
        self.tables: tuple[int, ...] = ()
        self.meetings: dict[str, MeetingRecord] = {}
        self._cells: dict[tuple[int, int], list[str]] = {}
        self._row_of: dict[Slot, int] = {}
        self._column_of: dict[int, int] = {}
        self.off_grid: list[MeetingRecord] = []  # the day's meetings at no slot or table of the grid
        self.drag: Drag | None = None

    # -- filling ----------------------------------------------------------------------------------

    def show_day(self, day: dt.date | None, records: list[MeetingRecord]) -> None:
        self.beginResetModel()
        self.drag = None
        self.day = day
        self.slots = self.data_.slots(day) if day is not None else ()
        self.tables = self.data_.table_numbers()
        self._row_of = {slot: row for row, slot in enumerate(self.slots)}
        self._column_of = {number: column for column, number in enumerate(self.tables)}
        self.meetings = {m.id: m for m in records if m.day == day}
        self._index_cells()
        self.endResetModel()

    def _index_cells(self) -> None:
        self._cells = {}
        self.off_grid = []
        for meeting in sorted(self.meetings.values(), key=_cancelled_last):
            cell = self.cell_of(meeting)
            if cell is None:
                self.off_grid.append(meeting)
            else:
                self._cells.setdefault(cell, []).append(meeting.id)

    def patch(self, changed: dict[str, MeetingRecord | None]) -> None:
        """Meetings written elsewhere (or here): `None` for one removed. Only their cells repaint."""
        touched = {self.cell_of(self.meetings[i]) for i in changed if i in self.meetings}
        for meeting_id, record in changed.items():
            self.meetings.pop(meeting_id, None)
            if record is not None and record.day == self.day:
                self.meetings[meeting_id] = record
                touched.add(self.cell_of(record))
        self._index_cells()
        for cell in touched - {None}:
            assert cell is not None
            index = self.index(*cell)
            self.dataChanged.emit(index, index)

    def cell_of(self, meeting: MeetingRecord) -> tuple[int, int] | None:
        row, column = self._row_of.get(meeting.slot), self._column_of.get(meeting.table)
        return None if row is None or column is None else (row, column)

    # -- reading ----------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.slots)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.tables)

    def meeting_at(self, row: int, column: int) -> MeetingRecord | None:
        ids = self._cells.get((row, column))
        return self.meetings[ids[0]] if ids else None

    def crowded(self, row: int, column: int) -> bool:
        """More than one meeting not cancelled in the cell: a clash another desk's edit made."""
        ids = self._cells.get((row, column), [])
        return sum(1 for i in ids if self.meetings[i].status != MeetingStatus.CANCELLED) > 1

    def index_of(self, meeting_id: str) -> QModelIndex:
        meeting = self.meetings.get(meeting_id)
        cell = self.cell_of(meeting) if meeting is not None else None
        return self.index(*cell) if cell is not None else QModelIndex()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        meeting = self.meeting_at(index.row(), index.column())
        if role == MEETING_ROLE:
            return meeting
        if role == Qt.ItemDataRole.DisplayRole:
            if meeting is None:
                return ""
            setup = self.data_.setup
            return (f"{names.buyer_label(setup.buyer_by_id.get(meeting.buyer_id))}\n"
                    f"{names.exhibitor_name(setup.exhibitor_by_id.get(meeting.exhibitor_id))}")
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(index.row(), index.column(), meeting)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return fill(self.tr("Table %1"), self.tables[section]) if section < len(self.tables) else None
        if section < len(self.slots):
            slot = self.slots[section]
            return f"{names.hhmm(slot.start)}–{names.hhmm(slot.end)}"
        return None

    def tooltip(self, row: int, column: int, meeting: MeetingRecord | None) -> str:
        slot, table = self.slots[row], self.tables[column]
        where = fill(self.tr("%1–%2 · table %3"), names.hhmm(slot.start), names.hhmm(slot.end), table)
        if meeting is None:
            return fill(self.tr("%1: free"), where)
        setup = self.data_.setup
        buyer = setup.buyer_by_id.get(meeting.buyer_id)
        lines = [where, fill(self.tr("Buyer: %1"), names.buyer_label(buyer))]
        if buyer is not None and buyer.country:
            lines[-1] += f" · {buyer.country} · {names.language_name(buyer.language)}"
        lines.append(fill(self.tr("Exhibitor: %1"), names.exhibitor_label(setup.exhibitor_by_id.get(meeting.exhibitor_id))))
        if meeting.interpreter_id is not None:
            lines.append(fill(self.tr("Interpreter: %1"),
                              names.interpreter_name(setup.interpreter_by_id.get(meeting.interpreter_id))))
        elif buyer is not None and buyer.record.needs_interpreter:
            lines.append(self.tr("No interpreter assigned: the buyer speaks %1.").replace(
                "%1", names.language_name(buyer.language)))
        lines.append(status_text(meeting))
        if meeting.fixed:
            lines.append(self.tr("Locked: a new solve keeps it here (L unlocks)."))
        if self.crowded(row, column):
            lines.append(self.tr("Two meetings share this table and time: move one."))
        return "\n".join(lines)

    # -- dragging ---------------------------------------------------------------------------------

    def begin_drag(self, meeting: MeetingRecord) -> Drag:
        self.drag = Drag(meeting, DragCheck(self.data_.setup, list(self.meetings.values()), meeting))
        return self.drag

    def drag_to(self, row: int, column: int) -> Drag | None:
        """Point the drag at a cell; the clash check runs only when the cell changes."""
        drag = self.drag
        if drag is None or drag.target == (row, column):
            return drag
        previous = drag.target
        drag.target = (row, column)
        drag.problems = drag.check.problems(self.slots[row], self.tables[column])
        for cell in (previous, drag.target):
            if cell is not None:
                index = self.index(*cell)
                self.dataChanged.emit(index, index, [MEETING_ROLE])
        return drag

    def end_drag(self) -> Drag | None:
        drag, self.drag = self.drag, None
        if drag is not None:
            for cell in (drag.target, self.cell_of(drag.meeting)):
                if cell is not None:
                    index = self.index(*cell)
                    self.dataChanged.emit(index, index, [MEETING_ROLE])
        return drag


def _cancelled_last(meeting: MeetingRecord) -> tuple[bool, str]:
    return meeting.status == MeetingStatus.CANCELLED, meeting.id


def status_text(meeting: MeetingRecord) -> str:
    if meeting.status == MeetingStatus.HELD:
        return QCoreApplication.translate("ScheduleModel", "Held")
    if meeting.status == MeetingStatus.NO_SHOW:
        return QCoreApplication.translate("ScheduleModel", "No-show")
    if meeting.status == MeetingStatus.CANCELLED:
        return QCoreApplication.translate("ScheduleModel", "Cancelled")
    if meeting.arrived_at is not None:
        return QCoreApplication.translate("ScheduleModel", "Buyer arrived")
    return QCoreApplication.translate("ScheduleModel", "Scheduled")
