"""Sign-ins tried on an event file opened read-only (issue 21), kept beside the desk's settings.

Opening a file to look never writes to it, so a wrong PIN typed there cannot go to the operator's
row: it goes to a small owner-only file in the desk's config folder, keyed by event and name, and
once an operator has MAX_TRIES of them within the lock period they are refused as locked, as the
event file would lock them. Each try is written down before its PIN is checked and taken off again
when the PIN was right: tries run side by side (a loop of `expo-console info &`) are all counted.
Tries older than the lock period are forgotten, so the file stays small.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from expo_console.services.desk import config_dir, owner_only
from expo_console.storage.connection import parse_utc_stamp, utc_stamp

FILE_NAME = "read_only_sign_ins.json"

try:  # POSIX: one desk's processes take turns; elsewhere the config folder is one user's anyway
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


def path() -> Path:
    return config_dir() / FILE_NAME


def reserve(event_id: str, name: str, moment: dt.datetime, *, limit: int, period: dt.timedelta) -> dt.datetime | None:
    """Count a try for `name` before its PIN is checked: None, or (nothing counted) the time until
    which the name is locked, `limit` tries having been made within `period` before `moment`."""
    with _tries(moment, period) as tries:
        mine = sorted(tries.get(_key(event_id, name), []))
        if len(mine) >= limit:
            return parse_utc_stamp(mine[-limit]) + period
        tries[_key(event_id, name)] = [*mine, utc_stamp(moment)]
    return None


def release(event_id: str, name: str, moment: dt.datetime, *, period: dt.timedelta) -> None:
    """The try made at `moment` had the right PIN: it is no wrong one (the others stay)."""
    with _tries(moment, period) as tries:
        mine = tries.get(_key(event_id, name), [])
        if utc_stamp(moment) in mine:
            mine.remove(utc_stamp(moment))


def _key(event_id: str, name: str) -> str:
    return f"{event_id}/{name}"


@contextmanager
def _tries(moment: dt.datetime, period: dt.timedelta) -> Iterator[dict[str, list[str]]]:
    """The tries within `period` before `moment`, by key, written back (under the file's lock)."""
    target = path()
    target.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(target, os.O_RDWR | os.O_CREAT, 0o600)
    with os.fdopen(fd, "r+", encoding="utf-8") as handle:
        owner_only(target)  # one made by hand, or copied in, with wider permissions
        if fcntl is not None:
            fcntl.flock(handle, fcntl.LOCK_EX)
        tries = _recent(handle, moment - period)
        yield tries
        handle.seek(0)
        handle.truncate()
        json.dump({key: stamps for key, stamps in tries.items() if stamps}, handle, ensure_ascii=False)


def _recent(handle: IO[str], since: dt.datetime) -> dict[str, list[str]]:
    try:
        raw = json.loads(handle.read() or "{}")
    except ValueError:
        raw = {}  # a damaged file counts nothing rather than stop every sign-in
    if not isinstance(raw, dict):
        return {}
    recent: dict[str, list[str]] = {}
    for key, stamps in raw.items():
        if isinstance(stamps, list):
            recent[str(key)] = [s for s in stamps if isinstance(s, str) and _after(s, since)]
    return recent


def _after(stamp: str, since: dt.datetime) -> bool:
    try:
        return parse_utc_stamp(stamp) > since
    except ValueError:
        return False
