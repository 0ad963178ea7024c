"""The dashboard in the real window while `expo-console simulate --speed` plays a day into the file."""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import sys
from pathlib import Path

import numpy
import pytest
from PIL import Image
from test_floor_plan_e2e import demo_event

from e2e_support import Display, start_console, stop_console, wait_for_window, wait_until

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


def pixels(shot: Path) -> bytes:
    return Image.open(shot).convert("RGB").tobytes()


def pixels_of(shot: Path, colour: tuple[int, int, int]) -> int:
    image = numpy.asarray(Image.open(shot).convert("RGB"))
    return int(numpy.all(image == colour, axis=-1).sum())


def latest_scan(event: Path) -> str:
    """The simulated clock: the time of the latest scan in the file ("" before the first)."""
    conn = sqlite3.connect(f"file:{event}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT coalesce(max(scanned_at), '') FROM scans").fetchone()[0]
    except sqlite3.OperationalError:  # the file is being set up
        return ""
    finally:
        conn.close()


def test_the_dashboard_follows_a_simulated_day_as_it_plays(display: Display, tmp_path: Path) -> None:
    event = tmp_path / "demo.expo"
    demo_event(event, display.env)
    # 2,400× real time: the day from 09:30 to 18:30 plays in about a quarter of a minute; twice the
    # crowd the hall is calibrated for, so that zones fill and the red banner shows
    simulation = subprocess.Popen([sys.executable, "-m", "expo_console", "simulate", "--db", str(event), "--day",
                                   "2022-10-04", "--visitors", "6000", "--speed", "2400"], env=display.env,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    console = None
    try:
        assert wait_until(lambda: scans(event) > 50, timeout=60), "the simulation wrote no scans"
        console = start_console(display, "--db", str(event), "--lang", "en", "--workspace", "dashboard")
        window = wait_for_window(display, "Expo Console", console=console)
        display.xdotool("windowsize", "--sync", window, "1500", "950")
        shots: list[Path] = []

        def following() -> bool:  # the dashboard is up and shows the day live
            shots[:] = [display.screenshot(tmp_path / "playing-00.png")]  # kept to look at
            return pixels_of(shots[0], LIVE_GREEN) > 30

        assert wait_until(following, timeout=30), "the dashboard did not show the day live"
        counts = [scans(event)]
        # then a shot every 40 minutes of the played day, however fast this machine plays it,
        # until the day is over (09:30 to 18:30 KST, stored in UTC)
        start = dt.datetime.fromisoformat(latest_scan(event).replace("Z", "+00:00"))
        marks = [f"{start + dt.timedelta(minutes=40 * n):%Y-%m-%dT%H:%M}" for n in range(1, 15)]
        for n, mark in enumerate(marks, start=1):
            wait_until(lambda mark=mark: latest_scan(event) >= mark or simulation.poll() is not None, timeout=60)
            shot = tmp_path / f"playing-{n:02d}.png"
            # and the dashboard's next refresh (once a second) is on screen
            wait_until(lambda shot=shot: pixels(display.screenshot(shot)) != pixels(shots[-1]), timeout=10)
            shots.append(shot)
            counts.append(scans(event))
            if simulation.poll() is not None:
                break
        assert len(shots) > 6, f"the day was over after {len(shots)} shots"
        assert counts[-1] > counts[0], "the simulation did not go on while the dashboard was open"
        live = [pixels_of(shot, LIVE_GREEN) for shot in shots]
        assert all(n > 30 for n in live), f"the clock did not show 'live' while the day played: {live}"
        assert any(pixels_of(shot, FULL_RED) > 5_000 for shot in shots), "no zone ever filled: no red banner"
        images = [pixels(shot) for shot in shots]
        assert len(set(images)) == len(images), "the figures did not move between refreshes"
        assert console.poll() is None, console.stderr.read() if console.stderr else ""
    finally:
        if console is not None:
            stop_console(console)
        simulation.terminate()
        simulation.wait(timeout=30)
