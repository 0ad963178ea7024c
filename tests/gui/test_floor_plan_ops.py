"""The floor plan's changes reach every view of the event.

Two windows on one event share one hub (as the main window and a second view of it would): what
one changes through the op-runner, the other shows.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMessageBox, QToolButton

from expo_console.domain.layout_validation import validate_plan
from expo_console.gui.floorplan.hall_actions import RulesDialog
from expo_console.gui.floorplan.workspace import FloorPlanWorkspace
from expo_console.gui.hub import Hub
from expo_console.services.demo.event import create_demo_event
from expo_console.services.layout import floor_plan
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
