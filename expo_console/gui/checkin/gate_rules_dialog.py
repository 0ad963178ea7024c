"""The gates' access rules, edited: who may pass the hall's gates, a zone's gates or one gate,
when, and how often (services/checkin/gate_rules.py).

What the chosen gates will apply, their zone's or the hall's rule merged with a gate's own, is
shown as the operator edits, from the same checks that Save runs. Save stores the rule for every desk
through the op-runner; the stations apply it from their next scan.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTime, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from expo_console.domain.checkin import Hours
from expo_console.gui.checkin.booking_rule import BookingRuleBox, booking_summary
from expo_console.gui.hub import Hub
from expo_console.gui.i18n import is_korean
from expo_console.gui.labels import class_label, error_text
from expo_console.gui.ops import run_op
from expo_console.services.checkin import gate_rules
from expo_console.services.store import EventStore

TIME_FORMAT = "HH:mm"
OPENING_HOURS = (dt.time(10), dt.time(17))  # what "Opening hours" starts from when none are set
EARLY_HOURS = (dt.time(8), dt.time(18))  # a new row of other hours: exhibitors and staff come early
CLASS_COLUMNS = 4
MOST_ENTRIES = 99
DIALOG_WIDTH = 960  # room for the classes side by side and a summary that rarely wraps


def _qtime(moment: dt.time) -> QTime:
    return QTime(moment.hour, moment.minute)


def _time_edit() -> QTimeEdit:
    edit = QTimeEdit()
    edit.setDisplayFormat(TIME_FORMAT)
    edit.setCorrectionMode(QTimeEdit.CorrectionMode.CorrectToNearestValue)
    return edit


def _hours_text(opens: QTimeEdit, closes: QTimeEdit) -> str:
    return f"{opens.time().toString(TIME_FORMAT)}-{closes.time().toString(TIME_FORMAT)}"


def place_name(item: dict[str, Any]) -> str:
    """A gate's or zone's name in the interface's language (the organiser named them in both)."""
    return item["name"] if is_korean() or not item.get("name_en") else str(item["name_en"])


class ClassHoursRow(QWidget):
    """One row of other hours: a class, from, to, and a button that removes the row."""

    changed = Signal()
    remove_requested = Signal(object)  # this row

    def __init__(self, visitor_class: str, hours: Hours) -> None:
        super().__init__()
        self.visitor_class = QComboBox()
        self.visitor_class.setObjectName("hoursClass")
        for code in gate_rules.CLASSES:
            self.visitor_class.addItem(class_label(code), code)
        self.visitor_class.setCurrentIndex(max(0, self.visitor_class.findData(visitor_class)))
        self.opens, self.closes = _time_edit(), _time_edit()
        self.opens.setObjectName("hoursOpens")
        self.closes.setObjectName("hoursCloses")
        self.opens.setTime(_qtime(hours.opens))
        self.closes.setTime(_qtime(hours.closes))
        self.remove = QPushButton(self.tr("Remove"))
        self.remove.setObjectName("removeHours")
        self.remove.setAutoDefault(False)
        self.remove.clicked.connect(lambda: self.remove_requested.emit(self))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.visitor_class, 1)
        layout.addWidget(self.opens)
        layout.addWidget(QLabel("–"))
        layout.addWidget(self.closes)
        layout.addWidget(self.remove)
        self.visitor_class.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.opens.timeChanged.connect(lambda _t: self.changed.emit())
        self.closes.timeChanged.connect(lambda _t: self.changed.emit())

    def code(self) -> str:
        return str(self.visitor_class.currentData())

    def hours(self) -> str:
        return _hours_text(self.opens, self.closes)

    def focus_chain(self) -> list[QWidget]:
        return [self.visitor_class, self.opens, self.closes, self.remove]


