"""Text clean-up for everything a person typed or a file delivered.

Names arrive NFD from macOS, with stray control characters from Excel, and now and then with
bidi overrides that make a badge print backwards; all of that is removed here, once, before
anything is stored. ZWJ stays: it joins emoji sequences and some scripts' letters.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from expo_console.domain.hangul import INITIALS

ZWJ = "\u200d"
# C0/C1 controls (category Cc), explicit bidi embeddings, overrides and isolates, the implicit
# marks, the BOM and the Unicode line/paragraph separators. Tab, CR and LF become spaces.
_LINE_BREAKS = re.compile(r"[\t\r\n]")
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\ufeff\u2028\u2029]"
)
_WHITESPACE_RUN = re.compile(r"\s+")

# Characters a spreadsheet reads as the start of a formula (OWASP CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")

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


_COLUMN_SEPARATOR = "\ue000"  # private use: never produced by the patterns above
_ODD_WHITESPACE = re.compile(r"[^\S ]| {2}")


@dataclass(frozen=True, slots=True)
class CleanColumn:
    values: list[str]
    truncated: list[int]  # indexes of cells that were cut to the length cap
    removed: list[int]  # indexes of cells that lost control or bidi characters


def clean_column(values: list[str], max_length: int) -> CleanColumn:
    """clean_text over a whole column, with one check for the usual case of a clean column.

    An import runs this once per column instead of once per cell: joined, a clean column is one
    NFC test and three regex scans in C. Only a column that fails them is cleaned cell by cell.
    """
    joined = _COLUMN_SEPARATOR.join(values)
    clean = (
        joined.count(_COLUMN_SEPARATOR) == len(values) - 1
        and unicodedata.is_normalized("NFC", joined)
        and _INVISIBLE.search(joined) is None
        and _ODD_WHITESPACE.search(joined) is None
        and " " + _COLUMN_SEPARATOR not in joined
        and _COLUMN_SEPARATOR + " " not in joined
        and not joined.startswith(" ")
        and not joined.endswith(" ")
        and max(map(len, values), default=0) <= max_length
    )
    if clean:
        return CleanColumn(values, [], [])
    out: list[str] = []
    truncated: list[int] = []
    removed: list[int] = []
    for index, value in enumerate(values):
        cleaned = clean_text(value, max_length)
        out.append(cleaned.value)
        if cleaned.truncated:
            truncated.append(index)
        if cleaned.removed_characters:
            removed.append(index)
    return CleanColumn(out, truncated, removed)


def neutralise_cell(value: str) -> str:
    """Make a text cell safe to open in a spreadsheet: a leading quote stops formula parsing."""
    if value and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


# NFKC turns the lone consonants a Korean keyboard types (ㄱ, U+3131) into conjoining jamo
# (ᄀ, U+1100); map them back so that a typed 초성 query matches the stored initials.
_CONJOINING_TO_COMPAT = str.maketrans({0x1100 + i: ch for i, ch in enumerate(INITIALS)})


_CONJOINING_INITIAL = re.compile("[\u1100-\u1112]")


def fold(text: str) -> str:
    """Case- and width-insensitive form used for searching and duplicate checks."""
    if not unicodedata.is_normalized("NFKC", text):  # the C check is cheaper than normalising
        text = unicodedata.normalize("NFKC", text)
    text = text.casefold()
    if _CONJOINING_INITIAL.search(text):
        text = text.translate(_CONJOINING_TO_COMPAT)
    return text


_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)


def identity_key(text: str) -> str:
    """Fold and drop spaces and punctuation: '(주) 한빛 메디칼' and '(주)한빛메디칼' agree."""
    return _NOT_WORD.sub("", fold(text))
