from __future__ import annotations

import pytest

from expo_console.domain.scan_input import (
    InputKind,
    kept_input,
    parse_scan,
    scanner_burst_start,
    typed_by_hand,
)

CODE = "1012022103000042002" + "5" * 39
OTHER = "1012022103000043002" + "6" * 39


@pytest.mark.parametrize("raw, kind, codes", [
    (CODE, InputKind.CODE, (CODE,)),
    (CODE + "\r\n", InputKind.CODE, (CODE,)),
    (CODE + "\t", InputKind.CODE, (CODE,)),
    ("]Q1" + CODE, InputKind.CODE, (CODE,)),  # AIM symbology identifier for QR
    ("]Q3" + CODE + "\n", InputKind.CODE, (CODE,)),
    (CODE + OTHER, InputKind.CODE, (CODE, OTHER)),  # two reads back to back
    ("]Q1" + CODE + "]Q1" + OTHER, InputKind.CODE, (CODE, OTHER)),
    (CODE + " " + OTHER, InputKind.CODE, (CODE, OTHER)),
    ("", InputKind.EMPTY, ()),
    ("\r\n", InputKind.EMPTY, ()),
    ("ㅂㅈㅇㄹ", InputKind.IME_ON, ()),  # a scanner typing while the Korean IME is on
    ("hello", InputKind.GARBLED, ("hello",)),
    ("12345", InputKind.CODE, ("12345",)),  # digits but too short: the decision calls it malformed
])
def test_scan_field_parsing(raw: str, kind: InputKind, codes: tuple[str, ...]) -> None:
    parsed = parse_scan(raw)
    assert parsed.kind == kind
    if kind != InputKind.IME_ON:
        assert parsed.codes == codes


def test_scanner_and_person_are_told_apart_by_timing() -> None:
    assert not typed_by_hand([0.004] * 57)  # a scanner: a few ms between keys
    assert typed_by_hand([0.18, 0.22, 0.15, 0.31, 0.2])  # a person typing a code off a screen
    assert typed_by_hand([0.002])  # too short to judge: treated as typed


def test_a_scanners_burst_is_found_among_keys_typed_into_another_field() -> None:
    person = [0.0, 0.2, 0.35, 0.6, 0.8]  # someone typing a station's name
    scanner = [2.0 + 0.004 * i for i in range(58)]
    assert scanner_burst_start(person, 1.1) is None  # then Enter: theirs
    assert scanner_burst_start(person + scanner, scanner[-1] + 0.01) == len(person)  # the code, not their part
    assert scanner_burst_start(scanner, scanner[-1] + 0.01) == 0
    hiccup = scanner[:30] + [t + 0.15 for t in scanner[30:]]  # the desk was busy for a moment
    assert scanner_burst_start(hiccup, hiccup[-1] + 0.01) == 0
    assert scanner_burst_start([0.0, 0.01], 0.02) is None  # too short to judge: a person
    assert scanner_burst_start([], 1.0) is None  # Enter on its own


@pytest.mark.parametrize("typed, kept", [
    ("12345", "12345"),  # short digits, letters, jamo: as typed
    ("hello", "hello"),
    ("ㅂㅈㅇㄹ", "ㅂㅈㅇㄹ"),
    (CODE + "x", CODE[:19] + "*" * 39 + "x"),  # a genuine code inside garbage keeps no tag
    ("]ㅂ1" + CODE, "]ㅂ" + ("1" + CODE)[:19] + "*" * 40),  # a scanner's prefix typed with the IME on
    (CODE[:-1], CODE[:19] + "*" * 38),  # a digit dropped
    ("１" * 25, "１" * 19 + "*" * 6),  # full-width digits are digits too
])
def test_unreadable_input_is_kept_as_typed_but_never_with_a_tag(typed: str, kept: str) -> None:
    assert kept_input(typed) == kept