def rule_summary(rule: dict[str, Any]) -> str:
    """gate_rules.describe's rule in the interface's words, a line each: who, when, how often
    (the dialog's summary, and the station's line about its gate). The strings are literal in
    QCoreApplication.translate() so that lupdate files them under the dialog's context."""
    def labels(codes: list[str]) -> str:
        return ", ".join(class_label(code) for code in gate_rules.CLASSES if code in codes)

    who = (QCoreApplication.translate("GateRulesDialog", "Everyone with a badge") if rule["classes"] is None
           else labels(rule["classes"]))
    when = rule["hours"].replace("-", "–") if rule["hours"] else QCoreApplication.translate("GateRulesDialog",
                                                                                            "Any time")
    by_hours: dict[str, list[str]] = {}
    for code, hours in rule["hours_for"].items():
        by_hours.setdefault(hours, []).append(code)
    if by_hours:
        others = "; ".join(f"{labels(codes)}: {hours.replace('-', '–')}" for hours, codes in by_hours.items())
        when = f"{when} ({others})"
    often = {"after_exit": QCoreApplication.translate("GateRulesDialog", "Again only after an exit"),
             "once_per_day": QCoreApplication.translate("GateRulesDialog", "Once per day"),
             "free": QCoreApplication.translate("GateRulesDialog", "Any number of entries")}[rule["admission"]]
    if rule["max_entries"]:
        limit = int(rule["max_entries"])
        often += " · " + QCoreApplication.translate("GateRulesDialog", "at most %n entries a day", "", limit)
    lines = (QCoreApplication.translate("GateRulesDialog", "Who: %1").replace("%1", who),
             QCoreApplication.translate("GateRulesDialog", "When: %1").replace("%1", when),
             QCoreApplication.translate("GateRulesDialog", "How often: %1").replace("%1", often),
             booking_summary(rule))
    return "\n".join(line for line in lines if line)


