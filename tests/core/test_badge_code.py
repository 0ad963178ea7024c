from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from expo_console.domain.badge_code import (
    CODE_DIGITS,
    BadgeFields,
    MalformedCode,
    make_code,
    parse_code,
    tag_is_valid,
)
from expo_console.domain.visitors import VisitorClass

SECRET = bytes(range(32))
FIELDS = BadgeFields(key_id=1, event_number=20221, serial=3_000_042, reissue=0,
                     visitor_class=VisitorClass.OVERSEAS_BUYER)


def test_code_is_digits_only_at_most_60_and_round_trips() -> None:
    code = make_code(FIELDS, SECRET)
    assert code.isdigit() and len(code) == CODE_DIGITS <= 60
    assert parse_code(code) == FIELDS
    assert parse_code(code).desk_slot == 3
    assert tag_is_valid(code, SECRET)


def test_another_secret_does_not_verify() -> None:
    assert not tag_is_valid(make_code(FIELDS, SECRET), bytes(32))


def test_no_personal_data_only_numbers_that_mean_nothing_outside() -> None:
    code = make_code(FIELDS, SECRET)
    assert code[:19] == "1" + "01" + "20221" + "03000042" + "00" + "2"


@settings(max_examples=300)
@given(st.integers(0, CODE_DIGITS - 1), st.integers(1, 9))
def test_any_single_digit_changed_is_never_valid(position: int, delta: int) -> None:
    code = make_code(FIELDS, SECRET)
    digit = str((int(code[position]) + delta) % 10)
    tampered = code[:position] + digit + code[position + 1:]
    try:
        parse_code(tampered)
    except MalformedCode:
        return
    assert not tag_is_valid(tampered, SECRET)


@pytest.mark.parametrize("change", [lambda c: c[:-1], lambda c: c[1:], lambda c: c + "0",
                                    lambda c: "0" + c, lambda c: c[:30] + c[31:], lambda c: c.replace("1", "l", 1)])
def test_dropped_appended_or_foreign_characters_are_malformed(change) -> None:
    with pytest.raises(MalformedCode):
        parse_code(change(make_code(FIELDS, SECRET)))


def test_out_of_range_fields_are_refused() -> None:
    with pytest.raises(ValueError):
        make_code(BadgeFields(1, 100_000, 1, 0, VisitorClass.VISITOR), SECRET)
