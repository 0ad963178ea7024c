"""The floor-plan workspace: the plan, its tools and the lists beside it.

Keys: Del delete · Ctrl+C/V copy, paste · R rotate · arrows nudge 0.5 m (Shift: 3 m) ·
Ctrl+Z / Ctrl+Shift+Z undo, redo · Ctrl+F find · Ctrl+0 fit · Ctrl+= / Ctrl+- zoom · Ctrl+L lock ·
Insert add booth · Z draw zone · Esc back to selecting. Alt while dragging: no snapping.
"""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt, QTimer
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from expo_console.domain.bookings import BookingKind
from expo_console.domain.floor_plan import Booth, Zone
from expo_console.domain.ids import new_id
from expo_console.domain.layout_geometry import Rect, booth_type
from expo_console.domain.layout_validation import PlanCheck
from expo_console.gui.floorplan.coords import floor_point, scene_rect
from expo_console.gui.floorplan.editor import FloorEditor
from expo_console.gui.floorplan.hall_actions import HallActions
from expo_console.gui.floorplan.items import BoothItem, ZoneItem
from expo_console.gui.floorplan.lease_bar import LeaseBar
from expo_console.gui.floorplan.models import UnplacedExhibitorsModel, ViolationsModel
from expo_console.gui.floorplan.panels import BoothPanel, ZonePanel
from expo_console.gui.floorplan.plan_files import PlanFiles
from expo_console.gui.floorplan.scene import FloorScene
from expo_console.gui.floorplan.tools import PolygonTool, SelectTool
from expo_console.gui.floorplan.view import FloorView
from expo_console.gui.floorplan.zone_marks import ZoneMarks, resource_items, table_items
from expo_console.gui.hub import Hub
from expo_console.services.bookings import setup as booking_setup
from expo_console.services.changes import BookingsChanged, LayoutChanged, MeetingsChanged
from expo_console.services.consultations import setup as consultation_setup
from expo_console.services.layout import floor_plan
from expo_console.services.store import EventStore

NUDGE, BIG_NUDGE = 0.5, 3.0


