"""The Setup page's small forms: an interpreter, a buyer's and an exhibitor's consultation
details, a request entered at the desk.

Each form writes through its service when OK is pressed; a refusal (a language code that is not
one, no seat) is shown in the form, which stays open to be corrected.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from expo_console.gui.consultations import names
from expo_console.gui.consultations.service_text import refusal_text
from expo_console.gui.consultations.zone_data import ZoneData
from expo_console.gui.hub import Hub
from expo_console.gui.ops import run_op
from expo_console.services.access import AccessDenied
from expo_console.services.consultations import setup
from expo_console.services.consultations.setup import BuyerInfo, ExhibitorInfo, InterpreterInfo
from expo_console.services.store import EventFileError

KNOWN_LANGUAGES = ("ko", "en", "zh", "ja", "vi", "th", "id", "ms", "ru", "mn", "ar", "fr", "de", "es", "pt")


class Checks(QWidget):
    """A row of checkboxes, one per choice (days, sectors)."""

    def __init__(self, choices: Iterable[tuple[object, str]], chosen: Iterable[object], name: str) -> None:
        super().__init__()
        self.setObjectName(name)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        picked = set(chosen)
        self.boxes: list[tuple[object, QCheckBox]] = []
        for value, label in choices:
            box = QCheckBox(label)
            box.setChecked(value in picked)
            row.addWidget(box)
            self.boxes.append((value, box))
        row.addStretch(1)

    def chosen(self) -> list[object]:
        return [value for value, box in self.boxes if box.isChecked()]


class SetupForm(QDialog):
    """A form whose OK writes through a service and stays open on a refusal."""

    write: Callable[[], object]  # each form's own: the service call its OK makes

    def __init__(self, hub: Hub, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hub = hub
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.error = QLabel()
        self.error.setObjectName("formError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("QLabel { color: #c5221f; }")
        self.error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        self.heading = QLabel(title)  # who is edited, also where no title bar shows it
        self.heading.setStyleSheet("font-weight: bold")
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    def _save(self) -> None:
        try:
            run_op(self.hub, self.write)
        except (ValueError, AccessDenied, EventFileError) as error:  # SetupError and ScheduleError are ValueErrors
            self.error.setText(refusal_text(error))
            self.error.show()
            return
        self.accept()


def day_checks(data: ZoneData, chosen: Iterable[dt.date]) -> Checks:
    days = data.setup.days
    return Checks([(d, names.day_label(d, days)) for d in days], chosen, "dayChecks")


def chosen_days(checks: Checks, data: ZoneData) -> list[dt.date]:
    """The days ticked; all of them or none means every day (stored as no days: every day)."""
    days = [d for d in checks.chosen() if isinstance(d, dt.date)]
    return [] if len(days) in (0, len(data.setup.days)) else days


class InterpreterForm(SetupForm):
    def __init__(self, hub: Hub, data: ZoneData, interpreter: InterpreterInfo | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(hub, self.tr("Interpreter") if interpreter else self.tr("New interpreter"), parent)
        self.setObjectName("interpreterForm")
        self.data, self.interpreter = data, interpreter
        self.name = QLineEdit(interpreter.name if interpreter else "")
        self.name.setObjectName("interpreterName")
        self.languages = QLineEdit(", ".join(interpreter.languages) if interpreter else "")
        self.languages.setObjectName("interpreterLanguages")
        self.languages.setPlaceholderText(self.tr("language codes, e.g. zh, ja, vi"))
        self.days = day_checks(data, interpreter.days if interpreter else data.setup.days)
        self.form.addRow(self.tr("Name *"), self.name)
        self.form.addRow(self.tr("Languages *"), self.languages)
        self.form.addRow("", QLabel(self.tr("Besides Korean: the buyers' languages they interpret.")))
        self.form.addRow(self.tr("Days"), self.days)

    def write(self) -> object:
        languages = [part.strip() for part in self.languages.text().replace(";", ",").split(",")]
        _id, change = setup.put_interpreter(self.data.store, self.name.text(), languages,
                                            chosen_days(self.days, self.data),
                                            self.interpreter.id if self.interpreter else None)
        return change


class BuyerForm(SetupForm):
    def __init__(self, hub: Hub, data: ZoneData, buyer: BuyerInfo, parent: QWidget | None = None) -> None:
        super().__init__(hub, names.buyer_label(buyer), parent)
        self.setObjectName("buyerForm")
        self.data, self.buyer = data, buyer
        self.language = QComboBox()
        self.language.setObjectName("buyerLanguage")
        self.language.setEditable(True)
        for code in KNOWN_LANGUAGES:
            self.language.addItem(f"{code} · {names.language_name(code)}", code)
        found = self.language.findData(buyer.language)
        if found >= 0:
            self.language.setCurrentIndex(found)
        else:
            self.language.setEditText(buyer.language)
        sectors = names.sectors(data.setup)
        self.categories = Checks(list(sectors.items()), buyer.categories, "categoryChecks")
        self.days = day_checks(data, buyer.days)
        self.form.addRow(self.tr("Country"), QLabel(buyer.country or "—"))
        self.form.addRow(self.tr("Language"), self.language)
        self.form.addRow("", QLabel(self.tr("Korean and English need no interpreter; other languages do.")))
        self.form.addRow(self.tr("Sources"), self.categories)
        self.form.addRow(self.tr("Attends"), self.days)

    def write(self) -> object:
        text = self.language.currentText()
        code = self.language.currentData() if text == self.language.itemText(self.language.currentIndex()) else None
        return setup.set_buyer(self.data.store, self.buyer.id, language=code or text.split("·")[0].strip(),
                               categories=[c for c in self.categories.chosen() if isinstance(c, str)],
                               days=chosen_days(self.days, self.data))


class ExhibitorForm(SetupForm):
    def __init__(self, hub: Hub, data: ZoneData, exhibitor: ExhibitorInfo, parent: QWidget | None = None) -> None:
        super().__init__(hub, names.exhibitor_label(exhibitor), parent)
        self.setObjectName("exhibitorForm")
        self.data, self.exhibitor = data, exhibitor
        self.seats = QSpinBox()
        self.seats.setObjectName("exhibitorSeats")
        self.seats.setRange(1, 20)
        self.seats.setValue(exhibitor.seats)
        sectors = names.sectors(data.setup)
        self.categories = Checks(list(sectors.items()), exhibitor.categories, "categoryChecks")
        self.days = day_checks(data, exhibitor.days)
        self.form.addRow(self.tr("Seats"), self.seats)
        self.form.addRow("", QLabel(self.tr("Representatives who can sit at separate tables at the same time.")))
        self.form.addRow(self.tr("Offers"), self.categories)
        self.form.addRow(self.tr("Attends"), self.days)

    def write(self) -> object:
        return setup.set_exhibitor(self.data.store, self.exhibitor.id, seats=self.seats.value(),
                                   categories=[c for c in self.categories.chosen() if isinstance(c, str)],
                                   days=chosen_days(self.days, self.data))


def _searchable(box: QComboBox) -> None:
    """Type part of a name or company and pick it from the list."""
    box.setEditable(True)
    box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    completer = box.completer()
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)


class RequestForm(SetupForm):
    def __init__(self, hub: Hub, data: ZoneData, parent: QWidget | None = None) -> None:
        super().__init__(hub, self.tr("New request"), parent)
        self.setObjectName("requestForm")
        self.data = data
        self.buyer = QComboBox()
        self.buyer.setObjectName("requestBuyer")
        for b in sorted(data.setup.buyers, key=names.buyer_label):
            self.buyer.addItem(f"{names.buyer_label(b)} · {b.country}", b.id)
        self.exhibitor = QComboBox()
        self.exhibitor.setObjectName("requestExhibitor")
        for e in sorted(data.setup.exhibitors, key=names.exhibitor_label):
            self.exhibitor.addItem(names.exhibitor_label(e), e.id)
        for box in (self.buyer, self.exhibitor):
            _searchable(box)
            box.setCurrentIndex(-1)
        self.buyer_rank = self._rank("requestBuyerRank")
        self.exhibitor_rank = self._rank("requestExhibitorRank")
        self.buyer_rank.setValue(1)
        self.form.addRow(self.tr("Buyer *"), self.buyer)
        self.form.addRow(self.tr("Exhibitor *"), self.exhibitor)
        self.form.addRow(self.tr("Buyer's wish"), self.buyer_rank)
        self.form.addRow(self.tr("Exhibitor's wish"), self.exhibitor_rank)
        self.form.addRow("", QLabel(self.tr("1 is the first wish. A request wished by both sides is mutual and "
                                            "placed first.")))

    def _rank(self, name: str) -> QSpinBox:
        box = QSpinBox()
        box.setObjectName(name)
        box.setRange(0, 5)
        box.setSpecialValueText(self.tr("not asked"))
        return box

    def write(self) -> object:
        buyer, exhibitor = self._picked(self.buyer), self._picked(self.exhibitor)
        if buyer is None or exhibitor is None:
            raise ValueError(self.tr("Choose a buyer and an exhibitor from the lists (type part of the name)."))
        if not self.buyer_rank.value() and not self.exhibitor_rank.value():
            raise ValueError(self.tr("Give the buyer's wish, the exhibitor's, or both (1 is the first)."))
        return setup.put_request(self.data.store, buyer, exhibitor, buyer_rank=self.buyer_rank.value() or None,
                                 exhibitor_rank=self.exhibitor_rank.value() or None)

    @staticmethod
    def _picked(box: QComboBox) -> str | None:
        index = box.findText(box.currentText())
        return box.itemData(index) if index >= 0 else None


def open_form(form: SetupForm, done: Callable[[], None] | None = None) -> SetupForm:
    form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if done is not None:
        form.accepted.connect(done)
    form.open()
    return form
