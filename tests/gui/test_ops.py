"""The op-runner: every change a service returns reaches the hub, however the call ends."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget

from expo_console.gui.hub import Hub
from expo_console.gui.ops import BackgroundOp, changes_in, run_op
from expo_console.services.changes import LayoutChanged, TrafficChanged, VisitorsChanged
from expo_console.services.progress import Cancelled


class _Result:
    def __init__(self, change: object) -> None:
        self.change = change


def test_changes_are_found_alone_in_tuples_in_results_and_in_lists_of_results() -> None:
    visitors, layout = VisitorsChanged(upserted=("a",)), LayoutChanged(rules=True)
    assert list(changes_in(visitors)) == [visitors]
    assert list(changes_in(("badge", visitors))) == [visitors]
    assert list(changes_in(_Result(layout))) == [layout]
    assert list(changes_in([_Result(visitors), _Result(None), _Result(layout)])) == [visitors, layout]
    assert list(changes_in(None)) == [] and list(changes_in("text")) == []


def test_a_quick_op_broadcasts_what_the_service_returned_on_the_right_signal(qtbot) -> None:
    hub = Hub()
    heard: list[object] = []
    hub.visitors_changed.connect(heard.append)
    hub.traffic_changed.connect(heard.append)
    change = TrafficChanged(counts=True)
    assert run_op(hub, lambda: ("id", change)) == ("id", change)
    assert heard == [change]


def test_a_quick_op_that_is_refused_broadcasts_nothing_and_the_caller_sees_why(qtbot) -> None:
    hub = Hub()
    heard: list[object] = []
    hub.visitors_changed.connect(heard.append)

    def refused() -> VisitorsChanged:
        raise ValueError("duplicate")

    with pytest.raises(ValueError, match="duplicate"):
        run_op(hub, refused)
    assert heard == []


def test_long_work_runs_off_the_window_thread_and_its_change_outlives_the_widget(qtbot) -> None:
    hub = Hub()
    heard: list[object] = []
    hub.visitors_changed.connect(heard.append)
    owner = QWidget()
    release, threads = threading.Event(), []
    told: list[object] = []

    def work(progress, cancel) -> VisitorsChanged:  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread())
        release.wait(10)
        return VisitorsChanged(reload=True)

    BackgroundOp(owner, hub, work, label="Importing").on_success(told.append).run()
    owner.deleteLater()  # the tab is closed while the work runs
    qtbot.waitUntil(lambda: bool(threads), timeout=5_000)
    qtbot.wait(50)
    release.set()
    qtbot.waitUntil(lambda: bool(heard), timeout=5_000)
    assert threads[0] is not threading.main_thread()
    assert heard == [VisitorsChanged(reload=True)]
    assert told == []  # the owner's own handler is not called on a deleted widget


def test_cancelled_work_broadcasts_what_a_part_done_batch_changed(qtbot) -> None:
    hub = Hub()
    heard: list[object] = []
    hub.visitors_changed.connect(heard.append)
    owner = QWidget()
    qtbot.addWidget(owner)
    ended: list[str] = []

    def work(progress, cancel) -> None:  # type: ignore[no-untyped-def]
        raise Cancelled()

    (BackgroundOp(owner, hub, work, if_cancelled=VisitorsChanged(reload=True))
     .on_cancelled(lambda: ended.append("cancelled")).run())
    qtbot.waitUntil(lambda: bool(ended), timeout=5_000)
    assert heard == [VisitorsChanged(reload=True)]


def test_a_failure_without_a_handler_is_told_to_the_operator(qtbot, monkeypatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(f"{title}: {text}"))
    owner = QWidget()
    qtbot.addWidget(owner)

    def work(progress, cancel) -> None:  # type: ignore[no-untyped-def]
        raise OSError("No space left on the disk: free some space, then export again.")

    op = BackgroundOp(owner, Hub(), work, label="Export")
    op.run()
    qtbot.waitUntil(lambda: bool(shown), timeout=5_000)
    assert shown == ["Export: No space left on the disk: free some space, then export again."]
    assert op.dialog is None  # the progress dialog went with the work
