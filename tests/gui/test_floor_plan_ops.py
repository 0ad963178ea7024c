"""The floor plan's changes reach every view of the event, and its files are written off the GUI thread.

Two windows on one event share one hub (as the main window and a second view of it would): what
one changes through the op-runner, the other shows. The exports run as background ops: the
window keeps handling events while the file is drawn, and the file appears whole afterwards.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMessageBox, QProgressDialog, QPushButton, QToolButton

from expo_console.domain.layout_validation import validate_plan
from expo_console.gui import file_dialogs
from expo_console.gui.floorplan.hall_actions import RulesDialog
from expo_console.gui.floorplan.workspace import FloorPlanWorkspace
from expo_console.gui.hub import Hub
from expo_console.gui.i18n import install_language
from expo_console.services.demo.event import create_demo_event
from expo_console.services.layout import floor_plan, plan_pdf
from expo_console.storage.connection import EventStore
from support import TEST_STAMP


@pytest.fixture(scope="module")
def plan_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("plan") / "demo.expo"
    create_demo_event(path, TEST_STAMP, visitors=0).close()
    return path


@pytest.fixture
def store(plan_template: Path, tmp_path: Path) -> Iterator[EventStore]:
    from expo_console.services.events import open_event

    path = tmp_path / "demo.expo"
    path.write_bytes(plan_template.read_bytes())
    opened = open_event(path, TEST_STAMP)
    yield opened
    opened.close()


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Message boxes shown (their text); questions are answered Yes. Never modal in a test."""
    shown: list[str] = []

    def record(_parent, _title, text, *_args, **_kwargs):  # type: ignore[no-untyped-def]
        shown.append(text)
        return QMessageBox.StandardButton.Yes

    for name in ("warning", "information", "question", "critical"):
        monkeypatch.setattr(QMessageBox, name, record)
    return shown


def open_window(qtbot, store: EventStore, hub: Hub) -> FloorPlanWorkspace:  # type: ignore[no-untyped-def]
    widget = FloorPlanWorkspace(store, hub)
    qtbot.addWidget(widget)
    widget.resize(1300, 850)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def floor(qtbot, store: EventStore, hub: Hub, english, dialogs) -> FloorPlanWorkspace:  # type: ignore[no-untyped-def]
    return open_window(qtbot, store, hub)


def menu_action(floor: FloorPlanWorkspace, menu: str, text: str) -> QAction:
    """The action a person picks from one of the toolbar's menus (Hall, Export)."""
    button = next(b for b in floor.findChildren(QToolButton) if b.text() == menu)
    return next(a for a in button.menu().actions() if a.text() == text)


