"""Requests & waiting list: the kind's requests, each with its booked slot or, when waiting, its
place on the waiting list and why (no slot in the preferred times, the limit reached, the times
full). A filter box; Add… (Ins), Edit… (F2 or a double click), Remove (Del, asked first); the
priority is typed in place (Enter on a row); Undo (Ctrl+Z) takes back this desk's last add, edit,
removal or priority (a removed request comes back with its time of arrival, not its booking)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QMessageBox, QVBoxLayout, QWidget

from expo_console.domain.booking_records import BookingRecord, RequestRecord
from expo_console.domain.bookings import BookingKind, WaitingReason, window_text
from expo_console.gui.bookings.booking_data import BookingData, short_day
from expo_console.gui.bookings.request_dialog import RequestDialog
from expo_console.gui.bookings.request_import_dialog import open_booking_request_import
from expo_console.gui.bookings.schedule_words import reason_text
from expo_console.gui.bookings.service_text import refusal_text
from expo_console.gui.consultations import names
from expo_console.gui.consultations.names import fill
from expo_console.gui.consultations.session_section import REFUSALS
from expo_console.gui.consultations.setup_lists import ListSection, RowsModel
from expo_console.gui.hub import Hub
from expo_console.gui.ops import run_op
from expo_console.gui.refusal import REFUSAL_STYLE
from expo_console.gui.shown_refresh import RefreshedWhenShown
from expo_console.services.bookings import requests, schedule
from expo_console.services.bookings.requests import RequestInput
from expo_console.services.traffic.counting import event_zone

Index = QModelIndex | QPersistentModelIndex


class RequestRows(RowsModel):
    """The requests' rows, with the priority column typed in place."""

    priority_typed = Signal(object, str)  # the request's id, the text typed

    def __init__(self, headers: list[str], priority_column: int, editable: bool, parent: QObject | None = None) -> None:
        super().__init__(headers, parent)
        self.priority_column, self.editable = priority_column, editable

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if self.editable and index.column() == self.priority_column:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role in (Qt.ItemDataRole.EditRole, Qt.ItemDataRole.ToolTipRole) and index.isValid():
            value = self.rows[index.row()][1][index.column()]
            return "" if value is None else str(value)  # a tooltip: the whole of a cell cut short
        return super().data(index, role)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        self.priority_typed.emit(self.rows[index.row()][0], str(value))
        return True


