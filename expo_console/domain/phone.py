"""Phone numbers: normalised digits for matching, a masked form for every screen and export."""

from __future__ import annotations

import re
from dataclasses import dataclass

_NON_DIGIT = re.compile(r"\D+")
_ALLOWED = re.compile(r"[\d\s()+\-./]*")
MIN_DIGITS = 7  # foreign numbers without an area code are short
MAX_DIGITS = 15  # E.164


def phone_digits(raw: str) -> str:
    """Digits only, with Korea's +82 turned into the domestic leading 0 so both forms match."""
    text = raw.strip()
    digits = _NON_DIGIT.sub("", text)
    if text.startswith("+82") or (text.startswith("0082") and len(digits) > 10):
        national = digits[2:] if text.startswith("+") else digits[4:]
        digits = national if national.startswith("0") else "0" + national
    return digits


def _format(text: str, digits: str) -> str:
    if text.startswith("+") and not text.startswith("+82"):
        return "+" + digits
    if digits.startswith("02") and len(digits) in (9, 10):
        return f"02-{digits[2:-4]}-{digits[-4:]}"
    if digits.startswith("0") and len(digits) in (10, 11):
        return f"{digits[:3]}-{digits[3:-4]}-{digits[-4:]}"
    return digits


@dataclass(frozen=True, slots=True)
class Phone:
    formatted: str  # what is stored and shown: 010-1234-5678, 02-123-4567, +12135550101
    digits: str  # what duplicates are matched on: 01012345678
    valid: bool


def parse_phone(raw: str) -> Phone:
    """Everything stored about a typed number, in one pass ('' is empty and valid)."""
    text = raw.strip()
    if not text:
        return Phone("", "", True)
    digits = phone_digits(text)
    valid = _ALLOWED.fullmatch(text) is not None and _plausible_length(text, digits)
    return Phone(_format(text, digits), digits, valid)


def _plausible_length(text: str, digits: str) -> bool:
    """Korean numbers have fixed lengths (010-1234-5678: 11; 02-123-4567: 9); foreign ones E.164."""
    international = text.startswith("+") and not text.startswith("+82")
    if not international and digits.startswith("01"):
        return len(digits) in (10, 11)  # mobile: 010-xxxx-xxxx, older 011/016-019-xxx-xxxx
    if not international and digits.startswith("0"):
        return 9 <= len(digits) <= 11  # landlines with an area code
    return MIN_DIGITS <= len(digits) <= MAX_DIGITS


def is_valid_phone(raw: str) -> bool:
    return parse_phone(raw).valid


def format_phone(raw: str) -> str:
    """Korean numbers as 010-1234-5678 / 02-123-4567; anything else kept as digits."""
    return parse_phone(raw).formatted


def mask_phone(formatted: str) -> str:
    """010-1234-5678 → 010-****-5678: the prefix and the last four digits stay readable."""
    if not formatted:
        return ""
    digit_positions = [i for i, ch in enumerate(formatted) if ch.isdigit()]
    if len(digit_positions) <= 4:
        return formatted
    keep = set(digit_positions[-4:])
    first_group_end = formatted.find("-")
    if 0 < first_group_end < digit_positions[-4]:
        keep.update(i for i in digit_positions if i < first_group_end)
    else:
        keep.update(digit_positions[:3])
    return "".join(ch if (not ch.isdigit() or i in keep) else "*" for i, ch in enumerate(formatted))

