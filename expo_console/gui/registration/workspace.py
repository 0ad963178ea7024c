"""The registration workspace: instant search, filters, the visitor list and the walk-in form."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QSplitter,
    QStyle,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from expo_console.domain.access import Action
from expo_console.domain.badge_code import CODE_DIGITS
from expo_console.gui import file_dialogs
from expo_console.gui.badges.badge_panel import BadgePanel
from expo_console.gui.badges.batch_dialog import BatchPrintDialog
from expo_console.gui.badges.desk_printer import DeskPrinter
from expo_console.gui.hub import Hub
from expo_console.gui.i18n import is_korean
from expo_console.gui.ops import BackgroundOp, run_op
from expo_console.gui.personal_data.person_export import save_persons_data
from expo_console.gui.reason_prompt import ask_reason
from expo_console.gui.registration.filter_bar import VisitorFilterBar
from expo_console.gui.registration.import_dialog import ImportDialog
from expo_console.gui.registration.interrupted_notice import InterruptedImportNotice
from expo_console.gui.registration.visitor_form import VisitorForm
from expo_console.gui.registration.visitor_table_model import (
    COL_EMAIL,
    COL_NAME,
    COL_PHONE,
    VisitorTableModel,
)
from expo_console.gui.role_view import permit
from expo_console.gui.workers import run_task
from expo_console.services.access import allowed
from expo_console.services.badges.codes import BadgeError, issue_badge, verify_code
from expo_console.services.badges.keys import MissingKey
from expo_console.services.changes import VisitorsChanged
from expo_console.services.registration import visitor_index
from expo_console.services.registration import visitors as reg
from expo_console.services.registration.export import export_visitors
from expo_console.services.registration.visitor_index import VisitorIndex
from expo_console.services.store import EventStore, reopen


def load_index(event: EventStore, sort_field: str) -> VisitorIndex:
    """Runs in the worker: read every visitor and build the search index and the list order."""
    store = reopen(event)
    try:
        return visitor_index.build_index(store).prepare(sort_field)
    finally:
        store.close()


class RegistrationWorkspace(QWidget):
    loaded = Signal()

    def __init__(self, store: EventStore, hub: Hub, parent: QWidget | None = None,
                 printer: DeskPrinter | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("registrationWorkspace")
        self.store = store
        self.hub = hub
        self._printer = printer
        self.model = VisitorTableModel(self)
        self.is_loaded = False
        self.scanned_visitor: str | None = None
        self._build()
        hub.visitors_changed.connect(self._on_visitors_changed)
        # An import that ends (here or in a dialog) may have completed an interrupted one.
        hub.visitors_changed.connect(lambda _change: self.interrupted_notice.refresh())
        self.model.results_changed.connect(self._on_results_changed)
        self.interrupted_notice.refresh()
        self.reload()

    # -- layout ---------------------------------------------------------------------------------

    def _build(self) -> None:
        self.search = QLineEdit()
        self.search.setObjectName("visitorSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(self.tr("Search: name, initials (ㄱㄱㅁ), English name, company, e-mail, last 4 phone digits  (Ctrl+F)"))
        self.search.setToolTip(self.search.placeholderText())  # still there while typing
        self.search.textChanged.connect(self._apply_query)
        self.search.returnPressed.connect(self._on_search_entered)

        self.filters = VisitorFilterBar()
        self.filters.changed.connect(self._apply_query)
        self.count_label = QLabel()
        self.count_label.setObjectName("visitorCount")

        self.table = QTableView()
        self.table.setObjectName("visitorTable")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COL_NAME, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        # Narrow enough that the phone column ends inside the list on a 1366-pixel laptop: a
        # revealed number was cut at the list's edge, behind the horizontal scroll bar.
        for column, width in enumerate((90, 120, 150, 60, 90, 125, 200)):
            self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(COL_EMAIL, QHeaderView.ResizeMode.Interactive)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._show_context_menu)

        self.form = VisitorForm(self.store, self.hub)
        self.form.walk_in_registered.connect(self._on_walk_in_registered)
        self.form.visitor_saved.connect(self._on_visitor_saved)
        self.form.walk_in_edited.connect(self._on_walk_in_edited)
        self.badge_panel = BadgePanel(self.store, self.hub, self._printer)
        self.badge_panel.batch_requested.connect(self.open_batch_print)
        self._preview_kept = False  # while the selection is put back after a change made elsewhere
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._on_selection_changed())

        self.toolbar = QToolBar()
        self.actions: dict[str, QAction] = {}
        for key, text, shortcut, slot in (
            ("new", self.tr("New walk-in"), QKeySequence.StandardKey.New, self.new_walk_in),
            ("edit", self.tr("Edit"), QKeySequence(Qt.Key.Key_F2), self.edit_selected),
            ("reveal", self.tr("Show phone"), QKeySequence("Ctrl+Shift+P"), self.reveal_selected_phone),
            ("block", self.tr("Block / unblock"), QKeySequence("Ctrl+B"), self.toggle_block_selected),
            ("delete", self.tr("Delete"), QKeySequence.StandardKey.Delete, self.delete_selected),
            ("person_data", self.tr("Person's data…"), QKeySequence("Ctrl+Shift+D"), self.save_selected_persons_data),
            ("import", self.tr("Import…"), QKeySequence("Ctrl+I"), self.import_file),
            ("export", self.tr("Export…"), QKeySequence("Ctrl+E"), self.export_list),
            ("search", self.tr("Find"), QKeySequence.StandardKey.Find, self.focus_search),
            ("copy", self.tr("Copy rows"), QKeySequence.StandardKey.Copy, self.copy_selected_rows),
            ("print", self.tr("Print badge"), QKeySequence.StandardKey.Print, self.print_selected_badge),
        ):
            action = QAction(text, self)
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.addAction(action)
            if key not in ("search", "copy", "print"):
                self.toolbar.addAction(action)
            self.actions[key] = action
        # a registration desk registers, edits and prints; blocking and deleting are an organizer's
        permit(self.actions["block"], self.store, Action.BLOCK_VISITOR)
        permit(self.actions["delete"], self.store, Action.DELETE_VISITOR)
        # everything held about one person, on their request (issue 21): an organizer's, and audited
        self.actions["person_data"].setObjectName("personDataAction")
        self.actions["person_data"].setEnabled(not self.store.read_only)
        self.actions["person_data"].setToolTip(self.tr("Everything held about the selected visitor, as a PDF for "
                                                       "them or as JSON (Ctrl+Shift+D)"))
        permit(self.actions["person_data"], self.store, Action.PERSON_DATA)
        for key in ("delete", "copy"):  # only while the list has the focus, not in text fields
            self.actions[key].setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            self.removeAction(self.actions[key])
            self.table.addAction(self.actions[key])

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.filters)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.count_label)
        # List, form and badge side by side: on a 1366×768 desk laptop the whole form (its
        # consents, Save and any errors) and the badge with its Print button are all in view;
        # stacked, the form got a third of the height and hid Save and its messages.
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.form)
        splitter.addWidget(self.badge_panel)
        splitter.setChildrenCollapsible(False)
        for pane, stretch in enumerate((1, 0, 0)):  # a wider window widens the list
            splitter.setStretchFactor(pane, stretch)
        splitter.setSizes([760, 360, 260])
        self.interrupted_notice = InterruptedImportNotice(self.store, self.hub)
        self.interrupted_notice.run_again_requested.connect(self.import_file)
        layout = QVBoxLayout(self)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.interrupted_notice)
        # The search has a line of its own, the workspace's width: beside the filters it was cut
        # to "Search: nam…" on a 1366-pixel laptop, and its hint is what tells a new operator
        # that initials and the last phone digits work.
        layout.addWidget(self.search)
        layout.addWidget(splitter, 1)

    # -- loading and refreshing -----------------------------------------------------------------

    def reload(self) -> None:
        """Build the search index from the file in the worker; the list fills when it is ready."""
        self.count_label.setText(self.tr("Loading visitors…"))
        event, sort_field = self.store, self.model.sort_field
        run_task(lambda progress, cancel: load_index(event, sort_field), owner=self, on_success=self._on_index_loaded,
                 on_failure=lambda error, details: self.count_label.setText(str(error)))

    def _on_index_loaded(self, index: VisitorIndex) -> None:
        restore = self._keep_view() if self.is_loaded else None
        self.model.set_index(index)  # searches with the query and filters already set
        if restore is not None:
            restore()
        self.filters.index_loaded(index)
        self._forget_the_gone()
        if not self.is_loaded and self.isVisible() and not self.form.isAncestorOf(self.focusWidget()):
            self.search.setFocus()  # the desk starts by finding a pre-registered visitor (not from a hidden tab)
        self.is_loaded = True
        self.loaded.emit()

    def _forget_the_gone(self) -> None:
        """After a reload, the badge shown and the visitor being edited are let go when they are no
        longer in the file (a purge erased everyone): nothing of them stays on screen."""
        def gone(visitor_id: str | None) -> bool:
            return visitor_id is not None and visitor_index.index_row(self.store, visitor_id) is None
        if gone(self.badge_panel.visitor_id):
            self.badge_panel.show_visitor(None)
        if gone(self.form.editing_id):
            self.form.clear()

    def _let_go_of(self, deleted: tuple[str, ...]) -> None:
        """A visitor deleted (here, or at another desk and pulled from the hub) leaves the badge
        panel and the form: their name, QR and serial stay on screen no longer, and Ctrl+P cannot
        print a badge for someone who is gone. (Rows removed from the list change no selection
        signal, so the panel is not told otherwise.)"""
        if self.badge_panel.visitor_id in deleted:
            self.badge_panel.show_visitor(None)
        if self.form.editing_id in deleted:
            self.form.clear()

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802
        super().showEvent(event)
        if self.is_loaded and not self.isAncestorOf(QApplication.focusWidget()):
            self.search.setFocus()  # back on this tab: the keyboard goes to the search field

    def _apply_query(self) -> None:
        selected = self.selected_visitor_id()
        self.scanned_visitor = self._visitor_of_code(self.search.text().strip())
        self.model.set_pinned(self.scanned_visitor)
        self.model.set_query(self.search.text(), self.filters.current())
        if selected:
            self.select_visitor(selected)

    def _on_results_changed(self, shown: int, total: int) -> None:
        self.count_label.setText(self.tr("%1 shown of %2 visitors").replace("%1", f"{shown:,}").replace("%2", f"{total:,}"))

    def _on_visitors_changed(self, change: VisitorsChanged) -> None:
        if change.reload:
            self.reload()
            return
        restore = self._keep_view(change.upserted + change.deleted)
        rows = [row for row in (visitor_index.index_row(self.store, v) for v in change.upserted) if row is not None]
        self.model.apply(rows, change.deleted)
        restore()
        self._let_go_of(change.deleted)
        companies = self.model.index_data.companies()
        if change.upserted and len(companies) != self.filters.company_filter.count() - 1:
            self.filters.fill_companies(self.model.index_data)  # a new company came in

    # -- selection ------------------------------------------------------------------------------

    def _keep_view(self, concerned: tuple[str, ...] | None = None) -> Callable[[], None]:
        """The selected visitor and the scroll position, to put back once the list was searched
        again: another desk's walk-in (pulled from the hub) must not take the operator's row away.
        The badge preview is drawn again only when the change may concern the visitor it shows
        (`concerned` names the visitors changed; None: any may have)."""
        selected = self.selected_visitor_id()
        scrolled = self.table.verticalScrollBar().value()

        def restore() -> None:
            if selected is None or self.model.row_of(selected) is None:
                return
            self._preview_kept = concerned is not None and selected not in concerned
            try:
                self.select_visitor(selected)
            finally:
                self._preview_kept = False
            self.table.verticalScrollBar().setValue(scrolled)
        return restore

    def _on_selection_changed(self) -> None:
        visitor_id = self.selected_visitor_id()
        if self._preview_kept and visitor_id == self.badge_panel.visitor_id:
            return  # the same visitor, unchanged: its preview stands
        self.badge_panel.show_visitor(visitor_id)

    def selected_visitor_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.visitor_id(rows[0].row()) if rows else None

    def select_visitor(self, visitor_id: str) -> bool:
        row = self.model.row_of(visitor_id)
        if row is None:
            return False
        index = self.model.index(row, 0)
        self.table.selectionModel().select(index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                                           | QItemSelectionModel.SelectionFlag.Rows)
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        return True

    def _visitor_of_code(self, text: str) -> str | None:
        """The visitor whose genuine badge code was scanned into the search (e.g. from their
        confirmation e-mail), or None."""
        if len(text) != CODE_DIGITS or not text.isdigit():
            return None
        try:
            verification = verify_code(self.store, text)
        except MissingKey:
            return None
        return verification.visitor_id if verification.tag_valid else None

    def _on_search_entered(self) -> None:
        if self.scanned_visitor is not None:  # a scanned code: find and print in one action
            self.select_visitor(self.scanned_visitor)
            self.print_selected_badge()
            self.focus_search()
            return
        self._focus_first_result()

    def _focus_first_result(self) -> None:
        if self.model.rowCount():
            self.select_visitor(self.model.visitor_id(0))
            self.table.setFocus()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _require_selection(self) -> str | None:
        visitor_id = self.selected_visitor_id()
        if visitor_id is None:
            self.hub.status_message_requested.emit(self.tr("Select a visitor in the list first."))
        return visitor_id

    def context_menu(self) -> QMenu:
        """The selected visitor's actions, as the toolbar has them (disabled ones say why)."""
        menu = QMenu(self)
        menu.setToolTipsVisible(True)
        for key in ("edit", "print", "reveal", "block", "delete", None, "person_data", None, "copy"):
            if key is None:
                menu.addSeparator()
            else:
                menu.addAction(self.actions[key])
        return menu

    def _show_context_menu(self, position: QPoint) -> None:
        if self.table.indexAt(position).isValid():
            menu = self.context_menu()
            menu.exec(self.table.viewport().mapToGlobal(position))
            menu.deleteLater()

    # -- actions --------------------------------------------------------------------------------

    def save_selected_persons_data(self, path: Path | None = None) -> BackgroundOp[Any] | None:
        """Everything held about the selected visitor, saved for them (PDF) or as JSON."""
        visitor_id = self._require_selection()
        if not visitor_id:
            return None
        return save_persons_data(self, self.store, self.hub, visitor_id, Path(path) if path else None)

    def copy_selected_rows(self) -> None:
        """Selected rows as tab-separated text (phones as shown), ready to paste into Excel."""
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        lines = ["\t".join(str(self.model.data(self.model.index(r, c)) or "")
                           for c in range(self.model.columnCount())) for r in rows]
        QGuiApplication.clipboard().setText("\n".join(lines))

    def new_walk_in(self) -> None:
        self.form.clear()
        self.table.clearSelection()  # the visitor before is done with: no badge shown, none printed

    def _on_walk_in_edited(self) -> None:
        """The badge beside the form is the walk-in being typed, never the visitor selected before
        it; nor does Ctrl+P print that visitor's badge meanwhile."""
        self.table.clearSelection()
        self.badge_panel.show_draft(self.form.draft())

    def edit_selected(self) -> None:
        visitor_id = self._require_selection()
        if visitor_id:
            self.form.load(visitor_id)
            self.form.inputs["name"].setFocus()

    def _on_walk_in_registered(self, visitor_id: str) -> None:
        """A walk-in always gets a badge: issue the code now, so the preview is the exact badge."""
        # Without the key or a serial range the badge panel says what is missing instead.
        with contextlib.suppress(MissingKey, BadgeError):
            run_op(self.hub, lambda: issue_badge(self.store, visitor_id))

    def _on_visitor_saved(self, visitor_id: str) -> None:
        # The walk-in is selected and its badge shown, so Ctrl+P prints it at once.
        if not self.select_visitor(visitor_id):
            self.badge_panel.show_visitor(visitor_id)

    def open_batch_print(self) -> BatchPrintDialog:
        selected = [self.model.visitor_id(i.row()) for i in self.table.selectionModel().selectedRows()]
        dialog = BatchPrintDialog(self.store, self.badge_panel.printer, self.badge_panel.format_id, selected,
                                  self.badge_panel.romanize.isChecked(), self)
        dialog.batch_done.connect(self.badge_panel.refresh_printer)  # the printer the batch used
        dialog.open()
        return dialog

    def print_selected_badge(self) -> None:
        visitor_id = self.selected_visitor_id() or self.badge_panel.visitor_id
        if visitor_id is None:
            self.hub.status_message_requested.emit(self.tr("Select a visitor in the list first."))
            return
        self.badge_panel.show_visitor(visitor_id)
        self.badge_panel.print_badge()

    def reveal_selected_phone(self) -> None:
        visitor_id = self._require_selection()
        if not visitor_id:
            return
        row = reg.get_visitor(self.store, visitor_id)
        reason = ask_reason(self, self.tr("Show phone number"),
                            self.tr("Why is %1's phone number shown? (required, recorded in the audit log)")
                            .replace("%1", row["name"] or row["name_en"]))
        if reason is not None:
            phone = run_op(self.hub, lambda: reg.reveal_phone(self.store, visitor_id, reason))
            self.model.reveal_phone(visitor_id, phone)
            self._show_whole(visitor_id, COL_PHONE, phone)

    def _show_whole(self, visitor_id: str, column: int, text: str) -> None:
        """The cell wide enough for `text` and scrolled into view: a number revealed (and logged)
        is read whole, not up to the list's edge."""
        row = self.model.row_of(visitor_id)
        if row is None:
            return
        padding = 2 * self.table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self.table) + 12
        needed = self.table.fontMetrics().horizontalAdvance(text) + padding
        if self.table.columnWidth(column) < needed:
            self.table.setColumnWidth(column, needed)
        self.table.scrollTo(self.model.index(row, column))

    def toggle_block_selected(self) -> None:
        visitor_id = self._require_selection()
        if not visitor_id:
            return
        row = reg.get_visitor(self.store, visitor_id)
        if row["blocked"]:
            run_op(self.hub, lambda: reg.set_blocked(self.store, visitor_id, False))
        else:
            reason, ok = QInputDialog.getText(self, self.tr("Block visitor"),
                                              self.tr("Why is %1 blocked?").replace("%1", row["name"] or row["name_en"]))
            if not ok:
                return
            run_op(self.hub, lambda: reg.set_blocked(self.store, visitor_id, True, reason))

    def delete_selected(self) -> None:
        visitor_id = self._require_selection()
        if not visitor_id:
            return
        row = reg.get_visitor(self.store, visitor_id)
        answer = QMessageBox.question(
            self, self.tr("Delete visitor"),
            self.tr("Delete %1 (%2)? This cannot be undone; the deletion is logged. Their badge stays known as cancelled and is refused at every gate.")
            .replace("%1", row["name"] or row["name_en"]).replace("%2", row["company"] or "-"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        reason = ask_reason(self, self.tr("Delete visitor"),
                            self.tr("Why is %1 deleted? (required, kept in the access records after they are "
                                    "erased: say why, not who)")
                            .replace("%1", row["name"] or row["name_en"]))
        if reason is not None:
            run_op(self.hub, lambda: reg.delete_visitor(self.store, visitor_id, reason))
            self._let_go_of((visitor_id,))  # whatever the change the op announced said

    def import_file(self, path: str | None = None) -> ImportDialog | None:
        if not path:
            path = file_dialogs.open_file(self, self.tr("Import visitors"),
                                          self.tr("Visitor lists (*.csv *.xlsx *.txt);;All files (*)"), kind="import")
        if not path:
            return None
        dialog = ImportDialog(self.store, self.hub, Path(path), self)
        dialog.open()
        return dialog

    def export_list(self) -> None:
        target = file_dialogs.save_file(self, self.tr("Export visitors"), self.tr("Excel (*.xlsx);;CSV UTF-8 (*.csv)"),
                                        "visitors.xlsx", kind="export", event_file=self.store.path)
        if not target:
            return
        unmask = allowed(self.store, Action.EXPORT_UNMASKED) and QMessageBox.question(
            self, self.tr("Phone numbers"),
            self.tr("Write full phone numbers? Choose No to keep them masked (010-****-5678). Full numbers are logged."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No) == QMessageBox.StandardButton.Yes
        reason = None
        if unmask:
            reason = ask_reason(self, self.tr("Phone numbers"),
                                self.tr("Why are full phone numbers exported? (required, recorded in the audit log)"))
            if reason is None:
                return
        event, language = self.store, "ko" if is_korean() else "en"  # class names as the window shows them

        def work(progress: Any, cancel: Any) -> int:
            store = reopen(event)
            try:
                return export_visitors(store, target, unmask=unmask, language=language, progress=progress,
                                       reason=reason)
            finally:
                store.close()

        def done(count: int) -> None:
            self.hub.status_message_requested.emit(self.tr("%1 visitors exported to %2").replace("%1", f"{count:,}").replace("%2", str(target)))

        # An export with full numbers writes to the audit log: it is an op like any other change.
        (BackgroundOp(self, self.hub, work, label=self.tr("Exporting…"))
         .on_success(done)
         .on_failure(lambda error, _details: QMessageBox.warning(self, self.tr("Export failed"), str(error)))
         .run())
