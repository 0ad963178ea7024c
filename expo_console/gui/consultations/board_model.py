"""The live board's table: one row per table of the zone in the slot shown.

A row says who should be there (buyer, exhibitor and booth, interpreter), whether the buyer has
arrived (the zone gate's scan or the coordinator's key) or where they were last let in today, and
what came of the meeting. Its colour is what the coordinator looks for across the room: green
arrived, amber under way and nobody yet, red no-show, blue held, grey a free table.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from expo_console.domain.meeting_records import MeetingStatus
from expo_console.gui.i18n import is_korean
from expo_console.services.consultations.live_board import BoardRow
from expo_console.services.store import parse_utc_stamp

COL_TABLE, COL_BUYER, COL_EXHIBITOR, COL_INTERPRETER, COL_ARRIVAL, COL_OUTCOME = range(6)
COLOURS = {"arrived": "#c8e6c9", "late": "#ffe0b2", "no_show": "#ffcdd2", "held": "#bbdefb", "free": "#f5f5f5",
           "cancelled": "#eeeeee"}
Index = QModelIndex | QPersistentModelIndex


class BoardModel(QAbstractTableModel):
    def __init__(self, zone: dt.tzinfo, parent: Any = None) -> None:
        super().__init__(parent)
        self.zone = zone
        self.rows: list[BoardRow] = []
        self.under_way = False  # the slot shown is the one under way: a missing buyer is late

    def show(self, rows: tuple[BoardRow, ...], under_way: bool) -> None:
        self.beginResetModel()
        self.rows, self.under_way = list(rows), under_way
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else 6

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (self.tr("Table"), self.tr("Buyer"), self.tr("Exhibitor · booth"), self.tr("Interpreter"),
                self.tr("Arrival"), self.tr("Outcome"))[section]

    def state(self, row: BoardRow) -> str:
        m = row.meeting
        if m is None:
            return "free"
        if m.status == MeetingStatus.CANCELLED:
            return "cancelled"
        if m.status == MeetingStatus.NO_SHOW:
            return "no_show"
        if m.status == MeetingStatus.HELD:
            return "held"
        if m.arrived_at is not None:
            return "arrived"
        return "late" if self.under_way else "scheduled"

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, index.column())
        if role == Qt.ItemDataRole.BackgroundRole:
            colour = COLOURS.get(self.state(row))
            return QBrush(QColor(colour)) if colour else None
        if role == Qt.ItemDataRole.FontRole and index.column() == COL_TABLE:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == COL_TABLE:
            return Qt.AlignmentFlag.AlignCenter
        if role == Qt.ItemDataRole.UserRole:
            return row.meeting.id if row.meeting is not None else None
        return None

    def _text(self, row: BoardRow, column: int) -> str:
        m = row.meeting
        if column == COL_TABLE:
            return str(row.table)
        if m is None:
            return self.tr("Free table") if column == COL_BUYER else ""
        korean = is_korean()
        if column == COL_BUYER:
            name = row.buyer if korean or not row.buyer_en else row.buyer_en
            return " · ".join(p for p in (name or self.tr("(erased buyer)"), row.company, m.buyer_country) if p)
        if column == COL_EXHIBITOR:
            name = row.exhibitor if korean or not row.exhibitor_en else row.exhibitor_en
            return f"{name} · {row.booth}" if row.booth else name
        if column == COL_INTERPRETER:
            return row.interpreter
        if column == COL_ARRIVAL:
            return self._arrival(row)
        return self._outcome(row)

    def _arrival(self, row: BoardRow) -> str:
        m = row.meeting
        if m is not None and m.arrived_at is not None:
            return self.tr("Arrived %1").replace("%1", f"{parse_utc_stamp(m.arrived_at).astimezone(self.zone):%H:%M}")
        if row.seen is None:
            return self.tr("Not yet") if self.under_way else ""
        at = f"{row.seen.at:%H:%M}"
        if row.seen.where == "consultation":
            return self.tr("In the zone since %1").replace("%1", at)
        return self.tr("In the hall since %1").replace("%1", at)

    def _outcome(self, row: BoardRow) -> str:
        m = row.meeting
        assert m is not None
        label = {MeetingStatus.SCHEDULED: self.tr("Scheduled"), MeetingStatus.HELD: self.tr("Held"),
                 MeetingStatus.NO_SHOW: self.tr("No-show"), MeetingStatus.CANCELLED: self.tr("Cancelled")}[m.status]
        parts = [label]
        if m.amount_krw:
            parts.append(f"₩{m.amount_krw:,}")
        if m.contract_expected:
            parts.append(self.tr("contract ₩%1").replace("%1", f"{m.contract_krw:,}") if m.contract_krw
                         else self.tr("contract expected"))
        if m.origin.value == "walk_in":
            parts.append(self.tr("walk-in"))
        return " · ".join(parts)

    def meeting_at(self, row: int) -> BoardRow | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def row_of(self, meeting_id: str) -> int:
        return next((n for n, r in enumerate(self.rows) if r.meeting is not None and r.meeting.id == meeting_id), -1)
