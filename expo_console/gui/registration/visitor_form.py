"""The walk-in registration form, also used to edit a visitor.

Saving validates first and shows each problem under its field; a probable duplicate is shown
with the existing visitors and saved only when the operator says so (never merged silently).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from expo_console.domain.phone import mask_phone
from expo_console.domain.visitors import Consent, FieldProblem, VisitorClass, VisitorDraft
from expo_console.gui.hub import Hub
from expo_console.gui.labels import class_label, problem_text
from expo_console.gui.ops import run_op
from expo_console.services.registration import visitors as reg
from expo_console.services.store import EventStore

_TEXT_FIELDS = ("name", "name_en", "company", "title", "phone", "email", "country")


class VisitorForm(QWidget):
    visitor_saved = Signal(str)  # visitor id
    walk_in_registered = Signal(str)  # a new visitor (not an edit): their badge is next
    walk_in_edited = Signal()  # the operator typed or chose something in a new walk-in (not an edit)

    def __init__(self, store: EventStore, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.hub = hub
        self.editing_id: str | None = None
        self._build()
        self.clear()

    def _build(self) -> None:
        self.heading = QLabel()
        self.heading.setObjectName("formHeading")
        self.inputs: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        self._problem_boxes: dict[str, QWidget] = {}  # what to scroll into view for a problem
        form = QFormLayout()
        labels = {
            "name": self.tr("Name *"), "name_en": self.tr("English name"), "company": self.tr("Company"),
            "title": self.tr("Title"), "phone": self.tr("Mobile"), "email": self.tr("E-mail"),
            "country": self.tr("Country"),
        }
        placeholders = {"name": "홍길동", "name_en": "Hong Gildong", "phone": "010-1234-5678",
                        "email": "name@example.com", "country": "KR"}
        for field in _TEXT_FIELDS:
            edit = QLineEdit()
            edit.setObjectName(f"field_{field}")
            edit.setPlaceholderText(placeholders.get(field, ""))
            edit.returnPressed.connect(lambda: self.save())
            edit.textEdited.connect(self._on_edited)  # typed, not set by clear() or load()
            self.inputs[field] = edit
            form.addRow(labels[field], self._with_error(field, edit))
        self.class_box = QComboBox()
        self.class_box.setObjectName("field_visitor_class")
        for cls in VisitorClass:
            self.class_box.addItem(class_label(cls.value), cls.value)
        self.class_box.activated.connect(self._on_edited)
        form.addRow(self.tr("Class"), self._with_error("visitor_class", self.class_box))

        consent_box = QGroupBox(self.tr("Consents"))
        consent_layout = QVBoxLayout(consent_box)
        self.consents = {
            Consent.REQUIRED: QCheckBox(self.tr("(Required) Collection and use of personal data")),
            Consent.PROVISION: QCheckBox(self.tr("(Optional) Provision to exhibitors")),
            Consent.MARKETING: QCheckBox(self.tr("(Optional) Marketing information")),
        }
        for consent, box in self.consents.items():
            box.setObjectName(f"consent_{consent.value}")
            consent_layout.addWidget(box)
        consent_layout.addWidget(self._error_label("consents"))
        self._problem_boxes["consents"] = consent_box

        self.save_button = QPushButton(self.tr("Save (Ctrl+S)"))
        self.save_button.setObjectName("saveVisitor")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(lambda: self.save())  # not `checked` as allow_duplicate
        self.new_button = QPushButton(self.tr("New walk-in (Ctrl+N)"))
        self.new_button.clicked.connect(self.clear)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        self.feedback = QLabel()
        self.feedback.setObjectName("formFeedback")
        self.feedback.setWordWrap(True)

        fields = QWidget()
        fields_layout = QVBoxLayout(fields)
        fields_layout.setContentsMargins(0, 0, 0, 0)
        fields_layout.addLayout(form)
        fields_layout.addWidget(consent_box)
        fields_layout.addStretch(1)
        # Only the fields scroll, and only on a screen too short for them: the outcome of a save
        # and the Save button stay in view under them whatever the height.
        self.scroll = QScrollArea()
        self.scroll.setObjectName("visitorFields")
        self.scroll.setWidget(fields)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Never narrower than the fields (the English consent lines are long): only height scrolls.
        self.scroll.setMinimumWidth(fields.minimumSizeHint().width() + self.scroll.verticalScrollBar().sizeHint().width())

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.feedback)
        layout.addLayout(buttons)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

    def _error_label(self, field: str) -> QLabel:
        label = QLabel()
        label.setObjectName("fieldError")  # red in resources/styles/console.qss
        label.setWordWrap(True)
        label.hide()
        self.errors[field] = label
        return label

    def _with_error(self, field: str, widget: QWidget) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(widget)
        layout.addWidget(self._error_label(field))
        self._problem_boxes[field] = box
        return box

    def _on_edited(self) -> None:
        if self.editing_id is None:
            self.walk_in_edited.emit()

    def _set_feedback(self, text: str, state: str = "") -> None:
        """The line above Save: `state` "saved" or "error" picks its colour in the style sheet."""
        self.feedback.setText(text)
        if self.feedback.property("state") != state:
            self.feedback.setProperty("state", state)
            self.feedback.style().unpolish(self.feedback)  # a property selector is read at polish
            self.feedback.style().polish(self.feedback)

    # -- state ----------------------------------------------------------------------------------

    def clear(self) -> None:
        self.editing_id = None
        self._stored_phone = ""
        self.heading.setText(self.tr("Walk-in registration"))
        for edit in self.inputs.values():
            edit.clear()
        self.class_box.setCurrentIndex(0)
        for box in self.consents.values():
            box.setChecked(False)
        self._show_problems([])
        self._set_feedback("")
        self.inputs["name"].setFocus()

    def load(self, visitor_id: str) -> None:
        row = reg.get_visitor(self.store, visitor_id)
        draft = reg.draft_from_row(row)
        self.editing_id = visitor_id
        self.heading.setText(self.tr("Edit visitor"))
        for field, edit in self.inputs.items():
            edit.setText(getattr(draft, field))
        # The number stays masked here too (revealing it is a logged action in the list); it
        # is kept as stored unless the operator types a new one over the mask.
        self._stored_phone = draft.phone
        self.inputs["phone"].setText(mask_phone(draft.phone))
        self.class_box.setCurrentIndex(max(0, self.class_box.findData(draft.visitor_class)))
        for consent, box in self.consents.items():
            box.setChecked(consent in draft.consents)
        self._show_problems([])
        self._set_feedback("")

    def draft(self) -> VisitorDraft:
        values = {field: edit.text() for field, edit in self.inputs.items()}
        if self._stored_phone and values["phone"] == mask_phone(self._stored_phone):
            values["phone"] = self._stored_phone
        return VisitorDraft(
            **values,
            visitor_class=self.class_box.currentData(),
            consents=frozenset(c for c, box in self.consents.items() if box.isChecked()),
        )

    def _show_problems(self, problems: list[FieldProblem]) -> None:
        by_field: dict[str, list[str]] = {}
        for problem in problems:
            by_field.setdefault(problem.field, []).append(problem_text(problem))
        for field, label in self.errors.items():
            texts = by_field.get(field)
            label.setText("\n".join(texts or []))
            label.setVisible(bool(texts))

    def _focus_first_problem(self, fields: set[str]) -> None:
        """Put the cursor in the first field (top to bottom) with a problem and scroll it, with
        its message, into view."""
        first = next((f for f in (*_TEXT_FIELDS, "visitor_class", "consents") if f in fields), None)
        if first is None:
            return
        target: QWidget = (self.inputs[first] if first in self.inputs else self.class_box
                           if first == "visitor_class" else self.consents[Consent.REQUIRED])
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)  # with a focus frame, like a keyboard move
        # The messages just shown must be laid out first, or the scroll aims at where they were.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        self.scroll.ensureWidgetVisible(self._problem_boxes[first], 8, 8)

    # -- saving ---------------------------------------------------------------------------------

    def save(self, allow_duplicate: bool = False) -> str | None:
        draft = self.draft()
        try:
            editing = self.editing_id
            if editing is None:
                result = run_op(self.hub, lambda: reg.register_visitor(self.store, draft, allow_duplicate=allow_duplicate))
            else:
                result = run_op(self.hub, lambda: reg.update_visitor(self.store, editing, draft,
                                                                      allow_duplicate=allow_duplicate))
        except reg.ValidationFailed as failure:
            self._show_problems(failure.problems)
            self._set_feedback(self.tr("Not saved: correct the marked fields."), "error")
            self._focus_first_problem({p.field for p in failure.problems})
            return None
        except reg.DuplicateSuspected as duplicate:
            if self._confirm_duplicate(duplicate.candidates):
                return self.save(allow_duplicate=True)
            self._set_feedback(self.tr("Not saved: a probable duplicate exists."), "error")
            return None
        self._show_problems([])
        warnings = "\n".join(problem_text(w) for w in result.warnings)
        self._set_feedback(self.tr("Saved: %1").replace("%1", draft.name or draft.name_en)
                           + (f"\n{warnings}" if warnings else ""), "saved")
        if self.editing_id is None:
            self.walk_in_registered.emit(result.visitor_id)  # before visitor_saved: the code first
        self.visitor_saved.emit(result.visitor_id)
        if self.editing_id is None:
            saved_feedback = self.feedback.text()
            self.clear()
            self._set_feedback(saved_feedback, "saved")
        return result.visitor_id

    def _confirm_duplicate(self, candidates: list[dict[str, Any]]) -> bool:
        lines = []
        for c in candidates[:5]:
            reasons = [label for key, label in (("same_email", self.tr("same e-mail")),
                                                ("same_phone", self.tr("same phone")),
                                                ("same_person", self.tr("same name and company")))
                       if c.get(key)]
            lines.append(f"• {c['name'] or c['name_en']} ({c['company'] or '-'}): {', '.join(reasons)}")
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Probable duplicate"),
                          self.tr("This visitor may already be registered:") + "\n\n" + "\n".join(lines)
                          + "\n\n" + self.tr("Save as a separate visitor anyway?"),
                          QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel, self)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setObjectName("duplicateDialog")
        return box.exec() == QMessageBox.StandardButton.Save
