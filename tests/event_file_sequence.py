"""The event-file safety sequence of issue 11, item 1, shared by the offscreen and Xvfb tests.

The window (dialog_sequence_window.py, a process of its own) shows the floor plan's export
dialog in the event's folder; two other processes then write to the event and close it; the
window writes the daily report on its worker, registers walk-ins and quits. Afterwards the
file must pass integrity_check and hold every write of every process.
"""

from __future__ import annotations

import csv
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from event_templates import EventTemplates

WINDOW = Path(__file__).resolve().parent / "dialog_sequence_window.py"
DEMO_VISITORS = 150
OTHER_WRITES = 30
WINDOW_WRITES = 20


def _expect(process: subprocess.Popen[str], word: str, seen: list[str]) -> None:
    assert process.stdout is not None
    for line in process.stdout:
        seen.append(line.rstrip())
        if line.startswith(word):
            return
    raise AssertionError(f"the window ended before '{word}': {seen}")


def run_sequence(tmp_path: Path, env: dict[str, str], templates: EventTemplates) -> list[str]:
    """Runs the whole sequence and checks the file; returns what the window printed."""
    # every process uses this test's desk folders: the demo's badge key is imported into them here
    env = {**env, **{name: os.environ[name] for name in ("EXPO_CONSOLE_CONFIG_DIR", "EXPO_CONSOLE_DATA_DIR")}}
    folder = tmp_path / "event"
    folder.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    event = folder / "demo.expo"
    templates.demo(visitors=DEMO_VISITORS, simulate_first_day=True).copy_to(event)
    listing = folder / "walk-ins.csv"  # beside the event, as an operator keeps it
    with listing.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["성명", "회사명", "이메일"])
        writer.writerows([f"다른창구{i:03d}", "옆 창구", f"other{i}@example.com"] for i in range(OTHER_WRITES))

    window = subprocess.Popen([sys.executable, str(WINDOW), str(event), str(out)], cwd=folder, text=True, env=env,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    seen: list[str] = []
    try:
        _expect(window, "dialogs-shown", seen)
        # the second writers: each opens the same file, writes and closes while the window stays open
        other = subprocess.run([sys.executable, "-m", "expo_console", "import", "--db", str(event), str(listing)],
                               capture_output=True, text=True, timeout=120, cwd=folder, env=env)
        assert other.returncode == 0, other.stderr
        simulated = subprocess.run([sys.executable, "-m", "expo_console", "simulate", "--db", str(event),
                                    "--day", "2022-10-05", "--visitors", "1500"],
                                   capture_output=True, text=True, timeout=300, cwd=folder, env=env)
        assert simulated.returncode == 0, simulated.stderr
        scans = json.loads(simulated.stdout)["scans"]
        assert window.stdin is not None
        window.stdin.write("go\n")
        window.stdin.flush()
        _expect(window, "done", seen)
        assert window.wait(timeout=60) == 0, seen
    finally:
        if window.poll() is None:
            window.kill()
    assert [line for line in seen if line.startswith("window-wrote")] == [f"window-wrote {WINDOW_WRITES}"], seen
    assert (out / "report.pdf").stat().st_size > 0 and (out / "plan-A3.pdf").stat().st_size > 0

    conn = sqlite3.connect(event)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM visitors WHERE company = '옆 창구'").fetchone()[0] == OTHER_WRITES
        assert conn.execute("SELECT count(*) FROM visitors WHERE company = '창구 회사'").fetchone()[0] == WINDOW_WRITES
        assert conn.execute("SELECT count(*) FROM scans WHERE scanned_at >= '2022-10-04T15:00'").fetchone()[0] == scans
    finally:
        conn.close()
    return seen
