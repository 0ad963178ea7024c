"""The zone coordinator's live board (상담 현황판): the slot under way, who should be at which
table, who has arrived, the free tables and slots, and walk-ins placed in a click.

A standalone widget (`LiveBoard(store, hub)`), put into the consultations workspace. It opens on
the slot under way in the event's time zone and follows the clock (a timer moves it on when the
slot changes) until a day or slot is picked to look ahead or back; *Now* returns to the clock.

Keys on the table: A marks the selected meeting's buyer arrived (again: not arrived), N no-show
(again: scheduled), Enter opens its outcome (gui/consultations/outcome_panel.py); on a free
table Enter goes to the walk-in. The zone gate's scans mark arrivals by themselves
(services/consultations/gate.py): the board reads the file again on every change the window
hears of (meetings, check-ins) and on its timer, for other desks' scans.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from expo_console.domain.access import Action
from expo_console.domain.consultations import Slot
from expo_console.domain.meeting_records import MeetingStatus
from expo_console.gui.consultations.board_model import (
    COL_BUYER,
    COL_EXHIBITOR,
    COL_TABLE,
    BoardModel,
)
from expo_console.gui.consultations.outcome_panel import OutcomeDialog
from expo_console.gui.consultations.walk_in import WalkInBox
from expo_console.gui.hub import Hub
from expo_console.gui.ops import run_op
from expo_console.gui.role_view import permit
from expo_console.services.consultations import live_board, outcomes
from expo_console.services.consultations.schedule import ScheduleError
from expo_console.services.store import EventStore

REFRESH_MS = 15_000  # the clock's slot and other desks' scans


class BoardTable(QTableView):
    """The board's table, with the coordinator's keys."""

    def __init__(self, board: LiveBoard) -> None:
        super().__init__()
        self.board = board

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802
        key = event.key()
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            super().keyPressEvent(event)
        elif key == Qt.Key.Key_A:
            self.board.toggle_arrived()
        elif key == Qt.Key.Key_N:
            self.board.toggle_no_show()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.board.open_outcome()
        else:
            super().keyPressEvent(event)


class LiveBoard(QWidget):
    def __init__(self, store: EventStore, hub: Hub, parent: QWidget | None = None, *,
                 clock: Callable[[], dt.datetime] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("liveBoard")
        self.store, self.hub = store, hub
        self.clock = clock or (lambda: dt.datetime.now(dt.UTC))
        self.zone = live_board.event_zone(store)
        self.following = True  # the slot follows the clock until one is picked
        self.shown: live_board.SlotBoard | None = None
        self.outcome_dialog: OutcomeDialog | None = None
        self._build()
        hub.meetings_changed.connect(self._on_meetings_changed)
        hub.visitors_changed.connect(self._on_visitors_changed)  # a scan, here or pulled from the hub
        self.timer = QTimer(self)  # runs while the board is on screen (showEvent, hideEvent)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self._tick)
        self.show_now()

    # -- layout ---------------------------------------------------------------------------------

    def _build(self) -> None:
        self.day_box = QComboBox()
        self.day_box.setObjectName("boardDay")
        self.slot_box = QComboBox()
        self.slot_box.setObjectName("boardSlot")
        self.slot_box.setMinimumContentsLength(14)
        self.now_button = QPushButton(self.tr("Now"))
        self.now_button.setObjectName("boardNow")
        self.now_button.setToolTip(self.tr("Back to the slot under way; the board then follows the clock."))
        self.now_button.clicked.connect(self.show_now)
        self.clock_label = QLabel()
        self.clock_label.setObjectName("boardClock")
        self.day_box.activated.connect(self._on_day_picked)
        self.slot_box.activated.connect(self._on_slot_picked)
        top = QHBoxLayout()
        for label, widget in ((self.tr("Day"), self.day_box), (self.tr("Slot"), self.slot_box)):
            top.addWidget(QLabel(label))
            top.addWidget(widget)
        top.addWidget(self.now_button)
        top.addStretch(1)
        top.addWidget(self.clock_label)
        self.summary = QLabel()
        self.summary.setObjectName("boardSummary")
        self.summary.setStyleSheet("font-size: 13pt; font-weight: bold;")
        self.summary.setWordWrap(True)  # the board never widens a laptop's window
        self.free_later = QLabel()
        self.free_later.setObjectName("boardFreeSlots")
        self.free_later.setWordWrap(True)
        self.model = BoardModel(self.zone, self)
        self.table = BoardTable(self)
        self.table.setObjectName("boardTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        # twenty tables fit on a 768-pixel screen without scrolling
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for column in (COL_BUYER, COL_EXHIBITOR):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_TABLE, QHeaderView.ResizeMode.Fixed)
        self.table.setColumnWidth(COL_TABLE, 56)
        self.table.doubleClicked.connect(lambda _index: self.open_outcome())
        self.arrived_button = QPushButton(self.tr("Arrived (A)"))
        self.arrived_button.setObjectName("markArrived")
        self.no_show_button = QPushButton(self.tr("No-show (N)"))
        self.no_show_button.setObjectName("markNoShow")
        self.outcome_button = QPushButton(self.tr("Outcome… (Enter)"))
        self.outcome_button.setObjectName("openOutcome")
        keys = QHBoxLayout()
        for button, slot in ((self.arrived_button, self.toggle_arrived), (self.no_show_button, self.toggle_no_show),
                             (self.outcome_button, self.open_outcome)):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys stay with the table
            button.clicked.connect(slot)
            keys.addWidget(button)
        keys.addStretch(1)
        self.may_record = all([permit(b, self.store, Action.RECORD_OUTCOMES)
                               for b in (self.arrived_button, self.no_show_button, self.outcome_button)])
        self.walk_in = WalkInBox(self.store, self.hub, self.clock, self)
        self.walk_in.setMaximumWidth(380)
        self.walk_in.setMinimumWidth(300)  # its searches' hints would ask for 460: the board fits 1,000 pixels
        self.walk_in.placed.connect(self.show_meeting)
        left = QVBoxLayout()
        left.addLayout(top)
        left.addWidget(self.summary)
        left.addWidget(self.table, 1)
        left.addLayout(keys)
        left.addWidget(self.free_later)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addWidget(self.walk_in)

    # -- which slot -----------------------------------------------------------------------------

    def now_local(self) -> dt.datetime:
        return live_board.now_local(self.store, self.clock()).replace(tzinfo=None)

    def show_now(self) -> None:
        self.following = True
        slot = live_board.slot_for(self.store, self.clock())
        self.show_slot(slot, follow=True)

    def show_slot(self, slot: Slot | None, *, follow: bool = False) -> None:
        self.following = follow
        slots = live_board.session_slots(self.store)
        self._fill_days(slots, slot)
        if slot is None:
            self.shown = None
            self.model.show((), False)
            self.summary.setText(self.tr("No consultation session is set: set the days' hours in the schedule first."))
            self._update_clock()
            return
        self.shown = live_board.board(self.store, slot)
        self._fill_slots(self.shown)
        now = self.now_local()
        under_way = slot.day == now.date() and slot.start <= now.time() < slot.end
        selected = self.selected_meeting_id()
        self.model.show(self.shown.rows, under_way)
        self._show_summary(self.shown, under_way)
        self._update_clock()
        if selected is not None:
            self.select_meeting(selected)

    def _fill_days(self, slots: tuple[Slot, ...], current: Slot | None) -> None:
        days = sorted({s.day for s in slots})
        self.day_box.blockSignals(True)
        self.day_box.clear()
        for number, day in enumerate(days, 1):
            # ISO text: Qt finds a string among its items' data, not a Python date
            self.day_box.addItem(self.tr("Day %1 · %2").replace("%1", str(number)).replace("%2", f"{day:%m-%d}"),
                                 day.isoformat())
        if current is not None:
            self.day_box.setCurrentIndex(self.day_box.findData(current.day.isoformat()))
        self.day_box.blockSignals(False)

    def _fill_slots(self, shown: live_board.SlotBoard) -> None:
        self.slot_box.blockSignals(True)
        self.slot_box.clear()
        for slot in shown.slots:
            free = shown.free_per_slot.get(slot, 0)
            self.slot_box.addItem(self.tr("%1–%2 · %3 free").replace("%1", f"{slot.start:%H:%M}")
                                  .replace("%2", f"{slot.end:%H:%M}").replace("%3", str(free)), slot)
        self.slot_box.setCurrentIndex(max(0, shown.slots.index(shown.slot) if shown.slot in shown.slots else 0))
        self.slot_box.blockSignals(False)

    def _show_summary(self, shown: live_board.SlotBoard, under_way: bool) -> None:
        live = [m for m in shown.meetings if m.status != MeetingStatus.CANCELLED]
        when = self.tr("Under way") if under_way else self.tr("Slot")
        self.summary.setText(self.tr("%1 %2–%3: %4 meetings · %5 arrived · %6 tables free")
                             .replace("%1", when).replace("%2", f"{shown.slot.start:%H:%M}")
                             .replace("%3", f"{shown.slot.end:%H:%M}").replace("%4", str(len(live)))
                             .replace("%5", str(shown.arrived)).replace("%6", str(len(shown.free_tables))))
        later = [s for s in shown.slots if s > shown.slot and shown.free_per_slot.get(s, 0)]
        self.free_later.setText(self.tr("Free tables later: %1").replace("%1", " · ".join(
            f"{s.start:%H:%M} ({shown.free_per_slot[s]})" for s in later)) if later else self.tr(
            "No free table later this day."))

    def _update_clock(self) -> None:
        now = self.now_local()
        text = self.tr("Now %1 (event time)").replace("%1", f"{now:%H:%M}")
        self.clock_label.setText(text if self.following else text + " · " + self.tr("looking at another slot"))

    def _on_day_picked(self) -> None:
        day = self.day_box.currentData()
        slots = [s for s in live_board.session_slots(self.store) if s.day.isoformat() == day]
        if slots:
            self.show_slot(slots[0])

    def _on_slot_picked(self) -> None:
        slot = self.slot_box.currentData()
        if slot is not None:
            self.show_slot(slot)

    def refresh(self) -> None:
        """Read the slot shown again (or the clock's, when following it)."""
        if self.following:
            self.show_slot(live_board.slot_for(self.store, self.clock()), follow=True)
        elif self.shown is not None:
            self.show_slot(self.shown.slot)

    def _tick(self) -> None:
        self.refresh()
        self.walk_in.refresh_offer()  # the slot under way may have moved on

    def _on_visitors_changed(self, _change: object) -> None:
        self.refresh()

    def _on_meetings_changed(self, change: object) -> None:
        if getattr(change, "setup", False):
            self.walk_in.reload_people()
        self.refresh()

    # -- the coordinator's keys -----------------------------------------------------------------

    def selected_meeting_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        row = self.model.meeting_at(rows[0].row()) if rows else None
        return row.meeting.id if row is not None and row.meeting is not None else None

    def select_meeting(self, meeting_id: str) -> bool:
        row = self.model.row_of(meeting_id)
        if row < 0:
            return False
        self.table.selectionModel().setCurrentIndex(
            self.model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        return True

    def show_meeting(self, meeting_id: str) -> None:
        """Go to a meeting's slot and select it (a walk-in just placed)."""
        row = live_board.row_of(self.store, meeting_id)
        if row.meeting is not None:
            now_slot = live_board.slot_for(self.store, self.clock())
            self.show_slot(row.meeting.slot, follow=row.meeting.slot == now_slot)
            self.select_meeting(meeting_id)
            self.table.setFocus()

    def _selected_record(self):  # type: ignore[no-untyped-def]
        rows = self.table.selectionModel().selectedRows()
        row = self.model.meeting_at(rows[0].row()) if rows else None
        return row.meeting if row is not None and row.meeting is not None else None

    def toggle_arrived(self) -> None:
        record = self._selected_record()
        if record is None or not self.may_record:
            return
        arrived = record.arrived_at is None or record.status == MeetingStatus.NO_SHOW
        self._run(lambda: outcomes.mark_arrived(self.store, record.id, arrived), record.id)

    def toggle_no_show(self) -> None:
        record = self._selected_record()
        if record is None or not self.may_record:
            return
        if record.status == MeetingStatus.NO_SHOW:
            self._run(lambda: outcomes.record_outcome(self.store, record.id,
                                                      outcomes.Outcome(status=MeetingStatus.SCHEDULED)), record.id)
        else:
            self._run(lambda: outcomes.mark_no_show(self.store, record.id), record.id)

    def _run(self, call: Callable[[], object], meeting_id: str) -> None:
        try:
            run_op(self.hub, call)
        except ScheduleError as problem:  # removed on another desk meanwhile
            self.hub.status_message_requested.emit(str(problem))
        self.refresh()
        self.select_meeting(meeting_id)

    def open_outcome(self) -> None:
        record = self._selected_record()
        if record is None:
            rows = self.table.selectionModel().selectedRows()
            if rows:  # a free table: the walk-in is where it gets a meeting
                self.walk_in.buyer.setFocus()
            return
        if not self.may_record:
            return
        try:
            dialog = OutcomeDialog(self.store, self.hub, record.id, self)
        except ScheduleError as problem:  # removed on another desk meanwhile
            self.hub.status_message_requested.emit(str(problem))
            self.refresh()
            return
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: self._outcome_closed(record.id))
        self.outcome_dialog = dialog
        dialog.open()

    def _outcome_closed(self, meeting_id: str) -> None:
        self.outcome_dialog = None
        self.select_meeting(meeting_id)
        self.table.setFocus()

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802
        super().showEvent(event)
        if not self.timer.isActive():
            self.timer.start()
            self.refresh()  # what changed while it was hidden (another tab, another desk)

    def hideEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802
        super().hideEvent(event)
        self.timer.stop()  # a board nobody sees reads nothing (nor a file closed meanwhile)

    def stop(self) -> None:
        """The window closes or shows another file: no timer reads the file any more."""
        self.timer.stop()
