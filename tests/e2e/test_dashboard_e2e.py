"""The dashboard in the real window while `expo-console simulate --speed` plays a day into the file."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import numpy
import pytest
from PIL import Image
from test_floor_plan_e2e import demo_event, wait_until

from e2e_support import Display, start_console, stop_console, wait_for_window

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
LIVE_GREEN = (0x2E, 0x7D, 0x32)  # the clock while it follows the scans (console.qss)
FULL_RED = (0xC6, 0x28, 0x28)  # the alert banner when a zone is full


def scans(event: Path) -> int:
    conn = sqlite3.connect(f"file:{event}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT count(*) FROM scans").fetchone()[0]
    except sqlite3.OperationalError:  # the file is being set up
        return 0
    finally:
        conn.close()


def pixels_of(shot: Path, colour: tuple[int, int, int]) -> int:
    image = numpy.asarray(Image.open(shot).convert("RGB"))
    return int(numpy.all(image == colour, axis=-1).sum())


def test_the_dashboard_follows_a_simulated_day_as_it_plays(display: Display, tmp_path: Path) -> None:
    event = tmp_path / "demo.expo"
    demo_event(event, display.env)
    # 1,200× real time: the day from 09:30 to 18:30 plays in about half a minute; twice the crowd the
    # hall is calibrated for, so that zones fill and the red banner shows
    simulation = subprocess.Popen([sys.executable, "-m", "expo_console", "simulate", "--db", str(event), "--day",
                                   "2022-10-04", "--visitors", "6000", "--speed", "1200"], env=display.env,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    console = None
    try:
        assert wait_until(lambda: scans(event) > 50, timeout=60), "the simulation wrote no scans"
        console = start_console(display, "--db", str(event), "--lang", "en", "--workspace", "dashboard")
        window = wait_for_window(display, "Expo Console")
        display.xdotool("windowsize", "--sync", window, "1500", "950")
        shots: list[Path] = []
        counts: list[int] = []
        for n in range(12):
            time.sleep(2.0)
            shots.append(display.screenshot(tmp_path / f"playing-{n:02d}.png"))  # kept to look at
            counts.append(scans(event))
            if simulation.poll() is not None:
                break
        assert counts[-1] > counts[0], "the simulation did not go on while the dashboard was open"
        live = [pixels_of(shot, LIVE_GREEN) for shot in shots[1:]]
        assert all(n > 30 for n in live), f"the clock did not show 'live' while the day played: {live}"
        assert any(pixels_of(shot, FULL_RED) > 5_000 for shot in shots), "no zone ever filled: no red banner"
        images = [Image.open(shot).convert("RGB").tobytes() for shot in shots[1:]]
        assert len(set(images)) == len(images), "the figures did not move between refreshes"
        assert console.poll() is None, console.stderr.read() if console.stderr else ""
    finally:
        if console is not None:
            stop_console(console)
        simulation.terminate()
        simulation.wait(timeout=30)
