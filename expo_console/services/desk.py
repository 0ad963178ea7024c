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
