"""The floor plan in the real window: find a booth, drag it with the mouse (xdotool), undo."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import numpy
import pytest

from e2e_support import (
    FOCUS_FRAME,
    Display,
    box_of,
    screen,
    start_console,
    stop_console,
    wait_for_window,
    wait_until,
)

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
SELECTION_BLUE = (0x15, 0x65, 0xC0)  # BoothItem's outline for a selected booth
PIXELS_PER_METRE = 25  # the find field shows a booth at zoom 2.5 (10 scene units a metre)


def demo_event(path: Path, env: dict[str, str]) -> None:
    from expo_console.services.demo.event import create_demo_event
    from expo_console.storage.connection import Stamp

    saved = os.environ.get("EXPO_CONSOLE_CONFIG_DIR")
    os.environ["EXPO_CONSOLE_CONFIG_DIR"] = env["EXPO_CONSOLE_CONFIG_DIR"]  # the badge key goes where the console looks
    try:
        create_demo_event(path, Stamp("desk-setup", "setup", "organizer"), visitors=0).close()
    finally:
        if saved is None:
            os.environ.pop("EXPO_CONSOLE_CONFIG_DIR", None)
        else:
            os.environ["EXPO_CONSOLE_CONFIG_DIR"] = saved


def booth_position(event: Path, number: str) -> tuple[float, float]:
    conn = sqlite3.connect(event)
    try:
        return conn.execute("SELECT x, y FROM booths WHERE number = ?", (number,)).fetchone()
    finally:
        conn.close()


def selected_booth_centre(pixels: numpy.ndarray) -> tuple[int, int] | None:
    """The middle of the booth drawn with the selection outline, when one is."""
    box = box_of(pixels, SELECTION_BLUE, at_least=100)
    return None if box is None else ((box[0] + box[2]) // 2, (box[1] + box[3]) // 2)


def test_a_booth_dragged_with_the_mouse_moves_and_undo_puts_it_back(display: Display, tmp_path: Path) -> None:
    event = tmp_path / "demo.expo"
    demo_event(event, display.env)
    number = "A-08"  # mid-hall: the find field can put it in the middle of the view
    before = booth_position(event, number)
    shots = tmp_path / "shots"
    console = start_console(display, "--db", str(event), "--lang", "en", "--workspace", "floorplan")
    try:
        window = wait_for_window(display, "Expo Console", console=console)
        display.xdotool("windowsize", "--sync", window, "1500", "950")
        display.xdotool("windowfocus", "--sync", window)

        def find_field_focused() -> bool:  # Ctrl+F again until the window, ready, has taken it
            display.xdotool("key", "ctrl+f")
            return box_of(screen(display, shots), FOCUS_FRAME, at_least=100) is not None

        assert wait_until(find_field_focused, timeout=30, interval=0.3), "Ctrl+F did not focus the find field"
        display.xdotool("type", "--delay", "20", number)
        display.xdotool("key", "Return")
        found: list[tuple[int, int]] = []

        def selected() -> bool:  # the find selected it and put it in view
            centre = selected_booth_centre(screen(display, shots))
            found[:] = [centre] if centre else []
            return bool(found)

        assert wait_until(selected), "no booth is selected on screen"
        x, y = found[0]
        display.xdotool("mousemove", "--sync", str(x), str(y))
        display.xdotool("mousedown", "1")
        for step in range(1, 11):  # 3 m to the right in ten mouse moves, as a hand drags
            display.xdotool("mousemove", "--sync", str(x + 3 * PIXELS_PER_METRE * step // 10), str(y))
            time.sleep(0.03)
        display.screenshot(tmp_path / "dragging.png")  # kept beside the test's files to look at
        display.xdotool("mouseup", "1")
        moved = wait_until(lambda: booth_position(event, number) != before)
        display.screenshot(tmp_path / "released.png")
        assert moved, "the drag did not move the booth"
        after = booth_position(event, number)
        assert after == (before[0] + 3.0, before[1])  # snapped: exactly one module to the right
        display.screenshot(tmp_path / "dragged.png")
        display.xdotool("key", "ctrl+z")
        assert wait_until(lambda: booth_position(event, number) == before), "Ctrl+Z did not put the booth back"
    finally:
        stop_console(console)
