"""Add or change one request for a studio slot or a photo shoot: the exhibitor (picked by typing part
of the name or the booth), the preferred times (a day with from–to, as many as wanted; none: any
slot), the products, and for a broadcast the host and the channel (the usual ones offered, any
other typed). A refusal is said under the form and nothing typed is lost."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from expo_console.domain.booking_records import RequestRecord
from expo_console.domain.bookings import BookingKind, Window
from expo_console.gui.bookings.booking_data import CHANNELS, BookingData
from expo_console.gui.bookings.service_text import refusal_text
from expo_console.gui.consultations import names
from expo_console.gui.consultations.session_section import REFUSALS
from expo_console.gui.hub import Hub
from expo_console.gui.ops import run_op
from expo_console.gui.refusal import refusal_label
from expo_console.services.bookings import requests
from expo_console.services.bookings.requests import RequestInput


class WindowRow(QWidget):
    """One preferred time: a day of the event, from, to, and a button that takes the row away."""

    def __init__(self, days: tuple[dt.date, ...], window: Window | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.day = QComboBox()
        self.day.setObjectName("windowDay")
        for day in days:
            self.day.addItem(names.day_label(day, days), day)
        self.start, self.end = QTimeEdit(), QTimeEdit()
        for edit, name in ((self.start, "windowFrom"), (self.end, "windowTo")):
            edit.setObjectName(name)
            edit.setDisplayFormat("HH:mm")
        start, end = (window.start, window.end) if window else (dt.time(10), dt.time(12))
        if window is not None:
            self.day.setCurrentIndex(max(self.day.findData(window.day), 0))
        self.start.setTime(QTime(start.hour, start.minute))
        self.end.setTime(QTime(end.hour, end.minute))
        self.remove = QPushButton("✕")
        self.remove.setObjectName("removeWindow")
        self.remove.setToolTip(self.tr("Remove this preferred time"))
        self.remove.setFixedWidth(32)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.day, 1)
        row.addWidget(self.start)
        row.addWidget(QLabel("–"))
        row.addWidget(self.end)
        row.addWidget(self.remove)

    def window(self) -> Window | None:
        day = self.day.currentData()
        if day is None:
            return None
        start, end = self.start.time(), self.end.time()
        return Window(day, dt.time(start.hour(), start.minute()), dt.time(end.hour(), end.minute()))


class RequestDialog(QDialog):
    def __init__(self, hub: Hub, data: BookingData, request: RequestRecord | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bookingRequestDialog")
        self.hub, self.data, self.request = hub, data, request
        self.saved_id: str | None = None
        studio = data.kind == BookingKind.STUDIO
        self.setWindowTitle(self.tr("Change request") if request else self.tr("New request"))
        self.exhibitor = QComboBox()
        self.exhibitor.setObjectName("requestExhibitor")
        self.exhibitor.setEditable(True)
        self.exhibitor.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for info in sorted(data.loaded.exhibitors.values(), key=lambda e: data.exhibitor_name(e.id)):
            name = data.exhibitor_name(info.id)
            label = f"{name} · {info.booth}" if info.booth else name
            self.exhibitor.addItem(label, info.id)
        completer = QCompleter(self.exhibitor.model(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)  # part of the name or the booth
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.exhibitor.setCompleter(completer)
        self.exhibitor.lineEdit().setPlaceholderText(self.tr("Type part of the company name or the booth"))
        self.exhibitor.setCurrentIndex(-1)
        self.windows_box = QVBoxLayout()
        self.windows_box.setSpacing(4)
        self.rows: list[WindowRow] = []
        self.any_time = QLabel(self.tr("No preferred time: any slot will do."))
        self.any_time.setObjectName("anyTime")
        self.add_window = QPushButton(self.tr("Add a preferred time"))
        self.add_window.setObjectName("addWindow")
        self.add_window.clicked.connect(lambda: self.add_window_row(None))
        self.add_window.setEnabled(bool(data.loaded.days))
        self.products = QLineEdit()
        self.products.setObjectName("requestProducts")
        self.products.setPlaceholderText(self.tr("e.g. cosmetics set, kitchen knives"))
        self.host = QLineEdit()
        self.host.setObjectName("requestHost")
        self.host.setPlaceholderText(self.tr("Who presents the broadcast"))
        self.channel = QComboBox()
        self.channel.setObjectName("requestChannel")
        self.channel.setEditable(True)
        self.channel.addItem("")
        self.channel.addItems(CHANNELS)
        self.channel.lineEdit().setPlaceholderText(self.tr("Choose or type a channel"))
        self.priority = QSpinBox()
        self.priority.setObjectName("requestPriority")
        self.priority.setRange(0, 999)
        self.priority.setSpecialValueText(self.tr("none"))
        self.note = QLineEdit()
        self.note.setObjectName("requestNote")
        self.message = refusal_label("requestMessage")
        self.message.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Save"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        windows = QVBoxLayout()
        windows.addWidget(self.any_time)
        windows.addLayout(self.windows_box)
        add_row = QHBoxLayout()
        add_row.addWidget(self.add_window)
        add_row.addStretch(1)
        windows.addLayout(add_row)
        form = QFormLayout()
        form.addRow(self.tr("Exhibitor"), self.exhibitor)
        form.addRow(self.tr("Preferred times"), windows)
        form.addRow(self.tr("Products"), self.products)
        if studio:
            form.addRow(self.tr("Host"), self.host)
            form.addRow(self.tr("Channel"), self.channel)
        else:
            self.host.hide()
            self.channel.hide()
        form.addRow(self.tr("Priority"), self.priority)
        form.addRow(self.tr("Note"), self.note)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)
        if request is not None:
            self._show(request)

    def _show(self, request: RequestRecord) -> None:
        self.exhibitor.setCurrentIndex(self.exhibitor.findData(request.exhibitor_id))
        for window in request.windows:
            self.add_window_row(window)
        self.products.setText(request.products)
        self.host.setText(request.host)
        self.channel.setCurrentText(request.channel)
        self.priority.setValue(request.priority or 0)
        self.note.setText(request.note)

    def add_window_row(self, window: Window | None) -> WindowRow:
        row = WindowRow(self.data.loaded.days, window)
        row.remove.clicked.connect(lambda: self._remove_row(row))
        self.rows.append(row)
        self.windows_box.addWidget(row)
        self.any_time.setVisible(False)
        row.day.setFocus()
        return row

    def _remove_row(self, row: WindowRow) -> None:
        self.rows.remove(row)
        row.deleteLater()
        self.any_time.setVisible(not self.rows)

    def exhibitor_id(self) -> str | None:
        """The exhibitor chosen, or typed whole or in part when that names one only."""
        text = self.exhibitor.currentText().strip()
        if not text:
            return None
        index = self.exhibitor.currentIndex()
        if index >= 0 and self.exhibitor.itemText(index) == text:
            return str(self.exhibitor.itemData(index))
        found = [n for n in range(self.exhibitor.count()) if text.lower() in self.exhibitor.itemText(n).lower()]
        exact = [n for n in found if self.exhibitor.itemText(n).lower().split(" · ")[0] == text.lower()]
        chosen = exact or found
        return str(self.exhibitor.itemData(chosen[0])) if len(chosen) == 1 else None

    def typed(self) -> RequestInput | None:
        exhibitor = self.exhibitor_id()
        if exhibitor is None:
            self._refuse(self.tr("Choose the exhibitor from the list: type part of the company name or the booth, "
                                 "then pick it."))
            return None
        windows = tuple(w for w in (row.window() for row in self.rows) if w is not None)
        studio = self.data.kind == BookingKind.STUDIO
        return RequestInput(exhibitor, windows, self.products.text(), self.host.text() if studio else "",
                            self.channel.currentText() if studio else "", self.priority.value() or None,
                            self.request.requested_at if self.request else None, self.note.text())

    def save(self) -> bool:
        given = self.typed()
        if given is None:
            return False
        kind, store = self.data.kind, self.data.store
        request_id = self.request.id if self.request else None
        source = self.request.source if self.request else "desk"
        try:
            self.saved_id = run_op(self.hub, lambda: requests.put_request(store, kind, given, request_id=request_id,
                                                                           source=source))[0]
        except REFUSALS as error:
            self._refuse(refusal_text(error))
            return False
        self.accept()
        return True

    def _refuse(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

