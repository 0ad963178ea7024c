"""The event file holds no badge code: a copy of it, without the key, prints no working badge.

A code is a header anyone can read off a badge plus an HMAC tag only the key can make; so the
file may show whose badge a row is, but never a tag. Checked on the raw bytes (free pages and
the WAL included), because that is what someone who copies the file has.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from expo_console.domain.badge_code import HEADER_DIGITS, BadgeFields, make_code, parse_code
from expo_console.domain.visitors import VisitorClass
from expo_console.services.badge_print.printing import prepare_print
from expo_console.services.badges.codes import current_badge, issue_badge, verify_code
from expo_console.services.badges.keys import MissingKey, load_keys
from expo_console.services.checkin.gates import find_gate
from expo_console.services.checkin.scanning import ScanContext, Station, admit_by_hand, scan
from expo_console.services.demo.event import create_demo_event
from expo_console.services.events import event_row
from expo_console.storage.connection import EventStore
from support import TEST_STAMP

DAY1 = dt.datetime(2022, 10, 4, 1, 0, tzinfo=dt.UTC)
CODE_RUN = re.compile(rb"(?=(\d{58}))")  # every 58-digit window, overlapping


def raw_copy(source: Path, target: Path) -> bytes:
    """Copy the live file and its WAL as a person would, from another process (ours must not
    open them outside SQLite), and return the bytes of both."""
    target.mkdir()
    script = ("import shutil, sys, pathlib\n"
              "for name in (sys.argv[1], sys.argv[1] + '-wal'):\n"
              "    if pathlib.Path(name).exists(): shutil.copy(name, sys.argv[2])\n")
    subprocess.run([sys.executable, "-c", script, str(source), str(target)], check=True, timeout=60)
    return b"".join(path.read_bytes() for path in sorted(target.iterdir()))


def visitor_ids(store: EventStore) -> list[str]:
    return [r[0] for r in store.conn.execute("SELECT id FROM visitors ORDER BY rowid")]


def cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "expo_console", *args], capture_output=True, text=True,
                          timeout=120, env=env)


@pytest.fixture
def desk(tmp_path: Path) -> EventStore:
    store = create_demo_event(tmp_path / "desk" / "event.expo", TEST_STAMP, visitors=12)
    yield store
    store.close()


def test_a_copied_event_file_gives_nobody_a_genuine_code(desk: EventStore, tmp_path: Path) -> None:
    ids = visitor_ids(desk)
    issued = [issue_badge(desk, v)[0].code for v in ids]
    issued.append(issue_badge(desk, ids[1], reissue=True)[0].code)  # issued[1] is now revoked
    event = event_row(desk)
    keys = load_keys(event["id"])
    from_another_desk = make_code(BadgeFields(keys.current, event["badge_event_number"], 42_000_001, 0,
                                              VisitorClass.VISITOR), keys.current_secret)
    issued.append(from_another_desk)
    entrance = ScanContext(desk, Station("gate-1", find_gate(desk, "B홀 정문")["id"]))
    typed = [issued[0], issued[1], from_another_desk, issued[2] + "x", "]ㅂ1" + issued[3], issued[4][:-1],
             issued[5] + " 12345"]
    for i, text in enumerate(typed):
        scan(entrance, text, now=DAY1 + dt.timedelta(minutes=i))
    scan(entrance, issued[6], manual=True, now=DAY1 + dt.timedelta(hours=1))
    admit_by_hand(entrance, ids[7], "배지를 두고 옴", now=DAY1 + dt.timedelta(hours=2))
    verdicts = {r[0] for r in desk.conn.execute("SELECT verdict FROM scans WHERE station = 'gate-1'")}
    assert {"admitted", "revoked", "admitted_unknown_serial", "malformed", "ime_on"} <= verdicts

    data = raw_copy(desk.path, tmp_path / "copied")

    for code in issued:  # not the code, and not its tag: the part only the key can make
        assert code[HEADER_DIGITS:].encode() not in data
    # Nothing code-shaped in the file is genuine, even to the desk that holds the key.
    assert not any(verify_code(desk, run.decode()).tag_valid for run in CODE_RUN.findall(data))
    # Check-in still knows what it needs: who, which badge, and the unreadable input as typed.
    rows = desk.conn.execute("SELECT verdict, badge_serial, badge_reissue, badge_key_id, unreadable_input FROM scans"
                             " WHERE station = 'gate-1' ORDER BY scanned_at").fetchall()
    assert rows[0] == ("admitted", parse_code(issued[0]).serial, 0, keys.current, "")
    assert rows[1][:4] == ("revoked", parse_code(issued[1]).serial, 0, keys.current)
    assert rows[2][:2] == ("admitted_unknown_serial", 42_000_001)
    assert "12345" in [r[4] for r in rows]


def test_without_the_key_badges_are_listed_but_no_code_is_shown_or_printed(
        desk: EventStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    visitor_id = visitor_ids(desk)[0]
    code = issue_badge(desk, visitor_id)[0].code
    copy = tmp_path / "copied"
    raw_copy(desk.path, copy)
    thief = {**os.environ, "EXPO_CONSOLE_CONFIG_DIR": str(tmp_path / "thief"), "EXPO_CONSOLE_DESK_ID": "thief"}

    shown = cli(thief, "code", "--db", str(copy / "event.expo"), "--visitor", visitor_id)
    assert shown.returncode == 1 and "key import" in shown.stderr and code not in shown.stdout
    printed = cli(thief, "badges", "--db", str(copy / "event.expo"), "--all", "--out", str(tmp_path / "b.pdf"))
    assert printed.returncode == 1 and "key import" in printed.stderr
    checked = cli(thief, "verify", "--db", str(copy / "event.expo"), code)
    assert checked.returncode == 1 and "key import" in checked.stderr
    # The desk with the key gets the same code back from the copy.
    assert cli({**os.environ}, "code", "--db", str(copy / "event.expo"), "--visitor", visitor_id).stdout.strip() == code

    browsed = cli(thief, "info", "--db", str(copy / "event.expo"))  # browsing needs no key
    assert browsed.returncode == 0 and json.loads(browsed.stdout)["badges"] == 1

    monkeypatch.setenv("EXPO_CONSOLE_CONFIG_DIR", str(tmp_path / "thief"))
    with pytest.raises(MissingKey, match="key import"):
        current_badge(desk, visitor_id)
    with pytest.raises(MissingKey, match="key import"):
        prepare_print(desk, visitor_id, "a6")
