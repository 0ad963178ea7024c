"""Per-event badge keys: made with the event, kept out of the event file.

The secret that signs badge codes must not travel with the event file (a copied file would let
anyone print valid badges), so it lives in the user's config folder, readable by the owner only:
`keys/<event id>.json`. Several desks share an event by exporting the key file on one desk and
importing it on the others. Each key has an id (01-99) that goes into the codes, so a new key
can sign new badges while badges printed with an older key stay valid.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from expo_console.services.desk import config_dir

KEY_FILE_FORMAT = "expo-console-event-key"
SECRET_BYTES = 32


class MissingKey(Exception):
    """This desk has no badge key for the event; the message says how to get it."""


@dataclass(frozen=True, slots=True)
class EventKeys:
    event_id: str
    current: int
    secrets: dict[int, bytes]

    @property
    def current_secret(self) -> bytes:
        return self.secrets[self.current]


def _key_path(event_id: str) -> Path:
    return config_dir() / "keys" / f"{event_id}.json"


def _write_private(path: Path, payload: dict[str, object]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".part")
    # Created owner-only from the start: never readable by others, not even for a moment.
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(payload, handle, indent=2)
    os.replace(partial, path)


def _payload(keys: EventKeys, event_name: str) -> dict[str, object]:
    return {"format": KEY_FILE_FORMAT, "version": 1, "event_id": keys.event_id,
            "event_name": event_name, "current": keys.current,
            "keys": {f"{k:02d}": v.hex() for k, v in sorted(keys.secrets.items())}}


def _parse(data: dict[str, object], source: str) -> tuple[EventKeys, str]:
    try:
        if data.get("format") != KEY_FILE_FORMAT:
            raise ValueError("not an Expo Console key file")
        raw_keys = data["keys"]
        assert isinstance(raw_keys, dict)
        parsed = {int(k): bytes.fromhex(str(v)) for k, v in raw_keys.items()}
        current = int(str(data["current"]))
        if current not in parsed or any(not 1 <= k <= 99 or len(v) < 16 for k, v in parsed.items()):
            raise ValueError("key ids or secrets out of range")
        return EventKeys(str(data["event_id"]), current, parsed), str(data.get("event_name", ""))
    except (KeyError, ValueError, TypeError, AssertionError) as exc:
        raise MissingKey(f"{source} is not a valid Expo Console event key file ({exc}).") from exc


def create_event_key(event_id: str, event_name: str) -> EventKeys:
    keys = EventKeys(event_id, 1, {1: secrets.token_bytes(SECRET_BYTES)})
    _write_private(_key_path(event_id), _payload(keys, event_name))
    return keys


def load_keys(event_id: str) -> EventKeys:
    path = _key_path(event_id)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise MissingKey(
            "This desk does not have the event's badge key, so it cannot print or check badges. "
            "On the desk that created the event, export the key (expo-console key export), then "
            "import it here (expo-console key import, or File > Import badge key…)."
        ) from exc
    except (OSError, ValueError) as exc:
        raise MissingKey(f"The badge key file {path} cannot be read ({exc}). Import the key again.") from exc
    return _parse(data, str(path))[0]


def has_keys(event_id: str) -> bool:
    return _key_path(event_id).exists()


def export_keys(event_id: str, event_name: str, target: Path) -> None:
    """Write the key file for another desk (owner-only permissions; carry it on trusted media)."""
    _write_private(target, _payload(load_keys(event_id), event_name))


def import_keys(source: Path, event_id: str) -> EventKeys:
    """Take a key file exported on another desk; keys already here are kept (merged by id)."""
    try:
        data = json.loads(source.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise MissingKey(f"{source} cannot be read as a key file ({exc}).") from exc
    incoming, event_name = _parse(data, str(source))
    if incoming.event_id != event_id:
        raise MissingKey(f"{source.name} is the key of another event ({event_name or incoming.event_id}). "
                         "Export the key of this event on its desk.")
    merged = dict(load_keys(event_id).secrets) if has_keys(event_id) else {}
    for key_id, secret in incoming.secrets.items():
        if merged.get(key_id, secret) != secret:
            raise MissingKey(f"Key {key_id:02d} in {source.name} differs from the one on this desk. "
                             "Two desks made keys independently: keep one event key and re-import it.")
        merged[key_id] = secret
    keys = EventKeys(event_id, max(incoming.current, max(merged)), merged)
    _write_private(_key_path(event_id), _payload(keys, event_name))
    return keys


def rotate_key(event_id: str, event_name: str) -> EventKeys:
    """A new current key; badges signed with earlier keys stay valid."""
    keys = load_keys(event_id)
    new_id = max(keys.secrets) + 1
    if new_id > 99:
        raise MissingKey("This event already has 99 keys.")
    rotated = EventKeys(event_id, new_id, {**keys.secrets, new_id: secrets.token_bytes(SECRET_BYTES)})
    _write_private(_key_path(event_id), _payload(rotated, event_name))
    return rotated
