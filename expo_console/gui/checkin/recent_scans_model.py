"""The station's last scans, newest first (a small table model); annulled scans struck through."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from expo_console.gui.labels import class_label
from expo_console.services.checkin.scanning import ScanResult

COL_TIME = 0
COL_VERDICT = 1
COL_NAME = 2
COL_COMPANY = 3
COL_CLASS = 4
KEEP = 20
_COLOURS = {"green": QColor("#d7f5dd"), "amber": QColor("#fff1c2"), "red": QColor("#fbd3d0")}
_ANNULLED = QColor("#e0e0e0")


class RecentScansModel(QAbstractTableModel):
    def __init__(self, korean: bool, parent: Any = None) -> None:
        super().__init__(parent)
        self.korean = korean
        self._rows: list[tuple[str, ScanResult]] = []

    def add(self, when: str, result: ScanResult) -> None:
        self.beginInsertRows(QModelIndex(), 0, 0)
        self._rows.insert(0, (when, result))
        self.endInsertRows()
        if len(self._rows) > KEEP:
            self.beginRemoveRows(QModelIndex(), KEEP, len(self._rows) - 1)
            del self._rows[KEEP:]
            self.endRemoveRows()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else 5

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (self.tr("Time"), self.tr("Verdict"), self.tr("Name"), self.tr("Company"), self.tr("Class"))[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        when, result = self._rows[index.row()]
        if role == Qt.ItemDataRole.BackgroundRole:
            return _ANNULLED if result.annulled else _COLOURS[result.light]
        if role == Qt.ItemDataRole.FontRole and result.annulled:
            font = QFont()
            font.setStrikeOut(True)  # it stays in the file and in the list, no longer counting
            return font
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        visitor = result.visitor or {}
        column = index.column()
        if column == COL_TIME:
            return when
        if column == COL_VERDICT:
            ko, en, _, _ = result.texts()
            verdict = (ko if self.korean else en) + (" ✎" if result.manual else "")
            return verdict + " · " + self.tr("annulled") if result.annulled else verdict
        if column == COL_NAME:
            return visitor.get("name") or visitor.get("name_en") or ""
        if column == COL_COMPANY:
            return visitor.get("company", "")
        return class_label(visitor["visitor_class"]) if visitor.get("visitor_class") else ""

    def results(self) -> list[ScanResult]:
        return [r for _, r in self._rows]

    def last_live(self) -> ScanResult | None:
        """The newest recorded scan not annulled yet: what Undo takes back next."""
        return next((r for _, r in self._rows if r.scan_id is not None and not r.annulled and not r.replayed), None)

    def mark_annulled(self, scan_id: str) -> None:
        for row, (when, result) in enumerate(self._rows):
            if result.scan_id == scan_id:
                self._rows[row] = (when, replace(result, annulled=True))
                self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))
