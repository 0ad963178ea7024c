"""Text clean-up for everything a person typed or a file delivered.

Names arrive NFD from macOS, with stray control characters from Excel, and now and then with
bidi overrides that make a badge print backwards; all of that is removed here, once, before
anything is stored. ZWJ stays: it joins emoji sequences and some scripts' letters.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

ZWJ = "\u200d"
# C0/C1 controls (category Cc), explicit bidi embeddings, overrides and isolates, the implicit
# marks, the BOM and the Unicode line/paragraph separators. Tab, CR and LF become spaces.
_LINE_BREAKS = re.compile(r"[\t\r\n]")
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\ufeff\u2028\u2029]"
)
_WHITESPACE_RUN = re.compile(r"\s+")

# Characters a spreadsheet reads as the start of a formula (OWASP CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")

# Length caps per field, in characters after clean-up.
FIELD_MAX_LENGTH: dict[str, int] = {
    "name": 100,
    "name_en": 100,
    "company": 120,
    "title": 80,
    "email": 254,
    "phone": 32,
    "country": 60,
    "notes": 500,
}


@dataclass(frozen=True, slots=True)
class CleanText:
    value: str
    truncated: bool
    removed_characters: bool


def clean_text(raw: object, max_length: int) -> CleanText:
    """NFC, strip control and bidi characters, collapse whitespace, trim, cap the length."""
    if raw is None:
        return CleanText("", False, False)
    text = str(raw)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    text = _LINE_BREAKS.sub(" ", text)
    stripped = _INVISIBLE.sub("", text)
    removed = len(stripped) != len(text)
    text = _WHITESPACE_RUN.sub(" ", stripped).strip()
    truncated = len(text) > max_length
    if truncated:
        text = text[:max_length].rstrip(" " + ZWJ)
    return CleanText(text, truncated, removed)


def clean_field(field: str, raw: object) -> CleanText:
    return clean_text(raw, FIELD_MAX_LENGTH[field])


def neutralise_cell(value: str) -> str:
    """Make a text cell safe to open in a spreadsheet: a leading quote stops formula parsing."""
    if value and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


# NFKC turns the lone consonants a Korean keyboard types (ㄱ, U+3131) into conjoining jamo
# (ᄀ, U+1100); map them back so that a typed 초성 query matches the stored initials.
_CONJOINING_TO_COMPAT = str.maketrans(
    {0x1100 + i: ch for i, ch in enumerate("ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ")}
)


def fold(text: str) -> str:
    """Case- and width-insensitive form used for searching and duplicate checks."""
    return unicodedata.normalize("NFKC", text).casefold().translate(_CONJOINING_TO_COMPAT)


_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)


def identity_key(text: str) -> str:
    """Fold and drop spaces and punctuation: '(주) 한빛 메디칼' and '(주)한빛메디칼' agree."""
    return _NOT_WORD.sub("", fold(text))
