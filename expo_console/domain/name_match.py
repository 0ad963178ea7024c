"""Names as lists write them, compared as a person would: companies without their legal form,
and the closest names suggested when one is not found.

'(주)한빛메디칼', '㈜ 한빛메디칼', '한빛메디칼 주식회사' and 'HANBIT MEDICAL Co., Ltd.' are one
company to an organizer; `company_key` makes them one key. A name that matches nothing gets the
names nearest to it, measured on Hangul split into its letters (jamo): '한빚메디칼' is one letter
from '한빛메디칼', where comparing whole syllables would call them two characters apart.
"""

from __future__ import annotations

import difflib
import os.path
import re
from collections.abc import Iterable, Sequence

from expo_console.domain.text import fold, identity_key

# Legal forms anywhere in a Korean name (fold() has made ㈜ '(주)' already), and at either end of
# an English one.
_KOREAN_FORMS = re.compile(r"\(주\)|\(유\)|\(사\)|\(재\)|\(합\)|주식회사|유한회사|유한책임회사|사단법인|재단법인|합자회사")
_ENGLISH_FORMS = frozenset({"co", "corp", "corporation", "inc", "incorporated", "ltd", "limited", "llc", "plc",
                            "gmbh", "ag", "sa", "bv", "pte", "pvt", "jsc", "the", "company", "kk"})
_WORD = re.compile(r"[^\W_]+")

_SYLLABLE_FIRST, _SYLLABLE_LAST = 0xAC00, 0xD7A3
_INITIALS = "ᄀᄁᄂᄃᄄᄅᄆᄇᄈᄉᄊᄋᄌᄍᄎᄏᄐᄑᄒ"
_MEDIALS = "ᅡᅢᅣᅤᅥᅦᅧᅨᅩᅪᅫᅬᅭᅮᅯᅰᅱᅲᅳᅴᅵ"
_FINALS = ("", *"ᆨᆩᆪᆫᆬᆭᆮᆯᆰᆱᆲᆳᆴᆵᆶᆷᆸᆹᆺᆻᆼᆽᆾᆿᇀᇁᇂ")

SUGGESTION_CUTOFF = 0.5  # below this, a name is not offered as a suggestion
SUGGESTIONS = 3


def company_key(text: str) -> str:
    """A company's name without its legal form, case, spaces or punctuation."""
    folded = _KOREAN_FORMS.sub(" ", fold(text))
    words = _WORD.findall(folded)
    while words and words[-1] in _ENGLISH_FORMS:
        words.pop()
    while words and words[0] in _ENGLISH_FORMS:
        words.pop(0)
    return identity_key("".join(words)) if words else identity_key(folded)


def person_key(text: str) -> str:
    """A person's name without case, spaces or punctuation: 'Lee Tae-eun' = 'lee taeeun'."""
    return identity_key(text)


def letters(text: str) -> str:
    """Hangul syllables split into their letters (initial, vowel, final); the rest as it is."""
    out: list[str] = []
    for ch in text:
        code = ord(ch)
        if _SYLLABLE_FIRST <= code <= _SYLLABLE_LAST:
            index = code - _SYLLABLE_FIRST
            out.append(_INITIALS[index // 588] + _MEDIALS[index % 588 // 28] + _FINALS[index % 28])
        else:
            out.append(ch)
    return "".join(out)


def similarity(a: str, b: str) -> float:
    """0 … 1 between two keys: the mean of their likeness letter by letter (jamo), syllable by
    syllable, and of the start they share (a surname, a company's stem), so that a one-letter
    typo scores high and '김수밍' is nearer '김수율' than '김예수'; a key inside the other counts
    as close."""
    return _Scorer(a).score(b, 0.0)


class _Scorer:
    """One key compared with many: difflib's cheap upper bounds first, as get_close_matches does."""

    def __init__(self, key: str) -> None:
        self.key = key
        self.split = letters(key)
        self.by_letter = difflib.SequenceMatcher(None, autojunk=False)
        self.by_letter.set_seq2(self.split)
        self.by_syllable = difflib.SequenceMatcher(None, autojunk=False)
        self.by_syllable.set_seq2(key)

    def score(self, candidate: str, cutoff: float) -> float:
        if not self.key or not candidate:
            return 0.0
        contained = min(len(self.key), len(candidate)) >= 2 and (self.key in candidate or candidate in self.key)
        split = letters(candidate)
        shared = len(os.path.commonprefix([self.split, split]))
        start = 2 * shared / (len(self.split) + len(split))
        self.by_letter.set_seq1(split)
        self.by_syllable.set_seq1(candidate)
        if not contained and (
                self.by_letter.real_quick_ratio() + self.by_syllable.real_quick_ratio() + start < 3 * cutoff
                or self.by_letter.quick_ratio() + self.by_syllable.quick_ratio() + start < 3 * cutoff):
            return 0.0
        score = (self.by_letter.ratio() + self.by_syllable.ratio() + start) / 3
        return max(score, 0.8) if contained else score


def closest(key: str, candidates: Iterable[tuple[str, str]], limit: int = SUGGESTIONS,
            cutoff: float = SUGGESTION_CUTOFF) -> list[str]:
    """The labels of the candidates (key, label) nearest to `key`, best first, each label once."""
    if not key:
        return []
    scorer = _Scorer(key)
    best: dict[str, float] = {}
    for candidate, label in candidates:
        score = scorer.score(candidate, cutoff)
        if score >= cutoff and score > best.get(label, 0.0):
            best[label] = score
    ranked = sorted(best.items(), key=lambda item: (-item[1], item[0]))
    return [label for label, _score in ranked[:limit]]


def joined(labels: Sequence[str]) -> str:
    """Suggestions as one line of a message, in any language: "'A', 'B', 'C'"."""
    return ", ".join(f"'{label}'" for label in labels)
