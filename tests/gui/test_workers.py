"""The worker helper: results, failures, progress and cancellation come back on the GUI thread."""

from __future__ import annotations

import threading
import time

import pytest
import shiboken6
from PySide6.QtCore import QObject, QThread

from expo_console.gui.workers import Task, run_task


@pytest.fixture
def owner(qtbot) -> QObject:
    return QObject()


def test_success_and_progress_arrive_on_the_gui_thread(qtbot, owner) -> None:
    seen: dict[str, object] = {"progress": []}
    gui_thread = QThread.currentThread()
    worker_threads: list[threading.Thread] = []

    def work(progress, cancel):
        worker_threads.append(threading.current_thread())
        for done in range(1, 4):
            progress(done, 3)
        return "finished"

    def on_progress(done: int, total: int) -> None:
        assert QThread.currentThread() is gui_thread
        seen["progress"].append((done, total))  # type: ignore[union-attr]

    task = run_task(work, owner=owner, on_success=lambda result: seen.update(result=result), on_progress=on_progress)
    qtbot.waitUntil(lambda: "result" in seen, timeout=5000)
    assert seen["result"] == "finished"
    assert seen["progress"] == [(1, 3), (2, 3), (3, 3)]
    assert worker_threads[0] is not threading.main_thread()
    qtbot.waitUntil(lambda: task not in Task._running, timeout=5000)


def test_failure_reports_the_error_and_traceback_instead_of_crashing(qtbot, owner) -> None:
    failures: list[tuple[Exception, str]] = []

    def work(progress, cancel):
        raise ValueError("파일을 읽을 수 없음")

    run_task(work, owner=owner, on_failure=lambda error, details: failures.append((error, details)))
    qtbot.waitUntil(lambda: bool(failures), timeout=5000)
    error, details = failures[0]
    assert isinstance(error, ValueError) and "파일을 읽을 수 없음" in str(error)
    assert "Traceback" in details


def test_cancel_stops_long_work(qtbot, owner) -> None:
    cancelled: list[bool] = []
    steps: list[int] = []

    def work(progress, cancel):
        for step in range(1000):
            cancel.raise_if_set()
            steps.append(step)
            time.sleep(0.005)
        return "never"

    task = run_task(work, owner=owner, on_success=lambda _r: cancelled.append(False),
                    on_cancelled=lambda: cancelled.append(True))
    qtbot.waitUntil(lambda: len(steps) > 5, timeout=5000)
    task.cancel()
    qtbot.waitUntil(lambda: bool(cancelled), timeout=5000)
    assert cancelled == [True]
    assert len(steps) < 1000


def test_callbacks_are_dropped_once_their_owner_is_deleted(qtbot) -> None:
    """A report still being written when its tab closes must not touch the deleted widgets."""
    from PySide6.QtWidgets import QProgressBar

    bar = QProgressBar()
    release = threading.Event()
    finished: list[str] = []

    def work(progress, cancel):
        release.wait(5)
        finished.append("written")
        return "report.pdf"

    task = run_task(work, owner=bar, on_success=lambda _result: bar.hide())  # raised on a deleted bar before
    bar.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(bar), timeout=5000)
    release.set()
    qtbot.waitUntil(lambda: task not in Task._running, timeout=5000)
    assert finished == ["written"]  # the work itself went through
