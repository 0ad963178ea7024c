"""A meeting's outcome, entered at the coordinator's desk in a few keystrokes.

From the board, Enter opens it on the selected meeting with *held* chosen and the cursor in the
consultation amount: type `1500만` (or `$12,000`, which chooses USD) and press Enter (Enter saves
from every field but the note). Every field
has a key (Alt+H/N/C for held, no-show, cancelled; Alt+A amount; Alt+X contract expected; Alt+M
its amount; Alt+O the note), Tab goes through them in order, Ctrl+Enter saves from anywhere and
Esc leaves without saving.

A dollar amount shows its won at the event's rate as it is typed; an organizer sets the rate here
(event setting consult_usd_rate). An amount that is not a number is refused under its field, named,
with what to type, and nothing typed is lost. Only the fields changed are sent: a contract kept
in won is not converted again because the meeting's amount was in dollars. The service audits
every edit (services/consultations/outcomes.py).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from expo_console.domain.access import Action
from expo_console.domain.meeting_records import AmountError, MeetingStatus, parse_amount, to_krw
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
from expo_console.services.consultations import live_board, outcomes
from expo_console.services.consultations.outcomes import Outcome
from expo_console.services.consultations.schedule import ScheduleError
from expo_console.services.store import EventStore

HINT_STYLE = "color: #37474f"


class OutcomePanel(QWidget):
    saved = Signal(str)  # the meeting's id
    cancelled = Signal()
    refused = Signal()  # an amount was refused: its refusal shows under its field

    def __init__(self, store: EventStore, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("outcomePanel")
        self.store, self.hub = store, hub
        self.meeting_id: str | None = None
        self._status = MeetingStatus.SCHEDULED.value  # the meeting's, as loaded
        self._loaded: dict[str, Any] = {}
        self._build()
        hub.meetings_changed.connect(self._on_meetings_changed)

    # -- layout ---------------------------------------------------------------------------------

    def _build(self) -> None:
        self.heading = QLabel()
        self.heading.setObjectName("formHeading")
        self.heading.setWordWrap(True)
        self.status_buttons = QButtonGroup(self)
        statuses = status_row(self.status_buttons, (
            (MeetingStatus.HELD.value, self.tr("&Held")), (MeetingStatus.NO_SHOW.value, self.tr("&No-show")),
            (MeetingStatus.CANCELLED.value, self.tr("&Cancelled"))))
        self.amount = QLineEdit()
        self.amount.setObjectName("amountField")
        self.amount.setPlaceholderText(self.tr("e.g. 15,000,000 or 1500만"))
        self.currency = QComboBox()
        self.currency.setObjectName("currencyBox")
        self.currency.addItem(self.tr("KRW (won)"), "KRW")
        self.currency.addItem(self.tr("USD (dollars)"), "USD")
        self.amount_equivalent = QLabel()
        self.amount_equivalent.setObjectName("amountEquivalent")
        self.amount_equivalent.setStyleSheet(HINT_STYLE)
        self.amount_error = refusal_label("amountError")
        self.rate_label = QLabel()
        self.rate_label.setStyleSheet(HINT_STYLE)
        self.rate_button = QPushButton(self.tr("Exchange rate…"))
        self.rate_button.setObjectName("setUsdRate")
        self.rate_button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # not on the keyboard's way to Save
        self.rate_button.clicked.connect(self.ask_rate)
        permit(self.rate_button, self.store, Action.CHANGE_SETTINGS)
        self.contract_expected = QCheckBox(self.tr("Contract e&xpected"))
        self.contract_expected.setObjectName("contractExpected")
        self.contract = QLineEdit()
        self.contract.setObjectName("contractField")
        self.contract.setPlaceholderText(self.tr("expected contract amount, if known"))
        self.contract_equivalent = QLabel()
        self.contract_equivalent.setStyleSheet(HINT_STYLE)
        self.contract_error = refusal_label("contractError")
        self.note = QPlainTextEdit()
        self.note.setObjectName("noteField")
        self.note.setTabChangesFocus(True)
        self.note.setPlaceholderText(self.tr("Follow-up: samples to send, a visit to the factory, who calls whom …"))
        self.note.setFixedHeight(70)
        self.save_button = QPushButton(self.tr("Save (Ctrl+Enter)"))
        self.save_button.setObjectName("saveOutcome")
        self.save_button.clicked.connect(self.save)
        self.may_save = permit(self.save_button, self.store, Action.RECORD_OUTCOMES)
        self.cancel_button = QPushButton(self.tr("Close (Esc)"))
        self.cancel_button.clicked.connect(self.cancelled.emit)
        for button in (self.save_button, self.cancel_button):  # Enter is the panel's (keyPressEvent)
            button.setAutoDefault(False)
        self.saved_label = QLabel()
        self.saved_label.setObjectName("outcomeSaved")

        amount_row = QHBoxLayout()
        amount_row.addWidget(self.amount, 2)
        amount_row.addWidget(self.currency, 1)
        rate_row = QHBoxLayout()
        rate_row.addWidget(self.rate_label, 1)
        rate_row.addWidget(self.rate_button)
        contract_row = QHBoxLayout()
        contract_row.addWidget(self.contract_expected)
        contract_row.addWidget(self.contract, 1)
        # each amount with what it is worth in won and, when refused, why: right under the field
        amount_cell, contract_cell = QVBoxLayout(), QVBoxLayout()
        for cell, parts in ((amount_cell, (amount_row, self.amount_equivalent, self.amount_error, rate_row)),
                            (contract_cell, (contract_row, self.contract_equivalent, self.contract_error))):
            cell.setSpacing(2)
            for part in parts:
                if isinstance(part, QHBoxLayout):
                    cell.addLayout(part)
                else:
                    cell.addWidget(part)
        form = QFormLayout()
        form.addRow(self.tr("Outcome"), statuses)
        amount_title = QLabel(self.tr("Consultation &amount"))
        amount_title.setBuddy(self.amount)
        form.addRow(amount_title, amount_cell)
        contract_title = QLabel(self.tr("Contract a&mount"))
        contract_title.setBuddy(self.contract)
        form.addRow(contract_title, contract_cell)
        note_title = QLabel(self.tr("Follow-up n&ote"))
        note_title.setBuddy(self.note)
        form.addRow(note_title, self.note)
        buttons = QHBoxLayout()
        buttons.addWidget(self.saved_label)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        layout.addLayout(buttons)
        for first, second in ((self.amount, self.currency), (self.currency, self.contract_expected),
                              (self.contract_expected, self.contract), (self.contract, self.note),
                              (self.note, self.save_button), (self.save_button, self.cancel_button)):
            QWidget.setTabOrder(first, second)
        self.amount.textEdited.connect(self._on_amount_typed)
        for field in (self.amount, self.contract):  # typed, pasted or loaded: its won shown at once
            field.textChanged.connect(self._show_equivalents)
        self.currency.currentIndexChanged.connect(self._show_equivalents)
        self.contract.textEdited.connect(self._on_contract_typed)
        self.contract_expected.toggled.connect(self._show_equivalents)
        install_save_keys(self, self.save, self.cancelled.emit)
        self._show_rate()

    # -- loading --------------------------------------------------------------------------------

    def load(self, meeting_id: str) -> None:
        """Show a meeting's outcome to edit: held chosen for a meeting still scheduled, the cursor in
        the amount."""
        row = live_board.row_of(self.store, meeting_id)
        record = row.meeting
        assert record is not None
        self.meeting_id = meeting_id
        buyer = " · ".join(p for p in (row.buyer, row.company) if p) or self.tr("(erased buyer)")
        self.heading.setText(self.tr("%1–%2 · table %3 · %4 with %5").replace("%1", f"{record.starts:%H:%M}")
                             .replace("%2", f"{record.ends:%H:%M}").replace("%3", str(record.table))
                             .replace("%4", buyer).replace("%5", row.exhibitor))
        status = MeetingStatus.HELD if record.status == MeetingStatus.SCHEDULED else record.status
        check_status(self.status_buttons, status.value)
        currency = record.amount_currency if record.amount_currency in ("KRW", "USD") else "KRW"
        self.currency.setCurrentIndex(self.currency.findData(currency))
        original = record.amount_original if record.amount_original is not None else record.amount_krw
        self.amount.setText(number_text(original))
        contract = record.contract_krw
        if contract is not None and currency == "USD":  # kept in won: shown in dollars at today's rate
            contract = round(contract / outcomes.usd_rate(self.store), 2)
        self.contract.setText(number_text(contract))
        self.contract_expected.setChecked(record.contract_expected)
        self.note.setPlainText(record.note)
        self._loaded = self._typed()
        self._status = record.status.value
        for label in (self.amount_error, self.contract_error, self.saved_label):
            say(label, "")
        self._show_rate()
        self.amount.setFocus()
        self.amount.selectAll()

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802
        """Enter saves from any field but the note (where it starts a new line) and Close."""
        if not enter_pressed(self, event, self.save, self.cancelled.emit, self.cancel_button):
            super().keyPressEvent(event)

    def _typed(self) -> dict[str, Any]:
        return {"status": checked_status(self.status_buttons), "amount": self.amount.text().strip(),
                "currency": self.currency.currentData(), "contract": self.contract.text().strip(),
                "contract_expected": self.contract_expected.isChecked(), "note": self.note.toPlainText().strip()}

    # -- as it is typed -------------------------------------------------------------------------

    def _on_amount_typed(self, text: str) -> None:
        if "$" in text or "usd" in text.lower():  # '$12,000' is in dollars
            self.currency.setCurrentIndex(self.currency.findData("USD"))
        elif "₩" in text or "원" in text or "만" in text or "억" in text:
            self.currency.setCurrentIndex(self.currency.findData("KRW"))
        say(self.amount_error, "")
        self._show_equivalents()

    def _on_contract_typed(self, text: str) -> None:
        if text.strip() and not self.contract_expected.isChecked():
            self.contract_expected.setChecked(True)  # an amount is a contract expected
        say(self.contract_error, "")
        self._show_equivalents()

    def _show_equivalents(self) -> None:
        # a line of its own even when empty: the form does not jump as the first digit is typed
        for field, label in ((self.amount, self.amount_equivalent), (self.contract, self.contract_equivalent)):
            label.setText(self._equivalent(field.text()) or " ")

    def _equivalent(self, text: str) -> str:
        """'= ₩15,600,000 at ₩1,300 per USD' for dollars, '= ₩15,000,000' for won (1500만 checked)."""
        try:
            value = parse_amount(text)
        except AmountError:
            return ""
        if value is None:
            return ""
        if self.currency.currentData() == "USD":
            rate = outcomes.usd_rate(self.store)
            return self.tr("= ₩%1 at ₩%2 per USD").replace("%1", f"{to_krw(value, 'USD', rate):,}") \
                .replace("%2", f"{rate:,.2f}".rstrip("0").rstrip("."))
        return f"= ₩{to_krw(value, 'KRW', 0):,}"

    def _show_rate(self) -> None:
        rate = outcomes.usd_rate(self.store)
        self.rate_label.setText(self.tr("Event's rate: ₩%1 per US dollar").replace(
            "%1", f"{rate:,.2f}".rstrip("0").rstrip(".")))
        self._show_equivalents()

    def _on_meetings_changed(self, change: object) -> None:
        if getattr(change, "setup", False):  # the rate is part of the zone's setup
            self._show_rate()

    def ask_rate(self) -> None:
        low, high = outcomes.USD_RATE_RANGE
        rate, ok = QInputDialog.getDouble(self, self.tr("Exchange rate"),
                                          self.tr("Won per US dollar (the results convert the amounts typed in "
                                                  "dollars at this rate):"), outcomes.usd_rate(self.store), low, high, 2)
        if ok:
            run_op(self.hub, lambda: outcomes.set_usd_rate(self.store, rate))
            self._show_rate()

    # -- saving ---------------------------------------------------------------------------------

    def refusals(self) -> dict[str, str]:
        """Each amount field whose text is not a number → what the window says of it."""
        found: dict[str, str] = {}
        for key, field, name in (("amount", self.amount, self.tr("Consultation amount")),
                                 ("contract", self.contract, self.tr("Contract amount"))):
            try:
                parse_amount(field.text())
            except AmountError:
                found[key] = self.tr("%1: “%2” is not an amount. Type a number of won (e.g. 15000000, 15,000,000 "
                                     "or 1500만), or of dollars with USD chosen (e.g. 12000).") \
                    .replace("%1", name).replace("%2", field.text().strip())
        return found

    def save(self) -> bool:
        """Send what changed; False (nothing written, nothing cleared) when an amount is refused."""
        if self.meeting_id is None or not self.may_save:
            return False
        refused = self.refusals()
        say(self.amount_error, refused.get("amount", ""))
        say(self.contract_error, refused.get("contract", ""))
        if refused:
            field = self.amount if "amount" in refused else self.contract
            field.setFocus()
            self.refused.emit()
            return False
        typed = self._typed()
        changed = {k for k in typed if typed[k] != self._loaded.get(k)}
        given: dict[str, Any] = {"currency": typed["currency"]}
        if typed["status"] is not None and typed["status"] != self._status:  # held is chosen for a scheduled one
            given["status"] = MeetingStatus(typed["status"])
        if changed & {"amount", "currency"}:
            given["amount"] = typed["amount"]
        if "contract" in changed or ("currency" in changed and typed["contract"]):
            given["contract"] = typed["contract"]
        if "contract_expected" in changed:
            given["contract_expected"] = typed["contract_expected"]
        if "note" in changed:
            given["note"] = typed["note"]
        meeting_id = self.meeting_id
        try:
            run_op(self.hub, lambda: outcomes.record_outcome(self.store, meeting_id, Outcome(**given)))
        except AmountError as problem:  # what the service refuses that the form let through
            say(self.contract_error if problem.field.startswith("contract") else self.amount_error, str(problem))
            self.refused.emit()
            return False
        except ScheduleError as problem:  # the meeting was removed on another desk meanwhile
            say(self.saved_label, str(problem))
            return False
        self._loaded = typed
        self._status = typed["status"] or self._status
        say(self.saved_label, self.tr("Saved."))
        self.saved.emit(meeting_id)
        return True


class OutcomeDialog(QDialog):
    """The outcome panel on its own window: the board opens it with Enter; it closes once saved."""

    def __init__(self, store: EventStore, hub: Hub, meeting_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Meeting outcome"))
        self.panel = OutcomePanel(store, hub, self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel)
        self.panel.saved.connect(lambda _id: self.accept())
        self.panel.cancelled.connect(self.reject)
        self.panel.load(meeting_id)
        self.setMinimumWidth(640)
        self.panel.refused.connect(self.adjustSize)  # room for the refusal under its field
