"""This desk's identity and its per-user folders (platformdirs).

A desk is one machine at the event. Its id is made once and kept in the user's config folder,
so that every row it writes says where it came from when desks are merged later.
Environment overrides (EXPO_CONSOLE_CONFIG_DIR, EXPO_CONSOLE_DATA_DIR, EXPO_CONSOLE_DESK_ID,
EXPO_CONSOLE_OPERATOR) let tests and multi-desk rehearsals run side by side on one machine.
"""

from __future__ import annotations

import getpass
import json
import os
import stat
import uuid
from pathlib import Path

import platformdirs

from expo_console.storage.connection import Stamp

APP_NAME = "expo-console"
EVENT_SUFFIX = ".expo"


def config_dir() -> Path:
    override = os.environ.get("EXPO_CONSOLE_CONFIG_DIR")
    return Path(override) if override else platformdirs.user_config_path(APP_NAME)


def data_dir() -> Path:
    override = os.environ.get("EXPO_CONSOLE_DATA_DIR")
    return Path(override) if override else platformdirs.user_data_path(APP_NAME)


def default_event_path() -> Path:
    return data_dir() / "events" / f"default{EVENT_SUFFIX}"


def desk_id() -> str:
    override = os.environ.get("EXPO_CONSOLE_DESK_ID")
    if override:
        return override
    path = config_dir() / "desk.json"
    try:
        return str(json.loads(path.read_text(encoding="utf-8"))["desk_id"])
    except (OSError, ValueError, KeyError):
        pass
    new = uuid.uuid4().hex[:8]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"desk_id": new}), encoding="utf-8")
    return new


def configured_slot() -> int | None:
    """This desk's badge serial slot when the organizer assigned one (1-99), else None.

    Desks that work on separate copies of an event must each get their own slot: set
    EXPO_CONSOLE_DESK_SLOT, or "serial_slot" in the desk's desk.json. Desks sharing one file
    are numbered automatically when they first open it.
    """
    raw = os.environ.get("EXPO_CONSOLE_DESK_SLOT")
    if raw is None:
        try:
            raw = json.loads((config_dir() / "desk.json").read_text(encoding="utf-8")).get("serial_slot")
        except (OSError, ValueError):
            raw = None
    if raw in (None, ""):
        return None
    slot = int(raw)
    if not 1 <= slot <= 99:
        raise ValueError(f"The desk's serial slot must be 1 to 99, not {slot}.")
    return slot


def operator_name() -> str:
    override = os.environ.get("EXPO_CONSOLE_OPERATOR")
    if override:
        return override
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "operator"


def local_stamp() -> Stamp:
    return Stamp(desk_id=desk_id(), operator=operator_name())


def owner_only(path: Path) -> None:
    """Take group and other permissions off a private file or folder that has them (made by an
    older version, or by hand). POSIX only: Windows keeps the config folder per user."""
    if os.name == "posix":
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            os.chmod(path, mode & 0o700)


def write_private_json(path: Path, payload: dict[str, object]) -> None:
    """A file of secrets (badge keys, a hub's password), owner-only from the moment it exists."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".part")
    # A .part left by a crash keeps its mode through O_CREAT (it may be 0644): start afresh, and
    # O_EXCL makes sure the file written is the one created here, owner-only from the start.
    partial.unlink(missing_ok=True)
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(payload, handle, indent=2)
    os.replace(partial, path)
