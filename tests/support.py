"""Helpers shared by the test tiers (import as `from support import ...`). No Qt here."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from expo_console.storage.connection import Stamp

if TYPE_CHECKING:
    from expo_console.services.importing.runs import ProcessIdentity

TEST_STAMP = Stamp(desk_id="desk-test", operator="tester", role="organizer")  # signed in: may do everything
DEMO_ORGANIZER, DEMO_PIN = "organizer", "0000"  # a demo event's organizer (services/operators.py)
REPO = Path(__file__).resolve().parents[1]
CHILD_MEMORY = 2 << 30


def _limit_memory() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (CHILD_MEMORY, CHILD_MEMORY))


def run_bounded(code: str, *args: str, seconds: float = 30) -> str:
    """Run Python code in a child process limited in time and (on POSIX) to 2 GB of memory, and
    return what it printed: a case that once hung fails its test instead of stalling the machine."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}  # this checkout's code, as `python -m pytest` runs
    try:
        done = subprocess.run([sys.executable, "-c", code, *args], cwd=REPO, env=env,
                              capture_output=True, text=True, timeout=seconds,
                              preexec_fn=_limit_memory if sys.platform != "win32" else None)  # noqa: PLW1509
    except subprocess.TimeoutExpired:
        pytest.fail(f"the child process ran for more than {seconds} s")
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def dead_process() -> ProcessIdentity:
    """This machine, and the id of a process that has ended: whose import record a kill left."""
    from expo_console.services.importing.runs import ProcessIdentity, this_process

    child = subprocess.Popen([sys.executable, "-c", ""])
    child.wait()
    me = this_process()
    return ProcessIdentity(me.host, me.boot_id, child.pid)


# Tables of the versions after 16, newest first: a test that makes a file "as an older version
# left it" drops them before it undoes the older versions' changes.
TABLES_AFTER_16 = ("bookings", "booking_requests", "booking_sessions", "booking_resources",  # 18
                   "meetings", "consultation_requests", "consultation_sessions", "consultation_tables",  # 17
                   "interpreters", "consultation_exhibitors", "consultation_buyers")


def drop_tables_after_16(conn: Any) -> None:
    for table in TABLES_AFTER_16:
        conn.execute(f"DROP TABLE {table}")


def write_xlsx_bomb(path: Path) -> Path:
    """An .xlsx whose sheet unpacks to 80 MB of spaces from well under a megabyte: an import must
    refuse it before it parses it."""
    import zipfile

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b" " * 80_000_000)
    assert path.stat().st_size < 1_000_000
    return path
