"""Per-event badge keys: made with the event, kept out of the event file.

The secret that signs badge codes must not travel with the event file (a copied file would let
anyone print valid badges), so it lives in the user's config folder, readable by the owner only:
`keys/<event id>.json` in a `keys` folder that only the owner can open. Several desks share an event by exporting the key file on one desk and
importing it on the others. Each key has an id (01-99) that goes into the codes, so a new key
can sign new badges while badges printed with an older key stay valid. Ids are given in
order (01 with the event, then one more per rotation), so a key file with gaps or a weak secret
did not come from a desk and is refused at import.
"""

from __future__ import annotations

import contextlib
import json
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from expo_console.services.desk import config_dir, owner_only, write_private_json

KEY_FILE_FORMAT = "expo-console-event-key"
SECRET_BYTES = 32
MAX_SECRET_BYTES = 64  # one HMAC-SHA256 block: anything longer is hashed down anyway
MAX_KEY_ID = 99  # two digits in every badge code
_KEY_ID = re.compile(r"\d{2}")
_HEX = re.compile(r"(?:[0-9a-fA-F]{2})+")
_AGAIN = "Export the key again on the desk that created the event (expo-console key export) and import that file."


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


def _keys_dir() -> Path:
    return config_dir() / "keys"


def _key_path(event_id: str) -> Path:
    return _keys_dir() / f"{event_id}.json"


def _write_event_keys(keys: EventKeys, event_name: str) -> None:
    folder = _keys_dir()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    owner_only(folder)  # mkdir leaves an existing folder as it was
    write_private_json(_key_path(keys.event_id), _payload(keys, event_name))


def _payload(keys: EventKeys, event_name: str) -> dict[str, object]:
    return {"format": KEY_FILE_FORMAT, "version": 1, "event_id": keys.event_id,
            "event_name": event_name, "current": keys.current,
            "keys": {f"{k:02d}": v.hex() for k, v in sorted(keys.secrets.items())}}


