"""A batch's badges and what became of each at the printer (a small table model).

Every badge of the batch is listed from the start as waiting, so that after a cancel or a
refusal the list shows which went out and which never did. States come from the print log's
outcomes: sent (queued), printed (the print system completed the job), failed (with the print
system's reason), and not sent (the batch stopped before its job).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from expo_console.services.badge_print.print_jobs import BadgeOutcome

COL_NAME = 0
COL_SERIAL = 1
COL_JOB = 2
COL_STATE = 3
COLUMN_COUNT = 4

WAITING, SENT, PRINTED, FAILED, NOT_SENT = "waiting", "sent", "printed", "failed", "not_sent"
_FINAL = (PRINTED, FAILED)

StateRole = Qt.ItemDataRole.UserRole + 1
VisitorIdRole = Qt.ItemDataRole.UserRole + 2

_COLOURS = {SENT: QColor("#fff1c2"), PRINTED: QColor("#d7f5dd"), FAILED: QColor("#fbd3d0"),
            NOT_SENT: QColor("#eceff1")}

AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass(slots=True)
class BatchRow:
    visitor_id: str
    name: str
    serial: int | None = None
    job_id: str = ""
    state: str = WAITING
    reason: str = ""


class BatchJobsModel(QAbstractTableModel):
    def __init__(self, follows_jobs: bool = True, parent: Any = None) -> None:
        super().__init__(parent)
        self.follows_jobs = follows_jobs  # False: a sent badge waits for the operator's confirmation
        self._rows: list[BatchRow] = []
        self._row_of: dict[str, int] = {}

    def set_visitors(self, visitors: Iterable[tuple[str, str]]) -> None:
        """The batch's badges (visitor id, name), all waiting."""
        self.beginResetModel()
        self._rows = [BatchRow(visitor_id, name) for visitor_id, name in visitors]
        self._row_of = {row.visitor_id: number for number, row in enumerate(self._rows)}
        self.endResetModel()

    def apply(self, outcomes: Iterable[BadgeOutcome]) -> None:
        """Badges queued, refused, or whose job ended."""
        for outcome in outcomes:
            number = self._row_of.get(outcome.visitor_id)
            if number is None:
                continue
            row = self._rows[number]
            if row.job_id and row.job_id != outcome.job_id:
                continue  # an older job of the same badge, from before this batch
            if row.state in _FINAL and outcome.state == SENT:
                continue  # the job's end was heard before its queuing was listed: keep the end
            row.serial, row.job_id, row.state, row.reason = outcome.serial, outcome.job_id, outcome.state, outcome.reason
            self.dataChanged.emit(self.index(number, 0), self.index(number, COLUMN_COUNT - 1))

    def confirm(self, visitor_ids: Iterable[str]) -> None:
        """The operator saw these badges come out."""
        self.apply(BadgeOutcome(row.visitor_id, row.serial or 0, "", row.job_id, PRINTED)
                   for row in (self._rows[self._row_of[v]] for v in visitor_ids if v in self._row_of))

    def mark_not_sent(self) -> None:
        """The batch stopped: badges still waiting were never sent."""
        for number, row in enumerate(self._rows):
            if row.state == WAITING:
                row.state = NOT_SENT
                self.dataChanged.emit(self.index(number, 0), self.index(number, COLUMN_COUNT - 1))

    def counts(self) -> Counter[str]:
        return Counter(row.state for row in self._rows)

    def first_reason(self) -> str:
        """Why the first failed badge was not printed ("" when none failed)."""
        return next((row.reason for row in self._rows if row.state == FAILED), "")

    def visitor_ids(self, state: str) -> list[str]:
        return [row.visitor_id for row in self._rows if row.state == state]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else COLUMN_COUNT

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < COLUMN_COUNT:
            return (self.tr("Name"), self.tr("Serial"), self.tr("Print job"), self.tr("State"))[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == StateRole:
            return row.state
        if role == VisitorIdRole:
            return row.visitor_id
        if role == Qt.ItemDataRole.BackgroundRole:
            return _COLOURS.get(row.state)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == COL_STATE and row.reason:
            return row.reason
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        column = index.column()
        if column == COL_NAME:
            return row.name
        if column == COL_SERIAL:
            return "" if row.serial is None else str(row.serial)
        if column == COL_JOB:
            return row.job_id
        return self._state_text(row)

    def _state_text(self, row: BatchRow) -> str:
        if row.state == SENT:
            return self.tr("Sent — waiting for the printer") if self.follows_jobs \
                else self.tr("Sent — confirm once it has come out")
        if row.state == PRINTED:
            return self.tr("Printed")
        if row.state == FAILED:
            return self.tr("Not printed: %1").replace("%1", row.reason)
        if row.state == NOT_SENT:
            return self.tr("Not sent")
        return self.tr("Waiting")
