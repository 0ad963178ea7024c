"""Solve…: which days and how long, the solver's progress with Cancel, and what came of it.

The solve runs on the worker (BackgroundOp) with its own connection. CP-SAT reports each better
schedule from its own threads; a signal carries it to the progress dialog (a Qt signal emitted
from another thread is queued to the window's). Cancel stops the search and keeps the best
schedule found, at least the by-rank one the solver starts from. The summary says what a person
needs to act on: how many meetings, which requests were left out and why, by name, the fairest
share every exhibitor got, and why the zone cannot hold what was asked, when it cannot.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from expo_console.gui.consultations import names
from expo_console.gui.consultations.names import fill
from expo_console.gui.consultations.service_text import refusal_text
from expo_console.gui.consultations.zone_data import ZoneData
from expo_console.gui.hub import Hub
from expo_console.gui.ops import BackgroundOp
from expo_console.services.consultations import schedule
from expo_console.services.consultations.schedule import SolveReport
from expo_console.services.consultations.solver import DEFAULT_TIME_LIMIT, SolveProgress
from expo_console.services.progress import CancelFlag, ProgressCallback
from expo_console.services.store import EventStore, reopen


class SolveOptionsDialog(QDialog):
    def __init__(self, data: ZoneData, day: dt.date | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("solveOptions")
        self.setWindowTitle(self.tr("Solve the schedule"))
        self.data = data
        self.every_day = QRadioButton(self.tr("Every day with a session"))
        self.one_day = QRadioButton(self.tr("One day:"))
        group = QButtonGroup(self)
        group.addButton(self.every_day)
        group.addButton(self.one_day)
        self.day_box = QComboBox()
        self.day_box.setObjectName("solveDay")
        days = data.session_days()
        for d in days:
            self.day_box.addItem(names.day_label(d, data.setup.days), d)
        if day in days:
            self.day_box.setCurrentIndex(days.index(day))
        self.every_day.setChecked(True)
        self.one_day.setEnabled(bool(days))
        self.day_box.setEnabled(False)
        self.one_day.toggled.connect(self.day_box.setEnabled)
        self.limit = QSpinBox()
        self.limit.setObjectName("solveTimeLimit")
        self.limit.setRange(5, 600)
        self.limit.setValue(int(DEFAULT_TIME_LIMIT))
        self.limit.setSuffix(self.tr(" s"))
        note = QLabel(self.tr("Locked meetings, and meetings with an arrival or an outcome, stay where they are. "
                              "The other meetings of the days solved are replaced by the new schedule."))
        note.setWordWrap(True)
        one = QHBoxLayout()
        one.addWidget(self.one_day)
        one.addWidget(self.day_box, 1)
        form = QFormLayout()
        form.addRow(self.tr("Days"), self.every_day)
        form.addRow("", _wrap(one))
        form.addRow(self.tr("Time limit"), self.limit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        solve = buttons.addButton(self.tr("Solve"), QDialogButtonBox.ButtonRole.AcceptRole)
        solve.setObjectName("startSolve")
        solve.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.setMinimumWidth(440)

    def days(self) -> tuple[dt.date, ...] | None:
        """None: every day with a session."""
        return (self.day_box.currentData(),) if self.one_day.isChecked() and self.day_box.count() else None

    def time_limit(self) -> float:
        return float(self.limit.value())


def _wrap(layout: QHBoxLayout) -> QWidget:
    widget = QWidget()
    layout.setContentsMargins(0, 0, 0, 0)
    widget.setLayout(layout)
    return widget


class SolveProgressDialog(QDialog):
    """Solutions found, the best score so far and the seconds against the limit, with Cancel."""

    cancel_requested = Signal()

    def __init__(self, time_limit: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("solveProgress")
        self.setWindowTitle(self.tr("Solving the schedule"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.time_limit = time_limit
        self.started = time.monotonic()
        self.headline = QLabel(self.tr("Looking for the schedule with the most and best-ranked meetings, and a fair "
                                       "share for every exhibitor…"))
        self.headline.setWordWrap(True)
        self.found = QLabel("0")
        self.found.setObjectName("solutionsFound")
        self.best = QLabel("—")
        self.best.setObjectName("bestObjective")
        self.seconds = QLabel("0")
        self.bar = QProgressBar()
        self.bar.setRange(0, max(int(time_limit * 10), 1))
        self.bar.setTextVisible(False)
        form = QFormLayout()
        form.addRow(self.tr("Schedules found"), self.found)
        form.addRow(self.tr("Best score so far"), self.best)
        form.addRow(self.tr("Seconds"), self.seconds)
        self.cancel_button = QPushButton(self.tr("Stop and keep the best found"))
        self.cancel_button.setObjectName("cancelSolve")
        self.cancel_button.clicked.connect(self._cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addLayout(form)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button, 0, Qt.AlignmentFlag.AlignRight)
        self.setMinimumWidth(460)
        self.clock = QTimer(self)
        self.clock.setInterval(200)
        self.clock.timeout.connect(self._tick)
        self.clock.start()

    def show_progress(self, progress: SolveProgress) -> None:
        self.found.setText(f"{progress.solutions_found:,}")
        self.best.setText(f"{progress.best_objective:,.0f}")

    def _tick(self) -> None:
        elapsed = time.monotonic() - self.started
        self.seconds.setText(fill(self.tr("%1 of at most %2"), f"{elapsed:.0f}", f"{self.time_limit:.0f}"))
        self.bar.setValue(min(int(elapsed * 10), self.bar.maximum()))

    def _cancel(self) -> None:
        self.cancel_button.setEnabled(False)
        self.headline.setText(self.tr("Stopping: the best schedule found so far is kept…"))
        self.cancel_requested.emit()

    def reject(self) -> None:  # Escape or the window's close button: the same as Cancel
        if self.cancel_button.isEnabled():
            self._cancel()

    def finish(self) -> None:
        self.clock.stop()
        self.done(QDialog.DialogCode.Accepted)


class SolveRun(QObject):
    """One solve: the worker, its progress dialog, and the report handed to `finished`."""

    progressed = Signal(object)  # SolveProgress, emitted from CP-SAT's threads
    finished = Signal(object)  # SolveReport
    failed = Signal(str)

    def __init__(self, owner: QWidget, store: EventStore, hub: Hub) -> None:
        super().__init__(owner)
        self.owner, self.store, self.hub = owner, store, hub
        self.dialog: SolveProgressDialog | None = None
        self.op: BackgroundOp[SolveReport] | None = None

    @property
    def running(self) -> bool:
        return self.op is not None

    def start(self, days: tuple[dt.date, ...] | None, time_limit: float) -> None:
        self.dialog = SolveProgressDialog(time_limit, self.owner)
        self.progressed.connect(self.dialog.show_progress)
        relay = self._relay()
        store = self.store

        def work(_progress: ProgressCallback, cancel: CancelFlag) -> SolveReport:
            own = reopen(store)
            try:
                return schedule.solve_schedule(own, days, time_limit=time_limit, progress=relay, cancel=cancel)
            finally:
                own.close()

        self.op = (BackgroundOp(self.owner, self.hub, work, label=self.tr("Solving the schedule"))
                   .on_progress(lambda _done, _total: None)  # the dialog is ours, not the op's
                   .on_success(self._succeeded).on_failure(self._failed))
        self.dialog.cancel_requested.connect(self.op.cancel)
        self.op.run()
        self.dialog.open()

    def _relay(self) -> Callable[[SolveProgress], None]:
        def relay(progress: SolveProgress) -> None:
            # the window closed while the solver still ran: nobody is left to tell
            with contextlib.suppress(RuntimeError):
                self.progressed.emit(progress)
        return relay

    def _close(self) -> None:
        if self.dialog is not None:
            self.dialog.finish()
            self.dialog.deleteLater()
        self.dialog, self.op = None, None

    def _succeeded(self, report: SolveReport) -> None:
        self._close()
        self.finished.emit(report)

    def _failed(self, error: Exception, _details: str) -> None:
        self._close()
        self.failed.emit(refusal_text(error))

