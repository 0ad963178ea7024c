"""A gate station in the real window: a USB scanner (xdotool) types a code and Enter."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import numpy
import pytest
from PIL import Image

from e2e_support import (
    Display,
    screen,
    start_console,
    stop_console,
    wait_for_focus_frame,
    wait_for_window,
    wait_until,
)

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
GREEN = (0x1E, 0x7D, 0x32)


def event_running_today(path: Path, env: dict[str, str]) -> str:
    """An event whose days include today, one visitor with a badge; returns the badge code."""
    import os

    from expo_console.domain.visitors import Consent, VisitorDraft
    from expo_console.services.badges.codes import issue_badge
    from expo_console.services.events import EventDetails, create_event
    from expo_console.services.registration.visitors import register_visitor
    from expo_console.storage.connection import Stamp
    from support import DEMO_ORGANIZER, DEMO_PIN

    saved = {k: os.environ.get(k) for k in ("EXPO_CONSOLE_CONFIG_DIR",)}
    os.environ["EXPO_CONSOLE_CONFIG_DIR"] = env["EXPO_CONSOLE_CONFIG_DIR"]  # the key goes where the console looks
    try:
        today = dt.date.today()
        store = create_event(path, EventDetails("2026 스마트비즈엑스포", (today - dt.timedelta(days=1)).isoformat(),
                                                (today + dt.timedelta(days=1)).isoformat(), hall_name="COEX Hall B"),
                             Stamp("desk-setup", "setup", None),
                             organizer=(DEMO_ORGANIZER, DEMO_PIN))  # the console signs in as them (conftest)
        store.conn.execute("INSERT INTO gates (id, name, name_en, kind, direction, desk_id, created_at, updated_at)"
                           " VALUES ('gate-main', 'B홀 정문', 'Hall B main entrance', 'hall_entrance', 'both', 'x', 'x', 'x')")
        visitor = register_visitor(store, VisitorDraft(name="한가람", company="(주)똠양식품", email="g@x.kr",
                                                       consents=frozenset({Consent.REQUIRED}))).visitor_id
        code = issue_badge(store, visitor)[0].code
        store.close()
        return code
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def panel_is_green(pixels: numpy.ndarray) -> bool:
    height, width, _ = pixels.shape
    samples = [tuple(pixels[int(height * y), int(width * x)]) for x in (0.1, 0.3, 0.5) for y in (0.35, 0.45)]
    return sum(1 for pixel in samples if pixel == GREEN) >= 3


def test_a_scanned_code_turns_the_panel_green_and_is_in_the_file(display: Display, tmp_path: Path) -> None:
    event = tmp_path / "today.expo"
    code = event_running_today(event, display.env)
    shots = tmp_path / "shots"
    console = start_console(display, "--db", str(event), "--lang", "ko", "--workspace", "checkin")
    try:
        window = wait_for_window(display, "Expo Console", console=console)
        display.xdotool("windowsize", "--sync", window, "1400", "900")
        display.xdotool("windowfocus", "--sync", window)
        wait_for_focus_frame(display, shots)  # the scan field takes the focus on its own
        display.xdotool("type", "--delay", "4", code)  # a scanner: a few ms between keys
        display.xdotool("key", "Return")

        def recorded() -> list[tuple[str, int]]:
            conn = sqlite3.connect(event)
            try:
                return conn.execute("SELECT verdict, manual FROM scans").fetchall()
            finally:
                conn.close()

        assert wait_until(recorded), "no scan was recorded"
        assert recorded() == [("admitted", 0)]  # and not marked as typed by hand
        shot: list[numpy.ndarray] = []

        def green() -> bool:
            shot[:] = [screen(display, shots)]
            return panel_is_green(shot[0])

        turned = wait_until(green)
        Image.fromarray(shot[0]).save(tmp_path / "station.png")
        assert turned, "the verdict panel did not turn green"
    finally:
        stop_console(console)
