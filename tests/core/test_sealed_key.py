"""The sealed badge key as a blob: what it says about itself, and what opens it (no hub needed;
tests/core/test_hub_badge_key.py has it travel through a real one)."""

from __future__ import annotations

import base64
import json
import unicodedata

import pytest

from expo_console.services.hub.common import HubError
from expo_console.services.hub.sealed_key import (
    WRONG_PASSPHRASE,
    WrongPassphrase,
    passphrase_problem,
    seal,
    unseal,
)

EVENT = "0192f5a0-0000-7000-8000-000000000001"
SECRET = b'{"keys": {"01": "the event key file"}}'
PASSPHRASE = "부스 열쇠는 2022"


def test_a_sealed_key_names_its_kdf_and_cipher_and_opens_only_with_its_passphrase_for_its_event() -> None:
    blob = seal(SECRET, PASSPHRASE, EVENT)
    sealed = json.loads(blob)
    assert sealed["format"] == "expo-console-sealed-key" and sealed["version"] == 1
    assert {k: sealed["kdf"][k] for k in ("name", "n", "r", "p")} == {"name": "scrypt", "n": 2**17, "r": 8, "p": 1}
    assert len(base64.b64decode(sealed["kdf"]["salt"])) == 16 and sealed["cipher"]["name"] == "AES-256-GCM"
    assert len(base64.b64decode(sealed["cipher"]["nonce"])) == 12
    assert b"event key file" not in base64.b64decode(sealed["ciphertext"])
    again = json.loads(seal(SECRET, PASSPHRASE, EVENT))  # a fresh salt and nonce every time
    assert again["kdf"]["salt"] != sealed["kdf"]["salt"] and again["cipher"]["nonce"] != sealed["cipher"]["nonce"]

    assert unseal(blob, PASSPHRASE, EVENT) == SECRET
    # the same Hangul typed on a Mac (decomposed) opens it too
    assert unseal(blob, unicodedata.normalize("NFD", PASSPHRASE), EVENT) == SECRET
    for passphrase, event in ((PASSPHRASE + " ", EVENT), ("부스 열쇠는 2023", EVENT), (PASSPHRASE, EVENT[:-1] + "2")):
        with pytest.raises(WrongPassphrase, match=WRONG_PASSPHRASE):
            unseal(blob, passphrase, event)
    for damaged in ("", "{}", "not json", json.dumps({**sealed, "cipher": {**sealed["cipher"], "nonce": "AAAA"}}),
                    json.dumps({**sealed, "kdf": {**sealed["kdf"], "name": "pbkdf2"}})):
        with pytest.raises(WrongPassphrase, match=WRONG_PASSPHRASE):
            unseal(damaged, PASSPHRASE, EVENT)


def test_a_key_sealed_by_a_newer_console_says_to_update() -> None:
    newer = {**json.loads(seal(SECRET, PASSPHRASE, EVENT)), "version": 2}
    with pytest.raises(HubError, match="newer Expo Console: update Expo Console"):
        unseal(json.dumps(newer), PASSPHRASE, EVENT)


def test_an_event_passphrase_has_at_least_eight_characters() -> None:
    assert "at least 8 characters" in (passphrase_problem("부스열쇠202") or "")
    assert passphrase_problem("부스열쇠2022") is None  # eight characters, whatever their bytes
    assert passphrase_problem(unicodedata.normalize("NFD", "부스열쇠202"))  # 7 syllables and digits, not 11 jamo
