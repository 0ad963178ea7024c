"""The page around a slot grid: a day selector, the toolbar, a legend, the grid, a status line.

Keys (while the grid has the focus): arrows move the cursor; Space picks up an item, the arrows
carry it, Enter drops it, Escape puts it back; L locks or unlocks; Delete removes; Ctrl+Z /
Ctrl+Shift+Z undo and redo; Ctrl+R solves. A page for one kind of item (consultation meetings,
studio bookings) subclasses this, hands it the grid's model (over its ItemLook) and the service
calls behind the edits, and says what is its own: how a day is read, its sentences, its legend
and notes, and its Solve…. The subclass calls build() once its own fields are set.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, Generic

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from expo_console.domain.access import Action
from expo_console.domain.consultations import Slot
from expo_console.gui.hub import Hub
from expo_console.gui.labels import fill, hhmm
from expo_console.gui.role_view import permit
from expo_console.gui.slot_grid.commands import (
    GridEditor,
    GridWrites,
    LockCommand,
    MoveCommand,
    Place,
    RemoveCommand,
)
from expo_console.gui.slot_grid.delegate import CELL_HEIGHT, CELL_WIDTH
from expo_console.gui.slot_grid.look import Item
from expo_console.gui.slot_grid.model import SlotGridModel
from expo_console.gui.slot_grid.solve import SolveCall, SolveOptionsDialog, SolveRun, SolveTerms
from expo_console.gui.slot_grid.status_line import StatusLine
from expo_console.gui.slot_grid.view import SlotGridView
from expo_console.services.store import EventStore


class SlotGridPage(QWidget, Generic[Item]):
    noun = "Item"  # in the actions' object names: lockItem, undoItemEdit
    solve_name = "solveSchedule"
    plan_action = Action.PLAN_MEETINGS

    def __init__(self, store: EventStore, hub: Hub, model: SlotGridModel[Item], writes: GridWrites[Item],
                 parent: QWidget | None = None, cell: tuple[int, int] = (CELL_WIDTH, CELL_HEIGHT)) -> None:
        super().__init__(parent)
        self.store, self.hub = store, hub
        self.model = model
        model.setParent(self)
        self.view = SlotGridView(model, cell)
        self.undo_stack = QUndoStack(self)
        self.editor: GridEditor[Item] = GridEditor(hub, writes, self)
        self.editor.refused.connect(self._on_refused)

    # -- what a page of one kind says (subclasses) ----------------------------------------------

    @property
    def may_plan(self) -> bool:
        raise NotImplementedError

    def days(self) -> tuple[dt.date, ...]:
        raise NotImplementedError

    def day_text(self, day: dt.date) -> str:
        raise NotImplementedError

    def load_day(self, day: dt.date | None) -> tuple[tuple[Slot, ...], tuple[int, ...], list[Item]]:
        """The day's slots, the columns and the day's items."""
        raise NotImplementedError

    def fetch(self, item_id: str) -> Item | None:
        """One item as the file has it now; None when it is gone."""
        raise NotImplementedError

    def words(self) -> dict[str, str]:
        """The sentences that name the item: hint, lock_tip, remove_tip, solve_tip, moved (%1 the
        time, %2 the column's number, %3 its title), removed (%1 who), and move, lock, unlock,
        remove (the undo steps, %1 who)."""
        raise NotImplementedError

    def who(self, item: Item) -> str:
        raise NotImplementedError

    def legend(self) -> QWidget:
        raise NotImplementedError

    def notes(self) -> tuple[str, str]:
        """The note over the grid ('' for none) and the counts in the toolbar, for the day shown."""
        raise NotImplementedError

    def solve_call(self) -> SolveCall:
        """The service call Solve… runs on the worker."""
        raise NotImplementedError

    def solve_terms(self) -> SolveTerms:
        raise NotImplementedError

    def on_solved(self, report: Any) -> None:
        """The solve's report, on the window's thread; the grid has followed the hub already."""
        raise NotImplementedError

    def add_menu_items(self, menu: QMenu, item: Item) -> None:
        """More of the grid's context menu, after lock and remove."""

    def side_panel(self) -> QWidget | None:
        """A panel beside the grid, at its right (the bookings' waiting list)."""
        return None

    # -- building ---------------------------------------------------------------------------------

    def build(self) -> None:
        words = self.words()
        self.solve_run = SolveRun(self, self.store, self.hub, self.solve_call(), self.solve_terms(),
                                  self.editor.writes.refusal_text)
        self.solve_run.finished.connect(self._on_solved)
        self.solve_run.failed.connect(lambda text: QMessageBox.warning(self, self.tr("Not solved"), text))
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
            ("solve", QAction(self.tr("Solve…"), self), QKeySequence("Ctrl+R"), self.solve_name),
            ("undo", undo, QKeySequence.StandardKey.Undo, f"undo{self.noun}Edit"),
            ("redo", redo, QKeySequence("Ctrl+Shift+Z"), f"redo{self.noun}Edit"),
            ("lock", QAction(self.tr("Lock / unlock"), self), QKeySequence(Qt.Key.Key_L), f"lock{self.noun}"),
            ("remove", QAction(self.tr("Remove"), self), QKeySequence.StandardKey.Delete, f"remove{self.noun}"),
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
        for key in ("solve", "lock", "remove"):
            self.actions_[key].setToolTip(words[f"{key}_tip"])
        self.actions_["solve"].triggered.connect(self.ask_solve)
        self.actions_["lock"].triggered.connect(self.toggle_lock)
        self.actions_["remove"].triggered.connect(self.remove_current)
        self.toolbar.addSeparator()
        self.toolbar.addWidget(self.counts)
        for action in self.actions_.values():
            if permit(action, self.store, self.plan_action) and self.store.read_only:
                action.setEnabled(False)  # a read-only file: every edit would be refused
        self.view.editable = self.may_plan
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._show_menu)
        self.view.move_requested.connect(self._on_move_requested)
        self.view.drag_hovered.connect(lambda text, refused: self.say(text, refused=refused))
        self.view.drag_refused.connect(lambda text: self.say(text, refused=True))
        self.view.selectionModel().currentChanged.connect(lambda *_: self._update_actions())

        self.empty_note = QLabel()
        self.empty_note.setObjectName("scheduleEmptyNote")
        self.empty_note.setWordWrap(True)
        self.empty_note.setStyleSheet("QLabel { background: #fef7e0; border: 1px solid #f9ab00; padding: 6px; }")
        self.status = StatusLine()
        self.grid_layout = QVBoxLayout(self)
        self.grid_layout.setContentsMargins(0, 0, 0, 0)
        self.grid_layout.addWidget(self.toolbar)
        self.grid_layout.addWidget(self.legend())
        self.grid_layout.addWidget(self.empty_note)
        side = self.side_panel()
        if side is None:
            self.grid_layout.addWidget(self.view, 1)
        else:
            row = QHBoxLayout()
            row.addWidget(self.view, 1)
            row.addWidget(side)
            self.grid_layout.addLayout(row, 1)
        self.grid_layout.addWidget(self.status)
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
            can.connect(lambda enabled, a=action: a.setEnabled(enabled and self.may_plan))
            text_changed.connect(lambda text, a=action: a.setToolTip(text))
        return undo, redo

    def step(self, back: bool) -> None:
        """Undo or redo one step, then show where its item is now and say what was done."""
        stack = self.undo_stack
        if not (stack.canUndo() if back else stack.canRedo()):
            return
        text = stack.undoText() if back else stack.redoText()
        stack.undo() if back else stack.redo()
        command = stack.command(stack.index() if back else stack.index() - 1)
        index = self.model.index_of(getattr(command, "item_id", "")) if command is not None else None
        if index is not None and index.isValid():
            self.view.setCurrentIndex(index)
        self.say(fill(self.tr("Undone: %1") if back else self.tr("Done again: %1"), text))

    # -- showing ----------------------------------------------------------------------------------

    def reload(self, forget_steps: bool = False) -> None:
        """The days and the grid read again (after a solve, a setup change, a pull from the hub,
        or on first show). `forget_steps`: the undo steps name items a solve replaced."""
        wanted = self.current_day()
        days = self.days()
        self.day_box.blockSignals(True)
        self.day_box.clear()
        for day in days:
            self.day_box.addItem(self.day_text(day), day)
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
        if day is not None and day in self.days():
            self.day_box.setCurrentIndex(self.days().index(day))  # shows it through the signal
            return
        if self.model.drag is not None:
            self.view.cancel_drag()
        day = self.current_day()
        self.model.show(day, *self.load_day(day))
        self.show_notes()
        self._update_actions()

    def show_notes(self) -> None:
        note, counts = self.notes()
        self.empty_note.setText(note)
        self.empty_note.setVisible(bool(note))
        self.counts.setText(counts)

    def follow_items(self, ids: Iterable[str]) -> None:
        """Items written elsewhere (another view, another desk): only their cells change."""
        if self.model.drag is not None:
            self.view.cancel_drag()  # what it was checked against changed
        self.model.patch({item_id: self.fetch(item_id) for item_id in ids})
        self.show_notes()
        self._update_actions()

    def say(self, text: str, refused: bool = False) -> None:
        self.status.say(text or self.words()["hint"], refused)

    # -- editing ----------------------------------------------------------------------------------

    def current_item(self) -> Item | None:
        index = self.view.currentIndex()
        return self.model.item_at(index.row(), index.column()) if index.isValid() else None

    def _update_actions(self) -> None:
        if not self.may_plan:
            return
        item = self.current_item()
        active = item is not None and self.model.look.active(item)
        fixed = item is not None and self.model.look.fixed(item)
        self.actions_["lock"].setEnabled(item is not None)
        self.actions_["remove"].setEnabled(active)
        self.actions_["lock"].setText(self.tr("Unlock") if fixed else self.tr("Lock"))

    def _on_refused(self, text: str) -> None:
        """The service refused an edit the grid thought possible: the grid was behind the file
        (another desk's edit not heard yet). Show the day as it is, then say why."""
        self.show_day()
        self.say(text, refused=True)

    def _step_text(self, kind: str, item: Item) -> str:
        return self.words()[kind].replace("%1", self.who(item))

    def _on_move_requested(self, item_id: str, row: int, column: int) -> None:
        before = self.model.items.get(item_id)
        if before is None:
            return
        look = self.model.look
        was = Place(*look.place(before), fixed=look.fixed(before))
        to = Place(self.model.slots[row], self.model.columns[column])
        self.undo_stack.push(MoveCommand(self.editor, item_id, was, to, self._step_text("move", before)))
        moved = self.model.items.get(item_id)
        if moved is not None and look.place(moved) == (to.slot, to.column):
            self.view.setCurrentIndex(self.model.index(row, column))
            self.say(fill(self.words()["moved"], hhmm(to.slot.start), to.column, self.model.look.column_title(to.column)))

    def toggle_lock(self) -> None:
        item = self.current_item()
        if item is None:
            return
        fixed = self.model.look.fixed(item)
        text = self._step_text("unlock" if fixed else "lock", item)
        self.undo_stack.push(LockCommand(self.editor, self.model.look.item_id(item), not fixed, text))

    def remove_current(self) -> None:
        item = self.current_item()
        if item is None:
            return
        item_id = self.model.look.item_id(item)
        self.undo_stack.push(RemoveCommand(self.editor, item_id, item, self._step_text("remove", item)))
        if item_id not in self.model.items:
            self.say(fill(self.words()["removed"], self.who(item)))

    def _show_menu(self, at: QPoint) -> None:
        index = self.view.indexAt(at)
        item = self.model.item_at(index.row(), index.column()) if index.isValid() else None
        if item is None:
            return
        self.view.setCurrentIndex(index)
        menu = QMenu(self)
        menu.addAction(self.actions_["lock"])
        menu.addAction(self.actions_["remove"])
        self.add_menu_items(menu, item)
        menu.exec(self.view.viewport().mapToGlobal(at))

    # -- solving ----------------------------------------------------------------------------------

    def ask_solve(self) -> None:
        if self.solve_run.running or not self.may_plan:
            return
        dialog = SolveOptionsDialog(self.days(), self.day_text, self.current_day(), self.solve_terms(), self)
        if dialog.exec() != SolveOptionsDialog.DialogCode.Accepted:
            return
        self.solve(dialog.days(), dialog.time_limit())

    def solve(self, days: tuple[dt.date, ...] | None, time_limit: float) -> None:
        self.say(self.tr("Solving…"))
        self.solve_run.start(days, time_limit)

    def _on_solved(self, report: Any) -> None:
        self.undo_stack.clear()  # the solve replaced the items the steps name
        self.on_solved(report)
