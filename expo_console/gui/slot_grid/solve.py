"""Solve…: which days and how long, and the solver's progress with Cancel, for any slot grid.

The solve runs on the worker (BackgroundOp) with its own connection. CP-SAT reports each better
schedule from its own threads (cpsat.SolveProgress); a signal carries it to the progress dialog
(a Qt signal emitted from another thread is queued to the window's). Cancel stops the search and
keeps the best schedule found, at least the greedy one the solver starts from. What is solved
(consultation meetings, studio bookings) is the caller's: a `SolveCall` and the words around it;
the summary of what came of it is the caller's too.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

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

from expo_console.gui.hub import Hub
from expo_console.gui.labels import fill
from expo_console.gui.ops import BackgroundOp
from expo_console.services.consultations.cpsat import SolveProgress
from expo_console.services.progress import CancelFlag, ProgressCallback
from expo_console.services.store import EventStore, reopen

Days = tuple[dt.date, ...]


@dataclass(frozen=True)
class SolveTerms:
    """What the dialogs say that names what is solved, in the caller's words (the glossary is
    one English sentence to one Korean: 'Solve the schedule' is the consultations'), and the
    solver's default time limit."""

    title: str  # the options dialog's title: 'Solve the schedule'
    every_day: str  # 'Every day with a session'
    running: str  # the progress dialog's title and the worker's label: 'Solving the schedule'
    headline: str  # what the solver looks for
    note: str  # what a solve keeps and what it replaces
    time_limit: float  # seconds, as the options dialog first offers it
    # the best schedule so far in the solver's own figures (the objective alone is a number only
    # its growth explains): 'fair share 10 · weight 18,853', 'exhibitors served 84 · booked 84'
    best: Callable[[SolveProgress], str] | None = None
# (store, days or None for every day, time limit, the solver's progress, cancel) -> the report
SolveCall = Callable[[EventStore, Days | None, float, Callable[[SolveProgress], None], CancelFlag], Any]


class SolveOptionsDialog(QDialog):
    def __init__(self, days: Days, day_text: Callable[[dt.date], str], day: dt.date | None, words: SolveTerms,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("solveOptions")
        self.setWindowTitle(words.title)
        self.every_day = QRadioButton(words.every_day)
        self.one_day = QRadioButton(self.tr("One day:"))
        group = QButtonGroup(self)
        group.addButton(self.every_day)
        group.addButton(self.one_day)
        self.day_box = QComboBox()
        self.day_box.setObjectName("solveDay")
        for d in days:
            self.day_box.addItem(day_text(d), d)
        if day in days:
            self.day_box.setCurrentIndex(days.index(day))
        self.every_day.setChecked(True)
        self.one_day.setEnabled(bool(days))
        self.day_box.setEnabled(False)
        self.one_day.toggled.connect(self.day_box.setEnabled)
        self.limit = QSpinBox()
        self.limit.setObjectName("solveTimeLimit")
        self.limit.setRange(5, 600)
        self.limit.setValue(int(words.time_limit))
        self.limit.setSuffix(self.tr(" s"))
        kept = QLabel(words.note)
        kept.setWordWrap(True)
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
        layout.addWidget(kept)
        layout.addWidget(buttons)
        self.setMinimumWidth(440)

    def days(self) -> Days | None:
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

    def __init__(self, time_limit: float, words: SolveTerms, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("solveProgress")
        self.setWindowTitle(words.running)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.time_limit = time_limit
        self.best_text = words.best
        self.started = time.monotonic()
        self.headline = QLabel(words.headline)
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
        self.best.setText(self.best_text(progress) if self.best_text else f"{progress.best_objective:,.0f}")

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
    finished = Signal(object)  # what the SolveCall returned (a SolveReport)
    failed = Signal(str)

    def __init__(self, owner: QWidget, store: EventStore, hub: Hub, solve: SolveCall, words: SolveTerms,
                 refusal_text: Callable[[BaseException], str]) -> None:
        super().__init__(owner)
        self.owner, self.store, self.hub = owner, store, hub
        self.solve, self.words, self.refusal_text = solve, words, refusal_text
        self.dialog: SolveProgressDialog | None = None
        self.op: BackgroundOp[Any] | None = None

    @property
    def running(self) -> bool:
        return self.op is not None

    def start(self, days: Days | None, time_limit: float) -> None:
        self.dialog = SolveProgressDialog(time_limit, self.words, self.owner)
        self.progressed.connect(self.dialog.show_progress)
        relay = self._relay()
        store, solve = self.store, self.solve

        def work(_progress: ProgressCallback, cancel: CancelFlag) -> Any:
            own = reopen(store)
            try:
                return solve(own, days, time_limit, relay, cancel)
            finally:
                own.close()

        self.op = (BackgroundOp(self.owner, self.hub, work, label=self.words.running)
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

    def _succeeded(self, report: object) -> None:
        self._close()
        self.finished.emit(report)

    def _failed(self, error: Exception, _details: str) -> None:
        self._close()
        self.failed.emit(self.refusal_text(error))

