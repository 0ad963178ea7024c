"""The Schedule page: a day's grid of tables × slots, Solve…, and the hand edits with undo.

Keys (while the grid has the focus): arrows move the cursor; Space picks up a meeting, the
arrows carry it, Enter drops it, Escape puts it back; L locks or unlocks; Delete removes;
Ctrl+Z / Ctrl+Shift+Z undo and redo; Ctrl+R solves.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QAction, QColor, QKeySequence, QPainter, QPaintEvent, QPalette, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QSizePolicy,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from expo_console.domain.access import Action
from expo_console.domain.meeting_records import MeetingRecord, MeetingStatus
from expo_console.gui.consultations import names
from expo_console.gui.consultations.grid_model import ScheduleModel
from expo_console.gui.consultations.grid_view import (
    ARRIVED,
    CANCELLED,
    HELD,
    INTERPRETER,
    NO_SHOW,
    SCHEDULED,
    ScheduleView,
)
from expo_console.gui.consultations.names import fill
from expo_console.gui.consultations.schedule_commands import (
    LockCommand,
    MoveCommand,
    RemoveCommand,
    ScheduleEditor,
    command_text,
)
from expo_console.gui.consultations.solve_dialog import SolveOptionsDialog, SolveRun
from expo_console.gui.consultations.solve_summary import SolveSummaryDialog
from expo_console.gui.consultations.zone_data import ZoneData
from expo_console.gui.hub import Hub
from expo_console.gui.role_view import permit
from expo_console.services.changes import MeetingsChanged
from expo_console.services.consultations import schedule
from expo_console.services.consultations.schedule import ScheduleError, SolveReport
from expo_console.services.store import EventStore


class StatusLine(QWidget):
    """The line under the grid: what a drop would do, or why not. Two lines high, always, and
    painted by itself: a drag rewrites it at every cell, and a word-wrapped QLabel measured its
    text and laid the page out again each time (3 ms of a frame's 5)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scheduleStatus")
        self._text, self.refused = "", False
        self.setFixedHeight(self.fontMetrics().lineSpacing() * 2 + 8)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

    def text(self) -> str:
        return self._text

    def say(self, text: str, refused: bool = False) -> None:
        if (text, refused) != (self._text, self.refused):
            self._text, self.refused = text, refused
            self.setToolTip(text)  # the whole of it, should two lines not hold it
            self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setPen(QColor("#c5221f") if self.refused else self.palette().color(QPalette.ColorRole.WindowText))
        painter.drawText(self.rect().adjusted(6, 2, -6, -2), int(Qt.AlignmentFlag.AlignLeft
                         | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap), self._text)


class SchedulePage(QWidget):
    person_requested = Signal(str, str)  # "buyer" or "exhibitor", id: show their meetings
    solved = Signal(object)  # SolveReport, once its summary is shown

    def __init__(self, store: EventStore, hub: Hub, data: ZoneData, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("schedulePage")
        self.store, self.hub, self.data = store, hub, data
        self.model = ScheduleModel(data, self)
        self.view = ScheduleView(self.model)
        self.undo_stack = QUndoStack(self)
        self.editor = ScheduleEditor(store, hub, self)
        self.editor.refused.connect(self._on_refused)
        self.solve_run = SolveRun(self, store, hub)
        self.solve_run.finished.connect(self._on_solved)
        self.solve_run.failed.connect(lambda text: QMessageBox.warning(self, self.tr("Not solved"), text))
        self.summary: SolveSummaryDialog | None = None
        self._build()
        self.view.move_requested.connect(self._on_move_requested)
        self.view.drag_hovered.connect(lambda text, refused: self.say(text, refused=refused))
        self.view.drag_refused.connect(lambda text: self.say(text, refused=True))
        self.view.selectionModel().currentChanged.connect(lambda *_: self._update_actions())

    # -- building ---------------------------------------------------------------------------------

    def _build(self) -> None:
        self.day_box = QComboBox()
        self.day_box.setObjectName("scheduleDay")
        self.day_box.setMinimumContentsLength(16)
        self.day_box.currentIndexChanged.connect(lambda _i: self.show_day())
        self.counts = QLabel()
        self.counts.setObjectName("scheduleCounts")
        self.toolbar = QToolBar()
        self.toolbar.addWidget(QLabel(self.tr("Day") + " "))
        self.toolbar.addWidget(self.day_box)
        self.toolbar.addSeparator()
        self.actions_: dict[str, QAction] = {}
        undo, redo = self._undo_actions()
        for key, action, shortcut, name in (
            ("solve", QAction(self.tr("Solve…"), self), QKeySequence("Ctrl+R"), "solveSchedule"),
            ("undo", undo, QKeySequence.StandardKey.Undo, "undoMeetingEdit"),
            ("redo", redo, QKeySequence("Ctrl+Shift+Z"), "redoMeetingEdit"),
            ("lock", QAction(self.tr("Lock / unlock"), self), QKeySequence(Qt.Key.Key_L), "lockMeeting"),
            ("remove", QAction(self.tr("Remove"), self), QKeySequence.StandardKey.Delete, "removeMeeting"),
        ):
            action.setObjectName(name)
            action.setShortcut(shortcut)
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)
            self.toolbar.addAction(action)
            self.actions_[key] = action
        for key in ("lock", "remove"):  # single keys: only while the grid has the focus, not in a box
            self.actions_[key].setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            self.removeAction(self.actions_[key])
            self.view.addAction(self.actions_[key])
        self.actions_["solve"].setToolTip(self.tr("Solve the schedule for every day or one day (Ctrl+R)"))
        self.actions_["lock"].setToolTip(self.tr("Lock the meeting where it is, so a new solve keeps it there (L)"))
        self.actions_["remove"].setToolTip(self.tr("Take the meeting out of the schedule (Delete; Ctrl+Z puts it back)"))
        self.actions_["solve"].triggered.connect(self.ask_solve)
        self.actions_["lock"].triggered.connect(self.toggle_lock)
        self.actions_["remove"].triggered.connect(self.remove_current)
        self.toolbar.addSeparator()
        self.toolbar.addWidget(self.counts)
        may = self.data.may_plan
        for action in self.actions_.values():
            if permit(action, self.store, Action.PLAN_MEETINGS) and self.store.read_only:
                action.setEnabled(False)  # a read-only file: every edit would be refused
        self.view.editable = may
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._show_menu)

        self.empty_note = QLabel()
        self.empty_note.setObjectName("scheduleEmptyNote")
        self.empty_note.setWordWrap(True)
        self.empty_note.setStyleSheet("QLabel { background: #fef7e0; border: 1px solid #f9ab00; padding: 6px; }")
        self.status = StatusLine()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.toolbar)
        layout.addWidget(self._legend())
        layout.addWidget(self.empty_note)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status)
        self.say("")

    def _undo_actions(self) -> tuple[QAction, QAction]:
        """Undo and redo with short names in the toolbar; what they would undo in the tooltip
        (QUndoStack's own actions put the whole step's text on the button)."""
        stack = self.undo_stack
        undo, redo = QAction(self.tr("Undo"), self), QAction(self.tr("Redo"), self)
        undo.triggered.connect(lambda: self.step(back=True))
        redo.triggered.connect(lambda: self.step(back=False))
        for action, can, text_changed in ((undo, stack.canUndoChanged, stack.undoTextChanged),
                                          (redo, stack.canRedoChanged, stack.redoTextChanged)):
            action.setEnabled(False)
            can.connect(lambda enabled, a=action: a.setEnabled(enabled and self.data.may_plan))
            text_changed.connect(lambda text, a=action: a.setToolTip(text))
        return undo, redo

    def step(self, back: bool) -> None:
        """Undo or redo one step, then show where its meeting is now and say what was done."""
        stack = self.undo_stack
        if not (stack.canUndo() if back else stack.canRedo()):
            return
        text = stack.undoText() if back else stack.redoText()
        stack.undo() if back else stack.redo()
        command = stack.command(stack.index() if back else stack.index() - 1)
        index = self.model.index_of(getattr(command, "meeting_id", "")) if command is not None else None
        if index is not None and index.isValid():
            self.view.setCurrentIndex(index)
        self.say(fill(self.tr("Undone: %1") if back else self.tr("Done again: %1"), text))

    def _legend(self) -> QWidget:
        legend = QWidget()
        row = QHBoxLayout(legend)
        row.setContentsMargins(6, 0, 6, 0)
        card = QLabel(self.tr("Each card: the buyer (bold) above the exhibitor."))
        row.addWidget(card)
        for (background, stripe), text in ((SCHEDULED, self.tr("Scheduled")), (ARRIVED, self.tr("Buyer arrived")),
                                           (HELD, self.tr("Held")), (NO_SHOW, self.tr("No-show")),
                                           (CANCELLED, self.tr("Cancelled"))):
            chip = QLabel(text)
            chip.setStyleSheet(f"QLabel {{ background: {background.name()}; border-left: 4px solid {stripe.name()};"
                               " padding: 1px 6px; }")
            row.addWidget(chip)
        chip = QLabel("ZH")
        chip.setStyleSheet(f"QLabel {{ background: {INTERPRETER.name()}; color: white; font-weight: bold;"
                           " padding: 0 3px; }")
        row.addWidget(chip)
        marks = QLabel(self.tr("interpreter (the buyer's language; red outline: none assigned) · padlock: locked, "
                               "a new solve keeps it"))
        row.addWidget(marks)
        # the texts wrap rather than widen the window (its width is its widest page's: the legend
        # in one line made it 1,595 pixels wide in English)
        for text in (card, marks):
            text.setWordWrap(True)
        row.setStretch(0, 2)
        row.setStretch(row.indexOf(marks), 5)
        return legend

    # -- showing ----------------------------------------------------------------------------------

    def reload(self, forget_steps: bool = False) -> None:
        """The days and the grid read again (after a solve, a setup change, a pull from the hub,
        or on first show). `forget_steps`: the undo steps name meetings a solve replaced."""
        wanted = self.current_day()
        days = self.data.session_days()
        self.day_box.blockSignals(True)
        self.day_box.clear()
        for day in days:
            self.day_box.addItem(names.day_label(day, self.data.setup.days), day)
        if wanted in days:
            self.day_box.setCurrentIndex(days.index(wanted))
        self.day_box.blockSignals(False)
        if forget_steps:
            self.undo_stack.clear()
        self.show_day()

    def current_day(self) -> dt.date | None:
        day = self.day_box.currentData()
        return day if isinstance(day, dt.date) else None

    def show_day(self, day: dt.date | None = None) -> None:
        if day is not None and day in self.data.session_days():
            self.day_box.setCurrentIndex(self.data.session_days().index(day))  # shows it through the signal
            return
        if self.model.drag is not None:
            self.view.cancel_drag()
        day = self.current_day()
        self.model.show_day(day, schedule.meetings(self.store, day=day) if day is not None else [])
        self._show_notes()
        self._update_actions()

    def _show_notes(self) -> None:
        setup = self.data.setup
        note = ""
        if not setup.sessions:
            note = self.tr("No consultation session is set: set each day's hours on the Setup page, then solve.")
        elif not setup.tables:
            note = self.tr("The zone has no tables: place them on the Setup page, then solve.")
        elif not self.model.meetings:
            note = self.tr("No meetings on this day yet: Solve… (Ctrl+R) places the requests.")
        elif self.model.off_grid:
            note = fill(self.tr("%1 meetings of this day are at a time or table the session no longer has (it "
                                "changed after the solve): solve the day again, or see them in the lists."),
                        len(self.model.off_grid))
        self.empty_note.setText(note)
        self.empty_note.setVisible(bool(note))
        meetings = list(self.model.meetings.values())
        self.counts.setText(fill(self.tr("%1 meetings · %2 locked · %3 with an interpreter"), len(meetings),
                                 sum(1 for m in meetings if m.fixed),
                                 sum(1 for m in meetings if m.interpreter_id is not None)))

    def follow(self, change: MeetingsChanged) -> None:
        """The hub's word: a solve or a setup change reloads the day, named meetings are patched."""
        if change.reload or change.setup:
            # another desk's outcome or a pull keeps this desk's steps (a step that no longer
            # applies is refused in words and dropped); new hours or tables do not
            self.reload(forget_steps=change.setup)
            return
        if self.model.drag is not None:
            self.view.cancel_drag()  # what it was checked against changed
        changed: dict[str, MeetingRecord | None] = {}
        for meeting_id in change.meetings:
            try:
                changed[meeting_id] = schedule.meeting(self.store, meeting_id)
            except ScheduleError:
                changed[meeting_id] = None
        self.model.patch(changed)
        self._show_notes()
        self._update_actions()

    def say(self, text: str, refused: bool = False) -> None:
        if not text:
            text = self.tr("Drag a meeting to another time or table (or Space, the arrows, Enter). L locks, Delete "
                           "removes, Ctrl+Z undoes. A red cell says why it cannot go there.")
        self.status.say(text, refused)

    # -- editing ----------------------------------------------------------------------------------

    def current_meeting(self) -> MeetingRecord | None:
        index = self.view.currentIndex()
        return self.model.meeting_at(index.row(), index.column()) if index.isValid() else None

    def _update_actions(self) -> None:
        if not self.data.may_plan:
            return
        meeting = self.current_meeting()
        self.actions_["lock"].setEnabled(meeting is not None)
        self.actions_["remove"].setEnabled(meeting is not None and meeting.status != MeetingStatus.CANCELLED)
        self.actions_["lock"].setText(self.tr("Unlock") if meeting is not None and meeting.fixed else self.tr("Lock"))

    def _on_refused(self, text: str) -> None:
        """The service refused an edit the grid thought possible: the grid was behind the file
        (another desk's edit not heard yet). Show the day as it is, then say why."""
        self.show_day()
        self.say(text, refused=True)

    def _who(self, meeting: MeetingRecord) -> str:
        return names.buyer_label(self.data.setup.buyer_by_id.get(meeting.buyer_id))

    def _on_move_requested(self, meeting_id: str, row: int, column: int) -> None:
        before = self.model.meetings.get(meeting_id)
        if before is None:
            return
        slot, table = self.model.slots[row], self.model.tables[column]
        self.undo_stack.push(MoveCommand(self.editor, before, slot, table, command_text("move", self._who(before))))
        moved = self.model.meetings.get(meeting_id)
        if moved is not None and moved.slot == slot and moved.table == table:
            self.view.setCurrentIndex(self.model.index(row, column))
            self.say(fill(self.tr("Moved to %1, table %2, and locked there. Ctrl+Z puts it back."),
                          names.hhmm(slot.start), table))

    def toggle_lock(self) -> None:
        meeting = self.current_meeting()
        if meeting is None:
            return
        kind = "unlock" if meeting.fixed else "lock"
        self.undo_stack.push(LockCommand(self.editor, meeting.id, not meeting.fixed, command_text(kind, self._who(meeting))))

    def remove_current(self) -> None:
        meeting = self.current_meeting()
        if meeting is None:
            return
        self.undo_stack.push(RemoveCommand(self.editor, meeting, command_text("remove", self._who(meeting))))
        if meeting.id not in self.model.meetings:
            self.say(fill(self.tr("The meeting of %1 is removed. Ctrl+Z puts it back."), self._who(meeting)))

    def _show_menu(self, at: QPoint) -> None:
        index = self.view.indexAt(at)
        meeting = self.model.meeting_at(index.row(), index.column()) if index.isValid() else None
        if meeting is None:
            return
        self.view.setCurrentIndex(index)
        menu = QMenu(self)
        menu.addAction(self.actions_["lock"])
        menu.addAction(self.actions_["remove"])
        menu.addSeparator()
        setup = self.data.setup
        buyer = menu.addAction(fill(self.tr("Meetings of %1"), names.buyer_label(setup.buyer_by_id.get(meeting.buyer_id))))
        buyer.triggered.connect(lambda: self.person_requested.emit("buyer", meeting.buyer_id))
        firm = menu.addAction(fill(self.tr("Meetings of %1"),
                                   names.exhibitor_name(setup.exhibitor_by_id.get(meeting.exhibitor_id))))
        firm.triggered.connect(lambda: self.person_requested.emit("exhibitor", meeting.exhibitor_id))
        menu.exec(self.view.viewport().mapToGlobal(at))

    # -- solving ----------------------------------------------------------------------------------

    def ask_solve(self) -> None:
        if self.solve_run.running or not self.data.may_plan:
            return
        dialog = SolveOptionsDialog(self.data, self.current_day(), self)
        if dialog.exec() != SolveOptionsDialog.DialogCode.Accepted:
            return
        self.solve(dialog.days(), dialog.time_limit())

    def solve(self, days: tuple[dt.date, ...] | None, time_limit: float) -> None:
        self.say(self.tr("Solving…"))
        self.solve_run.start(days, time_limit)

    def _on_solved(self, report: SolveReport) -> None:
        self.undo_stack.clear()  # the solve replaced the meetings the steps name
        self.say(fill(self.tr("Solved: %1 meetings in the schedule."), f"{len(report.solution.meetings):,}"))
        self.summary = SolveSummaryDialog(report, self.data.setup, self)
        self.summary.open()
        self.solved.emit(report)
