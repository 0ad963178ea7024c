"""A walk-in at the coordinator's desk: "this buyer wants to meet that exhibitor now".

Pick the buyer and the exhibitor (type part of a name, company or booth); the box offers at once
the first free table in the slot under way, or in the next slot that has one where both are free
(and an interpreter, when the buyer needs one), and one click places it
(services/consultations/live_board.place_walk_in: a fixed meeting of origin walk_in; a buyer
placed in the slot under way is at the desk, so arrived).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QGroupBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from expo_console.domain.access import Action
from expo_console.gui.hub import Hub
from expo_console.gui.i18n import is_korean
from expo_console.gui.ops import run_op
from expo_console.gui.refusal import refusal_label
from expo_console.gui.role_view import permit
from expo_console.services.consultations import live_board, setup
from expo_console.services.consultations.schedule import ScheduleError
from expo_console.services.store import EventStore


def _searchable(name: str, placeholder: str) -> QComboBox:
    box = QComboBox()
    box.setObjectName(name)
    box.setEditable(True)
    box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    box.lineEdit().setPlaceholderText(placeholder)
    completer = box.completer()
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    return box


class WalkInBox(QGroupBox):
    placed = Signal(str)  # the new meeting's id

    def __init__(self, store: EventStore, hub: Hub, clock: Callable[[], dt.datetime],
                 parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Walk-in"), parent)
        self.setObjectName("walkInBox")
        self.store, self.hub, self.clock = store, hub, clock
        self.offer: live_board.WalkInOffer | None = None
        self.buyer = _searchable("walkInBuyer", self.tr("Buyer: name, company or country"))
        self.exhibitor = _searchable("walkInExhibitor", self.tr("Exhibitor: name or booth"))
        self.offer_label = QLabel()
        self.offer_label.setObjectName("walkInOffer")
        self.offer_label.setWordWrap(True)
        self.problem = refusal_label("walkInProblem")
        self.place_button = QPushButton(self.tr("Place walk-in"))
        self.place_button.setObjectName("placeWalkIn")
        self.place_button.setEnabled(False)
        self.place_button.clicked.connect(self.place)
        self.may_place = permit(self.place_button, store, Action.RECORD_OUTCOMES)
        layout = QVBoxLayout(self)
        for widget in (QLabel(self.tr("This buyer wants to meet that exhibitor now:")), self.buyer, self.exhibitor,
                       self.offer_label, self.problem, self.place_button):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.reload_people()
        for box in (self.buyer, self.exhibitor):
            box.currentIndexChanged.connect(self.refresh_offer)

    def reload_people(self) -> None:
        """The event's buyers and exhibitors (again after the zone's setup changed)."""
        loaded = setup.load(self.store)
        korean = is_korean()
        chosen = (self.buyer.currentData(), self.exhibitor.currentData())
        for box in (self.buyer, self.exhibitor):
            box.blockSignals(True)
            box.clear()
        for b in loaded.buyers:
            name = b.name if korean or not b.name_en else b.name_en
            self.buyer.addItem(" · ".join(p for p in (name, b.company, b.country) if p), b.id)
        for e in loaded.exhibitors:
            name = e.name if korean or not e.name_en else e.name_en
            self.exhibitor.addItem(f"{name} · {e.booth}" if e.booth else name, e.id)
        for box, value in zip((self.buyer, self.exhibitor), chosen, strict=True):
            box.setCurrentIndex(box.findData(value) if value else -1)
            box.blockSignals(False)

    def choose(self, buyer_id: str, exhibitor_id: str) -> None:
        """Pick both (what typing and choosing from the lists does)."""
        self.buyer.setCurrentIndex(self.buyer.findData(buyer_id))
        self.exhibitor.setCurrentIndex(self.exhibitor.findData(exhibitor_id))

    def refresh_offer(self) -> None:
        """The place the walk-in would get now (the board's clock), once both are chosen."""
        self.offer = None
        self.problem.clear()
        self.offer_label.clear()
        buyer, exhibitor = self.buyer.currentData(), self.exhibitor.currentData()
        if buyer and exhibitor:
            try:
                self.offer = live_board.walk_in_offer(self.store, buyer, exhibitor, self.clock())
            except (live_board.NoPlaceToday, ScheduleError) as problem:
                self.problem.setText(self._refusal(problem))
        if self.offer is not None:
            when = f"{self.offer.slot.start:%H:%M}–{self.offer.slot.end:%H:%M}"
            text = (self.tr("Table %1, now (%2)") if self.offer.now else self.tr("Table %1 at %2")) \
                .replace("%1", str(self.offer.table)).replace("%2", when)
            if self.offer.interpreter_id:
                text += " · " + self.tr("with an interpreter")
            self.offer_label.setText(text)
        self.place_button.setEnabled(self.may_place and self.offer is not None)
        self.place_button.setText(self.tr("Place walk-in: %1").replace("%1", self.offer_label.text())
                                  if self.offer is not None else self.tr("Place walk-in"))

    def _refusal(self, problem: Exception) -> str:
        if isinstance(problem, live_board.NoPlaceToday):
            return self.tr("No free table left today for both (or no interpreter free): ask them to come back "
                           "tomorrow, or place the meeting in the schedule.")
        return str(problem)

    def place(self) -> str | None:
        offer = self.offer
        if offer is None:
            return None
        try:
            meeting_id, _change = run_op(self.hub, lambda: live_board.place_walk_in(self.store, offer))
        except ScheduleError as problem:  # taken meanwhile (another desk): offer the next place
            self.refresh_offer()
            self.problem.setText(str(problem))
            return None
        self.buyer.setCurrentIndex(-1)
        self.exhibitor.setCurrentIndex(-1)
        self.placed.emit(meeting_id)
        return meeting_id
