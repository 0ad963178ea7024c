"""Check-in under faults, with real processes: simultaneous scans, and a station killed mid-stream."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from expo_console.domain.badge_code import BadgeFields, make_code, parse_code
from expo_console.domain.visitors import VisitorClass
from expo_console.services.badges.keys import load_keys

pytestmark = pytest.mark.slow  # real station processes, killed
AT = "2022-10-05T10:00:00+09:00"  # day 2: the demo's first day is simulated


@pytest.fixture
def event(tmp_path: Path, event_templates) -> tuple[Path, dict[str, str]]:  # type: ignore[no-untyped-def]
    """A copy of the demo as `expo-console demo --visitors 400` makes it, every badge issued (as
    `expo-console badges --all` does); its key in this test's desk folder, where the stations and
    the test derive codes."""
    path = event_templates.demo(visitors=400, simulate_first_day=True, badges=True).copy_to(tmp_path / "event.expo")
    return path, {**os.environ}


def codes(path: Path) -> list[str]:
    """The active badges' codes, derived with the event's key (the file holds none)."""
    conn = sqlite3.connect(path)
    try:
        event_id, event_number = conn.execute("SELECT id, badge_event_number FROM event").fetchone()
        rows = conn.execute("SELECT serial, reissue, key_id, code_class FROM badges WHERE status = 'active'"
                            " ORDER BY serial").fetchall()
    finally:
        conn.close()
    keys = load_keys(event_id)
    return [make_code(BadgeFields(key_id, event_number, serial, reissue, VisitorClass(cls)), keys.secrets[key_id])
            for serial, reissue, key_id, cls in rows]


def test_four_stations_scanning_one_badge_at_once_admit_it_exactly_once(event) -> None:
    path, env = event
    code = codes(path)[0]
    stations = [subprocess.Popen([sys.executable, "-m", "expo_console", "scan", "--db", str(path), "--gate", "B홀 정문",
                                  "--station", f"gate-{i}", "--at", AT, code],
                                 env={**env, "EXPO_CONSOLE_DESK_ID": f"desk-{i}"}, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True) for i in range(4)]
    outputs = [station.communicate(timeout=120) for station in stations]
    assert all(station.returncode == 0 for station in stations), [err for _, err in outputs]
    assert not any("locked" in err for _, err in outputs)
    verdicts = sorted(json.loads(out)["verdict"] for out, _ in outputs)
    assert verdicts == ["admitted", "already_admitted", "already_admitted", "already_admitted"]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_station_killed_mid_stream_loses_no_scan_it_showed_green(event, seed: int) -> None:
    path, env = event
    stream = codes(path)[:300]
    station = subprocess.Popen([sys.executable, "-m", "expo_console", "scan", "--db", str(path), "--gate", "B홀 정문",
                                "--station", f"killed-{seed}", "--at", AT], env=env, stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert station.stdin is not None and station.stdout is not None
    station.stdin.write("\n".join(stream) + "\n")
    station.stdin.flush()
    shown_green: list[str] = []
    stop_after = random.Random(seed).randint(5, 250)
    for _ in range(stop_after):
        line = station.stdout.readline()
        if not line:
            break
        result = json.loads(line)
        if result["light"] == "green":
            shown_green.append(result["code"])
    station.send_signal(signal.SIGKILL)
    station.wait(timeout=30)
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        recorded = {r[0] for r in conn.execute("SELECT badge_serial FROM scans"
                                               " WHERE verdict IN ('admitted', 'already_admitted')")}
    finally:
        conn.close()
    assert shown_green, "the station showed nothing before it was killed"
    assert {parse_code(code).serial for code in shown_green} <= recorded
