"""Creating, opening and describing an event file."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from expo_console.domain.ids import new_id
from expo_console.services import event_settings as settings_registry
from expo_console.services.badges.keys import create_event_key
from expo_console.services.desk import configured_slot
from expo_console.services.importing.runs import interrupted_imports
from expo_console.services.operators import create_operator, sign_in_store
from expo_console.storage import desks_repo, event_repo
from expo_console.storage.connection import (
    EventFileError,
    EventStore,
    Stamp,
    open_event_file,
    utc_now,
)


@dataclass(frozen=True, slots=True)
class EventDetails:
    name: str
    starts_on: str
    ends_on: str
    name_en: str = ""
    venue: str = ""
    hall_name: str = ""
    is_demo: bool = False


def create_event(path: Path | str, details: EventDetails, stamp: Stamp,
                 organizer: tuple[str, str] | None = None) -> EventStore:
    """A new event file with its event row (and hall, when one is named), and its first
    organizer (name, PIN) signed in when given."""
    path = Path(path)
    if path.exists() and path.stat().st_size > 0:
        raise EventFileError("exists", f"{path} already exists. Choose another file name, or open it.")
    if details.ends_on < details.starts_on:
        raise EventFileError("bad_dates", "The event ends before it starts. Check the dates.")
    store = open_event_file(path, stamp, create=True)
    with store.write() as conn:
        stamps = store.stamps()
        hall_id = None
        if details.hall_name:
            hall_id = new_id()
            event_repo.insert_hall(conn, hall_id, details.hall_name, stamps)
        event_id = new_id()
        event_repo.insert_event(conn, event_id, {
            "name": details.name, "name_en": details.name_en, "starts_on": details.starts_on,
            "ends_on": details.ends_on, "venue": details.venue, "hall_id": hall_id, "is_demo": details.is_demo,
            "badge_event_number": secrets.randbelow(100_000)}, stamps)
        _touch_desk(store)
    # The badge key is made with the event and kept out of the file (see badges/keys.py).
    create_event_key(event_id, details.name)
    if organizer is not None:
        create_operator(store, organizer[0], "organizer", organizer[1])
        sign_in_store(store, *organizer)
    return store


def open_event(path: Path | str, stamp: Stamp, *, read_only: bool = False, record_desk: bool = True) -> EventStore:
    """Open an event file to work in it: the desk is recorded (and given its serial slot).

    read_only=True opens it to look only: nothing is written, not even the desk's visit, so a
    file on read-only media, a full disk or a file another program is writing can be read.
    record_desk=False skips the desk's visit on a writable open (a command that writes only an
    audit record needs no serial slot).
    """
    store = open_event_file(path, stamp, read_only=read_only)
    if event_repo.event_count(store.conn) != 1:
        store.close()
        raise EventFileError("no_event", f"{path} holds no event. Create a new event instead.")
    if read_only or not record_desk:
        return store
    try:
        with store.write():
            _touch_desk(store)
    except BaseException:
        store.close()
        raise
    return store


def open_event_or_read_only(path: Path | str, stamp: Stamp, *, record_desk: bool = True) -> EventStore:
    """The event to work in, or read-only when it cannot be written (read-only media or folder)."""
    target = Path(path)
    writable = os.access(target, os.W_OK) and os.access(target.parent, os.W_OK)
    if writable:
        try:
            return open_event(target, stamp, record_desk=record_desk)
        except EventFileError as error:
            if error.code != "read_only":
                raise
    return open_event(target, stamp, read_only=True)


def _touch_desk(store: EventStore) -> None:
    """Record this desk, and give it a serial slot (its own range of badge serials)."""
    now = utc_now()
    desks_repo.touch(store.conn, store.stamp.desk_id, now)
    wanted = configured_slot()
    if wanted is not None:
        holder = desks_repo.slot_holder(store.conn, wanted, store.stamp.desk_id)
        if holder is not None:
            raise EventFileError("slot_taken", f"Serial slot {wanted} already belongs to desk {holder} in this "
                                               "event. Give this desk another slot (EXPO_CONSOLE_DESK_SLOT).")
        desks_repo.set_slot(store.conn, store.stamp.desk_id, wanted)
        return
    desks_repo.give_next_slot(store.conn, store.stamp.desk_id)


def event_row(store: EventStore) -> dict[str, Any]:
    return event_repo.event_row(store.conn)


def event_settings(store: EventStore) -> dict[str, Any]:
    """Every event setting by key, defaults filled in (services/event_settings.py is the registry;
    prefer event_settings.get(store, SETTING))."""
    return settings_registry.all_values(store)


def set_event_setting(store: EventStore, key: str, value: Any) -> None:
    """Change one event setting by key: refused for an unknown key or a value of the wrong type
    (prefer event_settings.put(store, SETTING, value))."""
    settings_registry.put(store, settings_registry.setting(key), value)


def event_info(store: EventStore) -> dict[str, Any]:
    """What `expo-console info` prints: the event, how many of each thing it holds, and imports
    that were interrupted (only read: `info` opens the file read-only)."""
    event = event_row(store)
    counts = {
        table: event_repo.count_rows(store.conn, table) for table in event_repo.COUNTED_TABLES
    }
    return {
        "name": event["name"],
        "name_en": event["name_en"],
        "starts_on": event["starts_on"],
        "ends_on": event["ends_on"],
        "venue": event["venue"],
        "hall": event["hall_name"],
        "is_demo": bool(event["is_demo"]),
        "path": str(store.path),
        "read_only": store.read_only,
        **counts,
        "interrupted_imports": [run.as_json() for run in interrupted_imports(store)],
    }
