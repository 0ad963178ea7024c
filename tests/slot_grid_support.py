"""Pointing and dragging in a slot grid (gui/slot_grid) as a person does, for the consultations'
and the bookings' schedule tests (import as `from slot_grid_support import ...`)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from expo_console.gui.slot_grid.view import SlotGridView


def centre(view: SlotGridView, cell: tuple[int, int]) -> QPoint:
    """The cell's centre in the viewport, scrolled into sight first."""
    index = view.model().index(*cell)
    view.scrollTo(index)
    return view.visualRect(index).center()


def drag(view: SlotGridView, source: tuple[int, int], target: tuple[int, int], release: bool = True) -> None:
    """Press on a cell, move past the drag distance, then over the target cell, and let go."""
    viewport = view.viewport()
    start, end = centre(view, source), centre(view, target)
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(viewport, start + QPoint(12, 6))
    QTest.mouseMove(viewport, end)
    if release:
        QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)


def release(view: SlotGridView, cell: tuple[int, int]) -> None:
    """Let go of the mouse over the cell (the end of a drag begun with release=False)."""
    QTest.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre(view, cell))
