"""Upgrading a version-5 file, which kept badge codes in clear: the codes leave the file's bytes
(free pages and WAL included), and check-in goes on with the same verdicts for the same badges."""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from expo_console.domain.badge_code import HEADER_DIGITS, BadgeFields, make_code
from expo_console.domain.checkin import Verdict
from expo_console.domain.visitors import VisitorClass
from expo_console.services.badges.codes import current_badge, verify_code
from expo_console.services.badges.keys import create_event_key
from expo_console.services.checkin.scanning import ScanContext, Station, scan
from expo_console.storage.connection import open_event_file
from expo_console.storage.schema import APPLICATION_ID, MIGRATIONS
from support import TEST_STAMP

EVENT_NUMBER = 20221
STAMPS = "'desk-old', '2022-10-01T00:00:00.000Z', '2022-10-01T00:00:00.000Z'"
DAY1 = dt.datetime(2022, 10, 4, 1, 0, tzinfo=dt.UTC)


def _code(secret: bytes, serial: int, reissue: int, cls: VisitorClass) -> str:
    return make_code(BadgeFields(1, EVENT_NUMBER, serial, reissue, cls), secret)


def version_5_file(path: Path) -> dict[str, str]:
    """An event file as version 5 wrote it (codes in badges and scans); returns its codes."""
    secret = create_event_key("e-old", "옛 행사").current_secret
    codes = {"kim": _code(secret, 1_000_001, 0, VisitorClass.VIP),
             "lee_lost": _code(secret, 1_000_002, 0, VisitorClass.VISITOR),
             "lee": _code(secret, 1_000_002, 1, VisitorClass.VISITOR),
             "park": _code(secret, 1_000_003, 0, VisitorClass.PRESS)}
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    for version in MIGRATIONS[:5]:
        for statement in version:
            conn.execute(statement)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 5")
    conn.execute(f"INSERT INTO event (id, name, starts_on, ends_on, badge_event_number, desk_id, created_at,"
                 f" updated_at) VALUES ('e-old', '옛 행사', '2022-10-04', '2022-10-07', {EVENT_NUMBER}, {STAMPS})")
    conn.execute("INSERT INTO desks (id, first_seen_at, last_seen_at, slot) VALUES ('desk-old', 't', 't', 1)")
    conn.execute(f"INSERT INTO gates (id, name, kind, desk_id, created_at, updated_at)"
                 f" VALUES ('g-in', '정문', 'hall_entrance', {STAMPS})")
    for name, cls in (("kim", "vip"), ("lee", "visitor"), ("park", "press")):
        conn.execute(f"INSERT INTO visitors (id, name, visitor_class, desk_id, created_at, updated_at)"
                     f" VALUES (?, ?, ?, {STAMPS})", (f"v-{name}", name, cls))
    badges = [("b-kim", "v-kim", 1_000_001, 0, codes["kim"], "active"),
              ("b-lee0", "v-lee", 1_000_002, 0, codes["lee_lost"], "revoked"),
              ("b-lee1", "v-lee", 1_000_002, 1, codes["lee"], "active"),
              ("b-park", "v-park", 1_000_003, 0, codes["park"], "active")]
    conn.executemany(f"INSERT INTO badges (id, visitor_id, serial, reissue, code, status, desk_id, created_at,"
                     f" updated_at) VALUES (?, ?, ?, ?, ?, ?, {STAMPS})", badges)
    scans = [("s1", "2022-10-04T00:30:00.000Z", codes["kim"], "v-kim", 1_000_001, "admitted"),
             ("s2", "2022-10-04T00:31:00.000Z", codes["lee_lost"], "v-lee", 1_000_002, "revoked"),
             ("s3", "2022-10-04T00:32:00.000Z", codes["park"] + "x", None, None, "malformed"),
             ("s4", "2022-10-04T00:33:00.000Z", "]ㅂ1" + codes["park"], None, None, "ime_on"),
             ("s5", "2022-10-04T00:34:00.000Z", "12345", None, None, "malformed")]
    # Park was scanned through earlier days: enough rows that the rewrite leaves free pages behind.
    scans += [(f"old-{i}", f"2022-10-0{1 + i % 3}T00:00:{i % 60:02d}.000Z", codes["park"], "v-park", 1_000_003,
               "admitted") for i in range(600)]
    conn.executemany("INSERT INTO scans (id, scanned_at, station, gate_id, direction, code, visitor_id, badge_serial,"
                     " verdict, desk_id) VALUES (?, ?, 'gate-1', 'g-in', 'in', ?, ?, ?, ?, 'desk-old')", scans)
    conn.close()
    return codes


def raw_bytes(path: Path) -> bytes:
    """The file and its WAL, read by another process (ours has the file open in SQLite)."""
    script = ("import sys, pathlib\n"
              "for name in (sys.argv[1], sys.argv[1] + '-wal'):\n"
              "    p = pathlib.Path(name)\n"
              "    sys.stdout.buffer.write(p.read_bytes() if p.exists() else b'')\n")
    return subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, check=True,
                          timeout=60).stdout


def test_upgrading_scrubs_the_codes_and_check_in_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "old.expo"
    codes = version_5_file(path)
    assert all(code[HEADER_DIGITS:].encode() in raw_bytes(path) for code in codes.values())  # as v5 kept them

    store = open_event_file(path, TEST_STAMP)
    try:
        data = raw_bytes(path)  # while open: the WAL is part of what a copy would take
        for name, code in codes.items():
            assert code[HEADER_DIGITS:].encode() not in data, name

        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        # Each badge derives the code it had; old scans keep the badge, and only true garbage as typed.
        assert current_badge(store, "v-kim").code == codes["kim"]
        assert current_badge(store, "v-lee").code == codes["lee"]
        kept = dict(store.conn.execute("SELECT id, unreadable_input FROM scans"))
        assert kept["s1"] == kept["s2"] == "" and kept["s5"] == "12345"
        assert kept["s3"] == codes["park"][:HEADER_DIGITS] + "*" * (58 - HEADER_DIGITS) + "x"
        assert store.conn.execute("SELECT badge_serial, badge_reissue, badge_key_id FROM scans WHERE id = 's2'"
                                  ).fetchone() == (1_000_002, 0, 1)
        # The log is still append-only, with its indexes.
        with pytest.raises(sqlite3.IntegrityError, match="append-only"), store.write() as conn:
            conn.execute("DELETE FROM scans")
        indexes = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE tbl_name = 'scans'")}
        assert indexes >= {"scans_visitor_time", "scans_gate_time", "scans_serial_time", "scans_time"}

        assert verify_code(store, codes["kim"]).status == "active"
        entrance = ScanContext(store, Station("gate-1", "g-in"))
        later = DAY1 + dt.timedelta(minutes=30)
        verdicts = [scan(entrance, codes[name], now=later + dt.timedelta(seconds=5 * i))[0].verdict
                    for i, name in enumerate(("kim", "lee_lost", "lee", "park"))]
        assert verdicts == [Verdict.ALREADY_ADMITTED, Verdict.REVOKED, Verdict.ADMITTED, Verdict.ADMITTED]
    finally:
        store.close()
