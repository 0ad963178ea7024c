"""File ▸ Desks…: every desk of the event as the hub knows it.

Name, serial slot, when the hub last heard from it, its changes not yet on the hub, and how far
its clock is from the hub's. A clock a minute or more off is marked: every registration and
scan carries the desk's time, so the dashboard would put its scans in the wrong minute.
The list is asked for on a worker (a hub that does not answer takes the connect timeout).
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from expo_console.gui.labels import error_text
from expo_console.gui.sync.status import event_time
from expo_console.gui.workers import Task, run_task
from expo_console.services.hub import desk_link

COL_NAME, COL_SLOT, COL_SEEN, COL_WAITING, COL_OFFSET = range(5)
BIG_OFFSET_MS = 60_000  # a minute: scans would land in the wrong minute of the dashboard
_Index = QModelIndex | QPersistentModelIndex


def format_offset(offset_ms: int) -> str:
    """A clock's offset from the hub's, as a person reads it: "+2 min 0 s", "−3 s", "0 s"."""
    seconds = round(offset_ms / 1000)
    sign = "+" if seconds > 0 else "−" if seconds < 0 else ""
    minutes, rest = divmod(abs(seconds), 60)
    if minutes:
        return sign + QCoreApplication.translate("DesksDialog", "%1 min %2 s").replace("%1", str(minutes)) \
            .replace("%2", str(rest))
    return sign + QCoreApplication.translate("DesksDialog", "%1 s").replace("%1", str(rest))


class DeskListModel(QAbstractTableModel):
    def __init__(self, zone: ZoneInfo, this_desk: str, parent: Any = None) -> None:
        super().__init__(parent)
        self.zone, self.this_desk = zone, this_desk
        self.desks: list[dict[str, Any]] = []
        self._shared: set[str] = set()

    def set_desks(self, desks: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self.desks = list(desks)
        names = [desk["name"] for desk in self.desks]
        self._shared = {name for name in names if names.count(name) > 1}  # told apart by their ids
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's signature
        return 0 if parent.isValid() else len(self.desks)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else 5

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (self.tr("Desk"), self.tr("Serial slot"), self.tr("Last seen"), self.tr("Waiting"),
                self.tr("Clock offset"))[section]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.desks):
            return None
        desk, column = self.desks[index.row()], index.column()
        big = abs(int(desk["clock_offset_ms"])) >= BIG_OFFSET_MS
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(desk, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == COL_OFFSET and big:
                return self.tr("This desk's clock is off by a minute or more. Its registrations and scans carry "
                               "its time: set the computer's clock right.")
            if column == COL_NAME:
                return desk["desk_id"]
            return None
        if role == Qt.ItemDataRole.BackgroundRole and column == COL_OFFSET and big:
            return QBrush(QColor("#ffcdd2"))
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_OFFSET and big:
            return QBrush(QColor("#b71c1c"))
        if role == Qt.ItemDataRole.FontRole and (desk["desk_id"] == self.this_desk or (column == COL_OFFSET and big)):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (COL_SLOT, COL_WAITING, COL_OFFSET):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _text(self, desk: dict[str, Any], column: int) -> str:
        if column == COL_NAME:
            name = desk["name"] or desk["desk_id"]
            if desk["name"] in self._shared:
                name = f"{name} · {desk['desk_id']}"
            return self.tr("%1 (this desk)").replace("%1", name) if desk["desk_id"] == self.this_desk else name
        if column == COL_SLOT:
            return "" if desk["serial_slot"] is None else str(desk["serial_slot"])
        if column == COL_SEEN:
            return event_time(dt.datetime.fromisoformat(desk["last_seen"]), self.zone)
        if column == COL_WAITING:
            return f"{int(desk['waiting']):,}"
        return format_offset(int(desk["clock_offset_ms"]))


class DesksDialog(QDialog):
    """Not modal: it may stay open beside the work, and Refresh asks the hub again."""

    def __init__(self, parent: QWidget | None, dsn: str | None, zone: ZoneInfo, this_desk: str) -> None:
        super().__init__(parent)
        self.setObjectName("desksDialog")
        self.setWindowTitle(self.tr("Desks of the event"))
        self.dsn = dsn
        self.model = DeskListModel(zone, this_desk, self)
        self.table = QTableView()
        self.table.setObjectName("deskList")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        self.message = QLabel()
        self.message.setObjectName("desksMessage")
        self.message.setWordWrap(True)
        self.refresh_button = QPushButton(self.tr("&Refresh"))
        self.refresh_button.clicked.connect(self.refresh)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.refresh_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.close)
        column = QVBoxLayout(self)
        column.addWidget(self.table, 1)
        column.addWidget(self.message)
        column.addWidget(buttons)
        self.resize(720, 360)
        self._task: Task | None = None
        self.listed_at = ""
        self.refresh()

    def refresh(self) -> None:
        if self.dsn is None:
            self.message.setText(self.tr("This event file is not connected to a hub on this desk: connect it with "
                                         "File ▸ Connect to hub…"))
            self.refresh_button.setEnabled(False)
            return
        if self._task is not None:
            return
        self.message.setText(self.tr("Asking the hub…"))
        self.refresh_button.setEnabled(False)
        dsn = self.dsn
        self._task = run_task(lambda _progress, _cancel: desk_link.desks_of_hub(dsn), owner=self,
                              on_success=self._listed, on_failure=lambda error, _trace: self._failed(error))

    @property
    def busy(self) -> bool:
        return self._task is not None

    def _listed(self, desks: list[dict[str, Any]]) -> None:
        self._task = None
        self.refresh_button.setEnabled(True)
        self.model.set_desks(desks)
        self.table.setEnabled(True)
        self.listed_at = event_time(dt.datetime.now(dt.UTC), self.model.zone)
        self.message.setText(self.tr("%1 desks on the hub, as of %2.").replace("%1", str(len(desks)))
                             .replace("%2", self.listed_at))

    def _failed(self, error: Exception) -> None:
        self._task = None
        self.refresh_button.setEnabled(True)
        text = self.tr("The hub cannot be reached, so the desks cannot be listed now: %1").replace("%1", error_text(error))
        if self.model.rowCount():  # what the hub said last stays, greyed, with its time
            self.table.setEnabled(False)
            text += " " + self.tr("The list above is as of %1.").replace("%1", self.listed_at)
        self.message.setText(text)
