"""Badge codes: digits only, signed, no personal data.

Digits, because a keyboard-wedge scanner types the code into whatever has the focus: with the
Korean IME or Caps Lock on, letters arrive as jamo or in the wrong case, digits never do. They
also put the QR code in numeric mode (3.3 bits a digit), keeping it small and quick to read.

Layout (58 digits, all fixed width):

    V KK EEEEE SSSSSSSS RR C TTT…(39)
    | |  |     |        |  | HMAC-SHA256 over the 19 digits before it, first 128 bits as decimal
    | |  |     |        |  class (VisitorClass order, 0-7)
    | |  |     |        reissue counter (00 for the first badge; a reissue revokes the previous)
    | |  |     serial: desk slot (2 digits) + that desk's counter (6), unique across offline desks
    | |  event number (random per event: a badge from another event is told apart)
    | key id (a new key does not invalidate badges printed with an older one)
    format version

Verification compares tags in constant time (hmac.compare_digest).
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from expo_console.domain.visitors import VisitorClass

FORMAT_VERSION = 1
HEADER_DIGITS = 19
TAG_DIGITS = 39  # 2**128 has 39 decimal digits
CODE_DIGITS = HEADER_DIGITS + TAG_DIGITS
SERIALS_PER_DESK = 1_000_000
MAX_DESK_SLOT = 99
CLASS_ORDER = tuple(VisitorClass)


class MalformedCode(ValueError):
    """Not a badge code at all (wrong length, not digits, unknown version or class)."""


@dataclass(frozen=True, slots=True)
class BadgeFields:
    key_id: int
    event_number: int
    serial: int
    reissue: int
    visitor_class: VisitorClass
    version: int = FORMAT_VERSION

    def header(self) -> str:
        if not (0 <= self.key_id <= 99 and 0 <= self.event_number <= 99_999
                and 0 <= self.serial <= 99_999_999 and 0 <= self.reissue <= 99):
            raise ValueError(f"badge fields out of range: {self}")
        return (f"{self.version:01d}{self.key_id:02d}{self.event_number:05d}{self.serial:08d}"
                f"{self.reissue:02d}{CLASS_ORDER.index(self.visitor_class):01d}")

    @property
    def desk_slot(self) -> int:
        return self.serial // SERIALS_PER_DESK


def _tag(secret: bytes, header: str) -> str:
    digest = hmac.new(secret, header.encode("ascii"), hashlib.sha256).digest()
    return f"{int.from_bytes(digest[:16], 'big'):0{TAG_DIGITS}d}"


def make_code(fields: BadgeFields, secret: bytes) -> str:
    header = fields.header()
    return header + _tag(secret, header)


def parse_code(code: str) -> BadgeFields:
    """The fields of a well-formed code (the tag is not checked here: see tag_is_valid)."""
    if len(code) != CODE_DIGITS or not code.isascii() or not code.isdigit():
        raise MalformedCode(f"a badge code has {CODE_DIGITS} digits")
    version = int(code[0])
    if version != FORMAT_VERSION:
        raise MalformedCode(f"unknown badge code version {version}")
    class_index = int(code[18])
    if class_index >= len(CLASS_ORDER):
        raise MalformedCode(f"unknown class digit {class_index}")
    return BadgeFields(key_id=int(code[1:3]), event_number=int(code[3:8]), serial=int(code[8:16]),
                       reissue=int(code[16:18]), visitor_class=CLASS_ORDER[class_index], version=version)


def tag_is_valid(code: str, secret: bytes) -> bool:
    """True when the code's tag is the one `secret` gives its header (constant-time compare)."""
    return hmac.compare_digest(code[HEADER_DIGITS:], _tag(secret, code[:HEADER_DIGITS]))
