"""Hangul helpers for search: initial consonants (초성) so that 'ㄱㄱㅁ' finds 김기문."""

from __future__ import annotations

import re

_SYLLABLE_FIRST = 0xAC00
_SYLLABLE_LAST = 0xD7A3
_SYLLABLES_PER_INITIAL = 21 * 28

# Compatibility jamo, the letters a Korean keyboard produces for a lone consonant.
INITIALS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
_INITIAL_SET = frozenset(INITIALS)
# Leading-consonant conjoining jamo (U+1100..U+1112), as NFD input delivers them.
_CONJOINING_TO_COMPAT = {chr(0x1100 + i): INITIALS[i] for i in range(len(INITIALS))}


def initial_consonants(text: str) -> str:
    """Replace each Hangul syllable by its initial consonant; other characters are dropped.

    Spaces are dropped too, so '김 기문' and '김기문' both give 'ㄱㄱㅁ'.
    """
    out: list[str] = []
    for ch in text:
        code = ord(ch)
        if _SYLLABLE_FIRST <= code <= _SYLLABLE_LAST:
            out.append(INITIALS[(code - _SYLLABLE_FIRST) // _SYLLABLES_PER_INITIAL])
        elif ch in _INITIAL_SET:
            out.append(ch)
        elif ch in _CONJOINING_TO_COMPAT:
            out.append(_CONJOINING_TO_COMPAT[ch])
    return "".join(out)


_HANGUL = re.compile("[\uac00-\ud7a3\u1100-\u11ff\u3131-\u318e]")


def contains_hangul(text: str) -> bool:
    """Any syllable or jamo (conjoining or compatibility) in the text."""
    return _HANGUL.search(text) is not None

