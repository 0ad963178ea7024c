"""The dashboard's files: the daily PDF report and the per-minute series, written on a worker.

Each is a BackgroundOp, the one way long work runs: it replays the day on its own connection
(the dashboard's own TrafficDay keeps taking scans on the GUI thread meanwhile), so a report
never freezes the window. Its progress goes to the dashboard's bar rather than a dialog: the
figures stay in view and live while it is written. Files write nothing to the event, so there
is no change to broadcast.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox, QProgressBar, QWidget

from expo_console.gui import file_dialogs
from expo_console.gui.file_errors import not_written
from expo_console.gui.hub import Hub
from expo_console.gui.ops import BackgroundOp
from expo_console.gui.workers import Task
from expo_console.services.progress import CancelFlag, ProgressCallback
from expo_console.services.store import EventStore, reopen

Write = Callable[[EventStore, ProgressCallback], object]


class TaskProgress(QProgressBar):
    """The dashboard's one progress bar: hidden unless a replay or a file is being written."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMaximumWidth(200)
        self.hide()

    def busy(self) -> None:
        self.setRange(0, 0)  # no total yet: the bar runs to and fro
        self.show()

    def advance(self, done: int, total: int) -> None:
        self.setRange(0, max(total, 1))
        self.setValue(done)


class DayFiles(QObject):
    def __init__(self, parent: QWidget, store: EventStore, hub: Hub, progress: TaskProgress) -> None:
        super().__init__(parent)
        self.window, self.store, self.hub, self.progress = parent, store, hub, progress

    def save_report(self, day: dt.date, minute: int, path: str | None = None) -> Task | None:
        if not path:
            path = file_dialogs.save_file(self.window, self.tr("Daily report"), self.tr("PDF (*.pdf)"),
                                          f"traffic-{day.isoformat()}.pdf", kind="report", event_file=self.store.path)
        if not path:
            return None
        from expo_console.services.traffic.report import (
            write_day_report,  # reportlab: when asked for
        )

        target = Path(path)
        return self._run(lambda store, progress: write_day_report(store, day, target, minute=minute,
                                                                  progress=progress),
                         target, self.tr("Daily report"), self.tr("Report saved: %1").replace("%1", str(path)))

    def export_series(self, day: dt.date, minute: int, path: str | None = None) -> Task | None:
        if not path:
            path = file_dialogs.save_file(self.window, self.tr("Export series"), self.tr("Excel (*.xlsx);;CSV (*.csv)"),
                                          f"traffic-{day.isoformat()}.xlsx", kind="report",
                                          event_file=self.store.path)
        if not path:
            return None
        from expo_console.services.traffic.export import export_series

        target = Path(path)
        return self._run(lambda store, progress: export_series(store, day, target, minute=minute, progress=progress),
                         target, self.tr("Export series"), self.tr("Series exported: %1").replace("%1", str(path)))

    def _run(self, write: Write, target: Path, label: str, done_message: str) -> Task:
        event = self.store
        self.progress.busy()

        def work(progress: ProgressCallback, _cancel: CancelFlag) -> None:
            store = reopen(event)
            try:
                write(store, progress)
            finally:
                store.close()

        def finished(_result: object) -> None:
            self.progress.hide()
            self.hub.status_message_requested.emit(done_message)

        def failed(error: Exception, _trace: str) -> None:
            self.progress.hide()
            QMessageBox.warning(self.window, self.tr("Not saved"), not_written(target, error))

        return (BackgroundOp(self.window, self.hub, work, label=label).on_progress(self.progress.advance)
                .on_success(finished).on_failure(failed).on_cancelled(self.progress.hide).run())
