"""The event's badge key on the hub: sealed with the event passphrase, never in clear.

Every desk of the event may read the hub's `hub_meta`, and whoever holds the signing key can make
badges that every gate admits, so the key goes there only sealed. The organizer sets an event
passphrase at publish; a desk types it once at join and keeps the key as `key import` does.

The seal is scrypt (memory-hard: a guess costs 128 MiB and about 0.3 s, so a passphrase
cannot be tried fast even on a GPU) and AES-256-GCM from `cryptography`. The blob is JSON that
describes itself: format and version, the KDF with its parameters and random salt, the cipher with
its random 96-bit nonce, and the ciphertext, so the parameters can grow later without breaking
blobs already on hubs. The authenticated data is the header (everything but the ciphertext) and
the event's id as the hub holds it: a blob moved to another event's hub, or one whose header was
edited, does not open. A wrong passphrase and a tampered blob are refused with the same words,
because AES-GCM cannot tell them apart (and should not: the answer would help a guesser).

The plaintext is what `key export` writes (every key id of the event), so a desk takes it through
the same checks as a key file (services/badges/keys.py).
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import unicodedata
from typing import Any

from expo_console.services.badges import keys as badge_keys
from expo_console.services.hub.common import HubError
from expo_console.services.hub.schema import connect
from expo_console.storage import hub_repo

META_KEY = "badge_key_sealed"  # in hub_meta
FORMAT = "expo-console-sealed-key"
VERSION = 1
MIN_PASSPHRASE = 8
# scrypt with N = 2**17, r = 8: 128 MiB and about 0.3 s per derivation on a 2020s laptop core.
SCRYPT_N = 2**17
SCRYPT_R = 8
SCRYPT_P = 1
SALT_BYTES = 16
NONCE_BYTES = 12  # AES-GCM's 96-bit nonce: random, and a new one with every seal
# What a blob may ask of a desk that opens it: a blob edited to ask for 2**30 would take the
# desk's memory and minutes before it failed.
_MIN_N, _MAX_N = 2**14, 2**20
_MAX_SCRYPT_MEMORY = 512 * 2**20  # bytes: 128 * n * r

WRONG_PASSPHRASE = "The passphrase does not open this event's badge key: ask the organizer for it."


class WrongPassphrase(HubError):
    """The passphrase does not open the sealed key (or the blob was altered or moved)."""


class PassphraseNeeded(HubError):
    """The hub holds the event's badge key, and no passphrase was given to open it."""


def passphrase_problem(passphrase: str) -> str | None:
    """Why a passphrase may not seal an event's key, as a sentence; None when it may."""
    if len(_normal(passphrase)) < MIN_PASSPHRASE:
        return (f"The event passphrase must be at least {MIN_PASSPHRASE} characters: every desk of the event can "
                f"read the sealed key, so a short one could be guessed. A few words make a good one.")
    return None


def seal(plaintext: bytes, passphrase: str, event_id: str) -> str:
    """The sealed blob (JSON text) of `plaintext`, bound to `event_id`."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    header: dict[str, Any] = {
        "format": FORMAT, "version": VERSION,
        "kdf": {"name": "scrypt", "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P, "salt": _b64(os.urandom(SALT_BYTES))},
        "cipher": {"name": "AES-256-GCM", "nonce": _b64(os.urandom(NONCE_BYTES))},
    }
    key = _derive(passphrase, header["kdf"])
    ciphertext = AESGCM(key).encrypt(_unb64(header["cipher"]["nonce"]), plaintext, _bound(header, event_id))
    return json.dumps({**header, "ciphertext": _b64(ciphertext)}, separators=(",", ":"))


def unseal(blob: str, passphrase: str, event_id: str) -> bytes:
    """The plaintext of a blob `seal` made for `event_id`; WrongPassphrase when the passphrase
    does not open it, the blob was altered, or it was sealed for another event."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        sealed = json.loads(blob)
        if not isinstance(sealed, dict) or sealed.get("format") != FORMAT:
            raise ValueError("not a sealed key")
        if isinstance(sealed.get("version"), int) and sealed["version"] > VERSION:
            raise HubError("The event's badge key on the hub was sealed by a newer Expo Console: update Expo Console "
                           "on this desk.")
        if sealed.get("version") != VERSION or sealed["cipher"].get("name") != "AES-256-GCM":
            raise ValueError("unknown version or cipher")
        header = {name: sealed[name] for name in ("format", "version", "kdf", "cipher")}
        nonce = _unb64(header["cipher"]["nonce"])
        if len(nonce) != NONCE_BYTES:
            raise ValueError("nonce")
        key = _derive(passphrase, header["kdf"])
        return AESGCM(key).decrypt(nonce, _unb64(sealed["ciphertext"]), _bound(header, event_id))
    except (InvalidTag, ValueError, KeyError, TypeError, AttributeError, binascii.Error) as error:
        raise WrongPassphrase(code="hub_wrong_passphrase") from error


def seal_event_key(event_id: str, event_name: str, passphrase: str) -> str:
    """This desk's badge keys of the event, sealed for its hub (MissingKey without them)."""
    payload = badge_keys.key_file_payload(event_id, event_name)
    return seal(json.dumps(payload).encode("utf-8"), passphrase, event_id)


def open_event_key(blob: str, passphrase: str, event_id: str) -> tuple[badge_keys.EventKeys, str]:
    """The keys this desk will hold once the hub's sealed key is taken, and the event's name;
    nothing is written yet (keys.keep_keys does that). Refused like a key file no desk wrote."""
    data = json.loads(unseal(blob, passphrase, event_id))
    if not isinstance(data, dict):
        raise WrongPassphrase(code="hub_wrong_passphrase")
    try:
        return badge_keys.merged_import(data, event_id, "the hub's sealed badge key")
    except badge_keys.MissingKey as error:
        raise HubError(str(error)) from error


def sealed_on_hub(dsn: str) -> str | None:
    """The hub's sealed badge key; None on a hub published without one (an older console)."""
    with connect(dsn) as pg:
        return hub_repo.meta(pg).get(META_KEY)


def _derive(passphrase: str, kdf: dict[str, Any]) -> bytes:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    n, r, p = kdf["n"], kdf["r"], kdf["p"]
    if kdf.get("name") != "scrypt" or not all(isinstance(v, int) and not isinstance(v, bool) for v in (n, r, p)):
        raise ValueError("kdf")
    if not (_MIN_N <= n <= _MAX_N and n & (n - 1) == 0 and 1 <= r <= 32 and 1 <= p <= 4
            and 128 * n * r <= _MAX_SCRYPT_MEMORY):
        raise ValueError("kdf parameters out of range")
    salt = _unb64(kdf["salt"])
    if len(salt) < SALT_BYTES:
        raise ValueError("salt")
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(_normal(passphrase).encode("utf-8"))


def _bound(header: dict[str, Any], event_id: str) -> bytes:
    """The authenticated data: the header as sent, and the event the hub says it holds."""
    return json.dumps({"header": header, "event_id": event_id}, sort_keys=True, separators=(",", ":")).encode()


def _normal(passphrase: str) -> str:
    # The same Hangul typed on macOS (often decomposed, NFD) and on Windows (NFC) must open the key.
    return unicodedata.normalize("NFC", passphrase)


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _unb64(text: Any) -> bytes:
    if not isinstance(text, str):
        raise ValueError("not base64 text")
    return base64.b64decode(text, validate=True)
