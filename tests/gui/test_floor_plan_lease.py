"""The floor plan of an event on a hub, in the window: read-only with which desk edits it since
when, taken over after a question (audited), and given back when done."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from expo_console.gui.floorplan.workspace import FloorPlanWorkspace
from expo_console.services.events import open_event
from expo_console.services.hub import edit_lease
from expo_console.services.hub.sync import sync_once
from expo_console.services.layout import floor_plan
from expo_console.storage import audit_repo
from hub_support import published_and_joined
from support import TEST_STAMP


@pytest.fixture
def desks(tmp_path, event_templates) -> Iterator[dict[str, Any]]:  # type: ignore[no-untyped-def]
    with published_and_joined(event_templates.demo(visitors=5), tmp_path) as desks:
        yield desks

@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []

    def record(_parent, _title, text, *_args, **_kwargs):  # type: ignore[no-untyped-def]
        shown.append(text)
        return QMessageBox.StandardButton.Yes

    for name in ("warning", "information", "question"):
        monkeypatch.setattr(QMessageBox, name, record)
    return shown


def nudge_right(floor: FloorPlanWorkspace, booth_id: str) -> None:
    floor.select_ids([booth_id])
    floor.view.setFocus()
    QApplication.sendEvent(floor.view, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Right, Qt.KeyboardModifier.NoModifier))


def test_another_desks_plan_is_read_only_until_taken_over_and_the_take_over_is_audited(
        qtbot, hub, english, answers, desks: dict[str, Any]) -> None:  # type: ignore[no-untyped-def]
    a, b, dsn = desks["a"], desks["b"], desks["dsn"]
    edit_lease.take(a, dsn)
    sync_once(b, dsn)
    floor = FloorPlanWorkspace(b, hub)
    qtbot.addWidget(floor)
    floor.resize(1300, 850)
    floor.show()
    qtbot.waitExposed(floor)
    held = edit_lease.holder(b)
    assert floor.lease_bar.isVisible() and held is not None
    assert f"edited on desk {held.desk_label()} since {held.since_local()}" in floor.lease_bar.label.text()
    assert floor.lease_bar.button.text() == "Take over…" and "READ-ONLY" in floor.status.text()
    assert not any(edit.isEnabled() for edit in floor._edits)  # greyed, not only refused when used
    booth = floor_plan.load_plan(b).booths[0]
    nudge_right(floor, booth.id)
    assert floor_plan.load_plan(b).booths[0] == booth and any("Read-only" in text for text in answers)
    floor.lease_bar.button.click()  # the question is answered Yes
    qtbot.waitUntil(lambda: floor.lease_bar.button.text() == "Done editing", timeout=10_000)
    assert any("written to the audit log" in text for text in answers)
    assert [e["detail"]["from_desk"] for e in audit_repo.entries(b.conn) if e["action"] == "lease_taken_over"] == [
        TEST_STAMP.desk_id]
    nudge_right(floor, booth.id)
    assert floor_plan.load_plan(b).booths[0].x > booth.x  # editable here now
    floor.lease_bar.button.click()  # done editing: back to the hub
    qtbot.waitUntil(lambda: floor.lease_bar.button.text() == "Edit on this desk", timeout=10_000)
    assert edit_lease.holder(b) is None and floor.editor.read_only()
    floor.close()


def test_a_file_of_its_own_has_no_lease_bar(qtbot, hub, english, event_templates, tmp_path) -> None:  # type: ignore[no-untyped-def]
    store = open_event(event_templates.demo(visitors=5).copy_to(tmp_path / "own.expo"), TEST_STAMP)
    try:
        floor = FloorPlanWorkspace(store, hub)
        qtbot.addWidget(floor)
        floor.show()
        qtbot.waitExposed(floor)
        assert not floor.lease_bar.isVisible() and not floor.editor.read_only()
    finally:
        store.close()