class GateRulesDialog(QDialog):
    """The rule of the hall, a gated zone or one gate. `target` preselects one: a gate id, a zone
    id or gate_rules.HALL (the hall when it is none of those)."""

    def __init__(self, store: EventStore, hub: Hub, parent: QWidget | None = None,
                 target: str | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("gateRulesDialog")
        self.setWindowTitle(self.tr("Gate rules"))
        self.store, self.hub = store, hub
        self.gates = gate_rules.gates_with_rules(store)
        self.zones = gate_rules.gated_zones(store)
        self.rows: list[ClassHoursRow] = []
        self._loading = False
        self._build()
        self._connect()
        index = self.target_box.findData(target) if target else -1
        self.target_box.setCurrentIndex(max(0, index))
        self._load()

    # --- building -------------------------------------------------------------------------------

    def _build(self) -> None:
        self.target_box = QComboBox()
        self.target_box.setObjectName("ruleTarget")
        self.target_box.addItem(self.tr("Whole hall (every hall gate)"), gate_rules.HALL)
        if self.zones:
            self.target_box.insertSeparator(self.target_box.count())
        for zone in self.zones:
            self.target_box.addItem(self.tr("%1 (every gate into the zone)").replace("%1", place_name(zone)), zone["id"])
        if self.gates:
            self.target_box.insertSeparator(self.target_box.count())
        for gate in self.gates:
            self.target_box.addItem(self.tr("%1 (this gate only)").replace("%1", place_name(gate)), gate["id"])
        target_row = QFormLayout()
        target_row.addRow(self.tr("Rule for"), self.target_box)

        self.everyone = QRadioButton()
        self.everyone.setObjectName("everyone")
        self.only_classes = QRadioButton(self.tr("Only these classes:"))
        self.only_classes.setObjectName("onlyClasses")
        who_choice = QButtonGroup(self)
        who_choice.addButton(self.everyone)
        who_choice.addButton(self.only_classes)
        self.class_boxes = {code: QCheckBox(class_label(code)) for code in gate_rules.CLASSES}
        classes = QGridLayout()
        classes.setContentsMargins(24, 0, 0, 0)
        classes.setHorizontalSpacing(20)
        for i, (code, box) in enumerate(self.class_boxes.items()):
            box.setObjectName(f"class_{code}")
            classes.addWidget(box, i // CLASS_COLUMNS, i % CLASS_COLUMNS)
        who = QGroupBox(self.tr("Who may pass"))
        who_layout = QVBoxLayout(who)
        who_layout.addWidget(self.everyone)
        who_layout.addWidget(self.only_classes)
        who_layout.addLayout(classes)

        self.any_time = QRadioButton()
        self.any_time.setObjectName("anyTime")
        self.opening_hours = QRadioButton(self.tr("Opening hours:"))
        self.opening_hours.setObjectName("openingHours")
        when_choice = QButtonGroup(self)
        when_choice.addButton(self.any_time)
        when_choice.addButton(self.opening_hours)
        self.opens, self.closes = _time_edit(), _time_edit()
        self.opens.setObjectName("opens")
        self.closes.setObjectName("closes")
        hours = QHBoxLayout()
        hours.addWidget(self.opening_hours)
        hours.addWidget(self.opens)
        hours.addWidget(QLabel("–"))
        hours.addWidget(self.closes)
        hours.addStretch(1)
        self.rows_layout = QVBoxLayout()
        self.rows_layout.setContentsMargins(24, 0, 0, 0)
        self.add_row_button = QPushButton(self.tr("Add other hours for a class"))
        self.add_row_button.setObjectName("addHours")
        self.add_row_button.setAutoDefault(False)
        add_row = QHBoxLayout()
        add_row.setContentsMargins(24, 0, 0, 0)
        add_row.addWidget(self.add_row_button)
        add_row.addStretch(1)
        other = QLabel(self.tr("Other hours for some classes (e.g. exhibitors from 08:00):"))
        other.setWordWrap(True)
        when = QGroupBox(self.tr("When"))
        when_layout = QVBoxLayout(when)
        when_layout.addWidget(self.any_time)
        when_layout.addLayout(hours)
        when_layout.addWidget(other)
        when_layout.addLayout(self.rows_layout)
        when_layout.addLayout(add_row)

        self.admission = QComboBox()
        self.admission.setObjectName("admission")
        self.admission.addItem("", None)  # the event's rule, or the zone's or hall's: named in _load
        for code, label in (("after_exit", self.tr("Again only after an exit")),
                            ("once_per_day", self.tr("Once per day")), ("free", self.tr("Any number of entries"))):
            self.admission.addItem(label, code)
        self.max_entries = QSpinBox()
        self.max_entries.setObjectName("maxEntries")
        self.max_entries.setRange(0, MOST_ENTRIES)
        self.max_entries.setMinimumWidth(160)
        often = QGroupBox(self.tr("How often"))
        often_layout = QFormLayout(often)
        often_layout.addRow(self.tr("Entering again"), self.admission)
        often_layout.addRow(self.tr("Entries a day, at most"), self.max_entries)
        self.booking = BookingRuleBox()  # exhibitor staff only for their company's slot (the studio)

        self.summary = QLabel()
        self.summary.setObjectName("ruleSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setMinimumWidth(360)
        applies = QGroupBox(self.tr("What the gates will apply"))
        applies.setObjectName("ruleApplies")
        QVBoxLayout(applies).addWidget(self.summary)

        self.feedback = QLabel()
        self.feedback.setObjectName("formFeedback")
        self.feedback.setWordWrap(True)

        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton(self.tr("Save"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setObjectName("saveGateRule")
        self.save_button.setDefault(True)
        self.cancel_button = self.buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.cancel_button.setObjectName("cancelGateRule")
        self.remove_button = QPushButton(self.tr("Remove this rule"))  # apart from Save, on the left
        self.remove_button.setObjectName("removeGateRule")
        for button in (self.remove_button, self.cancel_button):
            button.setAutoDefault(False)
        bottom = QHBoxLayout()
        bottom.addWidget(self.remove_button)
        bottom.addStretch(1)
        bottom.addWidget(self.buttons)

        # Two columns, so that every row of other hours fits on a 1366×768 screen: what the rule
        # says on the left, how often and what the gates will apply on the right.
        left, right = QVBoxLayout(), QVBoxLayout()
        left.addWidget(who)
        left.addWidget(when)
        left.addStretch(1)
        right.addWidget(often)
        right.addWidget(self.booking)
        right.addWidget(applies)
        right.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(left, 5)
        columns.addSpacing(8)
        columns.addLayout(right, 4)
        layout = QVBoxLayout(self)
        layout.addLayout(target_row)
        layout.addLayout(columns, 1)
        layout.addWidget(self.feedback)
        layout.addLayout(bottom)
        self.resize(max(self.sizeHint().width(), DIALOG_WIDTH), self.sizeHint().height())

    def _connect(self) -> None:
        self.target_box.currentIndexChanged.connect(lambda _i: self._load())
        for button in (self.everyone, self.only_classes, self.any_time, self.opening_hours, *self.class_boxes.values()):
            button.toggled.connect(lambda _on: self._update())
        for edit in (self.opens, self.closes):
            edit.timeChanged.connect(lambda _t: self._update())
        self.admission.currentIndexChanged.connect(lambda _i: self._update())
        self.max_entries.valueChanged.connect(lambda _v: self._update())
        self.booking.changed.connect(self._update)
        self.add_row_button.clicked.connect(self._on_add_row)
        self.save_button.clicked.connect(self.save)
        self.remove_button.clicked.connect(self.remove_rule)
        self.cancel_button.clicked.connect(self.reject)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self, self.save)

    def focus_order(self) -> list[QWidget]:
        """Top to bottom as the form reads, left column first: the rows of other hours sit between
        the hours and the button that adds one, wherever they were added."""
        chain: list[QWidget] = [self.target_box, self.everyone, self.only_classes, *self.class_boxes.values(),
                                self.any_time, self.opening_hours, self.opens, self.closes]
        for row in self.rows:
            chain.extend(row.focus_chain())
        return [*chain, self.add_row_button, self.admission, self.max_entries, self.booking.box, self.remove_button,
                self.save_button, self.cancel_button]

    def focusNextPrevChild(self, forward: bool) -> bool:  # noqa: N802
        """Tab and Shift+Tab follow focus_order (setTabOrder cannot place a row added while the
        dialog is open: its time fields' inner line edits stay at the end of Qt's chain). Of two
        choices, Tab stops at the chosen one and the arrow keys choose, as in any Qt form."""
        chain = [w for w in self.focus_order() if w.isEnabled() and w.isVisibleTo(self)
                 and (w.isChecked() if isinstance(w, QRadioButton) else w.focusPolicy() & Qt.FocusPolicy.TabFocus)]
        focused = self.focusWidget()
        at = next((i for i, w in enumerate(chain) if focused is not None and (w is focused or w.isAncestorOf(focused))),
                  None)
        if at is None or not chain:
            return super().focusNextPrevChild(forward)
        chain[(at + (1 if forward else -1)) % len(chain)].setFocus(
            Qt.FocusReason.TabFocusReason if forward else Qt.FocusReason.BacktabFocusReason)
        return True

    # --- the rule in the form -------------------------------------------------------------------

    def target(self) -> str:
        return str(self.target_box.currentData())

    def _place_of_gate(self) -> str | None:
        """For one gate: what its own rule leaves to, the zone or the hall; None for a zone or the hall."""
        gate = next((g for g in self.gates if g["id"] == self.target()), None)
        if gate is None:
            return None
        return self.tr("As for the zone") if gate["zone_id"] else self.tr("As for the hall")

    def _load(self) -> None:
        """The target's stored rule (its own, not merged) into the form."""
        rule = gate_rules.stored_rule(self.store, self.target())
        inherited = self._place_of_gate()
        self._loading = True
        try:
            self.everyone.setText(inherited or self.tr("Everyone with a badge"))
            self.any_time.setText(inherited or self.tr("Any time"))
            self.admission.setItemText(0, inherited or self.tr("The event's admission rule"))
            self.max_entries.setSpecialValueText(inherited or self.tr("No limit"))
            classes = rule.get("classes")
            (self.everyone if classes is None else self.only_classes).setChecked(True)
            for code, box in self.class_boxes.items():
                box.setChecked(classes is not None and code in classes)
            hours = Hours.parse(rule["hours"]) if rule.get("hours") else Hours(*OPENING_HOURS)
            (self.opening_hours if rule.get("hours") else self.any_time).setChecked(True)
            self.opens.setTime(_qtime(hours.opens))
            self.closes.setTime(_qtime(hours.closes))
            for row in list(self.rows):
                self._drop_row(row)
            hours_for = rule.get("hours_for", {})
            for code in (c for c in gate_rules.CLASSES if c in hours_for):
                self._add_row(code, Hours.parse(hours_for[code]))
            self.admission.setCurrentIndex(max(0, self.admission.findData(rule.get("admission"))))
            self.max_entries.setValue(int(rule.get("max_entries") or 0))
            self.booking.set_choices(inherited)
            self.booking.set_value(rule.get("booking"))
            # a booking rule belongs to the studio's zone and its gates, never the hall's doors
            gate = next((g for g in self.gates if g["id"] == self.target()), None)
            self.booking.setVisible(self.target() != gate_rules.HALL and (gate is None or bool(gate["zone_id"])))
            self.remove_button.setEnabled(bool(rule))
        finally:
            self._loading = False
        self._update()

    def rule(self) -> dict[str, Any]:
        """The rule as the form says it, in set_rule's terms (unset fields are left out)."""
        rule: dict[str, Any] = {}
        if self.only_classes.isChecked():
            rule["classes"] = [code for code, box in self.class_boxes.items() if box.isChecked()]
        if self.opening_hours.isChecked():
            rule["hours"] = _hours_text(self.opens, self.closes)
        if self.rows:
            rule["hours_for"] = {row.code(): row.hours() for row in self.rows}
        if self.admission.currentData():
            rule["admission"] = self.admission.currentData()
        if self.max_entries.value():
            rule["max_entries"] = self.max_entries.value()
        if self.booking.value():
            rule["booking"] = self.booking.value()
        return rule

    def _twice(self) -> str | None:
        """A class given other hours in two rows (the rule holds one per class): its label."""
        codes = [row.code() for row in self.rows]
        return next((class_label(code) for code in codes if codes.count(code) > 1), None)

    def _update(self) -> None:
        """Enable what the choices allow, and show what the gates would apply, or what is wrong."""
        if self._loading:
            return
        for box in self.class_boxes.values():
            box.setEnabled(self.only_classes.isChecked())
        for edit in (self.opens, self.closes):
            edit.setEnabled(self.opening_hours.isChecked())
        self.add_row_button.setEnabled(len(self.rows) < len(gate_rules.CLASSES))
        twice = self._twice()
        if twice is not None:
            self._show_problem(self.tr("%1 has other hours in two rows: remove one.").replace("%1", twice))
            return
        try:
            shown = gate_rules.preview(self.store, self.target(), self.rule())
        except gate_rules.GateRuleError as error:
            self._show_problem(error_text(error))
            return
        self._set_feedback("", "")
        self.summary.setText(self._summary(shown))

    def _show_problem(self, text: str) -> None:
        self._set_feedback(text, "error")
        self.summary.setText(self.tr("Correct the rule to see what the gates will apply."))

    def _set_feedback(self, text: str, state: str) -> None:
        self.feedback.setText(text)
        if self.feedback.property("state") != state:
            self.feedback.setProperty("state", state)
            self.feedback.style().unpolish(self.feedback)  # a property selector is read at polish
            self.feedback.style().polish(self.feedback)

    # --- what the gates apply -------------------------------------------------------------------

    def _summary(self, shown: list[tuple[dict[str, Any], dict[str, Any]]]) -> str:
        """One description for gates that apply the same rule; an exit lets everyone out."""
        if not shown:
            return self.tr("No gate is set up here yet: the rule will hold for the gates added later.")
        entries = [(gate, rule) for gate, rule in shown if gate["kind"] != "hall_exit"]
        if not entries:
            return self.tr("An exit lets every visitor out: gate rules apply to the way in.")
        texts: dict[str, list[str]] = {}
        for gate, rule in entries:
            texts.setdefault(self.describe(rule), []).append(place_name(gate))
        if len(texts) == 1:
            return next(iter(texts))
        return "\n\n".join(f"{', '.join(names)}\n{text}" for text, names in texts.items())

    def describe(self, rule: dict[str, Any]) -> str:
        return rule_summary(rule)

    # --- other hours ----------------------------------------------------------------------------

    def _on_add_row(self) -> None:
        used = {row.code() for row in self.rows}
        code = next((c for c in ("exhibitor_staff", "staff", "organizer", *gate_rules.CLASSES) if c not in used),
                    gate_rules.CLASSES[0])
        row = self._add_row(code, Hours(*EARLY_HOURS))
        self._update()
        row.visitor_class.setFocus(Qt.FocusReason.TabFocusReason)

    def _add_row(self, code: str, hours: Hours) -> ClassHoursRow:
        row = ClassHoursRow(code, hours)
        row.changed.connect(self._update)
        row.remove_requested.connect(self._on_remove_row)
        self.rows.append(row)
        self.rows_layout.addWidget(row)
        row.show()  # now, not when the layout gets to it: Tab and the focus reach it at once
        return row

    def _on_remove_row(self, row: ClassHoursRow) -> None:
        index = self.rows.index(row)
        self._drop_row(row)
        self._update()
        following = self.rows[index].visitor_class if index < len(self.rows) else self.add_row_button
        following.setFocus(Qt.FocusReason.TabFocusReason)

    def _drop_row(self, row: ClassHoursRow) -> None:
        self.rows.remove(row)
        self.rows_layout.removeWidget(row)
        row.hide()
        row.deleteLater()

    # --- saving ---------------------------------------------------------------------------------

    def save(self) -> bool:
        """Store the rule for every desk; a rule that cannot hold is shown under the form, and the
        dialog stays open with nothing stored."""
        twice = self._twice()
        if twice is not None:
            self._show_problem(self.tr("%1 has other hours in two rows: remove one.").replace("%1", twice))
            return False
        target, rule = self.target(), self.rule()
        try:
            run_op(self.hub, lambda: gate_rules.set_rule(self.store, target, rule))
        except gate_rules.GateRuleError as error:
            self._show_problem(error_text(error))
            return False
        self.hub.status_message_requested.emit(
            self.tr("Gate rule saved for %1: every desk applies it from its next scan.")
            .replace("%1", self.target_box.currentText()))
        self.accept()
        return True

    def remove_rule(self) -> bool:
        """Clear the target's own rule after a confirmation that says what its gates apply then."""
        target = self.target()
        after = self._summary(gate_rules.preview(self.store, target, {}))
        answer = QMessageBox.question(
            self, self.tr("Remove this rule"),
            self.tr("Remove the rule for %1? Its gates will then apply:").replace("%1", self.target_box.currentText())
            + "\n\n" + after)
        if answer != QMessageBox.StandardButton.Yes:
            return False
        try:
            run_op(self.hub, lambda: gate_rules.set_rule(self.store, target, {}))
        except gate_rules.GateRuleError as error:
            self._show_problem(error_text(error))
            return False
        self.hub.status_message_requested.emit(
            self.tr("Gate rule removed for %1.").replace("%1", self.target_box.currentText()))
        self.accept()
        return True
