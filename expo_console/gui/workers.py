"""The one worker helper: long work on QThreadPool with progress, cancel, success and failure.

The work function is Qt-free: `work(progress, cancel)`, where progress(done, total) may be called
from the worker thread and cancel is a services.progress.CancelFlag. Results and errors come back
on the GUI thread through queued signals. Work that writes opens its own connection (SQLite
serialises the writers with BEGIN IMMEDIATE), never the GUI thread's.
"""

from __future__ import annotations

import contextlib
import traceback
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from expo_console.services.progress import CancelFlag, Cancelled, ProgressCallback

Work = Callable[[ProgressCallback, CancelFlag], Any]


class _Signals(QObject):
    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(object, str)
    cancelled = Signal()


class Task(QRunnable):
    """A running piece of work; keep it to cancel it. Signals arrive on the GUI thread."""

    _running: set[Task] = set()  # keeps tasks (and their signal objects) alive until they end

    def __init__(self, work: Work) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.work = work
        self.cancel_flag = CancelFlag()
        self.signals = _Signals()

    def cancel(self) -> None:
        self.cancel_flag.cancel()

    def run(self) -> None:
        # "Signal source has been deleted": the application is closing, and there is no one to tell
        with contextlib.suppress(RuntimeError):
            self._run()

    def _run(self) -> None:
        try:
            result = self.work(self.signals.progressed.emit, self.cancel_flag)
        except Cancelled:
            self.signals.cancelled.emit()
        except Exception as exc:  # every failure reaches the GUI as a message, never a crash
            self.signals.failed.emit(exc, traceback.format_exc())
        else:
            self.signals.succeeded.emit(result)


def run_task(work: Work, *, owner: QObject, on_success: Callable[[Any], None] | None = None,
             on_failure: Callable[[Exception, str], None] | None = None,
             on_progress: Callable[[int, int], None] | None = None,
             on_cancelled: Callable[[], None] | None = None,
             pool: QThreadPool | None = None) -> Task:
    """Run `work` on the pool; the callbacks run on the GUI thread while `owner` lives.

    Work often outlives the widget that started it (a tab closed, a window replaced while a
    report is written): its callbacks would then touch deleted C++ objects and raise. Once the
    owner is gone they are not called; the work itself still finishes (and commits) as it would.
    """
    task = Task(work)
    Task._running.add(task)

    def finish() -> None:
        Task._running.discard(task)

    def while_owned(callback: Callable[..., None]) -> Callable[..., None]:
        def call(*args: Any) -> None:
            if shiboken6.isValid(owner):
                callback(*args)
        return call

    if on_progress is not None:
        task.signals.progressed.connect(while_owned(on_progress))
    if on_success is not None:
        task.signals.succeeded.connect(while_owned(on_success))
    if on_failure is not None:
        task.signals.failed.connect(while_owned(on_failure))
    if on_cancelled is not None:
        task.signals.cancelled.connect(while_owned(on_cancelled))
    for signal in (task.signals.succeeded, task.signals.failed, task.signals.cancelled):
        signal.connect(finish)
    (pool or QThreadPool.globalInstance()).start(task)
    return task
