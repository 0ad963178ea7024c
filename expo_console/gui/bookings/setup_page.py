"""The Studio & photos Setup page, for one kind: each day's hours (the consultations' session form,
with the changeover), the sets or corners placed in their zone on the floor plan, and the rules
(at most N per exhibitor, who goes first, what to bring, where to come). A list on the left picks
the section, as on the consultations' Setup page."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from expo_console.domain.access import Action
from expo_console.domain.bookings import KIND_DEFAULTS, Order
from expo_console.domain.floor_plan import Zone
from expo_console.gui.bookings.booking_data import BookingData
from expo_console.gui.bookings.service_text import refusal_text
from expo_console.gui.consultations.names import fill
from expo_console.gui.consultations.session_section import REFUSALS, SessionForm, SessionPlan
from expo_console.gui.hub import Hub
from expo_console.gui.i18n import is_korean
from expo_console.gui.ops import run_op
from expo_console.gui.refusal import REFUSAL_STYLE
from expo_console.gui.role_view import permit
from expo_console.gui.shown_refresh import RefreshedWhenShown
from expo_console.services.bookings import setup
from expo_console.services.bookings.setup import MAX_RESOURCES, Rules
from expo_console.services.layout.floor_plan import load_plan


def _button(text: str, name: str, data: BookingData, slot: Callable[[], object]) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.clicked.connect(lambda: slot())
    if not permit(button, data.store, Action.PLAN_MEETINGS) or data.store.read_only:
        button.setEnabled(False)
    return button


def _say(label: QLabel, text: str, bad: bool = False) -> None:
    label.setText(text)
    label.setStyleSheet(REFUSAL_STYLE if bad else "")


class ResourcesSection(QWidget):
    """How many sets (or corners) and their names, placed in a grid inside the kind's zone."""

    def __init__(self, hub: Hub, data: BookingData, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("resourcesSection")
        self.hub, self.data, self.store = hub, data, data.store
        w = data.words
        self.count = QSpinBox()
        self.count.setObjectName("resourceCount")
        self.count.setRange(1, MAX_RESOURCES)
        self.count.valueChanged.connect(self._show_rows)
        self.names = QTableWidget(0, 1)
        self.names.setObjectName("resourceNames")
        self.names.setHorizontalHeaderLabels([self.tr("Name (printed on the confirmations)")])
        self.names.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.names.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.names.setMaximumWidth(460)
        if not data.may_plan:
            self.names.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            self.count.setEnabled(False)
        self.place = _button(self.tr("Place in the studio zone"), "placeResources", data, self.place_resources)
        self.status = QLabel()
        self.status.setObjectName("resourcesStatus")
        self.status.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(QLabel(fill(self.tr("How many %1"), w.resources.lower() if not is_korean() else w.resources)))
        row.addWidget(self.count)
        row.addWidget(self.place)
        row.addStretch(1)
        box = QGroupBox(fill(self.tr("%1 on the floor plan"), w.resources))
        inner = QVBoxLayout(box)
        inner.addLayout(row)
        inner.addWidget(self.names)
        inner.addWidget(self.status)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(box)
        layout.addStretch(1)

    def _show_rows(self, count: int) -> None:
        """As many name rows as the count; a new row named after the kind ('Set 3')."""
        old = self.names.rowCount()
        self.names.setRowCount(count)
        for row in range(old, count):
            self.names.setItem(row, 0, QTableWidgetItem(f"{self.data.words.resource} {row + 1}"))
        # as tall as its rows (up to eight): the status stays right under them
        shown = min(count, 8)
        self.names.setFixedHeight(self.names.horizontalHeader().sizeHint().height() + 2 * self.names.frameWidth() + 2
                                  + shown * self.names.verticalHeader().defaultSectionSize())

    def zone(self) -> Zone | None:
        zone_id = setup.zone_for(self.store, self.data.kind)
        placed = next((r.zone_id for r in self.data.loaded.resources if r.zone_id), None)
        wanted = placed or zone_id
        return next((z for z in load_plan(self.store).zones if z.id == wanted), None)

    def refresh(self) -> None:
        resources = self.data.loaded.resources
        self.names.setRowCount(0)
        self.count.blockSignals(True)
        self.count.setValue(max(len(resources), 1))
        self.count.blockSignals(False)
        self.names.setRowCount(len(resources))
        for row, resource in enumerate(resources):
            self.names.setItem(row, 0, QTableWidgetItem(resource.name))
        self._show_rows(self.count.value())
        self._show_status()

    def _show_status(self) -> None:
        zone, w = self.zone(), self.data.words
        if zone is None:
            _say(self.status, self.tr("The floor plan has no studio zone. Draw one in the Floor plan workspace (zone "
                                      "kind: Studio), then place them here."), bad=True)
            return
        name = zone.name if is_korean() or not zone.name_en else zone.name_en
        placed = len(self.data.loaded.resources)
        if placed:
            _say(self.status, fill(self.tr("%1 placed in %2, numbered 1 to %3 as the schedule shows them."),
                                   w.resources, name, placed))
        else:
            _say(self.status, fill(self.tr("None placed yet: choose how many, name them and place them in %1."), name),
                 bad=True)

    def typed_names(self) -> list[str]:
        names = []
        for row in range(self.names.rowCount()):
            item = self.names.item(row, 0)
            text = item.text().strip() if item else ""
            names.append(text or f"{self.data.words.resource} {row + 1}")
        return names

    def place_resources(self) -> bool:
        names = self.typed_names()
        try:
            run_op(self.hub, lambda: setup.place_resources(self.store, self.data.kind, names))
        except REFUSALS as error:
            _say(self.status, refusal_text(error), bad=True)
            return False
        return True


class RulesSection(QWidget):
    """At most N per exhibitor, who goes first, and what the confirmations say."""

    def __init__(self, hub: Hub, data: BookingData, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rulesSection")
        self.hub, self.data, self.store = hub, data, data.store
        self.limit = QSpinBox()
        self.limit.setObjectName("maxPerExhibitor")
        self.limit.setRange(1, 20)
        self.order = QComboBox()
        self.order.setObjectName("bookingOrder")
        self.order.addItem(self.tr("By request time (first come, first served)"), Order.REQUEST_TIME.value)
        self.order.addItem(self.tr("By the priority I set (1 first), then request time"), Order.PRIORITY.value)
        self.bring = QLineEdit()
        self.bring.setObjectName("whatToBring")
        self.bring.setPlaceholderText(self.tr("e.g. the products to show, price list, a staff member who presents"))
        self.place = QLineEdit()
        self.place.setObjectName("whereToCome")
        self.place.setPlaceholderText(self.tr("e.g. Hall A, live-commerce studio beside the main stage"))
        for field in (self.limit, self.order, self.bring, self.place):
            field.setEnabled(data.may_plan)
        for field in (self.order, self.bring, self.place):
            field.setMaximumWidth(620)
        self.save_button = _button(self.tr("Save the rules"), "saveBookingRules", data, self.save)
        self.message = QLabel()
        self.message.setObjectName("rulesMessage")
        self.message.setWordWrap(True)
        form = QFormLayout()
        limit_row = QHBoxLayout()
        limit_row.addWidget(self.limit)
        limit_row.addWidget(QLabel(fill(self.tr("%1 at most per exhibitor"), data.words.booking)))
        limit_row.addStretch(1)
        form.addRow(self.tr("Limit"), limit_row)
        form.addRow(self.tr("Who goes first"), self.order)
        form.addRow(self.tr("What to bring"), self.bring)
        form.addRow(self.tr("Where to come"), self.place)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.message, 1)
        box = QGroupBox(self.tr("Rules"))
        inner = QVBoxLayout(box)
        inner.addLayout(form)
        inner.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(box)
        layout.addStretch(1)

    def refresh(self) -> None:
        rules = self.data.loaded.rules
        self.limit.setValue(rules.max_per_exhibitor)
        self.order.setCurrentIndex(max(self.order.findData(rules.order.value), 0))
        self.bring.setText(rules.bring)
        self.place.setText(rules.place)

    def save(self) -> bool:
        rules = Rules(self.limit.value(), Order(self.order.currentData()), self.bring.text(), self.place.text())
        try:
            run_op(self.hub, lambda: setup.set_rules(self.store, self.data.kind, rules))
        except REFUSALS as error:
            _say(self.message, refusal_text(error), bad=True)
            return False
        _say(self.message, self.tr("Saved. A new solve follows the rules; the confirmations print them."))
        return True


class BookingSetupPage(RefreshedWhenShown, QWidget):
    def __init__(self, hub: Hub, data: BookingData, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bookingSetupPage")
        self.hub, self.data = hub, data
        kind, w, store = data.kind, data.words, data.store
        self.sessions = SessionForm(hub, store, SessionPlan(
            days=lambda: data.loaded.days, sessions=lambda: data.loaded.sessions,
            save=lambda session: setup.set_session(store, kind, session),
            remove=lambda day: setup.remove_session(store, kind, day), may_plan=lambda: data.may_plan,
            title=w.session_title, none_text=w.no_session, remove_text=w.remove_session,
            slot_minutes=KIND_DEFAULTS[kind].slot_minutes, gap_minutes=KIND_DEFAULTS[kind].gap_minutes,
            refusal=refusal_text))
        self.sessions.column.addStretch(1)
        self.resources = ResourcesSection(hub, data)
        self.rules = RulesSection(hub, data)
        self.sections = QListWidget()
        self.sections.setObjectName("bookingSetupSections")
        self.sections.setMaximumWidth(190)
        self.stack = QStackedWidget()
        for widget in (self.sessions, self.resources, self.rules):
            self.stack.addWidget(widget)
            self.sections.addItem("")
        self.sections.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.sections.setCurrentRow(0)
        layout = QHBoxLayout(self)
        layout.addWidget(self.sections)
        layout.addWidget(self.stack, 1)
        data.reloaded.connect(self.refresh_when_shown)



    def refresh(self) -> None:
        self._stale = False
        s, w = self.data.loaded, self.data.words
        self.sessions.refresh()
        self.resources.refresh()
        self.rules.refresh()
        for row, text in enumerate((fill(self.tr("Hours (%1 days)"), len(s.sessions)),
                                    f"{w.resources} ({len(s.resources)})", self.tr("Rules"))):
            item = self.sections.item(row)
            item.setText(text)
            item.setData(Qt.ItemDataRole.UserRole, row)
