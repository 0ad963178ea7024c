from __future__ import annotations

import unicodedata

import pytest

from expo_console.domain.hangul import initial_consonants
from expo_console.domain.phone import (
    format_phone,
    is_valid_phone,
    mask_phone,
    phone_digits,
)
from expo_console.domain.romanize import romanize_name
from expo_console.domain.text import clean_text, fold, identity_key, neutralise_cell


def test_nfd_names_from_macos_are_stored_nfc() -> None:
    nfd = unicodedata.normalize("NFD", "김기문")
    assert len(nfd) > 3
    assert clean_text(nfd, 100).value == "김기문"


def test_control_and_bidi_override_characters_are_removed_but_zwj_kept() -> None:
    family = "👩\u200d👩\u200d👧"
    cleaned = clean_text(f"Kim\x00 \u202eevil\u202c {family}\x07", 100)
    assert cleaned.value == f"Kim evil {family}"
    assert cleaned.removed_characters


def test_whitespace_collapsed_and_trimmed() -> None:
    assert clean_text("  김\t\t기문 \r\n ", 100).value == "김 기문"


def test_long_text_is_capped_and_reported() -> None:
    cleaned = clean_text("가" * 300, 100)
    assert cleaned.value == "가" * 100
    assert cleaned.truncated


@pytest.mark.parametrize("value", ["=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)", "\tx", "\rx", "\nx"])
def test_formula_starts_are_neutralised(value: str) -> None:
    assert neutralise_cell(value) == "'" + value


def test_plain_cells_are_not_neutralised() -> None:
    assert neutralise_cell("김기문") == "김기문"
    assert neutralise_cell("") == ""


def test_fold_and_identity_key_ignore_case_width_spaces_and_punctuation() -> None:
    assert fold("ＫＩＭ@Example.COM") == "kim@example.com"
    assert identity_key("(주) 한빛 메디칼") == identity_key("(주)한빛메디칼")


def test_initial_consonants() -> None:
    assert initial_consonants("김기문") == "ㄱㄱㅁ"
    assert initial_consonants("김 기문") == "ㄱㄱㅁ"
    assert initial_consonants(unicodedata.normalize("NFD", "똠")) == "ㄸ"


def test_fold_keeps_typed_initial_consonants_comparable() -> None:
    assert fold("ㄱㄱㅁ") == initial_consonants("김기문")


def test_phones_are_normalised_formatted_and_masked() -> None:
    assert phone_digits("+82 10-1234-5678") == "01012345678"
    assert format_phone("01012345678") == "010-1234-5678"
    assert format_phone("0212345678") == "02-1234-5678"
    assert mask_phone("010-1234-5678") == "010-****-5678"
    assert is_valid_phone("010-1234-5678")
    assert not is_valid_phone("12")
    assert not is_valid_phone("010-5555")  # a mobile number cut short
    assert not is_valid_phone("010-1234-56789")
    assert is_valid_phone("02-123-4567")
    assert is_valid_phone("+1 213 555 0101")
    assert is_valid_phone("+82 10-1234-5678")
    assert not is_valid_phone("010-abcd-5678")


def test_romanized_names_use_customary_surnames() -> None:
    assert romanize_name("김기문") == "Kim Gimun"
    assert romanize_name("이영") == "Lee Yeong"
    assert romanize_name("박한구") == "Park Hangu"
    assert romanize_name("남궁민수") == "Namgoong Minsu"
