"""Revised Romanization of Korean names, with the surname spellings people actually use.

The official system gives 'I' for 이 and 'Bak' for 박; passports and badges say Lee and Park,
so surnames come from a table of customary spellings. Given names are romanised syllable by
syllable (no sound-change rules: 'Gimun', not 'Gimmun'), which is how names are usually written.
"""

from __future__ import annotations

_INITIAL = ["g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k",
            "t", "p", "h"]
_MEDIAL = ["a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u",
           "wo", "we", "wi", "yu", "eu", "ui", "i"]
_FINAL = ["", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p",
          "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t"]

SURNAMES: dict[str, str] = {
    "김": "Kim", "이": "Lee", "박": "Park", "최": "Choi", "정": "Jung", "강": "Kang", "조": "Cho",
    "윤": "Yoon", "장": "Jang", "임": "Lim", "한": "Han", "오": "Oh", "서": "Seo", "신": "Shin",
    "권": "Kwon", "황": "Hwang", "안": "Ahn", "송": "Song", "류": "Ryu", "유": "Yoo", "전": "Jeon",
    "홍": "Hong", "고": "Ko", "문": "Moon", "양": "Yang", "손": "Son", "배": "Bae", "백": "Baek",
    "허": "Heo", "남": "Nam", "심": "Shim", "노": "Noh", "하": "Ha", "곽": "Kwak", "성": "Sung",
    "차": "Cha", "주": "Joo", "우": "Woo", "구": "Koo", "민": "Min", "나": "Na", "진": "Jin",
    "지": "Ji", "엄": "Eom", "채": "Chae", "원": "Won", "천": "Cheon", "방": "Bang", "공": "Kong",
    "현": "Hyun", "함": "Ham", "변": "Byun", "염": "Yeom", "여": "Yeo", "추": "Choo", "도": "Do",
    "소": "So", "석": "Seok", "선": "Sun", "설": "Seol", "마": "Ma", "길": "Gil", "연": "Yeon",
    "표": "Pyo", "명": "Myung", "기": "Ki", "반": "Ban", "왕": "Wang", "금": "Keum", "옥": "Ok",
    "육": "Yook", "인": "In", "맹": "Maeng", "제": "Je", "모": "Mo", "탁": "Tak", "봉": "Bong",
    "남궁": "Namgoong", "황보": "Hwangbo", "제갈": "Jegal", "선우": "Sunwoo", "독고": "Dokgo",
}
_TWO_SYLLABLE_SURNAMES = frozenset(s for s in SURNAMES if len(s) == 2)


def romanize_syllables(text: str) -> str:
    out: list[str] = []
    for ch in text:
        code = ord(ch) - 0xAC00
        if 0 <= code < 11172:
            initial, rest = divmod(code, 588)
            medial, final = divmod(rest, 28)
            out.append(_INITIAL[initial] + _MEDIAL[medial] + _FINAL[final])
        else:
            out.append(ch)
    return "".join(out)


def split_korean_name(name: str) -> tuple[str, str]:
    """(surname, given name): a known two-syllable surname (남궁, 황보 …) when the name has at
    least three syllables, otherwise the first syllable."""
    name = name.replace(" ", "")
    if len(name) >= 3 and name[:2] in _TWO_SYLLABLE_SURNAMES:
        return name[:2], name[2:]
    return name[:1], name[1:]


def romanize_name(name: str) -> str:
    """'김기문' → 'Kim Gimun' (surname first, as on Korean badges and business cards)."""
    surname, given = split_korean_name(name)
    family = SURNAMES.get(surname) or romanize_syllables(surname).capitalize()
    given_roman = romanize_syllables(given).capitalize()
    return f"{family} {given_roman}".strip()