class RequestsPage(RefreshedWhenShown, QWidget):
    def __init__(self, hub: Hub, data: BookingData, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bookingRequestsPage")
        self.hub, self.data, self.store = hub, data, data.store
        self.studio = data.kind == BookingKind.STUDIO
        self.undo_stack: list[tuple[str, Callable[[], object]]] = []
        headers = [self.tr("Exhibitor"), self.tr("Booth"), self.tr("Preferred times"), self.tr("Products")]
        if self.studio:
            headers += [self.tr("Host"), self.tr("Channel")]
        headers += [self.tr("Priority"), self.tr("Requested at"), self.tr("Slot, or waiting")]
        self.priority_column = headers.index(self.tr("Priority"))
        self.model = RequestRows(headers, self.priority_column, data.may_plan, self)
        # queued: the editor closes before the write reloads the list under it
        self.model.priority_typed.connect(self.set_priority, Qt.ConnectionType.QueuedConnection)
        self.list = ListSection(self.store, "bookingRequests", self.tr("Exhibitors' requests"), headers,
                                self.tr("Search: exhibitor, booth, products, host, channel") if self.studio
                                else self.tr("Search: exhibitor, booth, products"), model=self.model)
        self.list.add_button(self.tr("Add… (Ins)"), "addBookingRequest", self.add_request)
        self.edit_button = self.list.add_button(self.tr("Edit… (F2)"), "editBookingRequest", self.edit_request,
                                                needs_row=True)
        self.list.add_button(self.tr("Remove (Del)"), "removeBookingRequest", self.remove_request, needs_row=True)
        self.list.add_button(self.tr("Import requests…"), "importBookingRequests", self.import_requests)
        self.undo_button = self.list.add_button(self.tr("Undo (Ctrl+Z)"), "undoBookingRequest", self.undo)
        self.undo_button.setEnabled(False)
        if data.may_plan:
            self.list.view.doubleClicked.connect(lambda _index: self.edit_request())
            for key, call in ((Qt.Key.Key_Insert, self.add_request), (Qt.Key.Key_Delete, self.remove_request),
                              (Qt.Key.Key_F2, self.edit_request), (QKeySequence.StandardKey.Undo, self.undo)):
                QShortcut(QKeySequence(key), self, call, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.list.view.installEventFilter(self)
        self.summary = QLabel()
        self.summary.setObjectName("requestsSummary")
        self.summary.setWordWrap(True)
        self.message = QLabel()
        self.message.setObjectName("requestsMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(REFUSAL_STYLE)
        self.message.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.message)
        data.reloaded.connect(self.refresh_when_shown)

    # -- showing ----------------------------------------------------------------------------------



    def follow(self, _change: object) -> None:
        """A booking made, moved or freed: the slot column follows."""
        self.refresh_when_shown()

    def refresh(self) -> None:
        self._stale = False
        s = self.data.loaded
        booked = {b.request_id: b for b in schedule.bookings(self.store, self.data.kind) if b.request_id}
        waiting = schedule.waiting_list(self.store, self.data.kind, s) if booked else []
        place = {entry.request.id: (n, entry.reason) for n, entry in enumerate(waiting, start=1)}
        zone = event_zone(self.store)
        rows = []
        for request in s.requests:
            cells: list[Any] = [self.data.exhibitor_name(request.exhibitor_id), request.booth, self._windows(request), request.products]
            if self.studio:
                cells += [request.host, request.channel]
            at = request.requested_at.astimezone(zone).strftime("%m/%d %H:%M") if request.requested_at else ""
            cells += [request.priority, at, self._slot_text(booked.get(request.id), place.get(request.id))]
            rows.append((request.id, tuple(cells)))
        widths = (150, 50, 165, 90, 70, 130, 60, 100) if self.studio else (170, 50, 165, 160, 60, 100)
        self.list.set_rows(rows, widths, stretch=len(widths))  # the slot, or why it waits, takes the rest
        occupying = sum(1 for b in booked.values() if b.occupies)
        self.summary.setText(fill(self.tr("%1 requests · %2 booked · %3 waiting. Who goes first: %4."),
                                  len(s.requests), occupying, len(waiting), self._order_text()))

    def _order_text(self) -> str:
        return self.tr("the priority, then request time") if self.data.loaded.rules.order.value == "priority" \
            else self.tr("request time")

    def _windows(self, request: RequestRecord) -> str:
        if not request.windows:
            return self.tr("any time")
        parts = []
        for window in request.windows:
            whole = window.start == dt.time(0) and window.end == dt.time(23, 59)
            day = short_day(window.day)
            parts.append(day if whole else f"{day} {names.hhmm(window.start)}–{names.hhmm(window.end)}")
        return ", ".join(parts) or window_text(request.windows)

    def _slot_text(self, booking: BookingRecord | None, waiting: tuple[int, WaitingReason] | None) -> str:
        if booking is not None:
            when = f"{short_day(booking.day)} {names.hhmm(booking.starts)} · {self.data.resource_name(booking.resource)}"
            if booking.occupies:
                return when
            status = self.tr("no-show") if booking.status.value == "no_show" else self.tr("cancelled")
            return f"{status}: {when}"
        if waiting is None:
            return self.tr("not scheduled yet")
        number, reason = waiting
        return fill(self.tr("waiting #%1 · %2"), number, reason_text(reason))  # the schedule's words for why

    def current(self) -> RequestRecord | None:
        key = self.list.current_key()
        return self.data.loaded.request(key) if key else None

    def select(self, request_id: str) -> bool:
        return self.list.select(request_id)

    # -- keys -------------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Enter on a row types its priority in place."""
        if watched is self.list.view and event.type() == QEvent.Type.KeyPress and self.data.may_plan \
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                and self.list.view.state() != self.list.view.State.EditingState:
            index = self.list.view.currentIndex()
            if index.isValid():
                self.list.view.edit(index.siblingAtColumn(self.priority_column))
                return True
        return super().eventFilter(watched, event)

    # -- writing ----------------------------------------------------------------------------------

    def add_request(self) -> str | None:
        if not self.data.may_plan:
            return None
        dialog = RequestDialog(self.hub, self.data, parent=self)
        if dialog.exec() != RequestDialog.DialogCode.Accepted or dialog.saved_id is None:
            return None
        request_id = dialog.saved_id
        self._undoable(self.tr("add"), lambda: requests.remove_requests(self.store, [request_id]))
        self.select(request_id)
        return request_id

    def import_requests(self) -> object:
        """An Excel or CSV list of requests, previewed row by row before anything is written."""
        return open_booking_request_import(self, self.store, self.hub, self.data.kind)

    def edit_request(self) -> None:
        request = self.current()
        if request is None or not self.data.may_plan:
            return
        dialog = RequestDialog(self.hub, self.data, request, self)
        if dialog.exec() == RequestDialog.DialogCode.Accepted:
            self._undoable(self.tr("edit"), lambda: self._put_back(request))

    def remove_request(self) -> bool:
        request = self.current()
        if request is None or not self.data.may_plan:
            return False
        answer = QMessageBox.question(
            self, self.tr("Remove request"),
            fill(self.tr("Remove %1's request? Its slot, if it has one, is freed for the waiting list."),
                 self.data.exhibitor_name(request.exhibitor_id)))
        if answer != QMessageBox.StandardButton.Yes:
            return False
        if not self._write(lambda: requests.remove_requests(self.store, [request.id])):
            return False
        self._undoable(self.tr("removal"), lambda: self._put_back(request))
        return True

    def set_priority(self, request_id: str, text: str) -> bool:
        cleaned = text.strip()
        if cleaned and not cleaned.isdigit():
            self._say(fill(self.tr("“%1” is not a priority: type a whole number (1 goes first), or nothing for no "
                                   "priority."), cleaned))
            return False
        priority = int(cleaned) if cleaned else None
        before = self.data.loaded.request(request_id)
        if before is None or before.priority == priority:
            return False
        if not self._write(lambda: requests.set_priority(self.store, request_id, priority)):
            return False
        old = before.priority
        self._undoable(self.tr("priority"), lambda: requests.set_priority(self.store, request_id, old))
        return True

    def _put_back(self, request: RequestRecord) -> object:
        return requests.put_request(self.store, self.data.kind, RequestInput(
            request.exhibitor_id, request.windows, request.products, request.host, request.channel, request.priority,
            request.requested_at, request.note), request_id=request.id, source=request.source)[1]

    def _undoable(self, what: str, undo: Callable[[], object]) -> None:
        self.undo_stack.append((what, undo))
        self.undo_button.setEnabled(True)
        self.undo_button.setToolTip(fill(self.tr("Undo the last %1"), what))

    def undo(self) -> bool:
        if not self.undo_stack:
            return False
        _what, call = self.undo_stack.pop()
        done = self._write(call)
        self.undo_button.setEnabled(bool(self.undo_stack))
        return done

    def _write(self, call: Callable[[], object]) -> bool:
        try:
            run_op(self.hub, call)
        except REFUSALS as error:
            self._say(refusal_text(error))
            return False
        self._say("")
        return True

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
