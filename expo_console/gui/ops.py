"""The one way the GUI changes data: an op runs a service call and broadcasts the change it returns.

Services never talk to views. A call that writes returns a change object (services/changes.py),
alone, in a tuple, or as the `change` of a result; the op hands every one it finds to
`Hub.broadcast`, so the registration list, the floor plan and the dashboard hear of it however
the change was made. A view never builds a change object itself and never emits the hub's
change signals directly.

Two ways to run, as Anki's CollectionOp does:

- `run_op(hub, call)` for a quick call (one transaction, milliseconds): it runs on the GUI
  thread, so the caller handles the service's refusals (a duplicate, a locked plan) in place.
- `BackgroundOp(owner, hub, work, label=...)` for long work (imports, batches, exports): it runs
  on the worker pool with progress and cancel. Without a progress handler of its own it shows
  a progress dialog after a moment. Success, failure and cancel come back on the GUI thread
  while `owner` lives (workers.run_task); the change is broadcast even when the owner is gone,
  because other views still need to hear of it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThreadPool, QTimer
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from expo_console.gui.hub import Hub
from expo_console.gui.workers import Task, Work, run_task
from expo_console.services.changes import CHANGE_TYPES

T = TypeVar("T")
PROGRESS_DELAY_MS = 400  # quick work finishes before a dialog would flash up


def changes_in(result: Any) -> Iterator[object]:
    """Every change object in what a service returned: itself, its `.change` or `.changes` (a
    sync round's pull may concern several kinds of view), or those of a tuple's or list's items
    (one level: (outcomes, change), or a scan's results)."""
    for item in result if isinstance(result, (tuple, list)) else (result,):
        change = item if isinstance(item, CHANGE_TYPES) else getattr(item, "change", None)
        if isinstance(change, CHANGE_TYPES):
            yield change
        yield from (more for more in getattr(item, "changes", ()) if isinstance(more, CHANGE_TYPES))


def broadcast_result(hub: Hub, result: Any) -> None:
    for change in changes_in(result):
        hub.broadcast(change)


def run_op(hub: Hub, call: Callable[[], T]) -> T:
    """Run a quick service call now and broadcast its change. The service's errors reach the
    caller unchanged (nothing was written, so nothing is broadcast)."""
    result = call()
    broadcast_result(hub, result)
    return result


class BackgroundOp(Generic[T]):
    """Long work on the worker pool; build it, chain the handlers, then `run()`.

    `work(progress, cancel)` opens its own connection (storage's reopen) and returns what the
    service returned. `if_cancelled` is the change to broadcast when the work stops part-way
    (codes issued before a cancel stay issued, so the list must still reload). `pool` runs it
    elsewhere than on the shared worker pool (the hub's sync: a hub out of reach holds its thread
    for the connect timeout, and must not hold up the views' loading meanwhile)."""

    def __init__(self, owner: QObject, hub: Hub, work: Callable[..., T], *, label: str = "",
                 if_cancelled: object | None = None, pool: QThreadPool | None = None) -> None:
        self.owner, self.hub, self.work, self.label = owner, hub, work, label
        self.if_cancelled = if_cancelled
        self.pool = pool
        self._success: Callable[[T], None] | None = None
        self._failure: Callable[[Exception, str], None] | None = None
        self._progress: Callable[[int, int], None] | None = None
        self._cancelled: Callable[[], None] | None = None
        self.dialog: QProgressDialog | None = None
        self.task: Task | None = None

    def on_success(self, handler: Callable[[T], None]) -> BackgroundOp[T]:
        self._success = handler
        return self

    def on_failure(self, handler: Callable[[Exception, str], None]) -> BackgroundOp[T]:
        self._failure = handler
        return self

    def on_progress(self, handler: Callable[[int, int], None]) -> BackgroundOp[T]:
        self._progress = handler
        return self

    def on_cancelled(self, handler: Callable[[], None]) -> BackgroundOp[T]:
        self._cancelled = handler
        return self

    def run(self) -> Task:
        work: Work = self.work
        progress = self._progress
        if progress is None and isinstance(self.owner, QWidget):
            progress = self._show_progress_dialog()
        # The broadcast does not depend on the owner: a closed tab's import still changed the list.
        self.task = run_task(work, owner=self.hub, on_success=self._succeeded, on_failure=self._failed,
                             on_cancelled=self._was_cancelled, pool=self.pool)
        if progress is not None:
            self.task.signals.progressed.connect(_while_valid(self.owner, progress))
        return self.task

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def _succeeded(self, result: T) -> None:
        self._close_dialog()
        broadcast_result(self.hub, result)
        if self._success is not None:
            _while_valid(self.owner, self._success)(result)

    def _failed(self, error: Exception, details: str) -> None:
        self._close_dialog()
        if self._failure is not None:
            _while_valid(self.owner, self._failure)(error, details)
        elif isinstance(self.owner, QWidget) and _valid(self.owner):
            QMessageBox.warning(self.owner, self.label or QCoreApplication.translate("BackgroundOp", "Not done"),
                                str(error))

    def _was_cancelled(self) -> None:
        self._close_dialog()
        if self.if_cancelled is not None:
            broadcast_result(self.hub, self.if_cancelled)
        if self._cancelled is not None:
            _while_valid(self.owner, self._cancelled)()

    def _show_progress_dialog(self) -> Callable[[int, int], None]:
        assert isinstance(self.owner, QWidget)
        cancel = QCoreApplication.translate("BackgroundOp", "Cancel")
        dialog = self.dialog = QProgressDialog(self.label, cancel, 0, 0, self.owner)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(PROGRESS_DELAY_MS)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(self.cancel)
        QTimer.singleShot(0, lambda: _valid(dialog) and dialog.setValue(0))  # starts the show-after timer

        def advance(done: int, total: int) -> None:
            if _valid(dialog):
                dialog.setMaximum(max(total, 0))
                dialog.setValue(min(done, total) if total else 0)
        return advance

    def _close_dialog(self) -> None:
        if self.dialog is not None and _valid(self.dialog):
            self.dialog.close()
            self.dialog.deleteLater()
        self.dialog = None


def _valid(obj: QObject) -> bool:
    import shiboken6

    return bool(shiboken6.isValid(obj))


def _while_valid(owner: QObject, handler: Callable[..., None]) -> Callable[..., None]:
    def call(*args: Any) -> None:
        if _valid(owner):
            handler(*args)
    return call
