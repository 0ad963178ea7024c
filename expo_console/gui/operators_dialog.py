"""Event ▸ Operators…: who signs in at the event's desks, and with which role (issue 21).

An organizer adds operators, changes a role, gives a new PIN (which also lifts a lockout),
disables an operator and enables them again, and disables the demo accounts (PIN 0000, known to
anyone who has seen the demo) in one go. Every change is the service's (services/operators.py):
it checks the role, keeps the last organizer, and writes the access records. A refusal is said
in the dialog that asked, in the UI's language, and that dialog stays open for another try. The
table is read from the service again after every change, and after a sync round whose pull
touched the operators (another desk's organizer, or a lockout there: the tries are the row's).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, SignalInstance
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from expo_console.domain.access import Role
from expo_console.gui.labels import error_text, translated_message
from expo_console.gui.refusal import REFUSAL_RED, REFUSAL_STYLE, refusal_label
from expo_console.gui.role_view import role_label
from expo_console.gui.sync.status import event_time
from expo_console.services import operators
from expo_console.services.access import AccessDenied
from expo_console.services.store import EventStore, parse_utc_stamp
from expo_console.services.traffic.counting import event_zone

COL_NAME, COL_ROLE, COL_DEMO, COL_STATE, COL_LAST = range(5)
NAME_WIDTH = 220  # a name and a department in brackets, Korean or English
DONE_STYLE = "color: #1b5e20"
DISABLED_GREY = QColor("#8a8a8a")
LOCKED_RED = QColor(REFUSAL_RED)


def role_duties(role: str) -> str:
    """What a role may do, in a line (the role column's tooltip and the add dialog's hint)."""
    duties = {
        "organizer": QCoreApplication.translate("OperatorsDialog", "Everything: settings, operators, the access records, purging"),
        "registration": QCoreApplication.translate("OperatorsDialog", "Register, edit, print badges; reveal a phone with a reason"),
        "gate": QCoreApplication.translate("OperatorsDialog", "Scan badges, find a visitor without one; an override needs an organizer's PIN"),
        "viewer": QCoreApplication.translate("OperatorsDialog", "The dashboard and reports"),
    }
    return duties.get(role, "")


def _role_box(current: str = Role.REGISTRATION.value) -> QComboBox:
    box = QComboBox()
    for role in Role:
        box.addItem(role_label(role.value), role.value)
        box.setItemData(box.count() - 1, role_duties(role.value), Qt.ItemDataRole.ToolTipRole)
    box.setCurrentIndex(max(0, box.findData(current)))
    return box


def _pin_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class ChangeDialog(QDialog):
    """A small form that runs one service call on OK; a refusal is said under the form and the
    dialog stays open. Each form defines `apply`, which raises AccessDenied (a coded refusal) or
    returns."""

    apply: Callable[[], None]

    def __init__(self, title: str, intro: str, ok_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(440)
        layout = QVBoxLayout(self)
        self.intro = QLabel(intro)
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.form = QFormLayout()
        layout.addLayout(self.form)
        self.problem = refusal_label("operatorProblem")
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        buttons.accepted.connect(self.try_apply)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def try_apply(self) -> bool:
        try:
            self.apply()
        except AccessDenied as refused:  # the service's words: a short PIN, a name taken, the last organizer
            self.refuse(error_text(refused))
            return False
        self.accept()
        return True

    def refuse(self, text: str, focus: QWidget | None = None) -> None:
        self.problem.setText(text)
        for edit in self.findChildren(QLineEdit):
            if edit.echoMode() == QLineEdit.EchoMode.Password:
                edit.clear()  # a PIN is typed again, never left in a field
        if focus is not None:
            focus.setFocus()


class PinFields:
    """A PIN typed twice, hidden; what the service asks of it is said beside it."""

    def __init__(self, dialog: ChangeDialog, label: str) -> None:
        self.pin, self.again = _pin_edit(), _pin_edit()
        self.pin.setPlaceholderText(QCoreApplication.translate("OperatorsDialog", "at least %1 characters; a passphrase is welcome")
                                    .replace("%1", str(operators.MIN_PIN)))
        dialog.form.addRow(label, self.pin)
        dialog.form.addRow(QCoreApplication.translate("OperatorsDialog", "PIN &again"), self.again)

    def differ(self) -> bool:
        return self.pin.text() != self.again.text()


def pins_differ() -> str:
    return QCoreApplication.translate("OperatorsDialog", "The two PINs differ: type the same PIN twice.")


class AddOperatorDialog(ChangeDialog):
    def __init__(self, store: EventStore, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Add operator"),
                         self.tr("The new operator signs in at any desk of this event with this name and PIN. "
                                 "Tell them the PIN in person."), self.tr("Add"), parent)
        self.store = store
        self.name = QLineEdit()
        self.name.setObjectName("operatorName")
        self.role = _role_box()
        self.duties = QLabel(role_duties(self.role.currentData()))
        self.duties.setWordWrap(True)
        self.duties.setStyleSheet("color: #555")
        self.role.currentIndexChanged.connect(lambda _i: self.duties.setText(role_duties(self.role.currentData())))
        self.form.addRow(self.tr("&Name"), self.name)
        self.form.addRow(self.tr("&Role"), self.role)
        self.form.addRow("", self.duties)
        self.pins = PinFields(self, self.tr("&PIN"))
        self.name.setFocus()

    def apply(self) -> None:
        operators.create_operator(self.store, self.name.text(), self.role.currentData(), self.pins.pin.text())

    def try_apply(self) -> bool:
        if self.pins.differ():
            self.refuse(pins_differ(), self.pins.pin)
            return False
        return super().try_apply()


class RoleDialog(ChangeDialog):
    def __init__(self, store: EventStore, operator: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Change role"),
                         self.tr("%1's new role. It applies from their next sign-in; a desk where they are signed "
                                 "in now keeps the old role until they sign out.").replace("%1", operator["name"]),
                         self.tr("Change"), parent)
        self.store, self.operator = store, operator
        self.role = _role_box(operator["role"])
        self.duties = QLabel(role_duties(self.role.currentData()))
        self.duties.setWordWrap(True)
        self.duties.setStyleSheet("color: #555")
        self.role.currentIndexChanged.connect(lambda _i: self.duties.setText(role_duties(self.role.currentData())))
        self.form.addRow(self.tr("&Role"), self.role)
        self.form.addRow("", self.duties)
        self.role.setFocus()

    def apply(self) -> None:
        if self.role.currentData() != self.operator["role"]:
            operators.set_role(self.store, self.operator["name"], self.role.currentData())


class PinDialog(ChangeDialog):
    def __init__(self, store: EventStore, operator: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(self.tr("New PIN"),
                         self.tr("A new PIN for %1. It also lifts a lock after too many wrong PINs. Tell them the "
                                 "PIN in person.").replace("%1", operator["name"]), self.tr("Set PIN"), parent)
        self.store, self.operator = store, operator
        self.pins = PinFields(self, self.tr("New &PIN"))
        self.pins.pin.setFocus()

    def apply(self) -> None:
        operators.set_pin(self.store, self.operator["name"], self.pins.pin.text())

    def try_apply(self) -> bool:
        if self.pins.differ():
            self.refuse(pins_differ(), self.pins.pin)
            return False
        return super().try_apply()


class OperatorsDialog(QDialog):
    """The event's operators, for an organizer. `pulled` is the window's sync round signal
    (gui/sync/runner.round_done): the table is read again when a pull touched the operators."""

    def __init__(self, store: EventStore, pulled: SignalInstance | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("operatorsDialog")
        # gone once closed: a dialog kept hidden would still be read again after every pull
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("Operators"))
        self.store = store
        self.zone = event_zone(store)
        self.rows: list[dict[str, Any]] = []
        self.open_form: ChangeDialog | None = None
        self.resize(880, 520)
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("Who signs in at this event's desks, and what their role lets them do. Every change "
                               "here is kept in the access records."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(self._demo_banner())
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("operatorsTable")
        self.table.setHorizontalHeaderLabels([self.tr("Name"), self.tr("Role"), self.tr("Demo account"),
                                              self.tr("State"), self.tr("Last sign-in")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._follow_selection)
        self.table.itemDoubleClicked.connect(lambda _item: self.change_role())
        layout.addWidget(self.table, 1)
        self.message = QLabel()
        self.message.setObjectName("operatorsMessage")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        layout.addLayout(self._buttons())
        # Enter or F2 on a row changes its role; Ins adds; Del disables; Esc closes (QDialog's own)
        for keys in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F2):
            QShortcut(QKeySequence(keys), self.table, self.change_role, context=Qt.ShortcutContext.WidgetShortcut)
        QShortcut(QKeySequence(Qt.Key.Key_Insert), self, self.add_operator)
        QShortcut(QKeySequence(Qt.Key.Key_Delete), self, self.disable_selected)
        if pulled is not None:
            pulled.connect(self._after_round)
        self.refresh()
        self.table.setFocus()

    def _demo_banner(self) -> QFrame:
        self.demo_banner = QFrame()
        self.demo_banner.setObjectName("demoAccountsWarning")
        self.demo_banner.setStyleSheet("#demoAccountsWarning { background: #fff3cd; border: 1px solid #e0b252; "
                                       "border-radius: 4px; } QLabel { color: #5c4300; }")
        row = QHBoxLayout(self.demo_banner)
        self.demo_warning = QLabel()
        self.demo_warning.setWordWrap(True)
        self.disable_demo_button = QPushButton(self.tr("Disable demo accounts…"))
        self.disable_demo_button.setAutoDefault(False)
        self.disable_demo_button.clicked.connect(self.disable_demo_accounts)
        row.addWidget(self.demo_warning, 1)
        row.addWidget(self.disable_demo_button)
        return self.demo_banner

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.add_button = self._button(self.tr("Add… (Ins)"), self.add_operator)
        self.role_button = self._button(self.tr("Change role… (F2)"), self.change_role)
        self.pin_button = self._button(self.tr("New PIN…"), self.new_pin)
        self.disable_button = self._button(self.tr("Disable… (Del)"), self.disable_or_enable)
        for button in (self.add_button, self.role_button, self.pin_button, self.disable_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self._button(self.tr("Close"), self.reject))
        if self.store.read_only:
            for button in (self.add_button, self.role_button, self.pin_button, self.disable_button,
                           self.disable_demo_button):
                button.setEnabled(False)
                button.setToolTip(self.tr("The event file is open read-only: nothing can be changed in it."))
        return row

    def _button(self, text: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.setAutoDefault(False)  # Enter belongs to the table's row
        button.clicked.connect(lambda _checked=False: slot())
        return button

    # -- reading -------------------------------------------------------------------------

    def refresh(self) -> None:
        """The operators as the service lists them now; the selection stays on the same name."""
        kept = self.selected()
        self.rows = operators.list_operators(self.store)
        now = dt.datetime.now(dt.UTC)
        self.table.setRowCount(len(self.rows))
        for row, operator in enumerate(self.rows):
            cells = (operator["name"], role_label(operator["role"]), self.tr("Demo · PIN 0000") if operator["demo"] else "",
                     self._state(operator, now), self._last_sign_in(operator))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == COL_ROLE:
                    item.setToolTip(role_duties(operator["role"]))
                if operator["disabled"]:
                    item.setForeground(QBrush(DISABLED_GREY))
                elif column == COL_STATE and self._locked(operator, now):
                    item.setForeground(QBrush(LOCKED_RED))
                self.table.setItem(row, column, item)
        self.table.resizeColumnToContents(COL_NAME)
        self.table.setColumnWidth(COL_NAME, max(NAME_WIDTH, self.table.columnWidth(COL_NAME)))
        names = [o["name"] for o in self.rows]
        if kept is not None and kept["name"] in names:
            self.table.selectRow(names.index(kept["name"]))
        elif self.rows:
            self.table.selectRow(0)
        self._show_demo_warning()
        self._follow_selection()

    def selected(self) -> dict[str, Any] | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or rows[0].row() >= len(self.rows):
            return None
        return self.rows[rows[0].row()]

    def demo_accounts(self) -> list[str]:
        """The demo accounts that can still sign in (with PIN 0000, unless given a new one)."""
        return [o["name"] for o in self.rows if o["demo"] and not o["disabled"]]

    def _state(self, operator: dict[str, Any], now: dt.datetime) -> str:
        if operator["disabled"]:
            return self.tr("Disabled")
        if self._locked(operator, now):
            until = event_time(parse_utc_stamp(operator["locked_until"]), self.zone, seconds=False)
            return self.tr("Locked until %1 (wrong PINs)").replace("%1", until)
        return self.tr("Active")

    @staticmethod
    def _locked(operator: dict[str, Any], now: dt.datetime) -> bool:
        until = operator.get("locked_until")
        return bool(until) and parse_utc_stamp(until) > now

    def _last_sign_in(self, operator: dict[str, Any]) -> str:
        if not operator.get("last_sign_in"):
            return self.tr("never")
        return event_time(parse_utc_stamp(operator["last_sign_in"]), self.zone, seconds=False)

    def _show_demo_warning(self) -> None:
        demo = self.demo_accounts()
        self.demo_banner.setVisible(bool(demo))
        self.demo_warning.setText(
            self.tr("Demo accounts use PIN 0000, which anyone who has seen the demo knows: disable them before "
                    "the event (%1).").replace("%1", ", ".join(demo)))

    def _follow_selection(self) -> None:
        operator = self.selected()
        writable = not self.store.read_only
        for button in (self.role_button, self.pin_button, self.disable_button):
            button.setEnabled(writable and operator is not None)
        disabled = operator is not None and bool(operator["disabled"])
        self.disable_button.setText(self.tr("Enable") if disabled else self.tr("Disable… (Del)"))

    def _after_round(self, outcome: Any) -> None:
        result = getattr(outcome, "result", None)
        if result is not None and "operators" in result.tables:
            self.refresh()

    # -- changing ------------------------------------------------------------------------

    def add_operator(self) -> AddOperatorDialog | None:
        if self.store.read_only:
            return None
        form = AddOperatorDialog(self.store, self)
        form.accepted.connect(lambda: self._changed(self.tr("%1 added as %2.").replace("%1", form.name.text().strip())
                                                    .replace("%2", role_label(form.role.currentData()))))
        return self._open(form)

    def change_role(self) -> RoleDialog | None:
        operator = self.selected()
        if operator is None or self.store.read_only:
            return None
        form = RoleDialog(self.store, operator, self)
        form.accepted.connect(lambda: self._changed(self.tr("%1 is now %2.").replace("%1", operator["name"])
                                                    .replace("%2", role_label(form.role.currentData()))))
        return self._open(form)

    def new_pin(self) -> PinDialog | None:
        operator = self.selected()
        if operator is None or self.store.read_only:
            return None
        form = PinDialog(self.store, operator, self)
        form.accepted.connect(lambda: self._changed(self.tr("%1 has a new PIN.").replace("%1", operator["name"])))
        return self._open(form)

    def disable_or_enable(self) -> bool:
        operator = self.selected()
        if operator is not None and operator["disabled"]:
            return self.enable_selected()
        return self.disable_selected()

    def disable_selected(self) -> bool:
        """Disable the selected operator after asking; the service keeps the last organizer."""
        operator = self.selected()
        if operator is None or operator["disabled"] or self.store.read_only:
            return False
        question = self.tr("Disable %1? They can no longer sign in at any desk of this event. Their name stays in "
                           "the access records, and an organizer can enable them again.").replace("%1", operator["name"])
        if self._is_me(operator):
            question += "\n\n" + self.tr("You are signed in as %1: this desk stays signed in until you sign out.") \
                .replace("%1", operator["name"])
        if not self._confirm(self.tr("Disable operator"), question):
            return False
        return self._run(lambda: operators.disable(self.store, operator["name"]),
                         self.tr("%1 is disabled.").replace("%1", operator["name"]))

    def enable_selected(self) -> bool:
        operator = self.selected()
        if operator is None or not operator["disabled"] or self.store.read_only:
            return False
        return self._run(lambda: operators.enable(self.store, operator["name"]),
                         self.tr("%1 may sign in again, as %2.").replace("%1", operator["name"])
                         .replace("%2", role_label(operator["role"])))

    def disable_demo_accounts(self) -> bool:
        demo = self.demo_accounts()
        if not demo or self.store.read_only:
            return False
        question = self.tr("Disable the demo accounts %1? They can no longer sign in. The event's last organizer is "
                           "kept until you add another one.").replace("%1", ", ".join(demo))
        if not self._confirm(self.tr("Disable demo accounts"), question):
            return False
        try:
            disabled, kept = operators.disable_demo_operators(self.store)
        except AccessDenied as refused:
            self._say(error_text(refused), refusal=True)
            return False
        self.refresh()
        done = self.tr("Disabled: %1.").replace("%1", ", ".join(disabled)) if disabled else ""
        if kept:  # the service's own words: make another organizer first
            self._say(" ".join(filter(None, (done, translated_message("last_organizer", (("operator", kept[0]),))))),
                      refusal=True)
        else:
            self._say(done)
        return bool(disabled)

    def _open(self, form: ChangeDialog) -> ChangeDialog:
        self.open_form = form
        form.finished.connect(lambda _result: self.table.setFocus())
        form.open()
        return form

    def _changed(self, text: str) -> None:
        self.refresh()
        self._say(text)

    def _run(self, change: Callable[[], None], done: str) -> bool:
        try:
            change()
        except AccessDenied as refused:  # the last organizer, a role that may not
            self.refresh()
            self._say(error_text(refused), refusal=True)
            return False
        self._changed(done)
        return True

    def _say(self, text: str, *, refusal: bool = False) -> None:
        self.message.setStyleSheet(REFUSAL_STYLE if refusal else DONE_STYLE)
        self.message.setText(text)

    def _confirm(self, title: str, question: str) -> bool:
        answer = QMessageBox.question(self, title, question,
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def _is_me(self, operator: dict[str, Any]) -> bool:
        return str(operator["name"]).casefold() == self.store.stamp.operator.casefold()
