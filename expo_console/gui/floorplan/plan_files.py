"""The Export menu of the floor plan: the files that leave the console, and a layout coming back.

Drawing the A3 plan or the directory of a large event takes seconds, so the exports run on the
worker pool (BackgroundOp) on a connection of their own, with a progress dialog, and the window
stays usable. They write nothing to the event, so there is no change to broadcast. Importing a
layout JSON replaces the plan in one transaction: a quick op whose change (reload) redraws this
plan, the dashboard and any other view of the event.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMenu, QMessageBox

from expo_console.domain.floor_plan import PlanError
from expo_console.gui import file_dialogs
from expo_console.gui.file_errors import not_written
from expo_console.gui.ops import BackgroundOp, run_op
from expo_console.gui.workers import Task
from expo_console.services.layout import plan_json, plan_pdf
from expo_console.services.progress import CancelFlag, ProgressCallback
from expo_console.services.store import EventStore, reopen

if TYPE_CHECKING:
    from expo_console.gui.floorplan.workspace import FloorPlanWorkspace

SUGGESTED = {"pdf": ("floor-plan-A3.pdf", "PDF (*.pdf)"), "png": ("floor-plan.png", "PNG (*.png)"),
             "directory": ("exhibitor-directory.pdf", "PDF (*.pdf)"), "json": ("layout.json", "JSON (*.json)")}


def writer(kind: str) -> Callable[[EventStore, Path], None]:
    writers: dict[str, Callable[[EventStore, Path], None]] = {
        "pdf": plan_pdf.write_plan_pdf, "png": plan_pdf.write_plan_png,
        "directory": plan_pdf.write_directory_pdf, "json": plan_json.export_layout}
    return writers[kind]


def write_whole(target: Path, write: Callable[[Path], None], cancel: CancelFlag) -> None:
    """Write NAME.part beside the target, then rename it: a failed or cancelled export leaves no
    half-written file, and a file already there stays as it was until the new one is whole."""
    partial = target.with_name(target.name + ".part")
    try:
        write(partial)
        cancel.raise_if_set()  # the writers cannot stop part-way: Cancel means "do not keep it"
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)


class PlanFiles(QObject):
    def __init__(self, workspace: FloorPlanWorkspace) -> None:
        super().__init__(workspace)
        self.workspace = workspace

    def menu(self) -> QMenu:
        menu = QMenu(self.workspace)
        menu.addAction(self.tr("A3 plan PDF for the venue…"), lambda: self.export("pdf"))
        menu.addAction(self.tr("Plan as PNG…"), lambda: self.export("png"))
        menu.addAction(self.tr("Exhibitor directory PDF…"), lambda: self.export("directory"))
        menu.addAction(self.tr("Layout JSON…"), lambda: self.export("json"))
        menu.addSeparator()
        menu.addAction(self.tr("Import layout JSON…"), self.import_layout)
        return menu

    def export(self, kind: str, path: str | Path | None = None) -> Task | None:
        """Start writing the file; None when the operator cancelled the file dialog."""
        suggested, file_filter = SUGGESTED[kind]
        if not path:
            path = file_dialogs.save_file(self.workspace, self.tr("Export"), file_filter, suggested, kind="plan",
                                          event_file=self.workspace.store.path)
        if not path:
            return None
        target, write, event, hub = Path(path), writer(kind), self.workspace.store, self.workspace.hub

        def work(_progress: ProgressCallback, cancel: CancelFlag) -> None:
            store = reopen(event)  # the worker reads on its own connection, never the GUI thread's
            try:
                write_whole(target, lambda out: write(store, out), cancel)
            finally:
                store.close()

        op = BackgroundOp(self.workspace, hub, work, label=self.tr("Writing %1…").replace("%1", target.name))
        op.on_success(lambda _none: hub.status_message_requested.emit(self.tr("Saved %1").replace("%1", str(target))))
        op.on_failure(lambda error, _trace: self._not_saved(target, error))
        op.on_cancelled(lambda: hub.status_message_requested.emit(
            self.tr("Export cancelled: %1 was not written.").replace("%1", target.name)))
        return op.run()

    def _not_saved(self, target: Path, error: Exception) -> None:
        QMessageBox.warning(self.workspace, self.tr("Export"), not_written(target, error))

    def import_layout(self, path: str | Path | None = None, confirm: bool = True) -> bool:
        if not path:
            path = file_dialogs.open_file(self.workspace, self.tr("Import layout"), "JSON (*.json)", kind="layout")
        if not path:
            return False
        if confirm and QMessageBox.question(
                self.workspace, self.tr("Import layout"),
                self.tr("Replace every booth on the plan with the file's layout? This cannot be undone with "
                        "Ctrl+Z; export the current layout first if you may want it back.")
        ) != QMessageBox.StandardButton.Yes:
            return False
        store, source = self.workspace.store, Path(path)
        try:
            run_op(self.workspace.hub, lambda: plan_json.import_layout(store, source))
        except PlanError as error:
            QMessageBox.warning(self.workspace, self.tr("Floor plan"),
                                f"{error}. {self.tr('Nothing was imported.')}")
            return False
        return True  # the broadcast redraws this plan (and clears its undo steps) like every other view