def test_rules_edited_in_one_window_are_checked_in_another(floor, store, hub, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    other = open_window(qtbot, store, hub)
    assert other.violations.rowCount() == 0

    def wider_strips(dialog: RulesDialog) -> QDialog.DialogCode:  # the operator types 10 m and presses OK
        dialog.spins["clear_strip_m"].setValue(10.0)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(RulesDialog, "exec", wider_strips)
    menu_action(floor, "Hall", "Rules…").trigger()
    rules = floor_plan.rules(store)
    assert rules.clear_strip_m == 10.0
    expected = len(validate_plan(floor_plan.load_plan(store), rules).violations)
    assert expected > 0
    for window in (floor, other):
        assert window.scene.rules == rules
        assert window.violations.rowCount() == expected
        assert window.side.tabText(3) == f"Violations ({expected})"


def test_a_lock_set_in_one_window_holds_in_another(floor, store, hub, qtbot, dialogs) -> None:  # type: ignore[no-untyped-def]
    other = open_window(qtbot, store, hub)
    floor.lock_action.trigger()
    assert floor_plan.is_locked(store)
    for window in (floor, other):
        assert window.lock_action.isChecked() and window.lock_action.text() == "Unlock layout"
        assert "LOCKED" in window.status.text()
    assert other.editor.add_booth(30.0, 30.0) is None  # refused in words before any write
    assert dialogs == ["The layout is locked. Unlock it (Ctrl+L) to edit."]
    other.lock_action.trigger()  # unlocked from the other window
    assert not floor_plan.is_locked(store)
    assert not floor.lock_action.isChecked() and "LOCKED" not in floor.status.text()
    assert floor.editor.add_booth(30.0, 30.0) is not None


def test_an_export_leaves_the_window_free_and_the_file_appears_whole(floor, hub, qtbot, monkeypatch,  # type: ignore[no-untyped-def]
                                                                     tmp_path) -> None:
    target = tmp_path / "plan.pdf"
    monkeypatch.setattr(file_dialogs, "save_file", lambda *_a, **_k: str(target))
    drawn = plan_pdf.write_plan_pdf
    timer_ran = threading.Event()
    waited: list[bool] = []

    def held_until_the_window_runs_a_timer(store: EventStore, out: Path) -> None:
        # On the GUI thread this would wait its full 5 s: the timer below could not run meanwhile.
        waited.append(timer_ran.wait(timeout=5))
        drawn(store, out)

    monkeypatch.setattr(plan_pdf, "write_plan_pdf", held_until_the_window_runs_a_timer)
    said: list[str] = []
    hub.status_message_requested.connect(said.append)
    QTimer.singleShot(50, timer_ran.set)
    menu_action(floor, "Export", "A3 plan PDF for the venue…").trigger()
    assert not target.exists()  # the menu returned before the plan was drawn
    progress = floor.findChild(QProgressDialog)
    assert progress is not None and progress.labelText() == "Writing plan.pdf…"
    qtbot.waitUntil(lambda: bool(said), timeout=20_000)
    assert waited == [True]
    assert said == [f"Saved {target}"]
    assert target.read_bytes().startswith(b"%PDF-")
    assert not list(tmp_path.glob("*.part"))


def test_a_cancelled_export_leaves_the_file_that_was_there(floor, hub, qtbot, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "plan.pdf"
    target.write_bytes(b"%PDF- yesterday's plan")
    drawn = plan_pdf.write_plan_pdf
    cancelled = threading.Event()

    def drawn_after_the_cancel(store: EventStore, out: Path) -> None:
        cancelled.wait(timeout=5)
        drawn(store, out)

    monkeypatch.setattr(plan_pdf, "write_plan_pdf", drawn_after_the_cancel)
    said: list[str] = []
    hub.status_message_requested.connect(said.append)
    floor.plan_files.export("pdf", str(target))
    progress = floor.findChild(QProgressDialog)
    progress.findChild(QPushButton).click()  # the dialog's Cancel
    cancelled.set()
    qtbot.waitUntil(lambda: bool(said), timeout=20_000)
    assert said == ["Export cancelled: plan.pdf was not written."]
    assert target.read_bytes() == b"%PDF- yesterday's plan"
    assert not list(tmp_path.glob("*.part"))


@pytest.mark.parametrize("kind", ["png", "directory", "json"])
def test_every_export_writes_its_file_on_a_worker(floor, hub, qtbot, tmp_path, kind) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / f"plan.{kind}"
    said: list[str] = []
    hub.status_message_requested.connect(said.append)
    assert floor.plan_files.export(kind, str(target)) is not None
    qtbot.waitUntil(lambda: bool(said), timeout=20_000)
    assert said == [f"Saved {target}"] and target.stat().st_size > 0
    assert not list(tmp_path.glob("*.part"))


def test_an_export_that_cannot_be_written_says_why_in_the_operators_language(floor, qtbot, dialogs,  # type: ignore[no-untyped-def]
                                                                           tmp_path) -> None:
    target = tmp_path / "gone" / "layout.json"  # the folder was removed (a USB stick pulled out)
    install_language("ko")  # the english fixture puts English back afterwards
    floor.plan_files.export("json", str(target))
    qtbot.waitUntil(lambda: bool(dialogs), timeout=20_000)
    assert dialogs == ["layout.json 파일을 저장하지 못했습니다.\n폴더가 없습니다: 다른 폴더를 고르세요."]
    assert not target.parent.exists()
