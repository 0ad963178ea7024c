"""What a gate's scan field received: codes, cleaned of what scanners add around them.

USB keyboard-wedge scanners type the code and Enter into whatever has the focus. Some prefix an
AIM symbology identifier (`]Q1` for QR), some end with Tab or CR LF; a double trigger can put
two codes in one line. With the Korean IME on, letters arrive as Hangul jamo: the codes here are
digits only, so that case is told apart from a wrong code and named as what it is.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from enum import StrEnum

from expo_console.domain.badge_code import CODE_DIGITS, HEADER_DIGITS

_AIM_PREFIX = re.compile(r"^\][A-Za-z][0-9A-Za-z]")
_JAMO = re.compile("[\u3131-\u318e\u1100-\u11ff]")
# Digits past a code's header would be (part of) a signature: `\d` also catches full-width digits.
_TAG_LENGTH_DIGITS = re.compile(rf"\d{{{HEADER_DIGITS + 1},}}")
KEPT_INPUT_CHARS = 200
# A scanner types a whole code in well under a second: a few ms between keys. People need
# 100 ms or more per key even when fast.
SCANNER_MAX_MEDIAN_GAP_S = 0.035
# Within one code a scanner never stops this long; a busy desk may still delay a key or two by less.
BURST_MAX_PAUSE_S = 0.25


class InputKind(StrEnum):
    CODE = "code"
    EMPTY = "empty"  # an Enter on its own: ignored
    IME_ON = "ime_on"  # Hangul jamo: the input method was on somewhere
    GARBLED = "garbled"  # not digits: not a badge code at all


@dataclass(frozen=True, slots=True)
class ScanInput:
    kind: InputKind
    codes: tuple[str, ...] = ()
    raw: str = ""


def parse_scan(raw: str) -> ScanInput:
    """Codes in a line from the scan field (or from a camera), with scanner noise removed."""
    text = raw.strip("\r\n\t ")
    if not text:
        return ScanInput(InputKind.EMPTY, raw=raw)
    if _JAMO.search(text):
        return ScanInput(InputKind.IME_ON, raw=raw)
    text = _AIM_PREFIX.sub("", text)
    # Two reads back to back: split on whitespace or an embedded AIM prefix, or by length.
    parts = [_AIM_PREFIX.sub("", p) for p in re.split(r"[\s]+|(?=\][A-Za-z][0-9A-Za-z])", text) if p]
    codes: list[str] = []
    for part in parts:
        if part.isdigit() and len(part) % CODE_DIGITS == 0 and len(part) > CODE_DIGITS:
            codes.extend(part[i:i + CODE_DIGITS] for i in range(0, len(part), CODE_DIGITS))
        else:
            codes.append(part)
    if not all(code.isascii() and code.isdigit() for code in codes):
        return ScanInput(InputKind.GARBLED, tuple(codes), raw)
    return ScanInput(InputKind.CODE, tuple(codes), raw)


def typed_by_hand(key_gaps_s: list[float]) -> bool:
    """True when the keystrokes came at a person's pace rather than a scanner's."""
    if len(key_gaps_s) < 3:
        return True  # too short to be a scanner's burst
    return statistics.median(key_gaps_s) > SCANNER_MAX_MEDIAN_GAP_S


def scanner_burst_start(key_times_s: list[float], end_s: float) -> int | None:
    """Where a scanner's code begins among keys typed into a field that is not the scan field.

    `key_times_s` are the keys with text, `end_s` the Enter (or Tab) that ended them. The burst is
    the last keys before it with no pause longer than BURST_MAX_PAUSE_S, and only when they came
    at a scanner's pace (typed_by_hand says no); None when a person typed them.
    """
    times = [*key_times_s, end_s]
    start = len(times) - 1
    while start > 0 and times[start] - times[start - 1] <= BURST_MAX_PAUSE_S:
        start -= 1
    run = times[start:]
    if len(run) < 2 or typed_by_hand([b - a for a, b in zip(run, run[1:], strict=False)]):
        return None
    return start


class RepeatFilter:
    """A camera sees the same badge in frame after frame: pass a code once per `window_s`."""

    def __init__(self, window_s: float = 3.0) -> None:
        self.window_s = window_s
        self._seen: dict[str, float] = {}

    def accept(self, code: str, now: float) -> bool:
        last = self._seen.get(code)
        self._seen[code] = now
        if len(self._seen) > 256:  # forget badges long gone
            self._seen = {c: t for c, t in self._seen.items() if now - t <= self.window_s}
        return last is None or now - last > self.window_s


def kept_input(text: str) -> str:
    """Input that is not a badge code, as the scan log keeps it: as typed, but never a signature.

    A garbled read can still carry a genuine code (a code plus a stray letter, a scanner's prefix
    turned into jamo, a digit dropped), and the event file must not hold one: every run of
    digits longer than a code's header keeps its first HEADER_DIGITS digits (whose badge it was)
    and shows the rest as '*' (how long it was).
    """
    return _TAG_LENGTH_DIGITS.sub(lambda run: run[0][:HEADER_DIGITS] + "*" * (len(run[0]) - HEADER_DIGITS),
                                  text[:KEPT_INPUT_CHARS])
