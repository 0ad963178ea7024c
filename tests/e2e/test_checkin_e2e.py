"""A gate station in the real window: a USB scanner (xdotool) types a code and Enter."""

from __future__ import annotations

import datetime as dt
import sqlite3
import time
from pathlib import Path

import pytest
from PIL import Image

from e2e_support import Display, start_console, stop_console, wait_for_window

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
GREEN = (0x1E, 0x7D, 0x32)


def event_running_today(path: Path, env: dict[str, str]) -> str:
    """An event whose days include today, one visitor with a badge; returns the badge code."""
    import os

    from expo_console.domain.visitors import Consent, VisitorDraft
    from expo_console.services.badges import issue_badge
    from expo_console.services.events import EventDetails, create_event
    from expo_console.services.registration import register_visitor
    from expo_console.storage.connection import Stamp

    saved = {k: os.environ.get(k) for k in ("EXPO_CONSOLE_CONFIG_DIR",)}
    os.environ["EXPO_CONSOLE_CONFIG_DIR"] = env["EXPO_CONSOLE_CONFIG_DIR"]  # the key goes where the console looks
    try:
        today = dt.date.today()
        store = create_event(path, EventDetails("2026 스마트비즈엑스포", (today - dt.timedelta(days=1)).isoformat(),
                                                (today + dt.timedelta(days=1)).isoformat(), hall_name="COEX Hall B"),
                             Stamp("desk-setup", "setup"))
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


def test_a_scanned_code_turns_the_panel_green_and_is_in_the_file(display: Display, tmp_path: Path) -> None:
    event = tmp_path / "today.expo"
    code = event_running_today(event, display.env)
    console = start_console(display, "--db", str(event), "--lang", "ko", "--workspace", "checkin")
    try:
        window = wait_for_window(display, "Expo Console")
        display.xdotool("windowsize", window, "1400", "900")
        display.xdotool("windowfocus", "--sync", window)
        time.sleep(1.5)  # the scan field takes the focus back on its own
        display.xdotool("type", "--delay", "4", code)  # a scanner: a few ms between keys
        display.xdotool("key", "Return")

        def recorded() -> list[tuple[str, int]]:
            conn = sqlite3.connect(event)
            try:
                return conn.execute("SELECT verdict, manual FROM scans").fetchall()
            finally:
                conn.close()

        deadline = time.monotonic() + 20
        while not recorded() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert recorded() == [("admitted", 0)]  # and not marked as typed by hand
        time.sleep(0.5)
        shot = display.screenshot(tmp_path / "station.png")
        image = Image.open(shot).convert("RGB")
        width, height = image.size
        samples = [image.getpixel((int(width * x), int(height * y))) for x in (0.1, 0.3, 0.5) for y in (0.35, 0.45)]
        assert sum(1 for pixel in samples if pixel == GREEN) >= 3, samples
    finally:
        stop_console(console)