class FloorPlanWorkspace(QWidget):
    def __init__(self, store: EventStore, hub: Hub) -> None:
        super().__init__()
        self.setObjectName("floorPlanWorkspace")
        self.store = store
        self.hub = hub
        self.scene = FloorScene(self)
        self.view = FloorView(self.scene)
        self.editor = FloorEditor(store, hub, self.scene)
        self.editor.setParent(self)
        self.lease_bar = LeaseBar(store, hub, self)
        self.select_tool = SelectTool(self.editor)
        self.view.set_tool(self.select_tool)
        self.hall_actions = HallActions(self)
        self.plan_files = PlanFiles(self)
        self.unplaced = UnplacedExhibitorsModel()
        self.violations = ViolationsModel()
        self.booth_panel = BoothPanel()
        self.zone_panel = ZonePanel()
        self.find = QLineEdit()
        self.find.setObjectName("floorFind")
        self.find.setPlaceholderText(self.tr("Find booth or exhibitor (Ctrl+F)"))
        self.find.setClearButtonEnabled(True)
        self.find.returnPressed.connect(self._on_find_entered)
        self.find.setMaximumWidth(280)
        self._fitted = False
        self.status = QLabel()
        self.status.setObjectName("floorStatus")
        self.exhibitors: list[floor_plan.Exhibitor] = []
        self.section_names: dict[str, str] = {}
        self._loaded = False  # the plan is read when the tab is first shown, not at every start
        self._build()
        self._connect()

    # --- building ------------------------------------------------------------------------------

    def _action(self, text: str, shortcut: str | QKeySequence | None, slot, checkable: bool = False) -> QAction:  # type: ignore[no-untyped-def]
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setCheckable(checkable)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build(self) -> None:
        # Our own actions, not createUndoAction: its text grows with the step's name ("Undo Move 3
        # booths") and shifts every toolbar button under the mouse. The step goes in the tooltip.
        stack = self.editor.undo_stack
        self.undo_action = self._action(self.tr("Undo"), QKeySequence.StandardKey.Undo, stack.undo)
        self.redo_action = self._action(self.tr("Redo"), "Ctrl+Shift+Z", stack.redo)
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        for action, can_change, text_changed, can in (
                (self.undo_action, stack.canUndoChanged, stack.undoTextChanged, stack.canUndo),
                (self.redo_action, stack.canRedoChanged, stack.redoTextChanged, stack.canRedo)):
            action.setEnabled(can())
            can_change.connect(action.setEnabled)
            text_changed.connect(lambda text, a=action: a.setToolTip(f"{a.text()}: {text}" if text else a.text()))
        toolbar = QToolBar()
        toolbar.setObjectName("floorToolbar")
        toolbar.addAction(self.undo_action)
        toolbar.addAction(self.redo_action)
        toolbar.addSeparator()
        self.add_action = self._action(self.tr("Add booth"), "Insert", self.add_booth_at_centre)
        toolbar.addAction(self.add_action)
        rotate = self._action(self.tr("Rotate"), "R", lambda: self.editor.rotate(self.selected_ids()))
        toolbar.addAction(rotate)
        delete = self._action(self.tr("Delete"), QKeySequence.StandardKey.Delete,
                              lambda: self.editor.delete(self.selected_ids()))
        toolbar.addAction(delete)
        self._action(self.tr("Copy"), QKeySequence.StandardKey.Copy, self.copy)
        paste = self._action(self.tr("Paste"), QKeySequence.StandardKey.Paste, self.paste)
        self._action(self.tr("Select all"), QKeySequence.StandardKey.SelectAll, self.select_all)
        arrange = QMenu(self.tr("Arrange"), self)
        for text, edge in ((self.tr("Align left"), "left"), (self.tr("Align right"), "right"),
                           (self.tr("Align top"), "top"), (self.tr("Align bottom"), "bottom"),
                           (self.tr("Centre horizontally"), "centre_x"), (self.tr("Centre vertically"), "centre_y")):
            arrange.addAction(text, lambda e=edge: self.editor.align(self.selected_ids(), e))
        arrange.addSeparator()
        arrange.addAction(self.tr("Distribute horizontally"), lambda: self.editor.distribute(self.selected_ids(), "x"))
        arrange.addAction(self.tr("Distribute vertically"), lambda: self.editor.distribute(self.selected_ids(), "y"))
        arrange_button = self._menu_button(self.tr("Arrange"), arrange)
        toolbar.addWidget(arrange_button)
        toolbar.addSeparator()
        self.zone_action = self._action(self.tr("Draw zone"), "Z", self.draw_zone)
        toolbar.addAction(self.zone_action)
        toolbar.addWidget(self._menu_button(self.tr("Hall"), self.hall_actions.menu()))
        renumber = self._action(self.tr("Renumber"), None, self.renumber)
        toolbar.addAction(renumber)
        self.lock_action = self._action(self.tr("Lock layout"), "Ctrl+L", self._on_lock_toggled, checkable=True)
        # what another desk's lease makes read-only here (greyed, not only refused when used)
        self._edits: list[QAction | QToolButton] = [self.add_action, rotate, delete, paste, arrange_button,
                                                    self.zone_action, renumber, self.lock_action]
        toolbar.addAction(self.lock_action)
        toolbar.addSeparator()
        toolbar.addAction(self._action(self.tr("Fit"), "Ctrl+0", self.view.fit_hall))
        self._action(self.tr("Zoom in"), QKeySequence.StandardKey.ZoomIn, lambda: self.view.zoom_by(1.25))
        self._action(self.tr("Zoom out"), QKeySequence.StandardKey.ZoomOut, lambda: self.view.zoom_by(0.8))
        self._action(self.tr("Find"), QKeySequence.StandardKey.Find, self._focus_find)
        self._action(self.tr("Select tool"), "Escape", self.select_mode)
        toolbar.addWidget(self._menu_button(self.tr("Export"), self.plan_files.menu()))
        toolbar.addWidget(self.find)

        side = QTabWidget()
        side.setObjectName("floorSide")
        self.unplaced_view = QTableView()
        self.unplaced_view.setObjectName("unplacedExhibitors")
        proxy = QSortFilterProxyModel(self)
        proxy.setSourceModel(self.unplaced)
        self.unplaced_view.setModel(proxy)
        self.unplaced_view.setDragEnabled(True)
        self.unplaced_view.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.unplaced_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.unplaced_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.unplaced_view.setSortingEnabled(True)
        self.unplaced_view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.unplaced_view.verticalHeader().hide()
        hint = QLabel(self.tr("Drag an exhibitor onto a booth to assign it, or onto open floor for a new booth."))
        hint.setWordWrap(True)
        unplaced_page = QWidget()
        unplaced_layout = QVBoxLayout(unplaced_page)
        unplaced_layout.addWidget(hint)
        unplaced_layout.addWidget(self.unplaced_view)
        self.violations_view = QTableView()
        self.violations_view.setObjectName("violations")
        self.violations_view.setModel(self.violations)
        self.violations_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.violations_view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.violations_view.verticalHeader().hide()
        self.violations_view.setWordWrap(True)
        side.addTab(unplaced_page, "")
        side.addTab(self.booth_panel, self.tr("Booth"))
        side.addTab(self.zone_panel, self.tr("Zone"))
        side.addTab(self.violations_view, "")
        self.side = side
        splitter = QSplitter()
        splitter.addWidget(self.view)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([940, 420])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.lease_bar)
        layout.addWidget(toolbar)
        layout.addWidget(splitter, 1)
        footer = QHBoxLayout()
        footer.addWidget(self.status, 1)
        layout.addLayout(footer)

    def _menu_button(self, text: str, menu: QMenu) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setMenu(menu)
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        return button

    def _connect(self) -> None:
        self.scene.selectionChanged.connect(self._on_selection_changed)
        self.scene.plan_checked.connect(self._on_plan_checked)
        self.editor.refused.connect(lambda text: QMessageBox.warning(self, self.tr("Not changed"), text))
        self.editor.background_changed.connect(self.hall_actions.show_background)
        self.editor.undo_stack.indexChanged.connect(lambda _i: self._refresh_lists())
        self.view.exhibitor_dropped.connect(self._on_exhibitor_dropped)
        self.violations_view.clicked.connect(self._on_violation_clicked)
        self.booth_panel.apply_requested.connect(lambda booth: self.editor.edit(booth, self.tr("Edit booth")))
        self.zone_panel.apply_requested.connect(lambda zone: self.editor.put_zone(zone, self.tr("Edit zone")))
        self.zone_panel.delete_requested.connect(self.editor.delete_zone)
        self.hub.layout_changed.connect(self._on_layout_changed)
        self.hub.meetings_changed.connect(self._on_meetings_changed)
        self.hub.bookings_changed.connect(self._on_bookings_changed)
        self.lease_bar.changed.connect(self._on_lease_changed)
        self._on_lease_changed()

    # --- state ----------------------------------------------------------------------------------

    def reload(self) -> None:
        self._loaded = True
        plan = floor_plan.load_plan(self.store)
        exhibitors = self.exhibitors = floor_plan.exhibitors(self.store)
        sections = {code: (name, colour) for code, name, colour in
                    floor_plan.sections(self.store)}
        self.section_names = {code: name for code, (name, _c) in sections.items()}
        self.scene.load(plan, floor_plan.rules(self.store), {e.id: e.name for e in exhibitors},
                        {code: colour for code, (_n, colour) in sections.items()})
        self.booth_panel.set_choices(self.section_names, [(e.id, e.name) for e in exhibitors])
        self.hall_actions.show_background(floor_plan.background(self.store))
        self.consult_tables = ZoneMarks(self.scene)  # scene.load cleared the old ones
        self.consult_tables.show(table_items(consultation_setup.tables(self.store)))
        self.booking_resources = ZoneMarks(self.scene)
        self._show_booking_resources()
        self.editor.undo_stack.clear()
        self._show_lock(self.editor.read_lock())
        self._refresh_lists()
        self.view.fit_hall()

    def _on_layout_changed(self, change: LayoutChanged) -> None:
        """What this editor or any other view changed: a whole new layout (an import) is read
        again; new rules or a lock, made here or in another window, are checked and shown."""
        if not self._loaded:  # the tab has not been shown yet: it reads everything when it is
            return
        if change.reload:
            self.reload()
            return
        if change.rules:
            self.scene.set_rules(floor_plan.rules(self.store))
            self.scene.check_whole_plan()
            self._show_lock(self.editor.read_lock())
            self._on_selection_changed()  # the zone panel's capacity follows the area per person
        self._update_status()

    def _on_meetings_changed(self, change: MeetingsChanged) -> None:
        """The consultation tables placed again (here or pulled from another desk)."""
        if self._loaded and change.setup:
            self.consult_tables.show(table_items(consultation_setup.tables(self.store)))

    def _on_bookings_changed(self, change: BookingsChanged) -> None:
        """The studio's sets or the photo corners placed again."""
        if self._loaded and change.setup:
            self._show_booking_resources()

    def _show_booking_resources(self) -> None:
        self.booking_resources.show(resource_items({kind: booking_setup.resources(self.store, kind)
                                                    for kind in BookingKind}))

    def _refresh_lists(self) -> None:
        if not isValid(self.scene):  # the workspace is being torn down
            return
        placed = {b.exhibitor_id for b in self.scene.booths.values() if b.exhibitor_id}
        rows = [e for e in self.exhibitors if e.id not in placed]
        self.unplaced.set_rows(rows, self.section_names)
        self.side.setTabText(0, self.tr("Unplaced (%1)").replace("%1", str(len(rows))))
        self._on_selection_changed()
        self._update_status()

    def _on_plan_checked(self, check: PlanCheck) -> None:
        self.violations.set_rows(check.violations, self.scene.number_of, self.scene.zone_name)
        self.side.setTabText(3, self.tr("Violations (%1)").replace("%1", str(len(check.violations))))
        self._update_status()

    def _update_status(self) -> None:
        check = self.scene.last_check
        booths = len(self.scene.booths)
        assigned = sum(1 for b in self.scene.booths.values() if b.exhibitor_id)
        parts = [self.tr("%1 booths, %2 assigned").replace("%1", str(booths)).replace("%2", str(assigned))]
        if check is not None:
            parts.append(self.tr("%n violation(s)", "", len(check.violations)) if check.violations
                         else self.tr("no violations"))
            parts.append(self.tr("farthest walk to an exit %1 m").replace("%1", f"{check.worst_egress:.0f}"))
        if self.editor.locked:
            parts.append(self.tr("LOCKED"))
        if self.editor.lease_refusal is not None:
            parts.append(self.tr("READ-ONLY"))
        self.status.setText(" · ".join(parts))

    def _on_lease_changed(self) -> None:
        """Another desk took the plan, or this one did: edits follow (the plan itself comes with sync)."""
        self.editor.lease_refusal = self.lease_bar.refusal()
        for edit in self._edits:
            edit.setEnabled(self.editor.lease_refusal is None)
        self._update_status()

    def _show_lock(self, locked: bool) -> None:
        self.lock_action.setChecked(locked)
        self.lock_action.setText(self.tr("Unlock layout") if locked else self.tr("Lock layout"))
        self._update_status()

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802
        super().showEvent(event)
        self.lease_bar.refresh()  # the file may have joined a hub since (the bar is hidden off a hub)
        if not self._loaded:
            self.reload()
        if not self._fitted:  # the view has its real size only once shown
            self._fitted = True
            QTimer.singleShot(0, self.view.fit_hall)
        if not self.isAncestorOf(QApplication.focusWidget()):
            self.view.setFocus()  # the workspace's shortcuts (Ctrl+F, Ctrl+Z …) work from the first key

    def _on_lock_toggled(self, checked: bool) -> None:
        try:
            self.editor.set_locked(checked)
        finally:  # a refused write leaves the button showing the plan as it is
            self._show_lock(self.editor.locked)

    # --- selection ------------------------------------------------------------------------------

    def selected_ids(self) -> list[str]:
        return [i.booth.id for i in self.scene.selectedItems() if isinstance(i, BoothItem)]

    def _on_selection_changed(self) -> None:
        if not isValid(self.scene):
            return
        ids = self.selected_ids()
        if len(ids) == 1:
            booth = self.scene.booths[ids[0]]
            neighbours = [self.scene.index.rect(i) for i in self.scene.index.near(booth.rect, 0.1) if i != booth.id]
            kind = booth_type(booth.rect, neighbours)
            self.booth_panel.show_booth(booth, self._type_label(kind))
        else:
            self.booth_panel.show_booth(None, count=len(ids))
        zones = [i.zone for i in self.scene.selectedItems() if isinstance(i, ZoneItem)]
        self.zone_panel.show_zone(zones[0] if zones else None, self.scene.rules.area_per_person_m2)
        if zones and not ids:
            self.side.setCurrentWidget(self.zone_panel)

    def _type_label(self, kind: str) -> str:
        return {"inline": self.tr("inline"), "corner": self.tr("corner"), "peninsula": self.tr("peninsula"),
                "island": self.tr("island"), "enclosed": self.tr("enclosed")}[kind]

    def select_ids(self, ids: list[str]) -> None:
        self.scene.clearSelection()
        for booth_id in ids:
            if booth_id in self.scene.booth_items:
                self.scene.booth_items[booth_id].setSelected(True)

    def select_all(self) -> None:
        self.select_ids(list(self.scene.booths))

    # --- verbs ----------------------------------------------------------------------------------

    def add_booth_at_centre(self) -> None:
        x, y = floor_point(self.view.mapToScene(self.view.viewport().rect().center()))
        booth_id = self.editor.add_booth(x, y)
        if booth_id:
            self.select_ids([booth_id])

    def copy(self) -> None:
        count = self.editor.copy(self.selected_ids())
        if count:
            self.hub.status_message_requested.emit(self.tr("%n booth(s) copied", "", count))

    def paste(self) -> None:
        self.select_ids(self.editor.paste())

    def renumber(self) -> None:
        if self.editor.read_only():
            self.editor.can_edit()
            return
        changes = floor_plan.numbering_changes(self.store)
        if not changes:
            QMessageBox.information(self, self.tr("Renumber booths"), self.tr("Every booth already has its number."))
            return
        answer = QMessageBox.question(
            self, self.tr("Renumber booths"),
            self.tr("Give %1 booth(s) new numbers by section and position? Numbers already sent to exhibitors "
                    "will change. (Ctrl+Z undoes it.)").replace("%1", str(len(changes))))
        if answer == QMessageBox.StandardButton.Yes:
            self.editor.renumber()

    def draw_zone(self) -> None:
        if not self.editor.can_edit():
            return
        self.view.set_tool(PolygonTool(self._on_zone_drawn))
        self.hub.status_message_requested.emit(
            self.tr("Click the zone's corners; double-click or Enter to finish, Esc to cancel."))

    def _on_zone_drawn(self, points: list[tuple[float, float]]) -> None:
        self.select_mode()
        zone = Zone(new_id(), self.tr("New zone"), "", "theme", tuple(points), "#00897b")
        self.editor.put_zone(zone, self.tr("Draw zone"))
        item = self.scene.zone_items.get(zone.id)
        if item:
            self.scene.clearSelection()
            item.setSelected(True)
            self.side.setCurrentWidget(self.zone_panel)
            self.zone_panel.name.setFocus()
            self.zone_panel.name.selectAll()

    def select_mode(self) -> None:
        self.view.set_tool(self.select_tool)

    def _focus_find(self) -> None:
        self.find.setFocus()
        self.find.selectAll()

    def _on_find_entered(self) -> None:
        """A booth number, or part of a company's name; the next match on each Enter."""
        wanted = self.find.text().strip().casefold()
        if not wanted:
            return
        names = self.scene.exhibitor_names
        matches = [b for b in sorted(self.scene.booths.values(), key=lambda b: b.number)
                   if wanted == b.number.casefold() or wanted in names.get(b.exhibitor_id or "", "").casefold()
                   or (len(wanted) >= 2 and b.number.casefold().startswith(wanted))]
        if not matches:
            self.hub.status_message_requested.emit(self.tr("No booth or exhibitor matches '%1'").replace("%1", self.find.text()))
            return
        current = self.selected_ids()
        index = next((i + 1 for i, b in enumerate(matches) if current and b.id == current[0]), 0) % len(matches)
        self.centre_on(matches[index])

    def centre_on(self, booth: Booth) -> None:
        self.select_ids([booth.id])
        self.view.show_area(scene_rect(booth.rect))

    def _on_violation_clicked(self, index) -> None:  # type: ignore[no-untyped-def]
        violation = self.violations.rows[index.row()]
        if violation.booths:
            self.select_ids(list(violation.booths))
        self.view.show_area(scene_rect(Rect(violation.at[0] - 1, violation.at[1] - 1, 2, 2)))

    def _on_exhibitor_dropped(self, exhibitor_id: str, section: str, booth_id: str | None,
                              where: tuple[float, float]) -> None:
        if booth_id:
            self.editor.assign(booth_id, exhibitor_id, section or None)
            self.select_ids([booth_id])
        else:
            new = self.editor.add_booth(where[0], where[1], section or None, exhibitor_id)
            if new:
                self.select_ids([new])

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        steps = {Qt.Key.Key_Left: (-1, 0), Qt.Key.Key_Right: (1, 0), Qt.Key.Key_Up: (0, 1), Qt.Key.Key_Down: (0, -1)}
        ids = self.selected_ids()
        if event.key() in steps and ids and not self.find.hasFocus():
            size = BIG_NUDGE if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else NUDGE
            dx, dy = steps[Qt.Key(event.key())]
            self.editor.nudge(ids, dx * size, dy * size)
            return
        super().keyPressEvent(event)
