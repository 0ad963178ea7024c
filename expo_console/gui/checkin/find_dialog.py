"""Finding a visitor who came without their badge: the registration search, initials included."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from expo_console.gui.registration.visitor_table_model import VisitorTableModel
from expo_console.gui.registration.workspace import load_index
from expo_console.gui.workers import run_task
from expo_console.services.store import EventStore


class FindVisitorDialog(QDialog):
    def __init__(self, store: EventStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findVisitorDialog")
        self.setWindowTitle(self.tr("Find a visitor without a badge"))
        self.resize(900, 560)
        self.model = VisitorTableModel(self)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Name, initials (ㄱㄱㅁ), company, e-mail or last 4 phone digits"))
        self.search.textChanged.connect(lambda text: self.model.set_query(text))
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.doubleClicked.connect(lambda _index: self.accept())
        # Columns as wide as what they show (the phone and e-mail were cut with room free beside
        # them); the last one takes what is left.
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.model.results_changed.connect(lambda *_: self.table.resizeColumnsToContents())
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("Reason (recorded), e.g. badge left at home, ID checked"))
        self.status = QLabel(self.tr("Loading visitors…"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.search, self.table, self.reason, self.status, buttons):
            layout.addWidget(widget)
        run_task(lambda progress, cancel: load_index(store, "name"), owner=self, on_success=self._on_loaded)

    def _on_loaded(self, index: Any) -> None:
        self.model.set_index(index)
        self.model.set_query(self.search.text())
        self.status.setText("")

    def chosen(self) -> tuple[str | None, str]:
        rows = self.table.selectionModel().selectedRows()
        visitor_id = self.model.visitor_id(rows[0].row()) if rows else None
        return visitor_id, self.reason.text().strip()

    def accept(self) -> None:
        visitor_id, reason = self.chosen()
        if visitor_id is None:
            self.status.setText(self.tr("Select the visitor in the list."))
            return
        if not reason:
            self.status.setText(self.tr("Give the reason: it is recorded with the admission."))
            self.reason.setFocus()
            return
        super().accept()
