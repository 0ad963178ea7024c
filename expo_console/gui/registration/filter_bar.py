"""The registration list's filters: class, company, badge printed, checked in, simulated."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QCompleter, QHBoxLayout, QWidget

from expo_console.domain.visitors import VisitorClass
from expo_console.gui.labels import class_label
from expo_console.services.registration.visitor_index import VisitorFilter, VisitorIndex

_TRI_STATE = (None, True, False)


class VisitorFilterBar(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.class_filter = QComboBox()
        self.class_filter.addItem(self.tr("All classes"), None)
        for cls in VisitorClass:
            self.class_filter.addItem(class_label(cls.value), cls.value)
        self.company_filter = QComboBox()
        self.company_filter.setMinimumContentsLength(14)
        # Thousands of companies: type part of the name and pick it from the completer.
        self.company_filter.setEditable(True)
        self.company_filter.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.company_filter.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        self.company_filter.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.company_filter.lineEdit().textEdited.connect(
            lambda text: self.company_filter.setCurrentIndex(0) if not text.strip() else None)
        self.printed_filter = self._tri_combo(self.tr("Badge: all"), self.tr("Badge printed"), self.tr("Badge not printed"))
        self.checkin_filter = self._tri_combo(self.tr("Check-in: all"), self.tr("Checked in"), self.tr("Not checked in"))
        # visitors a simulated day made up are not the event's people: hidden unless asked for;
        # the choice appears only in an event that has some
        self.simulated_filter = QComboBox()
        self.simulated_filter.setObjectName("simulatedFilter")
        for label, value in ((self.tr("Simulated: hidden"), False), (self.tr("Simulated: shown"), None),
                             (self.tr("Simulated only"), True)):
            self.simulated_filter.addItem(label, value)
        self.simulated_filter.setToolTip(self.tr("Visitors a simulated day made up for the demo or training"))
        self.simulated_filter.hide()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for combo in (self.class_filter, self.company_filter, self.printed_filter, self.checkin_filter,
                      self.simulated_filter):
            combo.currentIndexChanged.connect(self.changed)
            row.addWidget(combo)
        row.addStretch(1)

    def _tri_combo(self, *labels: str) -> QComboBox:
        combo = QComboBox()
        for label, value in zip(labels, _TRI_STATE, strict=True):
            combo.addItem(label, value)
        return combo

    def current(self) -> VisitorFilter:
        return VisitorFilter(visitor_class=self.class_filter.currentData(),
                             company=self.company_filter.currentData(),
                             printed=self.printed_filter.currentData(),
                             checked_in=self.checkin_filter.currentData(),
                             simulated=self.simulated_filter.currentData())

    def index_loaded(self, index: VisitorIndex) -> None:
        """The companies of the event, and the simulated choice only where there are some."""
        self.fill_companies(index)
        if not index.simulated_count():  # none (any more): the default, and no choice to show
            self.simulated_filter.setCurrentIndex(0)
        self.simulated_filter.setVisible(index.simulated_count() > 0)

    def fill_companies(self, index: VisitorIndex) -> None:
        current = self.company_filter.currentData()
        self.company_filter.blockSignals(True)
        self.company_filter.clear()
        self.company_filter.addItem(self.tr("All companies"), None)
        for company in index.companies():
            self.company_filter.addItem(company, company)
        self.company_filter.setCurrentIndex(max(0, self.company_filter.findData(current)))
        self.company_filter.blockSignals(False)
