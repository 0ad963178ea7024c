"""A broadcast's or a shoot's result, typed as the channel reports it, in a few keystrokes.

Held, no-show or cancelled (Alt+H/N/C). A broadcast: viewers, peak concurrent viewers, orders and
sales (`3,200,000` or `320만`, its won shown as typed); a shoot: the photos delivered; a note.
Enter saves from every field but the note, Ctrl+Enter from anywhere, Esc leaves (gui/entry_keys.py,
as the consultations' outcome panel). A figure the service refuses is said under its field, named,
and nothing typed is lost. After a no-show or a cancellation the panel names who the waiting list
offers the slot to (schedule.offer_for) and gives it in one click (schedule.give_freed_slot).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from expo_console.domain.access import Action
from expo_console.domain.booking_records import BookingRecord, BookingStatus
from expo_console.domain.bookings import BookingKind
from expo_console.domain.meeting_records import AmountError, parse_amount
from expo_console.gui.bookings.booking_data import BookingData
from expo_console.gui.bookings.service_text import refusal_text
from expo_console.gui.consultations import names
from expo_console.gui.consultations.names import fill
from expo_console.gui.consultations.session_section import REFUSALS
from expo_console.gui.entry_keys import (
    check_status,
    checked_status,
    enter_pressed,
    install_save_keys,
    number_text,
    say,
    status_row,
)
from expo_console.gui.hub import Hub
from expo_console.gui.ops import run_op
from expo_console.gui.refusal import refusal_label
from expo_console.gui.role_view import permit
from expo_console.services.bookings import outcomes, schedule
from expo_console.services.bookings.outcomes import ResultError, Results

HINT_STYLE = "color: #37474f"
STUDIO_FIELDS = ("viewers", "peak_viewers", "orders", "sales")
PHOTO_FIELDS = ("photos_delivered",)


class ResultPanel(QWidget):
    saved = Signal(str)  # the booking's id
    closed = Signal()
    refused = Signal()

    def __init__(self, hub: Hub, data: BookingData, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("resultPanel")
        self.hub, self.data, self.store = hub, data, data.store
        self.studio = data.kind == BookingKind.STUDIO
        self.record: BookingRecord | None = None
        self.offered: str | None = None  # the waiting request the panel named for a freed slot
        self.loaded: dict[str, str] = {}  # the figures as shown: only those changed are written
        self.heading = QLabel(self.tr("Choose a booking in the list."))
        self.heading.setObjectName("resultHeading")
        self.heading.setStyleSheet("font-weight: bold")
        self.heading.setWordWrap(True)
        self.status_buttons = QButtonGroup(self)
        statuses = status_row(self.status_buttons, (
            (BookingStatus.HELD.value, self.tr("&Held as booked")), (BookingStatus.NO_SHOW.value, self.tr("&No-show")),
            (BookingStatus.CANCELLED.value, self.tr("&Cancelled"))))
        self.fields: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        titles = {"viewers": (self.tr("&Viewers"), self.tr("e.g. 1,200")),
                  "peak_viewers": (self.tr("&Peak concurrent viewers"), self.tr("e.g. 150")),
                  "orders": (self.tr("O&rders"), self.tr("e.g. 45")),
                  "sales": (self.tr("&Sales (won)"), self.tr("e.g. 3,200,000 or 320만")),
                  "photos_delivered": (self.tr("&Photos delivered"), self.tr("e.g. 12"))}
        form = QFormLayout()
        form.addRow(self.tr("Outcome"), statuses)
        for name in STUDIO_FIELDS if self.studio else PHOTO_FIELDS:
            title, hint = titles[name]
            field = QLineEdit()
            field.setObjectName(f"{name}Field")
            field.setPlaceholderText(hint)
            field.textEdited.connect(lambda _text, n=name: say(self.errors[n], ""))
            self.fields[name] = field
            self.errors[name] = refusal_label(f"{name}Error")
            self.errors[name].hide()
            cell = QVBoxLayout()
            cell.setSpacing(2)
            cell.addWidget(field)
            if name == "sales":
                self.sales_won = QLabel(" ")
                self.sales_won.setObjectName("salesWon")
                self.sales_won.setStyleSheet(HINT_STYLE)
                field.textChanged.connect(self._show_won)
                cell.addWidget(self.sales_won)
            cell.addWidget(self.errors[name])
            label = QLabel(title)
            label.setBuddy(field)
            form.addRow(label, cell)
        self.note = QPlainTextEdit()
        self.note.setObjectName("resultNote")
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(56)
        note_title = QLabel(self.tr("N&ote"))
        note_title.setBuddy(self.note)
        form.addRow(note_title, self.note)
        self.save_button = QPushButton(self.tr("Save (Ctrl+Enter)"))
        self.save_button.setObjectName("saveBookingResult")
        self.save_button.clicked.connect(self.save)
        self.may_save = permit(self.save_button, self.store, Action.RECORD_OUTCOMES) and not self.store.read_only
        self.close_button = QPushButton(self.tr("Close (Esc)"))
        self.close_button.setObjectName("closeResult")
        self.close_button.clicked.connect(self.closed.emit)
        for button in (self.save_button, self.close_button):
            button.setAutoDefault(False)
        self.saved_label = QLabel()
        self.saved_label.setObjectName("resultSaved")
        self.saved_label.setWordWrap(True)
        self.offer_label = QLabel()
        self.offer_label.setObjectName("offerLabel")
        self.offer_label.setWordWrap(True)
        self.offer_button = QPushButton(self.tr("Offer to waiting list"))
        self.offer_button.setObjectName("offerFreedSlot")
        self.offer_button.clicked.connect(self.give_slot)
        permit(self.offer_button, self.store, Action.RECORD_OUTCOMES)
        buttons = QHBoxLayout()
        buttons.addWidget(self.saved_label, 1)
        buttons.addStretch(0)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.save_button)
        offer = QHBoxLayout()
        offer.addWidget(self.offer_label, 1)
        offer.addWidget(self.offer_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addLayout(offer)
        layout.addStretch(1)
        if not self.may_save:  # the results are shown, not typed
            for field in self.fields.values():
                field.setReadOnly(True)
            self.note.setReadOnly(True)
            for button in self.status_buttons.buttons():
                button.setEnabled(False)
        install_save_keys(self, self.save, self.closed.emit)
        self._show_offer()
        self.setEnabled(False)

    # -- loading ----------------------------------------------------------------------------------

    def load(self, booking_id: str, focus: bool = True) -> None:
        """A booking's result to edit: held chosen for one still booked, the cursor in the first figure
        (`focus`). The same booking again (after its save) keeps what the panel said of it."""
        record = schedule.booking(self.store, booking_id)
        again = self.record is not None and self.record.id == booking_id
        self.record = record
        self.setEnabled(True)
        self.heading.setText(fill(self.tr("%1–%2 · %3 · %4"), names.hhmm(record.starts), names.hhmm(record.ends),
                                  self.data.resource_name(record.resource),
                                  self.data.exhibitor_name(record.exhibitor_id)))
        status = BookingStatus.HELD if record.status == BookingStatus.BOOKED else record.status
        check_status(self.status_buttons, status.value)
        values = {"viewers": record.viewers, "peak_viewers": record.peak_viewers, "orders": record.orders,
                  "sales": record.sales_krw, "photos_delivered": record.photos_delivered}
        for name, field in self.fields.items():
            field.setText(number_text(values[name]))
            say(self.errors[name], "")
        self.loaded = {name: field.text() for name, field in self.fields.items()}
        self.note.setPlainText(record.note)
        if not again:
            say(self.saved_label, "")
        self._show_offer()
        if focus:
            first = next(iter(self.fields.values()))
            first.setFocus()
            first.selectAll()

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802
        if not enter_pressed(self, event, self.save, self.closed.emit, self.close_button):
            super().keyPressEvent(event)

    def _show_won(self, text: str) -> None:
        try:
            value = parse_amount(text)
        except AmountError:
            value = None
        self.sales_won.setText(f"= ₩{round(value):,}" if value is not None else " ")

    # -- saving -----------------------------------------------------------------------------------

    def typed(self) -> Results:
        """The figures the operator changed (the others stay as stored: another desk may have
        entered them since this booking was shown) and the note."""
        given: dict[str, Any] = {name: field.text() for name, field in self.fields.items()
                                 if field.text() != self.loaded.get(name)}
        return Results(**given, note=self.note.toPlainText())

    def save(self) -> bool:
        """Write the outcome in one write; False (nothing written) when a figure is refused under
        its field or the status cannot be (the slot was given to the waiting list meanwhile)."""
        record = self.record
        if record is None or not self.may_save:
            return False
        for label in self.errors.values():  # said again below if still refused
            say(label, "")
        status = BookingStatus(checked_status(self.status_buttons) or record.status.value)
        results = self.typed() if status == BookingStatus.HELD else Results(note=self.note.toPlainText())
        figures = any(field.text().strip() for field in self.fields.values())
        if status == BookingStatus.HELD and record.status == BookingStatus.BOOKED and not figures:
            status = record.status  # held is only the default choice: a note written ahead keeps it booked
        try:
            run_op(self.hub, lambda: outcomes.record_results(self.store, record.id, results, status))
        except ResultError as problem:
            self._refuse_field(problem)
            return False
        except REFUSALS as problem:
            say(self.saved_label, refusal_text(problem))
            return False
        self.record = schedule.booking(self.store, record.id)
        self.loaded = {name: field.text() for name, field in self.fields.items()}
        say(self.saved_label, self.tr("Saved."))
        self._show_offer()
        self.saved.emit(record.id)
        return True

    def _refuse_field(self, problem: ResultError) -> None:
        name = "sales" if problem.field == "sales" else problem.field
        field = self.fields.get(name)
        if field is None:
            say(self.saved_label, str(problem))
            return
        texts = {"viewers": self.tr("Viewers: “%1” is not a count. Type a whole number (e.g. 1200)."),
                 "peak_viewers": self.tr("Peak concurrent viewers: “%1” is not a count. Type a whole number (e.g. "
                                         "150)."),
                 "orders": self.tr("Orders: “%1” is not a count. Type a whole number (e.g. 45)."),
                 "sales": self.tr("Sales: “%1” is not an amount. Type won (e.g. 3200000, 3,200,000 or 320만)."),
                 "photos_delivered": self.tr("Photos delivered: “%1” is not a count. Type a whole number (e.g. "
                                             "12).")}
        text = fill(texts[name], field.text().strip())
        if name == "peak_viewers" and field.text().strip().replace(",", "").isdigit():
            text = self.tr("Peak concurrent viewers cannot exceed the viewers: check both figures in the channel's "
                           "report.")
        say(self.errors[name], text)
        field.setFocus()
        field.selectAll()
        self.refused.emit()

    # -- the freed slot ---------------------------------------------------------------------------

    def _show_offer(self) -> None:
        record = self.record
        freed = record is not None and not record.occupies
        self.offer_button.setVisible(freed)
        self.offer_label.setVisible(freed)
        if record is None or not freed:
            return
        taken = next((b for b in schedule.bookings(self.store, self.data.kind, day=record.day)
                      if b.occupies and b.slot == record.slot and b.resource == record.resource), None)
        if taken is not None:
            self.offer_label.setText(fill(self.tr("The slot went to %1 (%2)."), self.data.exhibitor_name(
                taken.exhibitor_id), self.tr("from the waiting list") if taken.origin.value == "waiting_list"
                else self.tr("booked by hand")))
            self.offer_button.setVisible(False)
            return
        taker = schedule.offer_for(self.store, self.data.kind, record.slot, record.resource)
        self.offered = taker.id if taker is not None else None  # the one named: the one given it
        if taker is None:
            self.offer_label.setText(self.tr("The slot is free. Nobody on the waiting list fits it."))
            self.offer_button.setEnabled(False)
            return
        booth = f" ({taker.booth})" if taker.booth else ""
        self.offer_label.setText(fill(self.tr("The slot is free. Next on the waiting list: %1%2."),
                                      self.data.exhibitor_name(taker.exhibitor_id), booth))
        self.offer_button.setEnabled(self.data.may_record)

    def give_slot(self) -> bool:
        record = self.record
        if record is None:
            return False
        try:
            given = run_op(self.hub, lambda: schedule.give_freed_slot(self.store, record.id, self.offered))
        except REFUSALS as problem:
            say(self.offer_label, refusal_text(problem))
            return False
        self._show_offer()  # who has it now
        if given is None:
            return False
        self.saved.emit(record.id)
        return True