def _parse(data: dict[str, object], source: str) -> tuple[EventKeys, str]:
    try:
        if data.get("format") != KEY_FILE_FORMAT:
            raise ValueError("not an Expo Console key file")
        raw_keys = data["keys"]
        if not isinstance(raw_keys, dict) or not raw_keys:
            raise ValueError("no keys")
        parsed: dict[int, bytes] = {}
        for key_id, secret in raw_keys.items():
            if not (_KEY_ID.fullmatch(str(key_id)) and 1 <= int(key_id) <= MAX_KEY_ID):
                raise ValueError(f"key id {key_id!r} is not 01 to {MAX_KEY_ID}")
            if not (isinstance(secret, str) and _HEX.fullmatch(secret)
                    and 16 <= len(secret) // 2 <= MAX_SECRET_BYTES):
                raise ValueError(f"key {key_id} is not 16 to {MAX_SECRET_BYTES} bytes written in hex")
            parsed[int(key_id)] = bytes.fromhex(secret)
        current = int(str(data["current"]))
        if current not in parsed:
            raise ValueError(f"the current key {current:02d} is not in the file")
        return EventKeys(str(data["event_id"]), current, parsed), str(data.get("event_name", ""))
    except (KeyError, ValueError, TypeError) as exc:
        raise MissingKey(f"{source} is not a valid Expo Console event key file ({exc}). {_AGAIN}") from exc


def _weakness(secret: bytes) -> str | None:
    """Why a secret cannot have come from secrets.token_bytes, or None. For 32 random bytes each
    test fails with a chance far below 2**-100, so a genuine key is never refused."""
    if len(secret) < SECRET_BYTES:
        return f"{len(secret)} bytes; Expo Console makes keys of {SECRET_BYTES}"
    if len(set(secret)) < len(secret) // 2:
        return "too few different bytes (such as all zeros)"
    if any(secret[p:] == secret[:-p] for p in range(1, len(secret) // 2 + 1)):
        return "a repeated pattern"
    if len({(b - a) % 256 for a, b in zip(secret, secret[1:], strict=False)}) == 1:
        return "a counting sequence"
    return None


def _check_incoming(keys: EventKeys, source: str) -> None:
    """A key file that no desk could have written is refused before it replaces anything: a weak
    secret would let anyone sign badges, and an id jump (say to 99) would use up the ids that
    rotations need."""
    for key_id, secret in sorted(keys.secrets.items()):
        why = _weakness(secret)
        if why:
            raise MissingKey(f"Key {key_id:02d} in {source} is not a safe secret ({why}): anyone could "
                             f"make valid badges with it. It was not imported. {_AGAIN}")
    ids = sorted(keys.secrets)
    if ids != list(range(1, len(ids) + 1)):
        listed = ", ".join(f"{k:02d}" for k in ids)
        raise MissingKey(f"{source} has key ids {listed}, but an event's keys are numbered 01, 02, 03 … "
                         f"without gaps (a new one per rotation). It was not imported. {_AGAIN}")


def create_event_key(event_id: str, event_name: str) -> EventKeys:
    keys = EventKeys(event_id, 1, {1: secrets.token_bytes(SECRET_BYTES)})
    _write_event_keys(keys, event_name)
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
    with contextlib.suppress(OSError):  # best effort: a desk set up by an older version is tightened
        for each in (path.parent, path):
            owner_only(each)
    return _parse(data, str(path))[0]


def has_keys(event_id: str) -> bool:
    return _key_path(event_id).exists()


def key_file_payload(event_id: str, event_name: str) -> dict[str, object]:
    """What `key export` writes, as data: the hub carries it sealed (services/hub/sealed_key.py)."""
    return _payload(load_keys(event_id), event_name)


def export_keys(event_id: str, event_name: str, target: Path) -> None:
    """Write the key file for another desk (owner-only permissions; carry it on trusted media)."""
    write_private_json(target, key_file_payload(event_id, event_name))


def import_keys(source: Path, event_id: str) -> EventKeys:
    """Take a key file exported on another desk; keys already here are kept (merged by id)."""
    try:
        data = json.loads(source.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise MissingKey(f"{source} cannot be read as a key file ({exc}).") from exc
    if not isinstance(data, dict):
        raise MissingKey(f"{source} is not a valid Expo Console event key file. {_AGAIN}")
    keys, event_name = merged_import(data, event_id, source.name)
    keep_keys(keys, event_name)
    return keys


def merged_import(data: dict[str, object], event_id: str, source: str) -> tuple[EventKeys, str]:
    """The keys this desk will hold once `data` (a key file's content, from `source`) is taken,
    and the event's name; MissingKey, with nothing written, when it cannot be taken."""
    incoming, event_name = _parse(data, source)
    _check_incoming(incoming, source)
    if incoming.event_id != event_id:
        raise MissingKey(f"{source} is the key of another event ({event_name or incoming.event_id}). "
                         "Export the key of this event on its desk.")
    merged = dict(load_keys(event_id).secrets) if has_keys(event_id) else {}
    for key_id, secret in incoming.secrets.items():
        if merged.get(key_id, secret) != secret:
            raise MissingKey(f"Key {key_id:02d} in {source} differs from the one on this desk. "
                             "Two desks made keys independently: keep one event key and re-import it.")
        merged[key_id] = secret
    return EventKeys(event_id, max(incoming.current, max(merged)), merged), event_name


def keep_keys(keys: EventKeys, event_name: str) -> None:
    """Store the event's keys on this desk (as `key import` does): owner-only, never in the file."""
    _write_event_keys(keys, event_name)


def rotate_key(event_id: str, event_name: str) -> EventKeys:
    """A new current key; badges signed with earlier keys stay valid."""
    keys = load_keys(event_id)
    new_id = max(keys.secrets) + 1
    if new_id > MAX_KEY_ID:
        raise MissingKey(f"This event already has {MAX_KEY_ID} keys.")
    rotated = EventKeys(event_id, new_id, {**keys.secrets, new_id: secrets.token_bytes(SECRET_BYTES)})
    _write_event_keys(rotated, event_name)
    return rotated
